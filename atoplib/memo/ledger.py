"""The claims ledger as tables and text: every claim of :data:`~atoplib.memo.types.REGISTRY` judged
on one release (or several), under every reading.

:func:`ledger_table` gives one row per claim and reading, plus one ``overall`` row per claim, with
the columns :data:`COLUMNS`::

    claim_id   the claim's stable id
    location   where the memo says it (section and paragraph, "Figure 1 note", "footnote 3", "title")
    quote      the memo's exact words
    reading    the reading, in words; "overall" for the claim's overall row (its only row when no
               data can check it)
    release    "ATOP <version>"
    measured   what the release shows under this reading
    status     agree / differ / n/a (a reading); agree / partly / differ / n/a / not testable (overall)
    reason     one line: why

**Overall status.** ``agree`` if every testable reading agrees, ``differ`` if none does,
``partly`` if some do, ``n/a`` if the release can speak to no reading, ``not testable`` for the
memo's statements no data can check. Readings that are ``n/a`` or ``not testable`` do not count.
"""

from __future__ import annotations

import re
from collections import OrderedDict

import pandas as pd

from ..errors import AtopError, SchemaError
from . import claims as _registered  # noqa: F401  (importing the claims fills the registry)
from .types import REGISTRY, Claim, Evidence, Finding, NotAvailable

COLUMNS = ("claim_id", "location", "quote", "reading", "release", "measured", "status", "reason")
FINDING_COLUMNS = ("claim_id", "reading_id", "reading", "measured", "status", "reason")
OVERALL = "overall"
NOT_TESTABLE = "not testable"


def _quietly(load):
    try:
        return load()
    except AtopError:
        return None


def cow_tables(states=None, nmc=None, majors=None) -> dict:
    """COW's state list, capabilities (NMC) and major powers: those given, the others loaded from
    where the COW loaders find them (``COW_STATES_FILE``, ``COW_NMC_FILE``, ``COW_MAJORS_FILE``,
    the cache or the download); a table that cannot be found is None, and the readings that need it are n/a."""
    from ..data.cow import load_majors, load_nmc, load_states

    return {"states": states if states is not None else _quietly(load_states),
            "nmc": nmc if nmc is not None else _quietly(load_nmc),
            "majors": majors if majors is not None else _quietly(load_majors)}


def as_evidence(evidence_or_data, states: pd.DataFrame | None = None, nmc: pd.DataFrame | None = None,
                majors: pd.DataFrame | None = None, load_cow: bool = True) -> Evidence:
    """An :class:`Evidence` for a release: passed through, or built from an ``AtopData`` with the COW
    tables given (and, with ``load_cow``, the missing ones loaded by :func:`cow_tables`)."""
    if isinstance(evidence_or_data, Evidence):
        return evidence_or_data
    tables = cow_tables(states, nmc, majors) if load_cow else {"states": states, "nmc": nmc, "majors": majors}
    return Evidence(evidence_or_data, **tables)


def judge(reading, evidence: Evidence) -> Finding:
    """One reading's finding; a reading the release cannot speak to is ``n/a`` with the reason."""
    try:
        return reading.judge(evidence)
    except NotAvailable as gap:
        return Finding("—", "n/a", str(gap))
    except SchemaError as err:  # the release lacks a code the reading needs (e.g. ATOP's base): n/a
        return Finding("—", "n/a", str(err))
    except KeyError as err:
        # a code column an older or hand-made release lacks (e.g. ATOP's base): n/a, said plainly;
        # any other missing key is a bug and is raised
        data = evidence.data
        known = set(data.alliances.columns) | set(data.members.columns)
        key = err.args[0] if err.args else ""
        names = [key] if isinstance(key, str) and key.isidentifier() else re.findall(r"'([a-z][a-z0-9_]*)'", str(key))
        missing = [n for n in names if n.islower() and n not in known]
        if missing:
            return Finding("—", "n/a", f"ATOP {evidence.version} has no column '{missing[0]}'")
        raise


def overall_status(statuses) -> str:
    """The claim's status from its readings' statuses (rule in the module text)."""
    testable = [s for s in statuses if s in ("agree", "differ", "partly")]
    if not statuses or all(s == NOT_TESTABLE for s in statuses):
        return NOT_TESTABLE
    if not testable:
        return "n/a"
    if all(s == "agree" for s in testable):
        return "agree"
    if all(s == "differ" for s in testable):
        return "differ"
    return "partly"


def _claims(claims) -> list[Claim]:
    if claims is None:
        return list(REGISTRY.values())
    return [REGISTRY[c] if isinstance(c, str) else c for c in claims]


def ledger_findings(evidence_or_data, claims=None, states=None, nmc=None, majors=None) -> pd.DataFrame:
    """One row per claim and reading: ``claim_id, reading_id, reading, measured, status, reason``
    (a claim that is not testable has one row, reading id ``—``)."""
    evidence = as_evidence(evidence_or_data, states, nmc, majors)
    rows = []
    for claim in _claims(claims):
        if not claim.readings:
            rows.append((claim.id, "—", "—", "—", NOT_TESTABLE, claim.untestable))
            continue
        for reading in claim.readings:
            found = judge(reading, evidence)
            rows.append((claim.id, reading.id, reading.text, found.measured, found.status, found.reason))
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))


def _overall_row(claim: Claim, findings: pd.DataFrame) -> tuple[str, str, str]:
    statuses = findings["status"].tolist()
    status = overall_status(statuses)
    if status == NOT_TESTABLE:
        return "—", status, claim.untestable
    counted = {s: statuses.count(s) for s in ("agree", "partly", "differ", "n/a", NOT_TESTABLE) if statuses.count(s)}
    measured = f"{len(statuses)} readings: " + ", ".join(f"{n} {s}" for s, n in counted.items())
    testable = findings[findings["status"].isin(["agree", "partly", "differ"])]
    if status == "n/a":
        reason = findings["reason"].iloc[0]
    elif status == "partly":
        agreeing = testable.loc[testable["status"].eq("agree"), "reading_id"].tolist()
        reason = (f"agree under {len(agreeing)} of {len(testable)} testable readings"
                  + (f": {', '.join(agreeing)}" if agreeing else ""))
    else:
        reason = f"{'all' if len(testable) > 1 else 'the'} {len(testable)} testable reading{'s' if len(testable) > 1 else ''} {status}"
    return measured, status, reason


def ledger_table(evidence_or_data, claims=None, states=None, nmc=None, majors=None) -> pd.DataFrame:
    """The ledger for one release: :data:`COLUMNS`, one row per claim and reading plus one
    ``overall`` row per claim (first), in the memo's order."""
    evidence = as_evidence(evidence_or_data, states, nmc, majors)
    findings = ledger_findings(evidence, claims)
    release = f"ATOP {evidence.version}"
    rows = []
    for claim in _claims(claims):
        own = findings[findings["claim_id"].eq(claim.id)]
        measured, status, reason = _overall_row(claim, own)
        rows.append((claim.id, claim.location, claim.quote, OVERALL, release,
                     measured, status, reason))
        if claim.readings:
            for row in own.itertuples():
                rows.append((claim.id, claim.location, claim.quote, row.reading, release, row.measured,
                             row.status, row.reason))
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype("string")


def overall_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The overall row of every claim (untestable claims included), in the ledger's order."""
    keep = table["reading"].eq(OVERALL)
    return table[keep].reset_index(drop=True)


def ledger_across_releases(releases, claims=None, states=None, nmc=None, majors=None) -> pd.DataFrame:
    """Overall status of every claim on several releases: ``claim_id, location, quote`` and one
    column per release (``ATOP 5.1``, ``ATOP 4.01``, ...), in the order given."""
    columns: "OrderedDict[str, pd.Series]" = OrderedDict()
    base = None
    for release in releases:
        table = release if isinstance(release, pd.DataFrame) else ledger_table(release, claims, states, nmc, majors)
        overall = overall_rows(table)
        base = overall[["claim_id", "location", "quote"]] if base is None else base
        columns[str(overall["release"].iloc[0])] = overall.set_index("claim_id")["status"]
    out = base.copy()
    for name, statuses in columns.items():
        out[name] = out["claim_id"].map(statuses)
    return out.astype("string").reset_index(drop=True)


# --------------------------------------------------------------------------- text for readers

from . import ledger_text  # noqa: E402,F401
from .ledger_figures import reading_band  # noqa: E402,F401
from .ledger_text import (  # noqa: E402,F401  (the readers' helpers, kept importable from here)
    claim_paragraph,
    differing_paragraphs,
    ledger_html,
    quote_text,
    readme_section,
    summary_sentence,
)
