"""Figures 1 and 2 across the ledger's readings: the band between the lowest and the highest count
of the counting rules each year, the memo's own rule (alliance-level codes) as a line, and the
value the memo states as a marked reference over the years it speaks of (after the Cold War)."""

from __future__ import annotations

import pandas as pd

from ..measures import readings as rules
from ..measures.trends import POST_COLD_WAR

#: The value each level claim states in words, drawn as the reference mark, and what it counts.
MEMO_MARKS = {
    "defense-just-under-60": (60, "defense"),
    "consult-nearly-150": (150, "consult-only"),
}
BAND_COLUMNS = ("year", "low", "high", "rules", "alliance_level")


def reading_band(data, claim_id: str, start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """Per year: the lowest and highest count across the counting rules the release allows, how
    many rules that is, and the alliance-level count (the memo's rule): :data:`BAND_COLUMNS`."""
    _, provision = MEMO_MARKS[claim_id]
    band = rules.counts_band(data, provision, start_year=start_year, end_year=end_year)
    memo_rule = rules.counts_under_rule(data, provision, "alliance", start_year, end_year)
    out = band.merge(memo_rule.rename(columns={"count": "alliance_level"}), on="year")
    return out[list(BAND_COLUMNS)]


def band_rule_text(band: pd.DataFrame, claim_id: str) -> str:
    """The rule line of the figure's source note: what is counted and how many rules the band spans."""
    _, provision = MEMO_MARKS[claim_id]
    code = "defense = 1" if provision == "defense" else "consul = 1 and defense = 0"
    n = int(band["rules"].max()) if len(band) else 0
    return (f"{code}, counted under each of the {n} counting rules this release allows (alliance-level; "
            f"alliance-level not counting a pact in the year it ends; phase-level; member-level): shaded from "
            f"the lowest to the highest count; line: alliance-level codes; dashed: the value the memo states, "
            f"from {POST_COLD_WAR}")
