"""The claims ledger: every claim of :data:`~atoplib.memo.claims.REGISTRY` judged on one release.

This is the ONE place where a claim's status (agree / partly / differ / n/a / not testable) is
decided: :func:`verdict` applies :func:`~atoplib.memo.rules.claim_status` to the claim's stated
readings and writes the sentence a reader reads. Chapters, ``reproduction.csv``, the README and the
website show these verdicts; none decides one of its own.

Tables:

:func:`ledger_table` -- one row per claim (:data:`COLUMNS`)::

    claim_id   the claim's stable id
    location   where the memo says it (section and paragraph, "Figure 1 note", "footnote 3", "title")
    quote      the memo's exact words
    release    "ATOP <version>"
    status     agree / partly / differ / n/a / not testable
    measured   what the stated reading(s) measure on this release
    finding    the verdict in words: status, the number under the memo's rule, how the
               alternatives and stress readings fall and what drives any split
    chapter    the notebook that shows the evidence

:func:`readings_table` -- one row per claim and reading (:data:`READING_COLUMNS`): ``claim_id,
reading_id, class, reading, why, measured, status, reason``.
"""

from __future__ import annotations

import re
from collections import OrderedDict

import pandas as pd

from ..errors import ParameterError, SchemaError
from .claims import REGISTRY
from .evidence import COW_TABLES, Evidence
from .rules import claim_status, listed
from .types import CLASSES, TESTED, Claim, Finding, NotAvailable, Reading, Verdict

COLUMNS = ("claim_id", "location", "quote", "release", "status", "measured", "finding", "chapter")
READING_COLUMNS = ("claim_id", "reading_id", "class", "reading", "why", "measured", "status", "reason")
STATUS_WORDS = {"agree": "Agrees", "partly": "Partly agrees", "differ": "Differs",
                "n/a": "Not judged", "not testable": "Not testable"}
#: How many splitting alternatives a sentence names before it says "and N more".
SPLITS_NAMED = 3


# --------------------------------------------------------------------------- judging

def judge(reading: Reading, evidence: Evidence) -> Finding:
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


def _claims(claims) -> list[Claim]:
    if claims is None:
        return list(REGISTRY.values())
    if isinstance(claims, (str, Claim)):
        claims = [claims]
    out = []
    for c in claims:
        if isinstance(c, Claim):
            out.append(c)
        elif c in REGISTRY:
            out.append(REGISTRY[c])
        else:
            raise ParameterError(f"no claim '{c}' in the ledger; the ids are listed in docs/ledger.md")
    return out


def _finding_text(reading: Reading, found: Finding, status: bool = False) -> str:
    """One reading in a sentence: its name, (its status,) what it measures and why."""
    said = f"{found.status}, " if status else ""
    return f"{reading.name}: {said}{found.measured}; {found.reason.rstrip('.')}"


def _parts(pairs: list[tuple[Reading, Finding]], status: bool = False) -> str:
    if len(pairs) == 1:
        return _finding_text(*pairs[0], status=status)
    return "; ".join(f"({n}) {_finding_text(r, f, status)}" for n, (r, f) in enumerate(pairs, 1))


def sentence(claim: Claim, status: str, findings: list[tuple[Reading, Finding]], release: str) -> str:
    """The verdict in words: the status, the number under the memo's rule, how the alternatives and
    the stress readings fall, and what drives any split."""
    by_class = {cls: [(r, f) for r, f in findings if r.cls == cls] for cls in CLASSES}
    stated, alternatives, stress = by_class["stated"], by_class["alternative"], by_class["stress"]
    parts: list[str] = []
    if claim.kind == "not testable":
        parts.append(f"Not testable: {claim.untestable}.")
        tested = [(r, f) for r, f in alternatives if f.status in TESTED or f.status == "n/a"]
        if tested:
            parts.append(f"What the data can show: {_parts(tested, status=True)}.")
        return " ".join(parts)
    if claim.kind == "question":
        parts.append(f"The memo asks rather than claims, so there is no verdict. The collection's answer, "
                     f"{_parts(stated)}.")
    elif status == "n/a":
        gaps = [f.reason for _, f in stated if f.status not in TESTED]
        parts.append(f"Not judged on {release}: {gaps[0] if gaps else 'no stated reading could be tested'}.")
        tested = [(r, f) for r, f in stated if f.status in TESTED]
        if tested:
            parts.append(f"What it can test of the memo's rule: {_parts(tested, status=True)}.")
    else:
        rule = "the memo's rule" if len(stated) == 1 else f"the memo's rule, in {len(stated)} parts"
        parts.append(f"{STATUS_WORDS[status]} under {rule}: {_parts(stated, status=len(stated) > 1)}.")
    tested_alternatives = [(r, f) for r, f in alternatives if f.status in TESTED]
    if alternatives and claim.kind != "question":
        if not tested_alternatives:
            parts.append(f"No alternative reading can be tested on {release}.")
        else:
            agreeing = sum(f.status == "agree" for _, f in tested_alternatives)
            parts.append(f"Alternatives: {agreeing} of {len(tested_alternatives)} agree.")
            split = [(r, f) for r, f in tested_alternatives if f.status != status]
            if split and status in TESTED:
                more = len(split) - SPLITS_NAMED
                parts.append("Where they differ from the verdict: "
                             + " ".join(f"{_finding_text(r, f, status=True)}." for r, f in split[:SPLITS_NAMED])
                             + (f" And {more} more (see the readings)." if more > 0 else ""))
    elif alternatives:
        answered = [(r, f) for r, f in alternatives if f.measured != "—"]
        if answered:
            parts.append("Other answers: " + " ".join(f"{_finding_text(r, f)}." for r, f in answered))
    tested_stress = [(r, f) for r, f in stress if f.status in TESTED]
    if tested_stress:
        parts.append(f"Stress test{'s' if len(tested_stress) > 1 else ''}, never counted: "
                     + " ".join(f"{_finding_text(r, f, status=True)}." for r, f in tested_stress))
    return " ".join(parts)


def verdict(claim: Claim | str, evidence: Evidence) -> Verdict:
    """The ledger's finding for one claim on one release (computed once per evidence)."""
    claim = _claims([claim])[0]

    def compute() -> Verdict:
        findings = [(r, judge(r, evidence)) for r in claim.readings]
        stated = [f for r, f in findings if r.cls == "stated"]
        status = claim_status(stated, testable=claim.kind != "not testable")
        if claim.kind == "question" and status != "n/a":
            status = "n/a"  # the memo asks: the collection answers, it does not agree or differ
        measured = "; ".join(f.measured for f in stated) if stated else "—"
        return Verdict(claim, evidence.release, status, measured,
                       sentence(claim, status, findings, evidence.release), tuple(findings))

    return evidence.cached(f"verdict:{claim.id}", compute)


def verdicts(evidence: Evidence, claims=None) -> list[Verdict]:
    """Every claim's verdict on one release, in the memo's order."""
    return [verdict(c, evidence) for c in _claims(claims)]


# --------------------------------------------------------------------------- tables

def ledger_table(evidence: Evidence, claims=None) -> pd.DataFrame:
    """One row per claim (:data:`COLUMNS`), in the memo's order."""
    rows = [(v.id, v.claim.location, v.claim.quote, v.release, v.status, v.measured, v.sentence, v.claim.chapter)
            for v in verdicts(evidence, claims)]
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype("string")


def readings_table(evidence: Evidence, claims=None) -> pd.DataFrame:
    """One row per claim and reading (:data:`READING_COLUMNS`); a claim with no reading (not
    testable, nothing the data can show) has one row with reading id ``—``."""
    rows = []
    for v in verdicts(evidence, claims):
        if not v.findings:
            rows.append((v.id, "—", "—", "—", "—", "—", v.status, v.claim.untestable))
        for reading, found in v.findings:
            rows.append((v.id, reading.id, reading.cls, reading.text, reading.why, found.measured, found.status,
                         found.reason))
    return pd.DataFrame(rows, columns=list(READING_COLUMNS)).astype("string")


def ledger_across_releases(evidences, claims=None) -> pd.DataFrame:
    """Every claim's status on several releases: ``claim_id, location, quote`` and one column per
    release (``ATOP 5.1``, ``ATOP 4.01``, ...), in the order given."""
    columns: "OrderedDict[str, pd.Series]" = OrderedDict()
    base = None
    for evidence in evidences:
        table = ledger_table(evidence, claims)
        base = table[["claim_id", "location", "quote"]] if base is None else base
        columns[evidence.release] = table.set_index("claim_id")["status"]
    out = base.copy()
    for name, statuses in columns.items():
        out[name] = out["claim_id"].map(statuses)
    return out.astype("string").reset_index(drop=True)


def status_counts(evidence: Evidence, claims=None) -> dict[str, int]:
    """How many claims have each status on this release; the memo's questions are counted apart
    (``question``), since they get an answer, not a verdict."""
    found = ["question" if v.claim.kind == "question" else v.status for v in verdicts(evidence, claims)]
    order = ("agree", "partly", "differ", "n/a", "question", "not testable")
    return {s: found.count(s) for s in order if found.count(s)}


def not_judged(evidence: Evidence, claims=None) -> list[str]:
    """The claims left n/a on this release because an input is missing (COW files), by id."""
    missing = evidence.missing
    if not missing:
        return []
    out = []
    for v in verdicts(evidence, claims):
        if v.status == "n/a" and v.claim.kind != "question":
            if any(f.status == "n/a" and "COW" in f.reason for r, f in v.findings if r.cls == "stated"):
                out.append(v.id)
    return out


def summary_sentence(evidence: Evidence, claims=None) -> str:
    """How the release stands on the memo's claims, in one sentence."""
    counts = status_counts(evidence, claims)
    untestable = counts.pop("not testable", 0)
    questions = counts.pop("question", 0)
    checkable = sum(counts.values())
    words = {"n/a": "not judged"}
    text = (f"Of the memo's {checkable} checkable claims, {evidence.release} gives: "
            + ", ".join(f"{n} {words.get(s, s)}" for s, n in counts.items()) + "; "
            + (f"the memo's {questions} question{'s' if questions != 1 else ''} get{'' if questions != 1 else 's'} "
               f"the collection's answer; " if questions else "")
            + f"{untestable} further statements cannot be checked with any data (their verdicts say what the data "
            "can show).")
    skipped = not_judged(evidence, claims)
    if skipped:
        missing = [COW_TABLES[name] for name in evidence.missing]
        text += (f" Not judged because {listed(missing)} {'is' if len(missing) == 1 else 'are'} missing: "
                 f"{listed(skipped, limit=len(skipped))}.")
    return text
