"""Readings of the memo's claims about its Figures 1 and 2 and footnote 3: defense pacts grew to a
peak in the 1970s and 1980s, declined after the Cold War and hold "just under 60"; consultative
pacts "surged" to "nearly 150"; the footnote's narrower count shows "a similar pattern".

The stated rule is the figure notes': alliance-level codes (``defense = 1``; ``consul = 1`` and
``defense = 0``), counted in force each year (begyr <= year <= endyr). Other counting rules
(:data:`atoplib.measures.readings.COUNTING_RULES`) are alternatives. Thresholds and years come
from :mod:`atoplib.memo.rules`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..measures import readings as counting
from .evidence import Evidence
from .rules import (
    AFTER_COLD_WAR,
    COLD_WAR,
    PEAK_DECADES,
    SURGE,
    band_text,
    in_band,
    judge_band,
    judge_change,
    judge_every,
    just_under,
    nearly,
    years_text,
)
from .types import Finding, NotAvailable, Reading

#: The memo's numbers.
DEFENSE_LEVEL = 60  # "holding steady at just under 60 globally"
CONSULT_LEVEL = 150  # "reaching nearly 150 globally"
#: "a similar pattern" as a correlation of the yearly series (an alternative reading).
SIMILAR_R = 0.9
#: The counting rules other than the memo's (alliance-level) one.
OTHER_RULES = tuple(r for r in counting.COUNTING_RULES if r != "alliance")
#: Why each other counting rule is a defensible alternative.
RULE_WHY = {
    "alliance-year-end": "ATOP codes an alliance's last year as in force; a reader may count only the pacts "
                         "still in force on 31 December",
    "phase": "a pact's obligations can change between phases (codebook 5.1, 'phases'); the phase file "
             "gives the obligations in force that year",
    "member": "the obligations of the members in force that year (member file), so a member that has left "
              "no longer counts",
}
#: Each other counting rule in a few words, for sentences.
RULE_LABEL = {"alliance-year-end": "pacts alive on 31 December", "phase": "phase-level codes",
              "member": "member-level codes"}
FIG1 = "Figure 1 note: 'agreements in the Alliance level dataset of ATOP in which the defense variable is coded with a 1'"
FIG2 = ("Figure 2 note: 'agreements in the Alliance level dataset of ATOP in which the consul variable is coded "
        "with a 1 and the defense variable is coded with a 0'")


def _rule_label(rule: str) -> str:
    return counting.RULE_TEXT[rule]


def _post(ev: Evidence, series: pd.Series) -> pd.Series:
    return ev.window(series, AFTER_COLD_WAR)


def _decade_means(series: pd.Series) -> pd.Series:
    return series.groupby((series.index // 10) * 10).mean()


# --------------------------------------------------------------------------- Figure 1: growth and peak

def _peak_decades(rule: str):
    def judge(ev: Evidence) -> Finding:
        series = ev.counts("defense", rule)
        ev.window(series, *PEAK_DECADES)
        means = _decade_means(series)
        lo, hi = PEAK_DECADES[0], PEAK_DECADES[1] // 10 * 10
        floor = min(means[lo], means[hi])
        others = means.drop([lo, hi])
        holds = {f"the {d}s ({v:.1f})": v < floor for d, v in others.items()}
        top = means.sort_values(ascending=False).head(3)
        measured = "highest decade means: " + ", ".join(f"{int(d)}s {v:.1f}" for d, v in top.items())
        if not {lo, hi} <= set(top.index):
            measured += f"; 1970s {means[lo]:.1f}, 1980s {means[hi]:.1f}"
        return judge_every(holds, measured, "other decades")
    return judge


def _peak_year(which: str):
    def judge(ev: Evidence) -> Finding:
        series = ev.counts("defense", "alliance")
        ev.window(series, *PEAK_DECADES)
        top = int(series.max())
        at_top = [int(y) for y in series.index[series == top]]
        lo, hi = PEAK_DECADES
        chosen = at_top[:1] if which == "first" else at_top
        holds = {y: lo <= y <= hi for y in chosen}
        measured = f"maximum {top} in {years_text(at_top)}"
        if which == "first" and not holds[at_top[0]]:
            runner = series.loc[lo:hi]
            measured += f"; the 1970-1989 high is {int(runner.max())} ({years_text(runner.index[runner == runner.max()])})"
        return judge_every(holds, measured, "years at the maximum" if which == "every" else "first year at the maximum",
                           years=True)
    return judge


def grew_peak_readings() -> tuple[Reading, ...]:
    stated_text = ("the 1970s and 1980s have the two highest decade means of the whole coverage, every other decade "
                   "lower (grew over time, then peaked)")
    return (
        Reading("decade-means", "stated", f"defense = 1, alliance level; {stated_text}",
                f"{FIG1}; 'a peak level in the 1970s and 1980s' names two decades, so their means are compared "
                "with every other decade's", _peak_decades("alliance"), label="decade means, Figure 1's count"),
        *(Reading(f"decade-means/{rule}", "alternative", f"{_rule_label(rule)}; {stated_text}", RULE_WHY[rule],
                  _peak_decades(rule), label=f"decade means, {RULE_LABEL[rule]}") for rule in OTHER_RULES),
        Reading("every-year-at-maximum", "alternative", "defense = 1, alliance level; every year at the series' "
                "maximum lies in 1970-1989", "a peak read as the single highest count", _peak_year("every"), label="every year at the maximum"),
        Reading("first-year-at-maximum", "alternative", "defense = 1, alliance level; the first year at the "
                "series' maximum lies in 1970-1989", "a peak read as the year the count first reaches its high",
                _peak_year("first"), label="the first year at the maximum"),
    )


# --------------------------------------------------------------------------- Figure 1: the decline

def _declined(rule: str, how: str):
    def judge(ev: Evidence) -> Finding:
        series = ev.counts("defense", rule)
        base = int(ev.window(series, COLD_WAR[1], COLD_WAR[1]).iloc[0])
        after = _post(ev, series)
        span = f"{AFTER_COLD_WAR}-{int(after.index[-1])}"
        if how == "every-year":
            holds = {int(y): int(v) < base for y, v in after.items()}
            measured = f"{base} in {COLD_WAR[1]}; {int(after.min())}-{int(after.max())} a year in {span}"
            found = judge_every(holds, measured, f"years {span}", years=True)
            return Finding(found.measured, found.status, f"below the {COLD_WAR[1]} count: {found.reason}",
                           found.exceptions)
        if how == "decades":
            peak = ev.window(series, *PEAK_DECADES).mean()
            return judge_change(peak, after.mean(), f"mean {peak:.1f} in 1970-1989, {after.mean():.1f} in {span}", "down")
        last = int(after.iloc[-1])
        return judge_change(base, last, f"{base} in {COLD_WAR[1]}, {last} in {int(after.index[-1])}", "down")
    return judge


def declined_readings() -> tuple[Reading, ...]:
    every = f"every year {AFTER_COLD_WAR}-end is below the count in {COLD_WAR[1]}, the Cold War's last year"
    return (
        Reading("every-year", "stated", f"defense = 1, alliance level; {every}",
                f"{FIG1}; 'since the end of the Cold War ... has declined': each year after 1991 against 1991",
                _declined("alliance", "every-year"), label="each year since 1992 against 1991"),
        Reading("peak-decades", "alternative", "defense = 1, alliance level; the mean of 1992-end is below the mean "
                "of 1970-1989", "the memo's own peak: 'a peak level in the 1970s and 1980s'",
                _declined("alliance", "decades"), label="the mean since 1992 against the 1970-1989 mean"),
        Reading("last-year", "alternative", f"defense = 1, alliance level; the count in the last year is below the "
                f"count in {COLD_WAR[1]}", "the decline read end to end", _declined("alliance", "last-year"), label="the last year against 1991"),
        *(Reading(f"every-year/{rule}", "alternative", f"{_rule_label(rule)}; {every}", RULE_WHY[rule],
                  _declined(rule, "every-year"), label=f"each year against 1991, {RULE_LABEL[rule]}") for rule in ("phase", "member")),
        Reading("every-year/alliance-year-end", "stress", f"{_rule_label('alliance-year-end')}; {every}",
                "strained: counting only pacts alive on 31 December drops from 1991 itself the pacts that ended "
                "with the Soviet Union that year, so the baseline is artificially low",
                _declined("alliance-year-end", "every-year"), label="each year against 1991, pacts alive on 31 December"),
    )


# --------------------------------------------------------------------------- Figure 1: the level

def _level(provision: str, rule: str, band: tuple[float, float, bool], how: str):
    def judge(ev: Evidence) -> Finding:
        after = _post(ev, ev.counts(provision, rule))
        span = f"{AFTER_COLD_WAR}-{int(after.index[-1])}"
        measured = f"{int(after.min())}-{int(after.max())} a year in {span} (mean {after.mean():.1f})"
        if how == "every-year":
            return judge_band({int(y): v for y, v in after.items()}, band, measured, f"years {span}")
        ok = in_band(after.mean(), band)
        return Finding(measured, "agree" if ok else "differ",
                       f"the mean {'lies' if ok else 'does not lie'} in {band_text(band)}")
    return judge


def just_under_60_readings() -> tuple[Reading, ...]:
    band = just_under(DEFENSE_LEVEL)
    loose = (0.8 * DEFENSE_LEVEL, DEFENSE_LEVEL, False)
    steady = f"every year 1992-end in {band_text(band)} ('just under 60', holding steady)"
    return (
        Reading("every-year", "stated", f"defense = 1, alliance level; {steady}",
                f"{FIG1}; 'holding steady at just under 60' since the end of the Cold War: the band (rules 1 and 5) "
                "in every year after 1991", _level("defense", "alliance", band, "every-year"), label=f"every year since 1992 in {band_text(band)}"),
        Reading("mean", "alternative", f"defense = 1, alliance level; the mean of 1992-end in {band_text(band)}",
                "'holding steady at' read as the typical level", _level("defense", "alliance", band, "mean"), label="the mean since 1992"),
        *(Reading(f"every-year/{rule}", "alternative", f"{_rule_label(rule)}; {steady}", RULE_WHY[rule],
                  _level("defense", rule, band, "every-year"), label=f"every year, {RULE_LABEL[rule]}") for rule in OTHER_RULES),
        Reading("loose-band", "alternative", f"defense = 1, alliance level; every year 1992-end in {band_text(loose)}",
                "'just under' read loosely, within a fifth of 60", _level("defense", "alliance", loose, "every-year"), label=f"a looser band, {band_text(loose)}"),
        Reading("active", "stress", f"defense or offense = 1 (ATOP's active), alliance level; {steady}",
                "strained: counts offense pacts too, which Figure 1 does not", _level("active", "alliance", band,
                                                                                      "every-year"), label="defense or offense pacts"),
    )


# --------------------------------------------------------------------------- Figure 2 and footnote 3

def _surged(provision: str, rule: str):
    def judge(ev: Evidence) -> Finding:
        series = ev.counts(provision, rule)
        base = int(ev.window(series, COLD_WAR[1], COLD_WAR[1]).iloc[0])
        after = _post(ev, series)
        last, year = int(after.iloc[-1]), int(after.index[-1])
        return judge_change(base, last, f"{base} in {COLD_WAR[1]}, {last} in {year}", "up", SURGE)
    return judge


def surged_readings() -> tuple[Reading, ...]:
    surge = f"the last year's count is at least {SURGE:g} times the count in {COLD_WAR[1]}"
    return (
        Reading("doubled", "stated", f"consul = 1 and defense = 0, alliance level; {surge}",
                f"{FIG2}; 'surged' after the Cold War: at least doubled from 1991 (rule 6)",
                _surged("consult-only", "alliance"), label=f"the last year against {COLD_WAR[1]}"),
        *(Reading(f"doubled/{rule}", "alternative", f"{_rule_label(rule)}; consul = 1 and defense = 0; {surge}",
                  RULE_WHY[rule], _surged("consult-only", rule), label=RULE_LABEL[rule]) for rule in OTHER_RULES),
    )


def _nearly(rule: str, band: tuple[float, float, bool], how: str):
    def judge(ev: Evidence) -> Finding:
        after = _post(ev, ev.counts("consult-only", rule))
        last, year = int(after.iloc[-1]), int(after.index[-1])
        value, where = (last, f"in {year}") if how == "last-year" else (int(after.max()),
                                                                        f"at most, in {years_text(after.index[after == after.max()])}")
        measured = f"{value} {where}"
        if in_band(value, band):
            return Finding(measured, "agree", f"within {band_text(band)}")
        side = "above" if value > band[1] else "below"
        return Finding(measured, "differ", f"{side} {band_text(band)}")
    return judge


def nearly_150_readings() -> tuple[Reading, ...]:
    band = nearly(CONSULT_LEVEL)
    wide = (0.9 * CONSULT_LEVEL, 1.1 * CONSULT_LEVEL, True)
    reached = f"the last year's count in {band_text(band)} ('reaching nearly 150')"
    return (
        Reading("last-year", "stated", f"consul = 1 and defense = 0, alliance level; {reached}",
                f"{FIG2}; 'reaching nearly 150': the level at the end of the series (rule 5)",
                _nearly("alliance", band, "last-year"), label="the last year's count"),
        Reading("maximum", "alternative", f"consul = 1 and defense = 0, alliance level; the highest count since "
                f"1992 in {band_text(band)}", "'reaching' read as the high point of the surge",
                _nearly("alliance", band, "maximum"), label="the highest count since 1992"),
        *(Reading(f"last-year/{rule}", "alternative", f"{_rule_label(rule)}; consul = 1 and defense = 0; {reached}",
                  RULE_WHY[rule], _nearly(rule, band, "last-year"), label=RULE_LABEL[rule]) for rule in OTHER_RULES),
        Reading("within-a-tenth", "stress", f"consul = 1 and defense = 0, alliance level; the last year's count "
                f"within a tenth of 150 either way ({band_text(wide)})",
                "strained: 'nearly' says below 150, this also admits counts above it", _nearly("alliance", wide,
                                                                                                "last-year"), label="within a tenth of 150 either way"),
    )


def _similar(rule: str, how: str):
    def judge(ev: Evidence) -> Finding:
        fig2 = ev.counts("consult-only", rule)
        foot = ev.counts("consult-nonagg", rule)
        if how == "correlation":
            if fig2.nunique() < 2 or foot.nunique() < 2:
                raise NotAvailable(f"a series is constant over ATOP {ev.version}'s years, so it has no correlation")
            r = float(np.corrcoef(fig2.to_numpy(float), foot.to_numpy(float))[0, 1])
            ok = r >= SIMILAR_R
            return Finding(f"r = {r:.3f} over {int(fig2.index[0])}-{int(fig2.index[-1])}", "agree" if ok else "differ",
                           f"r {'at least' if ok else 'below'} {SIMILAR_R}")
        base = int(ev.window(foot, COLD_WAR[1], COLD_WAR[1]).iloc[0])
        after = _post(ev, foot)
        last, year = int(after.iloc[-1]), int(after.index[-1])
        return judge_change(base, last, f"{base} in {COLD_WAR[1]}, {last} in {year}", "up", SURGE)
    return judge


def similar_readings() -> tuple[Reading, ...]:
    foot = "consul = 1, nonagg = 1 and defense = 0"
    return (
        Reading("surge", "stated", f"{foot}, alliance level; the last year's count is at least {SURGE:g} times the "
                f"count in {COLD_WAR[1]}, as Figure 2's surge",
                "footnote 3 names the variables and says 'a similar pattern', the pattern of Figure 2: a surge after "
                "the Cold War (rule 6)", _similar("alliance", "surge"), label=f"the footnote's count against {COLD_WAR[1]}"),
        Reading("correlation", "alternative", f"{foot}, alliance level; its yearly series correlates with Figure 2's "
                f"at r >= {SIMILAR_R} over the coverage", "a similar pattern read as the same shape year by year",
                _similar("alliance", "correlation"), label="correlation with Figure 2's series"),
        *(Reading(f"surge/{rule}", "alternative", f"{_rule_label(rule)}; {foot}; at least {SURGE:g} times the "
                  f"{COLD_WAR[1]} count", RULE_WHY[rule], _similar(rule, "surge"), label=RULE_LABEL[rule]) for rule in OTHER_RULES),
    )
