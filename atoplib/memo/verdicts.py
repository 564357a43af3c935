"""Sentences that are not the ledger's: the NATO question of notebook 03 (the memo asks, it does
not claim) and the plain wording of year lists. What the data say of the memo's claims is the
claims ledger's (:mod:`atoplib.memo.claims`, :mod:`atoplib.memo.ledger`)."""

from __future__ import annotations

import pandas as pd

from ..measures.summaries import defense_given_consultation
from ..measures.trends import COLD_WAR


def pct(value: float, decimals: int = 1) -> str:
    """A share as a percentage for a reader (``0.147`` -> ``14.7%``); a missing share is ``n/a``."""
    return "n/a" if pd.isna(value) else f"{100 * value:.{decimals}f}%"


def years_text(years: list[int]) -> str:
    """[1967, 1977, 1981] -> "1967, 1977 and 1981"; runs of consecutive years as "1910-1915"."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    parts = [f"{a}" if a == b else f"{a}-{b}" for a, b in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# --------------------------------------------------------------------------- verdicts

def nato_verdict(shares: pd.DataFrame, version: str) -> str:
    """The counterfactual: would a NATO formed in the last era hold Art. 5, or only Art. 4?"""
    given = defense_given_consultation(shares).set_index("period")
    cold = next((p for p in given.index if str(p).startswith(f"{COLD_WAR[0]}-")), None)
    last = given.index[-1]
    if cold is None or last == cold or given.loc[last, "consul"] == 0:
        return f"ATOP {version} has no consultation pacts signed after the Cold War in the years covered."
    now, then = given.loc[last], given.loc[cold]
    first, end = shares.set_index("period").loc[last, ["first_year", "last_year"]]
    likely = "only Article 4" if now["share"] < 0.5 else "Article 5 as well"
    return (f"Of the {int(now['consul'])} alliances signed in {int(first)}-{int(end)} with a consultation promise "
            f"(NATO's Article 4), {int(now['with_defense'])} ({pct(now['share'], 0)}) also promise defense (Article 5), "
            f"against {pct(then['share'], 0)} in the Cold War: on this record a NATO formed today would more "
            f"likely hold {likely}.")
