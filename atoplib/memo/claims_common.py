"""What the ledger's judges share: cached counts under each counting rule, coverage checks, the
COW tables when present, and the plain wording of a finding.

A judge raises :class:`~atoplib.memo.types.NotAvailable` when the release (or a file it needs:
the alliance-phase file, COW's tables) cannot speak to its reading; the ledger turns that into
status ``n/a`` with the message as the reason.
"""

from __future__ import annotations

import pandas as pd

from ..measures import readings as rules
from ..measures.trends import COLD_WAR
from .types import Evidence, Finding, NotAvailable
from .verdicts import pct, years_text  # noqa: F401  (pct: the claims modules take it from here)

#: The first year after the Cold War; the last Cold War decade.
AFTER = COLD_WAR[1] + 1
LATE_COLD_WAR = (1980, 1989)

__all__ = [
    "AFTER", "COLD_WAR", "LATE_COLD_WAR", "finding", "counts", "window", "rule_text", "nmc",
    "state_name", "years_text", "range_text", "signed", "pct",
]


def finding(agree: bool, measured: str, reason: str) -> Finding:
    """``agree``/``differ`` with the measured value; ``reason`` is kept either way (one line)."""
    return Finding(measured, "agree" if agree else "differ", reason)


def rule_text(rule: str) -> str:
    return rules.RULE_TEXT.get(rule) or rules.SIGNING_RULE_TEXT[rule]


def counts(ev: Evidence, provision: str, rule: str) -> pd.Series:
    """Alliances in force per year (index: year) under a counting rule, over the whole coverage;
    NotAvailable when the release lacks the rule's file."""
    def compute():
        frame = rules.counts_under_rule(ev.data, provision, rule)
        return None if frame is None else frame.set_index("year")["count"]

    series = ev.cached(f"counts:{provision}:{rule}", compute)
    if series is None:
        raise NotAvailable(f"ATOP {ev.version} has no alliance-phase (aph) file, so it has no phase-level codes")
    return series


def window(ev: Evidence, series: pd.Series, start: int, end: int | None = None) -> pd.Series:
    """``series`` over ``start``-``end`` (default: the coverage end); NotAvailable outside coverage."""
    first, last = ev.data.coverage
    end = last if end is None else end
    if start < first or end > last or start > end:
        needed = f"{start} onward" if start > last else (f"{start}" if start == end else f"{start}-{end}")
        raise NotAvailable(f"the reading needs {needed}; ATOP {ev.version} covers {first}-{last}")
    return series.loc[start:end]


def signed(ev: Evidence, provision: str, rule: str, first: int, last: int | None = None) -> dict:
    """Alliances signed in ``first``-``last`` and how many meet ``provision`` (signing rule)."""
    last = ev.data.last_year if last is None else last
    if last < first:
        raise NotAvailable(f"the reading needs alliances signed from {first}; ATOP {ev.version} ends in {ev.data.last_year}")
    result = ev.cached(f"signed:{provision}:{rule}:{first}:{last}",
                       lambda: rules.signed_counts(ev.data, provision, rule, first, last))
    if result is None:
        raise NotAvailable(f"ATOP {ev.version} has no alliance-phase (aph) file, so it has no first-phase codes")
    return result


def state_name(ev: Evidence, ccode: int) -> str:
    """The state's COW name when the evidence holds COW's state list, else its code in words."""
    table = ev.states
    if table is not None:
        match = table.loc[table["ccode"].eq(int(ccode)), "statenme"]
        if len(match):
            return str(match.iloc[0])
    return f"state {int(ccode)} (COW code)"


def nmc(ev: Evidence) -> pd.DataFrame:
    """COW National Material Capabilities from the evidence; NotAvailable when it has none."""
    if ev.nmc is None:
        raise NotAvailable("COW's National Material Capabilities file is not available (set COW_NMC_FILE)")
    return ev.nmc


def range_text(series: pd.Series) -> str:
    low, high = int(series.min()), int(series.max())
    return f"{low}" if low == high else f"{low}-{high}"


