"""Readings of the memo's claims on power and position: the U.S. as patron, the Soviet
comparison, "unique in scope and duration", and the title's "persistent outlier".

Partners are distinct defense-pact partners per state-year (:func:`atoplib.dyads.partners_by_year`,
either direction); power is COW CINC through :mod:`atoplib.asymmetry`.
"""

from __future__ import annotations

import pandas as pd

from ..data.cow import US
from ..measures.dyads import partners_by_year
from ..measures.partners import outlier_by_year
from ..measures.power import alliance_power, led_by_group_state, period_comparison
from ..measures.trends import COLD_WAR, membership_years
from .claims_common import finding, nmc, state_name
from .claims_us import _after_war
from .soviet import soviet_comparison_verdict
from .types import Evidence, Finding, NotAvailable, Reading
from .verdicts import years_text

#: Tukey's upper fence for an outlier: Q3 + this × IQR
TUKEY = 1.5


def _power(ev: Evidence, provision: str, first: int, last: int) -> pd.DataFrame:
    table = nmc(ev)
    end = min(last, int(table["year"].max()), ev.data.last_year)
    if end < first:
        raise NotAvailable(f"the reading needs {first}-{last}; ATOP {ev.version} and COW NMC overlap only to {end}")
    return ev.cached(f"power:{provision}:{first}:{end}",
                     lambda: alliance_power(ev.data, table, provision, first, end))


# --------------------------------------------------------------------------- the patron

def _patron(reading: str):
    def judge(ev: Evidence) -> Finding:
        start, last = _after_war(ev)
        provision = "any" if reading == "all-alliances" else "defense"
        power = _power(ev, provision, start, last)
        years = f"{int(power['year'].min())}-{int(power['year'].max())}"
        if reading == "more-asymmetric":
            table = period_comparison(power, start, int(power["year"].max())).set_index("group")
            mine, other = table.loc["U.S.", "mean_strongest_share"], table.loc["other", "mean_strongest_share"]
            ok = bool(mine > other)
            return finding(ok, f"strongest member's CINC share, mean {years}: U.S. pacts {mine:.3f}, other pacts "
                           f"{other:.3f}", "U.S. pacts are more unequal" if ok else "U.S. pacts are not more unequal")
        led = led_by_group_state(power).set_index("group").loc["U.S."]
        ok = int(led["led"]) == int(led["pact_years_with_cinc"])
        kind = "alliance" if provision == "any" else "defense-pact"
        return finding(ok, f"the U.S. is the strongest member in {int(led['led'])} of {int(led['pact_years_with_cinc'])} "
                       f"U.S. {kind}-years with CINC, {years}", "in every one" if ok else
                       f"not in {int(led['pact_years_with_cinc']) - int(led['led'])}")
    return judge


def patron_readings() -> tuple[Reading, ...]:
    return (
        Reading("defense-pacts", "COW CINC: the U.S. is the strongest member in every U.S. defense-pact-year "
                "1946-end (NMC years)", _patron("defense-pacts")),
        Reading("all-alliances", "COW CINC: the U.S. is the strongest member in every U.S. alliance-year (any "
                "obligation) 1946-end", _patron("all-alliances")),
        Reading("more-asymmetric", "COW CINC: the strongest member's share is higher on average in U.S. defense "
                "pacts than in other states' (not U.S., not Soviet/Russian) pacts, 1946-end", _patron("more-asymmetric")),
    )


def _soviet(measure: str):
    def judge(ev: Evidence) -> Finding:
        if ev.data.last_year < COLD_WAR[1]:
            raise NotAvailable(f"ATOP {ev.version} ends before 1991")
        power = _power(ev, "defense", *COLD_WAR)
        table = period_comparison(power, *COLD_WAR)
        verdict = soviet_comparison_verdict(table, measure)
        fmt = "{:.1f}" if measure == "median_bilateral_ratio" else "{:.3f}"
        measured = (f"U.S. pacts {fmt.format(verdict['us'])}, Soviet pacts {fmt.format(verdict['soviet'])}, "
                    f"other pacts {fmt.format(verdict['other'])} ({COLD_WAR[0]}-{COLD_WAR[1]})")
        holds = bool(verdict["holds"])
        return finding(holds, measured, "the Soviet pacts are nearer the U.S. pacts than other pacts are" if holds
                       else "other pacts are nearer the U.S. pacts than the Soviet pacts are")
    return judge


def soviet_readings() -> tuple[Reading, ...]:
    return (
        Reading("cinc-share", "power: the mean strongest-member CINC share of Soviet defense pacts is nearer the "
                "U.S. pacts' than other pacts' is, 1946-1991", _soviet("mean_strongest_share")),
        Reading("cinc-ratio", "power, bilateral pacts: the median CINC ratio (stronger/weaker) of Soviet pacts is "
                "nearer the U.S. pacts' than other pacts' is, 1946-1991", _soviet("median_bilateral_ratio")),
        Reading("atop-asymm", "obligations: the share of pact-years ATOP codes asymm = 1 (obligations differ among "
                "members) is nearer the U.S. pacts' for Soviet pacts than for other pacts, 1946-1991",
                _soviet("asymm_share")),
    )


# --------------------------------------------------------------------------- partners and the outlier

def _partners(ev: Evidence) -> pd.DataFrame:
    return ev.cached("partners:defense:any", lambda: partners_by_year(ev.data, "defense", direction="any"))


def _leaders(partners: pd.DataFrame) -> pd.Series:
    """The state with strictly the most partners each year (years with a tie at the top left out)."""
    top = partners[partners["partners"].eq(partners.groupby("year")["partners"].transform("max"))]
    single = top.groupby("year").filter(lambda g: len(g) == 1)
    return single.set_index("year")["ccode"]


def _unique(reading: str):
    def judge(ev: Evidence) -> Finding:
        partners = _partners(ev)
        last = ev.data.last_year
        if reading == "scope":
            year = partners[partners["year"].eq(last)].sort_values(["partners", "ccode"], ascending=[False, True])
            if year.empty:
                return finding(False, f"no defense-pact partners in {last}", "no partners")
            first, second = year.iloc[0], year.iloc[1] if len(year) > 1 else None
            ok = int(first["ccode"]) == US and (second is None or first["partners"] > second["partners"])
            runner = f"; next {state_name(ev, second['ccode'])} {int(second['partners'])}" if second is not None else ""
            return finding(ok, f"{state_name(ev, first['ccode'])} {int(first['partners'])} defense-pact partners in "
                           f"{last}{runner}", "the U.S. has the most" if ok else "the U.S. does not have the most")
        if reading == "duration":
            leaders = _leaders(partners).value_counts()
            ok = len(leaders) > 0 and int(leaders.index[0]) == US and (len(leaders) == 1 or leaders.iloc[0] > leaders.iloc[1])
            top = "; ".join(f"{state_name(ev, c)} {int(n)}" for c, n in leaders.head(3).items())
            return finding(ok, f"years with the most defense-pact partners, {ev.data.first_year}-{last}: {top}",
                           "the U.S. has led longest" if ok else "another state has led longer")
        alliances = ev.data.alliances
        with_us = ev.data.members.loc[ev.data.members["member"].eq(US), "atopid"]
        pacts = alliances[alliances["atopid"].isin(with_us) & alliances["defense"].eq(1)]
        if reading == "no-intervention-today":
            pacts = pacts[pacts["in_force_at_end"]]
        if "interv" not in pacts.columns:
            raise NotAvailable(f"ATOP {ev.version} has no interv column")
        meddling = pacts[pacts["interv"].isin([2, 3]).fillna(False).to_numpy(dtype=bool)]
        listed = ", ".join(f"ATOPID {int(a)} ({int(b)}, interv {int(c)})"
                           for a, b, c in zip(meddling["atopid"], meddling["begyr"], meddling["interv"]))
        scope = f"in force in {last}" if reading == "no-intervention-today" else "ever"
        return finding(meddling.empty, f"{len(meddling)} of {len(pacts)} U.S. defense pacts ({scope}) provide for "
                       f"intervention in members' domestic affairs" + (f": {listed}" if listed else ""),
                       "none" if meddling.empty else "some do")
    return judge


def unique_readings() -> tuple[Reading, ...]:
    return (
        Reading("scope", "scope: the U.S. has strictly the most defense-pact partners in the last year",
                _unique("scope")),
        Reading("duration", "duration: the U.S. has had strictly the most defense-pact partners in more years of "
                "the coverage than any other state", _unique("duration")),
        Reading("no-intervention-ever", "no U.S. defense pact ever provides for intervention in members' domestic "
                "affairs (ATOP interv = 2, mutual, or 3, one-sided)", _unique("no-intervention-ever")),
        Reading("no-intervention-today", "no U.S. defense pact in force at the end of coverage has interv = 2 or 3",
                _unique("no-intervention-today")),
    )


def _outlier(reading: str):
    def judge(ev: Evidence) -> Finding:
        start, last = _after_war(ev)
        partners = _partners(ev)
        partners = partners[partners["year"].between(start, last)]
        table = outlier_by_year(partners, US, (start, last)).set_index("year")
        years = len(table)
        if reading in ("strict", "tied"):
            lead = table["partners"] > table["next_partners"]
            if reading == "tied":
                lead = table["partners"] >= table["next_partners"]
            missed = [int(y) for y in table.index[~lead.to_numpy()]]
            measured = (f"first in {years - len(missed)} of {years} years {start}-{last}; {int(table['partners'].iloc[-1])} "
                        f"partners in {last}, next {state_name(ev, table['next_ccode'].iloc[-1])} "
                        f"{int(table['next_partners'].iloc[-1])}")
            return finding(not missed, measured, "every year" if not missed else
                           f"{'tied or behind' if reading == 'strict' else 'behind'} in {years_text(missed)}")
        if reading == "pacts":
            held = membership_years(ev.data, "defense", start, last)[["atopid", "member", "year"]].drop_duplicates()
            counts = held.groupby(["year", "member"]).size().rename("pacts").reset_index()
            best = counts.groupby("year")["pacts"].max()
            mine = counts[counts["member"].eq(US)].set_index("year")["pacts"].reindex(best.index, fill_value=0)
            missed = [int(y) for y in best.index[mine < best]]
            return finding(not missed, f"the U.S. is in the most defense pacts (ties included) in {len(best) - len(missed)} "
                           f"of {len(best)} years; {int(mine.iloc[-1])} pacts in {last}", "every year" if not missed
                           else f"behind in {years_text(missed)}")
        quartiles = partners.groupby("year")["partners"].quantile([0.25, 0.75]).unstack()
        fence = quartiles[0.75] + TUKEY * (quartiles[0.75] - quartiles[0.25])
        above = table["partners"] > fence.reindex(table.index)
        missed = [int(y) for y in table.index[~above.fillna(False).to_numpy(dtype=bool)]]
        return finding(not missed, f"above Tukey's fence (Q3 + {TUKEY:g}×IQR of states with partners) in "
                       f"{years - len(missed)} of {years} years; fence {fence.iloc[-1]:.1f} in {last}",
                       "every year" if not missed else f"not in {years_text(missed)}")
    return judge


def outlier_readings() -> tuple[Reading, ...]:
    return (
        Reading("strict", "defense-pact partners (member-level, either direction): the U.S. has strictly the most "
                "in every year 1946-end", _outlier("strict")),
        Reading("tied", "defense-pact partners (member-level, either direction): the U.S. has the most, or shares "
                "the most, in every year 1946-end", _outlier("tied")),
        Reading("pacts", "the U.S. belongs to the most defense pacts (ties included) in every year 1946-end",
                _outlier("pacts")),
        Reading("tukey", f"a statistical outlier: the U.S. partner count lies above Tukey's fence (Q3 + {TUKEY:g}×IQR "
                "over the states with any partner) in every year 1946-end", _outlier("tukey")),
    )
