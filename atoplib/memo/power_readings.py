"""Readings of the memo's claims on power: the U.S. as "patron" of "protégés", and the Soviet
system as the only comparably asymmetric one.

Power is COW's Composite Index of National Capability (CINC, NMC 6.0); a pact-year's asymmetry is
a member's share of the members' combined CINC (:mod:`atoplib.measures.power`). ATOP's own
``asymm`` code (obligations differ among members, codebook 5.1 ASYMM) codes unequal obligations,
not power, and is read as an alternative.
"""

from __future__ import annotations

import pandas as pd

from ..data.cow import US, USSR
from ..measures.power import alliance_power, period_comparison, system_summary, system_years
from .evidence import Evidence
from .rules import COLD_WAR, SINCE_WWII, TOLERANCE, judge_every, judge_most, listed, pct
from .types import Finding, NotAvailable, Reading

#: "comparably asymmetric": a system's mean is within this share of the U.S. system's.
COMPARABLE = TOLERANCE
SOVIET = "the Soviet Union (1946-1991)"


def _power(ev: Evidence, provision: str, first: int, last: int) -> pd.DataFrame:
    ev.need("nmc")
    end = min(last, int(ev.nmc["year"].max()), ev.data.last_year)
    if end < first:
        raise NotAvailable(f"the reading needs {first}-{last}; ATOP {ev.version} and COW NMC overlap only to {end}")
    return ev.cached(f"power:{provision}:{first}:{end}", lambda: alliance_power(ev.data, ev.nmc, provision, first, end))


def _us_pact_years(ev: Evidence, provision: str) -> pd.DataFrame:
    if ev.data.last_year < SINCE_WWII:
        raise NotAvailable(f"ATOP {ev.version} ends before 1946")
    power = _power(ev, provision, SINCE_WWII, ev.data.last_year)
    return power[power["group"].eq("U.S.") & power["strongest"].notna()]


def _pact_label(ev: Evidence, atopid: int) -> str:
    signed = ev.cached("signing-years", lambda: dict(zip(ev.data.alliances["atopid"].astype(int),
                                                         ev.data.alliances["begyr"].astype(int))))
    return f"ATOPID {atopid} ({signed[int(atopid)]})" if int(atopid) in signed else f"ATOPID {atopid}"


def _patron(reading: str):
    def judge(ev: Evidence) -> Finding:
        provision = "any" if reading == "all-alliances" else "defense"
        years = _us_pact_years(ev, provision)
        span = f"{int(years['year'].min())}-{int(years['year'].max())}" if len(years) else "none"
        kind = "alliance" if provision == "any" else "defense-pact"
        if reading == "more-unequal":
            power = _power(ev, "defense", SINCE_WWII, ev.data.last_year)
            table = period_comparison(power, SINCE_WWII, int(power["year"].max())).set_index("group")
            mine, other = table.loc["U.S.", "mean_strongest_share"], table.loc["other", "mean_strongest_share"]
            ok = bool(mine > other)
            return Finding(f"strongest member's CINC share, mean {span}: U.S. pacts {mine:.3f}, other states' pacts "
                           f"{other:.3f}", "agree" if ok else "differ",
                           "U.S. pacts are more unequal" if ok else "U.S. pacts are not more unequal")
        led = years["strongest"].eq(US)
        labels = [f"{_pact_label(ev, a)} in {y}" + ("" if s == US else f": {ev.state_name(s)} stronger")
                  for a, y, s in zip(years["atopid"], years["year"], years["strongest"])]  # names only where it fails
        exceptions = [label for label, ok in zip(labels, led) if not ok]
        measured = f"the U.S. is the strongest member in {int(led.sum())} of {len(years)} U.S. {kind}-years with CINC, {span}"
        if reading == "every-year":
            return judge_every(dict(zip(labels, led)), measured, f"U.S. {kind}-years")
        return judge_most(int(led.sum()), len(years), measured, f"U.S. {kind}-years", exceptions)
    return judge


def patron_readings() -> tuple[Reading, ...]:
    return (
        Reading("defense-pacts", "stated", "COW CINC: the U.S. is the strongest member in most U.S. defense-pact-years "
                "1946-end (NMC years)", "'U.S. alliances are marked by an asymmetry of power, with the United States "
                "long being the patron': a generic statement (rule 2) about the alliances that define the system "
                "(Figure 1's defense pacts), since World War II", _patron("defense-pacts"), label="strongest member in most U.S. defense-pact-years"),
        Reading("every-year", "alternative", "COW CINC: the U.S. is the strongest member in every U.S. "
                "defense-pact-year 1946-end", "'long being the patron' read as always (rule 1)", _patron("every-year"), label="strongest member in every U.S. defense-pact-year"),
        Reading("all-alliances", "alternative", "COW CINC: the U.S. is the strongest member in most U.S. alliance-years "
                "(any obligation) 1946-end", "'U.S. alliances' read as every alliance, not only defense pacts",
                _patron("all-alliances"), label="strongest member in most U.S. alliance-years"),
        Reading("more-unequal", "alternative", "COW CINC: the strongest member's share is higher on average in U.S. "
                "defense pacts than in other states' pacts, 1946-end", "asymmetry read as a comparison with the rest",
                _patron("more-unequal"), label="U.S. pacts more unequal than others'"),
    )


# --------------------------------------------------------------------------- the Soviet comparison

def system_spans(ev: Evidence, years: pd.DataFrame) -> dict[str, tuple[int, int, int]]:
    """The systems compared: the U.S. since 1946, the Soviet Union in the Cold War, Russia in its
    other years, and every other major power over all its years as a major power."""
    last = ev.data.last_year
    spans = {"the United States (1946-)": (US, SINCE_WWII, last), SOVIET: (USSR, *COLD_WAR),
             "Russia (before 1946)": (USSR, 1816, COLD_WAR[0] - 1), "Russia (after 1991)": (USSR, COLD_WAR[1] + 1, last)}
    for ccode in sorted(set(years["ccode"]) - {US, USSR}):
        spans[ev.state_name(ccode)] = (int(ccode), ev.data.first_year, last)
    return spans


def _soviet(measure: str, first: int | None = None, last: int | None = None):
    def judge(ev: Evidence) -> Finding:
        ev.need("nmc", "majors")
        if ev.data.last_year < COLD_WAR[1]:
            raise NotAvailable(f"ATOP {ev.version} ends before {COLD_WAR[1]}")
        years = ev.cached("system-years", lambda: system_years(ev.data, ev.nmc, ev.majors, "defense"))
        if first is not None:
            years = years[years["year"].between(first, last)]
        summary = system_summary(years, system_spans(ev, years)).set_index("system")
        summary = summary[summary["pact_years_with_cinc"].gt(0)]
        us_label = next((s for s in summary.index if s.startswith("the United States")), None)
        if us_label is None:
            raise NotAvailable(f"ATOP {ev.version} has no U.S. defense pact with CINC data since {SINCE_WWII}")
        us = float(summary.loc[us_label, measure])
        values = summary[measure].astype("float64").drop(us_label)
        comparable = {s: abs(v - us) <= COMPARABLE * us for s, v in values.items()}
        holds = {f"{s} ({v:.3f}{', comparable' if comparable[s] else ''})": comparable[s] == (s == SOVIET)
                 for s, v in values.items()}
        ranked = values.sort_values(ascending=False)
        measured = (f"{measure.replace('_', ' ')}: U.S. {us:.3f}; " + "; ".join(f"{s} {v:.3f}" for s, v in ranked.items())
                    + f" (comparable: within {pct(COMPARABLE, 0)} of the U.S.)")
        if SOVIET not in values.index:
            raise NotAvailable("no Soviet defense pact with CINC data in 1946-1991")
        found = judge_every(holds, measured, "other major powers' systems")
        return found
    return judge


def _asymm(ev: Evidence) -> Finding:
    ev.need("nmc")
    power = _power(ev, "defense", *COLD_WAR)
    table = period_comparison(power, *COLD_WAR).set_index("group")
    empty = [g for g in ("U.S.", "Soviet/Russian", "other") if pd.isna(table.loc[g, "asymm_share"])]
    if empty:
        raise NotAvailable(f"ATOP {ev.version} has no {listed(empty)} defense pact-years in "
                           f"{COLD_WAR[0]}-{COLD_WAR[1]}")
    us, soviet, other = (float(table.loc[g, "asymm_share"]) for g in ("U.S.", "Soviet/Russian", "other"))
    ok = abs(soviet - us) < abs(other - us)
    return Finding(f"share of pact-years coded asymm = 1, {COLD_WAR[0]}-{COLD_WAR[1]}: U.S. pacts {pct(us)}, Soviet "
                   f"pacts {pct(soviet)}, other pacts {pct(other)}", "agree" if ok else "differ",
                   "the Soviet pacts are nearer the U.S. pacts than other pacts are" if ok
                   else "other pacts are nearer the U.S. pacts than the Soviet pacts are")


def soviet_readings() -> tuple[Reading, ...]:
    systems = ("each COW major power's defense pacts in the years it was a major power (the U.S. since 1946, the "
               "Soviet Union in 1946-1991, Russia in its other years)")
    return (
        Reading("own-share", "stated", f"COW CINC, {systems}: the power's mean share of its pacts' combined CINC; the "
                f"Soviet system is within {pct(COMPARABLE, 0)} of the U.S. system and every other system is not",
                "'the only comparably asymmetric alliance system for most of history': the patron's weight in its own "
                "pacts (power, as the memo's 'asymmetry of power'), 'only' over every major power's system (rule 1)",
                _soviet("mean_own_share"), label="the patron's share of its pacts' power"),
        Reading("strongest-share", "alternative", f"COW CINC, {systems}: the mean share of the strongest member, "
                f"whoever it is; the Soviet system within {pct(COMPARABLE, 0)} of the U.S. and no other",
                "asymmetry read as inequality inside the pacts, whoever leads them", _soviet("mean_strongest_share"), label="the strongest member's share, whoever it is"),
        Reading("own-share/cold-war", "alternative", f"COW CINC, the systems as above but only in {COLD_WAR[0]}-"
                f"{COLD_WAR[1]}: the Soviet system within {pct(COMPARABLE, 0)} of the U.S. and no other",
                "the comparison the memo draws, during the Cold War", _soviet("mean_own_share", *COLD_WAR), label="the patron's share, 1946-1991 only"),
        Reading("atop-asymm", "alternative", "ATOP's asymm (obligations differ among members): the Soviet pacts' "
                "share of asymm = 1 pact-years is nearer the U.S. pacts' than other pacts' is, 1946-1991",
                "asymmetry read as unequal obligations (codebook 5.1 ASYMM), not power", _asymm, label="ATOP's unequal obligations (asymm)"),
    )
