"""Readings of the memo's claims about its Figures 1-2, footnote 3 and new pacts after 1991.

Each function returns the :class:`~atoplib.memo.types.Reading` objects of one claim: every
counting rule of :mod:`atoplib.measures.readings` crossed with every defensible reading of the
memo's words. Ranges and thresholds are stated here once, in the reading's text.
"""

from __future__ import annotations

import numpy as np

from ..measures import readings as rules
from ..measures.trends import COLD_WAR
from .claims_common import AFTER, LATE_COLD_WAR, counts, finding, pct, range_text, rule_text, signed, window
from .types import Evidence, Finding, NotAvailable, Reading
from .verdicts import years_text

#: "in the 1970s and 1980s"
PEAK_YEARS = (1970, 1989)
#: "just under 60": strict and loose
JUST_UNDER_60 = {"55-59": (55, 59), "50-59": (50, 59)}
#: "nearly 150": strict and loose
NEARLY_150 = {"140-149": (140, 149), "135-150": (135, 150)}
#: "surged": grew by at least this factor from 1991 to the last year
SURGED = {"doubled": 2.0, "grew-half": 1.5}
#: "a similar pattern": correlation with Figure 2's yearly series
SIMILAR_R = 0.9
#: "largely out of fashion": the post-1991 defense share below this fraction of the Cold War share
LARGELY = 0.5
#: rules a reading of "just under 60" may count with: the four rules on defense = 1, and
#: ATOP's pacts of active assistance (defense or offense) on the alliance-level codes
LEVEL_RULES = tuple(("defense", rule) for rule in rules.COUNTING_RULES) + (("active", "alliance"),)


def _label(provision: str, rule: str) -> str:
    what = "defense or offense = 1 (ATOP's active)" if provision == "active" else f"{provision} = 1"
    return f"{what}; {rule_text(rule)}"


# --------------------------------------------------------------------------- Figure 1

def _peak(rule: str, word: str):
    def judge(ev: Evidence) -> Finding:
        series = counts(ev, "defense", rule)
        before = int(window(ev, series, COLD_WAR[0] - 1, COLD_WAR[0] - 1).iloc[0])
        cold_max = int(window(ev, series, *COLD_WAR).max())
        top = int(series.max())
        at_top = [int(y) for y in series.index[series == top]]
        grew = cold_max > before
        lo, hi = PEAK_YEARS
        if word == "any-year":
            peaked = any(lo <= y <= hi for y in at_top)
        elif word == "first-year":
            peaked = lo <= at_top[0] <= hi
        else:
            decades = series.groupby((series.index // 10) * 10).mean()
            best = set(decades.sort_values(ascending=False).index[:2])
            peaked = best == {1970, 1980}
        measured = f"{before} in {COLD_WAR[0] - 1}; maximum {top} in {years_text(at_top)}"
        if word == "decades":
            decades = series.groupby((series.index // 10) * 10).mean().round(1)
            top2 = decades.sort_values(ascending=False).head(2)
            measured += f"; highest decade means {', '.join(f'{int(d)}s {v}' for d, v in top2.items())}"
        if not grew:
            return finding(False, measured, f"no growth: the Cold War maximum {cold_max} does not exceed {before}")
        reason = "grew, and the peak falls in 1970-1989" if peaked else "grew, but the peak does not fall as this reading needs"
        return finding(peaked, measured, reason)
    return judge


PEAK_WORDS = {
    "any-year": "a year at the maximum lies in 1970-1989",
    "first-year": "the first year at the maximum lies in 1970-1989",
    "decades": "the 1970s and 1980s have the two highest decade means",
}


def grew_peak_readings() -> tuple[Reading, ...]:
    return tuple(
        Reading(f"{rule}/{word}", f"{_label('defense', rule)}; grew: Cold War maximum above 1945; peak: {text}",
                _peak(rule, word))
        for rule in rules.COUNTING_RULES for word, text in PEAK_WORDS.items()
    )


def _declined(rule: str, word: str):
    def judge(ev: Evidence) -> Finding:
        series = counts(ev, "defense", rule)
        after = window(ev, series, AFTER)
        if word == "mean":
            late = window(ev, series, *LATE_COLD_WAR).mean()
            ok = after.mean() < late
            measured = f"mean {late:.1f} in 1980-1989, {after.mean():.1f} in {AFTER}-{after.index[-1]}"
        else:
            end_cw = int(window(ev, series, COLD_WAR[1], COLD_WAR[1]).iloc[0])
            ok = int(after.iloc[-1]) < end_cw
            measured = f"{end_cw} in {COLD_WAR[1]}, {int(after.iloc[-1])} in {after.index[-1]}"
        return finding(ok, measured, "lower after the Cold War" if ok else "not lower than the comparison")
    return judge


def declined_readings() -> tuple[Reading, ...]:
    words = {"mean": "the mean count 1992-end is below the 1980-1989 mean",
             "since-1991": "the count in the last year is below the count in 1991"}
    return tuple(Reading(f"{rule}/{word}", f"{_label('defense', rule)}; {text}", _declined(rule, word))
                 for rule in rules.COUNTING_RULES for word, text in words.items())


def _level(provision: str, rule: str, span: str, how: str):
    low, high = JUST_UNDER_60[span]

    def judge(ev: Evidence) -> Finding:
        after = window(ev, counts(ev, provision, rule), AFTER)
        measured = f"{range_text(after)} a year in {AFTER}-{after.index[-1]} (mean {after.mean():.1f})"
        if how == "every-year":
            outside = int((~after.between(low, high)).sum())
            return finding(outside == 0, measured, f"{outside} of {len(after)} years outside {low}-{high}"
                           if outside else f"every year within {low}-{high}")
        ok = low <= after.mean() <= high
        return finding(ok, measured, f"the mean {'lies' if ok else 'does not lie'} in {low}-{high}")
    return judge


def just_under_60_readings() -> tuple[Reading, ...]:
    hows = {"every-year": "every year 1992-end", "mean": "the mean of 1992-end"}
    return tuple(
        Reading(f"{rule}/{provision}/{span}/{how}", f"{_label(provision, rule)}; {hows[how]} in {span}",
                _level(provision, rule, span, how))
        for provision, rule in LEVEL_RULES for span in JUST_UNDER_60 for how in hows
    )


# --------------------------------------------------------------------------- Figure 2, footnote 3

def _surged(rule: str, word: str):
    factor = SURGED[word]

    def judge(ev: Evidence) -> Finding:
        series = counts(ev, "consult-only", rule)
        start = int(window(ev, series, COLD_WAR[1], COLD_WAR[1]).iloc[0])
        end = window(ev, series, AFTER)
        last = int(end.iloc[-1])
        ok = last >= factor * start and last > start
        return finding(ok, f"{start} in {COLD_WAR[1]}, {last} in {end.index[-1]} ({last / start:.1f}×)" if start
                       else f"{start} in {COLD_WAR[1]}, {last} in {end.index[-1]}",
                       f"{'at least' if ok else 'less than'} {factor:g}× the {COLD_WAR[1]} count")
    return judge


def surged_readings() -> tuple[Reading, ...]:
    return tuple(Reading(f"{rule}/{word}", f"{_label('consul', rule)} and defense = 0; the last year's count is at "
                         f"least {SURGED[word]:g}× the 1991 count", _surged(rule, word))
                 for rule in rules.COUNTING_RULES for word in SURGED)


def _nearly(rule: str, span: str):
    low, high = NEARLY_150[span]

    def judge(ev: Evidence) -> Finding:
        series = window(ev, counts(ev, "consult-only", rule), AFTER)
        last, year = int(series.iloc[-1]), int(series.index[-1])
        ok = low <= last <= high
        if ok:
            return finding(True, f"{last} in {year}", f"within {low}-{high}")
        side = "above" if last > high else "below"
        beyond = series > high if last > high else series < low
        since = next(int(y) for y in series.index if beyond.loc[y:].all())
        return finding(False, f"{last} in {year}", f"{side} {low}-{high}, every year since {since}")
    return judge


def nearly_150_readings() -> tuple[Reading, ...]:
    return tuple(Reading(f"{rule}/{span}", f"{_label('consul', rule)} and defense = 0; the last year's count in {span}",
                         _nearly(rule, span)) for rule in rules.COUNTING_RULES for span in NEARLY_150)


def _similar(rule: str, word: str):
    def judge(ev: Evidence) -> Finding:
        fig2 = counts(ev, "consult-only", rule)
        foot = counts(ev, "consult-nonagg", rule)
        if word == "correlation":
            if fig2.nunique() < 2 or foot.nunique() < 2:
                raise NotAvailable(f"a series is constant over ATOP {ev.version}'s years, so it has no correlation")
            r = float(np.corrcoef(fig2.to_numpy(float), foot.to_numpy(float))[0, 1])
            return finding(r >= SIMILAR_R, f"r = {r:.3f} over {fig2.index[0]}-{fig2.index[-1]}",
                           f"r {'at least' if r >= SIMILAR_R else 'below'} {SIMILAR_R}")
        start = int(window(ev, foot, COLD_WAR[1], COLD_WAR[1]).iloc[0])
        last = int(window(ev, foot, AFTER).iloc[-1])
        ok = last >= 2 * start and last > start
        return finding(ok, f"{start} in {COLD_WAR[1]}, {last} in {foot.index[-1]}",
                       f"{'at least' if ok else 'less than'} doubled since {COLD_WAR[1]}, as Figure 2's count")
    return judge


def similar_readings() -> tuple[Reading, ...]:
    words = {"correlation": f"its yearly series correlates with Figure 2's at r ≥ {SIMILAR_R}",
             "surge": "it, too, at least doubled from 1991 to the last year"}
    return tuple(Reading(f"{rule}/{word}", f"consul = 1, nonagg = 1, defense = 0; {rule_text(rule)}; {text}",
                         _similar(rule, word)) for rule in rules.COUNTING_RULES for word, text in words.items())


# --------------------------------------------------------------------------- forms and new pacts

CONSULTATION = rules.FORM_NAMES["consul"]


def _form(hierarchy: str, scope: str, rule: str):
    def judge(ev: Evidence) -> Finding:
        last = ev.data.last_year
        if last < AFTER:
            raise NotAvailable(f"ATOP {ev.version} ends in {last}, before the years after the Cold War")
        if scope == "in-force":
            table = ev.cached(f"forms:{hierarchy}:{rule}", lambda: rules.forms_in_force(ev.data, last, hierarchy, rule))
            where = f"in force in {last}"
        else:
            table = ev.cached(f"forms-signed:{hierarchy}:{rule}",
                              lambda: rules.forms_signed(ev.data, AFTER, last, hierarchy, rule))
            where = f"signed {AFTER}-{last}"
        if table is None:
            raise NotAvailable(f"ATOP {ev.version} has no alliance-phase (aph) file, so it has no phase-level codes")
        top = table.iloc[0]
        consult = table.set_index("form").loc[CONSULTATION]
        ok = int(consult["rank"]) == 1 and int((table["rank"] == 1).sum()) == 1
        measured = (f"{where}: consultation pacts {int(consult['count'])} of {int(table['count'].sum())} "
                    f"({pct(consult['share'])}); most common: {top['form']}s ({int(top['count'])})")
        return finding(ok, measured, "consultation pacts are the plurality" if ok
                       else f"{top['form']}s outnumber consultation pacts")
    return judge


def most_common_readings() -> tuple[Reading, ...]:
    out = []
    for hierarchy, text in rules.HIERARCHY_TEXT.items():
        for rule in ("alliance", "phase", "member"):
            out.append(Reading(f"{hierarchy}/in-force/{rule}", f"forms {text}; pacts in force in the last year; "
                               f"{rule_text(rule)}", _form(hierarchy, "in-force", rule)))
        for rule in rules.SIGNING_RULES:
            out.append(Reading(f"{hierarchy}/signed/{rule}", f"forms {text}; pacts signed 1992-end; "
                               f"{rule_text(rule)}", _form(hierarchy, "signed", rule)))
    return tuple(out)


def _fashion(rule: str, word: str):
    def judge(ev: Evidence) -> Finding:
        after = signed(ev, "defense", rule, AFTER)
        if word == "share":
            cold = signed(ev, "defense", rule, *COLD_WAR)
            ok = after["share"] < LARGELY * cold["share"]
            measured = (f"{pct(after['share'])} ({after['count']} of {after['signed']}) signed {AFTER}-end vs "
                        f"{pct(cold['share'])} ({cold['count']} of {cold['signed']}) in {COLD_WAR[0]}-{COLD_WAR[1]}")
            return finding(ok, measured, f"the share {'fell below' if ok else 'did not fall below'} half the Cold War share")
        consult = signed(ev, "consult-only", rule, AFTER)
        ok = consult["count"] > after["count"]
        return finding(ok, f"{consult['count']} consultative-only vs {after['count']} defense pacts signed {AFTER}-end",
                       "more consultative-only than defense pacts" if ok else "not more consultative-only pacts")
    return judge


def out_of_fashion_readings() -> tuple[Reading, ...]:
    words = {"share": f"the defense share of pacts signed 1992-end is below {LARGELY:g}× the 1946-1991 share",
             "opting": "more consultative-only (consul = 1, defense = 0) than defense pacts were signed 1992-end"}
    return tuple(Reading(f"{rule}/{word}", f"{rule_text(rule)}; {text}", _fashion(rule, word))
                 for rule in rules.SIGNING_RULES for word, text in words.items())
