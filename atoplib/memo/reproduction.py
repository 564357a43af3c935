"""The memo's quantitative claims, checked against one ATOP release.

:func:`reproduction_table` returns one row per claim with columns

``claim``       the claim, in the memo's words where the memo's phrase is known (quoted);
``rule``        the provision counted and the explicit agreement rule;
``memo_value``  what the memo says;
``measured``    what this release shows;
``status``      ``agree`` / ``differ`` (or ``n/a`` when the release does not cover the years
                the rule needs);
``reason``      one line saying why, where the status is not ``agree``;

indexed by a short claim ``id``. :func:`write_reproduction` saves it as ``reproduction.csv``.

The agreement rules are stated in each row and collected in :data:`CLAIMS`; their thresholds are
the module constants below, so a reader can see exactly how generous each reading of the memo's
words is (e.g. "just under 60" agrees if every post-Cold-War year counts 55 to 59 pacts).
Counts use the collection's one in-force rule (:mod:`atoplib.trends`) and one definition per
provision (:mod:`atoplib.provisions`); the whole coverage of the release is used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from ..data.tables import AtopData
from ..measures.provisions import get_provision
from ..measures.summaries import peak_years
from ..measures.trends import COLD_WAR, counts_by_year, signing_shares
from .verdicts import CLAIMS as MEMO_CLAIMS
from .verdicts import years_text

# --------------------------------------------------------------------------- thresholds

#: "grew": the Cold War maximum is at least this multiple of the count in the last pre-Cold-War year
GROWTH_FACTOR = 1.5
#: "peaked in the 1970s-80s", "just under 60", "nearly 150": the readings of the memo's words are
#: stated once, in :data:`atoplib.memo.CLAIMS` (the notebooks 01-02 print the same verdicts)
PEAK_DECADES = (MEMO_CLAIMS["defense-peak"].low, MEMO_CLAIMS["defense-peak"].high)
#: "declined after the Cold War": mean of these years vs the mean after the Cold War
LATE_COLD_WAR = (1980, 1989)
#: "just under 60": every post-Cold-War year within this range
JUST_UNDER_60 = (MEMO_CLAIMS["defense-level"].low, MEMO_CLAIMS["defense-level"].high)
#: "nearly 150": the last year of coverage within this range
NEARLY_150 = (MEMO_CLAIMS["consult-only-level"].low, MEMO_CLAIMS["consult-only-level"].high)
#: "a similar pattern": correlation of the yearly counts, and growth since the Cold War's end
SIMILAR_CORRELATION = 0.9
SIMILAR_GROWTH = 2.0
#: "mostly consultative": share of alliances signed after the Cold War
MOSTLY = 0.5
#: "out of fashion": post-Cold-War defense share below this fraction of the Cold War share
OUT_OF_FASHION = 0.5
#: "persistent outlier": the U.S. leads every year from this year, by this factor in the last year
OUTLIER_FROM = 1950
OUTLIER_FACTOR = 1.5

COLUMNS = ("claim", "rule", "memo_value", "measured", "status", "reason")
STATUSES = ("agree", "differ", "n/a")


class NotCovered(Exception):
    """The release does not cover the years a rule needs (status ``n/a``)."""


@dataclass(frozen=True)
class Verdict:
    measured: str
    agree: bool | None  # None: not measurable in this release
    reason: str = ""


@dataclass
class Evidence:
    """What the claims are judged on, computed once per release (lazily)."""

    data: AtopData
    _counts: dict[str, pd.Series] = field(default_factory=dict)

    @property
    def first(self) -> int:
        return self.data.first_year

    @property
    def last(self) -> int:
        return self.data.last_year

    def counts(self, provision: str) -> pd.Series:
        """Alliances in force per year (index: year) over the whole coverage."""
        if provision not in self._counts:
            self._counts[provision] = counts_by_year(self.data, provision).set_index("year")["count"]
        return self._counts[provision]

    def span(self, provision: str, start: int, end: int | None = None) -> pd.Series:
        end = self.last if end is None else end
        if start < self.first or end > self.last or start > end:
            if end < start or end == self.last:
                needed = f"{start} onward"
            else:
                needed = f"{start}" if start == end else f"{start}-{end}"
            raise NotCovered(
                f"the rule needs {needed}; ATOP {self.data.version} covers {self.first}-{self.last}"
            )
        return self.counts(provision).loc[start:end]

    @cached_property
    def shares(self) -> pd.DataFrame:
        eras = (("cold-war", COLD_WAR[0], COLD_WAR[1]), ("after", COLD_WAR[1] + 1, None))
        table = signing_shares(self.data, provisions=("defense", "consult-only"), eras=eras).set_index("period")
        a = self.data.alliances
        begyr = a["begyr"].astype("int64")
        period = begyr.map(lambda y: "cold-war" if COLD_WAR[0] <= y <= COLD_WAR[1] else ("after" if y > COLD_WAR[1] else ""))
        nonagg_only = a["nonagg"].eq(1) & a["consul"].eq(0) & a["defense"].eq(0)
        table["nonagg-only"] = nonagg_only.fillna(False).astype(int).groupby(period).sum().reindex(table.index, fill_value=0)
        return table

    @cached_property
    def partners(self) -> pd.DataFrame:
        from ..measures.dyads import partners_by_year

        return partners_by_year(self.data, "defense", direction="any")


@dataclass(frozen=True)
class Claim:
    id: str
    claim: str
    memo_value: str
    rule: str
    judge: Callable[[Evidence], Verdict]


# --------------------------------------------------------------------------- formatting

def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _range(series: pd.Series) -> str:
    lo, hi = int(series.min()), int(series.max())
    return f"{lo}" if lo == hi else f"{lo}-{hi}"


def _after() -> int:
    return COLD_WAR[1] + 1


# --------------------------------------------------------------------------- the claims

def _growth(ev: Evidence) -> Verdict:
    before = int(ev.span("defense", COLD_WAR[0] - 1, COLD_WAR[0] - 1).iloc[0])
    cold = ev.span("defense", *COLD_WAR)
    top = int(cold.max())
    agree = top > before and top >= GROWTH_FACTOR * before
    measured = f"{before} in {COLD_WAR[0] - 1} → {top} at most in {COLD_WAR[0]}-{COLD_WAR[1]}"
    reason = "" if agree else f"the Cold War maximum {top} is less than {GROWTH_FACTOR}× the {COLD_WAR[0] - 1} count {before}"
    return Verdict(measured, agree, reason)


def _peak(ev: Evidence) -> Verdict:
    counts = ev.span("defense", ev.first)
    top = int(counts.max())
    at_top = peak_years(counts.rename("count").rename_axis("year").reset_index())
    lo, hi = PEAK_DECADES
    agree = any(lo <= year <= hi for year in at_top)
    measured = f"maximum {top}, reached in {years_text(at_top)}"
    reason = "" if agree else f"the maximum {top} is reached only in {years_text(at_top)}, not in {lo}-{hi}"
    return Verdict(measured, agree, reason)


def _decline(ev: Evidence) -> Verdict:
    late = ev.span("defense", *LATE_COLD_WAR).mean()
    after = ev.span("defense", _after()).mean()
    agree = after < late
    measured = f"mean {late:.1f} in {LATE_COLD_WAR[0]}-{LATE_COLD_WAR[1]} → {after:.1f} in {_after()}-{ev.last}"
    reason = "" if agree else f"the post-Cold-War mean {after:.1f} is not below the {LATE_COLD_WAR[0]}s mean {late:.1f}"
    return Verdict(measured, agree, reason)


def _just_under_60(ev: Evidence) -> Verdict:
    after = ev.span("defense", _after())
    lo, hi = JUST_UNDER_60
    outside = int((~after.between(lo, hi)).sum())
    agree = outside == 0
    measured = f"{_range(after)} in {_after()}-{ev.last} (mean {after.mean():.1f})"
    late = ev.span("defense", *LATE_COLD_WAR).mean()
    reason = "" if agree else (
        f"{outside} of {len(after)} years after {COLD_WAR[1]} fall outside {lo}-{hi}; "
        f"the {LATE_COLD_WAR[0]}s averaged {late:.1f}"
    )
    return Verdict(measured, agree, reason)


def _nearly_150(ev: Evidence) -> Verdict:
    counts = ev.span("consult-only", _after())
    value = int(counts.iloc[-1])
    lo, hi = NEARLY_150
    agree = lo <= value <= hi
    measured = f"{value} in {ev.last}"
    if agree:
        reason = ""
    elif value > hi:
        above = counts > hi
        since = next(y for y in counts.index if above.loc[y:].all())
        reason = f"{value} in {ev.last}: above {lo}-{hi} every year since {since}"
    else:
        reason = f"{value} in {ev.last}: below {lo}-{hi} (maximum after {COLD_WAR[1]}: {int(counts.max())})"
    return Verdict(measured, agree, reason)


def _overtakes(ev: Evidence) -> Verdict:
    consult = ev.span("consult-only", _after())
    defense = ev.span("defense", _after())
    more = consult > defense
    agree = bool(more.all())
    measured = (
        f"more in {int(more.sum())} of {len(more)} years {_after()}-{ev.last} "
        f"({ev.last}: {int(consult.iloc[-1])} vs {int(defense.iloc[-1])})"
    )
    reason = "" if agree else f"defense pacts are as many or more in {years_text([int(y) for y in more.index[~more.to_numpy()]])}"
    return Verdict(measured, agree, reason)


def _similar(ev: Evidence) -> Verdict:
    consult = ev.span("consult-only", ev.first)
    footnote = ev.span("consult-nonagg", ev.first)
    r = float(np.corrcoef(consult.to_numpy(float), footnote.to_numpy(float))[0, 1]) if consult.std() and footnote.std() else float("nan")
    c0, c1 = int(ev.span("consult-only", COLD_WAR[1], COLD_WAR[1]).iloc[0]), int(consult.iloc[-1])
    f0, f1 = int(ev.span("consult-nonagg", COLD_WAR[1], COLD_WAR[1]).iloc[0]), int(footnote.iloc[-1])
    grew = all(end >= SIMILAR_GROWTH * start and end > start for start, end in ((c0, c1), (f0, f1)))
    agree = bool(r >= SIMILAR_CORRELATION and grew)
    measured = f"r = {r:.3f}; {f0} → {f1} from {COLD_WAR[1]} to {ev.last} (consultative-only {c0} → {c1})"
    if agree:
        reason = ""
    elif not r >= SIMILAR_CORRELATION:
        reason = f"the two yearly series correlate at r = {r:.3f}, below {SIMILAR_CORRELATION}"
    else:
        reason = f"the series do not both grow {SIMILAR_GROWTH:g}× from {COLD_WAR[1]} to {ev.last}"
    return Verdict(measured, agree, reason)


def _mostly_consultative(ev: Evidence) -> Verdict:
    ev.span("defense", _after())  # coverage must reach past the Cold War
    row = ev.shares.loc["after"]
    signed, consult, defense = int(row["signed"]), int(row["consult-only"]), int(row["defense"])
    if signed == 0:
        return Verdict(f"no alliance signed {_after()}-{ev.last}", False, f"no alliance was signed after {COLD_WAR[1]}")
    share = consult / signed
    agree = share > MOSTLY
    measured = f"{_pct(share)} ({consult} of {signed} signed {_after()}-{ev.last})"
    reason = "" if agree else (
        f"{_pct(share)} are consultative-only; of the rest, non-aggression pacts without consultation: "
        f"{int(row['nonagg-only'])}, defense pacts: {defense}"
    )
    return Verdict(measured, agree, reason)


def _out_of_fashion(ev: Evidence) -> Verdict:
    ev.span("defense", _after())
    shares = ev.shares
    cold, after = shares.loc["cold-war"], shares.loc["after"]
    if int(after["signed"]) == 0 or int(cold["signed"]) == 0:
        return Verdict("no alliances signed in one of the periods", False, "nothing to compare")
    s_cold, s_after = cold["defense"] / cold["signed"], after["defense"] / after["signed"]
    agree = s_after < OUT_OF_FASHION * s_cold
    measured = (
        f"{_pct(s_after)} ({int(after['defense'])} of {int(after['signed'])}) signed {_after()}-{ev.last} vs "
        f"{_pct(s_cold)} ({int(cold['defense'])} of {int(cold['signed'])}) in {COLD_WAR[0]}-{COLD_WAR[1]}"
    )
    reason = "" if agree else f"the post-Cold-War defense share is not below {OUT_OF_FASHION:g}× the Cold War share"
    return Verdict(measured, agree, reason)


def _us_outlier(ev: Evidence) -> Verdict:
    from ..data.cow import US
    from ..measures.partners import outlier_by_year

    ev.span("defense", OUTLIER_FROM)
    table = outlier_by_year(ev.partners, US, (OUTLIER_FROM, ev.last)).set_index("year")
    us, rest = table["partners"], table["next_partners"]
    leads = (us > rest) & (us > 0)
    us_last, rest_last = int(us.iloc[-1]), int(rest.iloc[-1])
    runner = table["next_ccode"].iloc[-1] if rest_last > 0 else None
    factor_ok = us_last >= OUTLIER_FACTOR * rest_last and us_last > 0
    agree = bool(leads.all() and factor_ok)
    runner_text = f"next: ccode {int(runner)} with {rest_last}" if runner is not None else "no other state has any"
    measured = f"U.S. {us_last} partners in {ev.last} ({runner_text}); most every year {OUTLIER_FROM}-{ev.last}" if leads.all() else (
        f"U.S. {us_last} partners in {ev.last} ({runner_text}); most in {int(leads.sum())} of {len(leads)} years {OUTLIER_FROM}-{ev.last}"
    )
    if agree:
        reason = ""
    elif not leads.all():
        reason = f"the U.S. does not have the most defense partners in {years_text([int(y) for y in leads.index[~leads.to_numpy()]])}"
    else:
        reason = f"in {ev.last} the U.S. has {us_last}, less than {OUTLIER_FACTOR:g}× the next state's {rest_last}"
    return Verdict(measured, agree, reason)


def _rule(provision: str) -> str:
    return get_provision(provision).rule_text()


CLAIMS: tuple[Claim, ...] = (
    Claim(
        "defense-growth",
        'Defense pacts "grew" during the Cold War',
        "grew",
        f"{_rule('defense')}; agree if the highest yearly count in {COLD_WAR[0]}-{COLD_WAR[1]} is at least "
        f"{GROWTH_FACTOR:g}× the count in {COLD_WAR[0] - 1}",
        _growth,
    ),
    Claim(
        "defense-peak",
        'Defense pacts "peaked in the 1970s-80s"',
        "1970s-80s",
        f"{_rule('defense')}; agree if the highest yearly count over the whole coverage is reached in at least "
        f"one year of {PEAK_DECADES[0]}-{PEAK_DECADES[1]}",
        _peak,
    ),
    Claim(
        "defense-decline",
        'Defense pacts "declined after the Cold War"',
        "declined",
        f"{_rule('defense')}; agree if the mean yearly count {_after()}-end is below the mean of "
        f"{LATE_COLD_WAR[0]}-{LATE_COLD_WAR[1]}",
        _decline,
    ),
    Claim(
        "defense-level",
        'Since the Cold War, defense pacts in force number "just under 60"',
        "just under 60",
        f"{_rule('defense')}; agree if every yearly count {_after()}-end lies in "
        f"{JUST_UNDER_60[0]}-{JUST_UNDER_60[1]}",
        _just_under_60,
    ),
    Claim(
        "consult-level",
        'Consultative-only pacts in force number "nearly 150"',
        "nearly 150",
        f"{_rule('consult-only')}; agree if the count in the last year of coverage lies in "
        f"{NEARLY_150[0]}-{NEARLY_150[1]}",
        _nearly_150,
    ),
    Claim(
        "consult-overtakes",
        "Consultative-only pacts outnumber defense pacts after the Cold War (Figures 1 and 2)",
        "more consultative-only than defense pacts",
        f"{_rule('consult-only')} vs {_rule('defense')}; agree if the first exceeds the second in every "
        f"year {_after()}-end",
        _overtakes,
    ),
    Claim(
        "footnote-similar",
        'The footnote-3 variant shows "a similar pattern"',
        "a similar pattern",
        f"{_rule('consult-nonagg')} vs {_rule('consult-only')}; agree if the yearly counts correlate at "
        f"r ≥ {SIMILAR_CORRELATION:g} and both grow at least {SIMILAR_GROWTH:g}× from {COLD_WAR[1]} to the end",
        _similar,
    ),
    Claim(
        "mostly-consultative",
        "New pacts after 1991 are mostly consultative",
        "mostly consultative",
        f"alliances signed (begyr) {_after()}-end; agree if more than {_pct(MOSTLY)} are "
        f"{_rule('consult-only')}",
        _mostly_consultative,
    ),
    Claim(
        "out-of-fashion",
        'New mutual-defense pacts went "out of fashion"',
        "out of fashion",
        f"alliances signed (begyr) with {_rule('defense')}; agree if their share among those signed "
        f"{_after()}-end is below {OUT_OF_FASHION:g}× the share signed {COLD_WAR[0]}-{COLD_WAR[1]}",
        _out_of_fashion,
    ),
    Claim(
        "us-outlier",
        'The U.S. is a "persistent outlier" in defense-pact partners',
        "persistent outlier",
        f"distinct defense-pact partners per state-year (member-level {_rule('defense')}, either direction; "
        f"atoplib.dyads.partners_by_year); agree if the U.S. has the most in every year {OUTLIER_FROM}-end "
        f"and at least {OUTLIER_FACTOR:g}× the next state in the last year",
        _us_outlier,
    ),
)


def judge(claim: Claim, evidence: Evidence) -> Verdict:
    try:
        return claim.judge(evidence)
    except NotCovered as gap:
        return Verdict("not covered", None, str(gap))


def reproduction_table(data: AtopData, claims: tuple[Claim, ...] = CLAIMS) -> pd.DataFrame:
    """One row per claim: ``claim, rule, memo_value, measured, status, reason`` (index: ``id``)."""
    evidence = Evidence(data)
    rows = []
    for claim in claims:
        verdict = judge(claim, evidence)
        status = "n/a" if verdict.agree is None else ("agree" if verdict.agree else "differ")
        rows.append((claim.id, claim.claim, claim.rule, claim.memo_value, verdict.measured, status, verdict.reason))
    table = pd.DataFrame(rows, columns=["id", *COLUMNS]).set_index("id")
    return table.astype("string")


def reproduction_summary(table: pd.DataFrame) -> pd.DataFrame:
    """How many claims agree, differ or could not be measured: ``status, claims``."""
    counts = table["status"].value_counts().reindex(list(STATUSES), fill_value=0)
    return counts.rename_axis("status").rename("claims").reset_index()


def write_reproduction(table: pd.DataFrame, output_dir: str | os.PathLike) -> Path:
    """Save ``reproduction.csv`` (columns ``claim,rule,memo_value,measured,status,reason``) atomically."""
    from ..collection.figures import save_table

    return save_table(table.reset_index(drop=True)[list(COLUMNS)], "reproduction.csv", Path(output_dir))


def as_text(table: pd.DataFrame, version: str) -> str:
    """The table as plain text for a notebook: one block per claim (status, claim, memo, measured, reason)."""
    blocks = []
    for _, row in table.iterrows():
        lines = [f"[{row['status']}] {row['claim']}",
                 f"    memo: {row['memo_value']}  |  ATOP {version}: {row['measured']}"]
        if row["reason"]:
            lines.append(f"    why: {row['reason']}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def rules_text(table: pd.DataFrame) -> str:
    """``id: rule`` for every claim, one per line."""
    return "\n".join(f"{claim_id}: {rule}" for claim_id, rule in table["rule"].items())


def verdict(table: pd.DataFrame, version: str) -> str:
    """One sentence: how many claims agree, differ, or cannot be measured in this release, and which differ."""
    counts = reproduction_summary(table).set_index("status")["claims"]
    differ = table.index[table["status"] == "differ"].tolist()
    missing = table.index[table["status"] == "n/a"].tolist()
    text = f"Of the {len(table)} claims checked against ATOP {version}, {counts['agree']} agree and {counts['differ']} differ"
    if differ:
        text += f" ({', '.join(differ)})"
    if missing:
        text += f"; {len(missing)} cannot be measured in this release's coverage ({', '.join(missing)})"
    return text + "."
