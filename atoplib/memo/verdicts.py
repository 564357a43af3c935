"""The verdict sentences of notebooks 01-03: what ATOP says of the memo's Figures 1 and 2, the
footnote-3 variant, "out of fashion" and the NATO question, with the numbers in each sentence."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..measures.summaries import defense_given_consultation, level, peak, peak_years, series, spans_above, values_at
from ..measures.trends import COLD_WAR, POST_COLD_WAR

#: The first year after the Cold War.


@dataclass(frozen=True)
class Claim:
    """A number the memo states in words, and the values those words admit."""

    key: str
    words: str
    provision: str
    low: int
    high: int
    about: str

    def admits(self, value: float) -> bool:
        return self.low <= value <= self.high

    def compare(self, value: float) -> str:
        """``"agree"``, ``"fewer"`` or ``"more"`` than the words admit."""
        if self.admits(value):
            return "agree"
        return "fewer" if value < self.low else "more"


CLAIMS = {
    claim.key: claim
    for claim in (
        Claim("defense-peak", "the 1970s-80s", "defense", 1970, 1989,
              "the years in which defense pacts in force peaked"),
        Claim("defense-level", "just under 60", "defense", 55, 59,
              "defense pacts in force each year since the end of the Cold War"),
        Claim("consult-only-level", "nearly 150", "consult-only", 140, 149,
              "consultative pacts without a defense promise in force today"),
    )
}


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


def _pct(value: float) -> str:
    return "n/a" if pd.isna(value) else f"{100 * value:.0f}%"


def _span_text(spans: list[tuple[int, int]]) -> str:
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)


# --------------------------------------------------------------------------- verdicts

def defense_verdict(counts: pd.DataFrame, version: str) -> str:
    """Figure 1: growth, the peak (against "the 1970s-80s") and the post-Cold-War level (against
    "just under 60"), in one sentence."""
    peak_claim, level_claim = CLAIMS["defense-peak"], CLAIMS["defense-level"]
    first_year, last_year = int(counts["year"].min()), int(counts["year"].max())
    start = int(series(counts).iloc[0])
    peak_year, peak_value = peak(counts)
    at_peak = peak_years(counts)
    end_value = int(series(counts)[last_year])
    in_cold_war = COLD_WAR[0] <= peak_year <= COLD_WAR[1]
    growth = f"defense pacts in force grew from {start} in {first_year} to a peak of {peak_value} in {years_text(at_peak)}"
    inside = [y for y in at_peak if peak_claim.admits(y)]
    if inside and len(inside) == len(at_peak):
        peak_text = f"in {peak_claim.words}, as the memo says"
    elif inside:
        peak_text = f"so in {peak_claim.words} as the memo says, though first in {peak_year}"
    else:
        side = "before" if peak_year < peak_claim.low else "after"
        peak_text = f"{side} {peak_claim.words} the memo names"
        late = level(counts, peak_claim.low, peak_claim.high)
        if late is not None:
            peak_text += f" (they counted {late['min']}-{late['max']} a year in {late['first']}-{late['last']})"
    after = level(counts, POST_COLD_WAR)
    if after is None:
        return (f"In ATOP {version}, {growth}, {peak_text}; the years shown ({first_year}-{last_year}) end "
                f"before {POST_COLD_WAR}, so the post-Cold-War level ('{level_claim.words}') cannot be checked here.")
    span = f"{after['first']}-{after['last']}"
    spread = f"{after['min']}" if after["min"] == after["max"] else f"between {after['min']} and {after['max']}"
    at_1991 = values_at(counts, [COLD_WAR[1]])
    before = f"{int(at_1991['count'].iloc[0])} in {COLD_WAR[1]}, " if len(at_1991) else ""
    measured = f"{before}{spread} each year over {span} ({end_value} in {last_year})"
    fell = end_value < peak_value and in_cold_war
    opening = f"The data agree that {growth}" if fell else f"In ATOP {version}, {growth}"
    if level_claim.admits(after["min"]) and level_claim.admits(after["max"]):
        return (f"{opening}, {peak_text}{', and fell after the Cold War' if fell else ''}; the level since "
                f"then agrees with '{level_claim.words}': ATOP {version} counts {measured}.")
    direction = ("fewer" if after["max"] < level_claim.low
                 else "more" if after["min"] > level_claim.high else "a different level")
    return (f"{opening}, {peak_text}{', and fell after the Cold War' if fell else ''}; but the level since "
            f"then differs from '{level_claim.words}' ({level_claim.low}-{level_claim.high}): ATOP {version} "
            f"counts {measured}, {direction} than the memo says.")


def consultative_verdict(consult: pd.DataFrame, footnote: pd.DataFrame, defense: pd.DataFrame, version: str,
                         claim: Claim = CLAIMS["consult-only-level"]) -> str:
    """Figure 2: the level against "nearly 150", the footnote variant, and the crossing with Figure 1."""
    last_year = int(consult["year"].max())
    value = int(series(consult)[last_year])
    foot = int(series(footnote)[last_year])
    both = series(consult).to_frame("c").join(series(footnote).to_frame("f"))
    corr = both["c"].corr(both["f"]) if both["c"].std() > 0 and both["f"].std() > 0 else float("nan")
    similar = f"moves with it (correlation {corr:.2f} over the years shown)" if pd.notna(corr) else "is flat here"
    spans = spans_above(defense, consult)
    if not spans:
        crossing = "consultative-only pacts never outnumber defense pacts in the years shown"
    elif spans[-1][1] == last_year:
        earlier = f" (and earlier in {_span_text(spans[:-1])})" if len(spans) > 1 else ""
        crossing = f"consultative-only pacts have outnumbered defense pacts every year since {spans[-1][0]}{earlier}"
    else:
        crossing = f"consultative-only pacts outnumber defense pacts only in {_span_text(spans)}"
    status = claim.compare(value)
    level_text = (f"in line with '{claim.words}'" if status == "agree"
                  else f"{status} than '{claim.words}' ({claim.low}-{claim.high}) admits")
    return (f"ATOP {version} counts {value} consultative pacts without defense in force in {last_year}, "
            f"{level_text}; the footnote-3 variant counts {foot} and {similar}; {crossing}.")


def fashion_verdict(shares: pd.DataFrame, version: str) -> str:
    """Era shares: did new alliances turn from defense to consultation after the Cold War?"""
    table = shares.set_index("period")
    cold = next((p for p in table.index if str(p).startswith(f"{COLD_WAR[0]}-")), None)
    last = table.index[-1]
    if cold is None or table.loc[last, "signed"] == 0 or table.loc[cold, "signed"] == 0 or last == cold:
        return (f"ATOP {version} has no alliances signed both in the Cold War and after it in the years "
                f"covered, so the shift cannot be measured here.")
    now, then = table.loc[last], table.loc[cold]
    measured = (f"of the {int(now['signed'])} alliances signed in {int(now['first_year'])}-{int(now['last_year'])}, "
                f"{_pct(now['defense_share'])} include a defense promise and {_pct(now['consult-only_share'])} "
                f"consultation only, against {_pct(then['defense_share'])} and {_pct(then['consult-only_share'])} "
                f"of the {int(then['signed'])} signed in the Cold War")
    agree = now["defense_share"] < then["defense_share"] and now["consult-only_share"] > now["defense_share"]
    return (f"The data {'agree' if agree else 'do not agree'} that new defense pacts went out of fashion: "
            f"in ATOP {version}, {measured}.")


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
            f"(NATO's Article 4), {int(now['with_defense'])} ({_pct(now['share'])}) also promise defense (Article 5), "
            f"against {_pct(then['share'])} in the Cold War: on this record a NATO formed today would more "
            f"likely hold {likely}.")
