"""Readings of the memo's claims about the forms of alliance commitment: the consultative-only
pact "has become the most common form", and new mutual-defense pacts went "largely out of
fashion" after the Cold War.

ATOP's obligations overlap (codebook 5.1, section 1.51), so "the most common form" gives each pact
one form: its highest obligation in an order of obligations
(:data:`atoplib.measures.readings.HIERARCHIES`). The stated order is the memo's own figure classes:
a defense pact (Figure 1), then a consultative pact without defense (Figure 2), then the rest.
"""

from __future__ import annotations

from ..measures import readings as counting
from .evidence import Evidence
from .rules import AFTER_COLD_WAR, COLD_WAR, LARGELY, judge_first, pct
from .types import Finding, NotAvailable, Reading

CONSULTATION = counting.FORM_NAMES["consul"]
FIGURES = ("Figures 1 and 2 give the memo's own classes: defense = 1 (Figure 1 note), then consul = 1 and "
           "defense = 0 (Figure 2 note)")
SIGNING_LABEL = {"first-phase": "first-phase codes", "founding-members": "founding members' codes"}
SIGNING_WHY = {
    "first-phase": "what a pact promised when signed, before any renegotiation (ATOP's first phase)",
    "founding-members": "the obligations of the members who signed in the first year (member file)",
}


def _forms(ev: Evidence, hierarchy: str, scope: str, rule: str):
    last = ev.data.last_year
    if last < AFTER_COLD_WAR:
        raise NotAvailable(f"ATOP {ev.version} ends in {last}, before the years after the Cold War")
    if scope == "in-force":
        table = ev.cached(f"forms:{hierarchy}:{rule}", lambda: counting.forms_in_force(ev.data, last, hierarchy, rule))
        where = f"in force in {last}"
    else:
        table = ev.cached(f"forms-signed:{hierarchy}:{rule}",
                          lambda: counting.forms_signed(ev.data, AFTER_COLD_WAR, last, hierarchy, rule))
        where = f"signed {AFTER_COLD_WAR}-{last}"
    if table is None:
        raise NotAvailable(f"ATOP {ev.version} has no alliance-phase (aph) file, so it has no phase-level codes")
    return table, where


def _most_common(hierarchy: str, scope: str, rule: str):
    def judge(ev: Evidence) -> Finding:
        table, where = _forms(ev, hierarchy, scope, rule)
        counts = {f"{form}s": int(n) for form, n in zip(table["form"], table["count"])}
        total = sum(counts.values())
        shown = "; ".join(f"{form} {n}" for form, n in counts.items() if n)
        mine = counts[f"{CONSULTATION}s"]
        measured = f"{where}: {shown} (consultation pacts {pct(mine / total if total else float('nan'))} of {total})"
        return judge_first(counts, f"{CONSULTATION}s", measured, f"pacts {where}")
    return judge


def most_common_readings() -> tuple[Reading, ...]:
    memo_order = counting.HIERARCHY_TEXT["memo-figures"]
    return (
        Reading("memo-figures/in-force", "stated", f"each pact in force in the last year takes one form, its "
                f"highest obligation in the order {memo_order}; consultation pacts are strictly the most numerous",
                f"{FIGURES}; 'has become the most common form' is the state at the end (plurality, rule 3)",
                _most_common("memo-figures", "in-force", "alliance"), label="the figures' classes, pacts in force today"),
        Reading("memo-figures/signed", "alternative", f"forms {memo_order}; pacts signed 1992-end; consultation pacts "
                "strictly the most numerous", "'the recent trend of alliance treaties': what states signed after "
                "the Cold War", _most_common("memo-figures", "signed", "alliance"), label="the figures' classes, pacts signed since 1992"),
        *(Reading(f"memo-figures/in-force/{rule}", "alternative", f"forms {memo_order}; pacts in force in the last "
                  f"year, {counting.RULE_TEXT[rule]}", "the obligations in force that year rather than ever (phase or "
                  "member file)", _most_common("memo-figures", "in-force", rule), label=f"the figures' classes, {rule}-level codes") for rule in ("phase", "member")),
        Reading("literal/in-force", "alternative", f"forms {counting.HIERARCHY_TEXT['consultation-last']}; pacts in "
                "force in the last year", "'consultative-only' read literally: consultation and no other obligation "
                "(the codebook does not rank consultation against neutrality and non-aggression, section 1.51)",
                _most_common("consultation-last", "in-force", "alliance"), label="consultation and nothing else, pacts in force today"),
        Reading("literal/signed", "alternative", f"forms {counting.HIERARCHY_TEXT['consultation-last']}; pacts signed "
                "1992-end", "the literal reading, for the pacts signed after the Cold War",
                _most_common("consultation-last", "signed", "alliance"), label="consultation and nothing else, pacts signed since 1992"),
    )


def _fashion(part: str, rule: str):
    def judge(ev: Evidence) -> Finding:
        after = ev.signed("defense", rule, AFTER_COLD_WAR)
        if part == "share":
            cold = ev.signed("defense", rule, *COLD_WAR)
            measured = (f"{pct(after['share'])} ({after['count']} of {after['signed']}) of pacts signed "
                        f"{AFTER_COLD_WAR}-{ev.data.last_year} promise defense, against {pct(cold['share'])} "
                        f"({cold['count']} of {cold['signed']}) in {COLD_WAR[0]}-{COLD_WAR[1]}")
            ratio = after["share"] / cold["share"] if cold["share"] else float("nan")
            ok = ratio < LARGELY
            return Finding(measured, "agree" if ok else "differ",
                           f"the share is {ratio:.2f} of the Cold War share, {'less' if ok else 'not less'} than half")
        consult = ev.signed("consult-only", rule, AFTER_COLD_WAR)
        ok = consult["count"] > after["count"]
        return Finding(f"{consult['count']} consultative pacts (consul = 1, defense = 0) and {after['count']} defense "
                       f"pacts signed {AFTER_COLD_WAR}-{ev.data.last_year}", "agree" if ok else "differ",
                       "more consultative than defense pacts" if ok else "not more consultative than defense pacts")
    return judge


def out_of_fashion_readings() -> tuple[Reading, ...]:
    share = ("the share of pacts signed 1992-end that promise defense is less than half the share signed in "
             "1946-1991 (largely out of fashion)")
    opting = "more consultative pacts (consul = 1, defense = 0) than defense pacts were signed 1992-end (opting instead)"
    return (
        Reading("share", "stated", f"alliance-level codes; {share}", "'creating new pacts ... went largely out of "
                "fashion after the Cold War': new pacts, Figure 1's definition, a fall by more than half (rule 6)",
                _fashion("share", "alliance"), label="the defense share of new pacts"),
        Reading("opting", "stated", f"alliance-level codes; {opting}", "'with states instead opting for "
                "consultative pacts': Figure 2's definition against Figure 1's, among new pacts",
                _fashion("opting", "alliance"), label="consultative against defense pacts signed since 1992"),
        *(Reading(f"{part}/{rule}", "alternative", f"{counting.SIGNING_RULE_TEXT[rule]}; {text}", SIGNING_WHY[rule],
                  _fashion(part, rule), label=f"{'the defense share' if part == 'share' else 'consultative against defense'}, {SIGNING_LABEL[rule]}")
          for rule in ("first-phase", "founding-members") for part, text in (("share", share), ("opting", opting))),
    )
