"""Readings of the memo's claims about the U.S. network's place among all states: the title's
"persistent outlier" and "unique in scope and duration" (and without control of members' domestic
policies).

Partners are distinct defense-pact partners per state-year: states sharing a defense pact in force
with the state, either promising the other defense (member-level codes, either direction:
:func:`atoplib.measures.dyads.partners_by_year`).
"""

from __future__ import annotations

import pandas as pd

from ..data.cow import US
from ..measures.dyads import partners_by_year
from ..measures.partners import outlier_by_year
from ..measures.trends import membership_years
from .evidence import Evidence
from .rules import SINCE_WWII, judge_every, judge_first
from .types import Finding, NotAvailable, Reading

#: Tukey's upper fence for an outlier: Q3 + this x IQR.
TUKEY = 1.5
#: ATOP's INTERV codes for a promise to intervene in members' domestic affairs: 2, mutual; 3, one-sided
#: (codebook 5.1, INTERV).
INTERVENTION = (2, 3)


def _partners(ev: Evidence, provision: str = "defense") -> pd.DataFrame:
    return ev.cached(f"partners:{provision}:any", lambda: partners_by_year(ev.data, provision, direction="any"))


def _since_war(ev: Evidence) -> tuple[int, int]:
    last = ev.data.last_year
    if last < SINCE_WWII:
        raise NotAvailable(f"ATOP {ev.version} ends in {last}, before the post-war years")
    return SINCE_WWII, last


def _outlier(reading: str, provision: str = "defense", first: int | None = None):
    def judge(ev: Evidence) -> Finding:
        start, last = _since_war(ev)
        start = first if first is not None else start
        partners = _partners(ev, provision)
        partners = partners[partners["year"].between(start, last)]
        table = outlier_by_year(partners, US, (start, last)).set_index("year")
        span = f"years {start}-{last}"
        kind = "defense-pact" if provision == "defense" else "alliance"
        if reading in ("strict", "tied"):
            ahead = table["partners"] > table["next_partners"]
            if reading == "tied":
                ahead = table["partners"] >= table["next_partners"]
            holds = {int(y): bool(ok) for y, ok in ahead.items()}
            measured = (f"{int(table['partners'].iloc[-1])} {kind} partners in {last}, next "
                        f"{ev.state_name(table['next_ccode'].iloc[-1])} {int(table['next_partners'].iloc[-1])}")
            return judge_every(holds, measured, span, years=True)
        if reading == "pacts":
            held = membership_years(ev.data, provision, start, last)[["atopid", "member", "year"]].drop_duplicates()
            counts = held.groupby(["year", "member"]).size().rename("pacts").reset_index()
            best = counts.groupby("year")["pacts"].max()
            mine = counts[counts["member"].eq(US)].set_index("year")["pacts"].reindex(best.index, fill_value=0)
            holds = {int(y): bool(mine[y] >= best[y]) for y in best.index}
            return judge_every(holds, f"{int(mine.iloc[-1])} {kind} pacts in {last} (the most: {int(best.iloc[-1])})",
                               span, years=True)
        quartiles = partners.groupby("year")["partners"].quantile([0.25, 0.75]).unstack()
        fence = (quartiles[0.75] + TUKEY * (quartiles[0.75] - quartiles[0.25])).reindex(table.index)
        holds = {int(y): bool(table.loc[y, "partners"] > fence.loc[y]) if pd.notna(fence.loc[y]) else False
                 for y in table.index}
        measured = (f"{int(table['partners'].iloc[-1])} {kind} partners in {last} against a fence of "
                    f"{fence.iloc[-1]:.1f} (Q3 + {TUKEY:g} IQR over states with partners)")
        return judge_every(holds, measured, span, years=True)
    return judge


def outlier_readings() -> tuple[Reading, ...]:
    partners = "defense-pact partners (member-level codes, either direction)"
    return (
        Reading("tukey", "stated", f"{partners}: the U.S. count lies above Tukey's fence (Q3 + {TUKEY:g} IQR over the "
                "states with any partner) in every year 1946-end",
                "'A PERSISTENT OUTLIER': an outlier is a value far from the rest (Tukey's rule), persistent is every "
                "year (rule 1) of the system the memo dates from World War II", _outlier("tukey"), label="above Tukey's fence every year since 1946"),
        Reading("strict", "alternative", f"{partners}: the U.S. has strictly the most in every year 1946-end",
                "an outlier read as the leader", _outlier("strict"), label="strictly the most partners every year"),
        Reading("tied", "alternative", f"{partners}: the U.S. has the most, or shares the most, in every year "
                "1946-end", "the leader, ties allowed", _outlier("tied"), label="the most partners, ties allowed"),
        Reading("pacts", "alternative", "the U.S. belongs to the most defense pacts (ties included) in every year "
                "1946-end", "the network counted in treaties rather than partners", _outlier("pacts"), label="the most defense pacts every year"),
        Reading("tukey/any-alliance", "alternative", "partners in alliances of any obligation (member file): the U.S. "
                "count lies above Tukey's fence in every year 1946-end", "the 'alliance network' read as every "
                "alliance, not only defense pacts", _outlier("tukey", "any"), label="partners in any alliance, Tukey's fence"),
        Reading("tukey/since-1815", "stress", f"{partners}: above Tukey's fence in every year of the whole coverage",
                "strained: the memo dates the U.S. system from World War II, and the U.S. held no alliance for most "
                "of the 19th century", _outlier("tukey", first=1815), label="Tukey's fence every year since 1815"),
    )


def _leaders(partners: pd.DataFrame) -> pd.Series:
    """The state with strictly the most partners each year (years with a tie at the top left out)."""
    top = partners[partners["partners"].eq(partners.groupby("year")["partners"].transform("max"))]
    single = top.groupby("year").filter(lambda g: len(g) == 1)
    return single.set_index("year")["ccode"]


def _unique(reading: str, scope: str = "ever"):
    def judge(ev: Evidence) -> Finding:
        last = ev.data.last_year
        if reading == "scope":
            partners = _partners(ev)
            year = partners[partners["year"].eq(last)]
            counts = {ev.state_name(c): int(n) for c, n in zip(year["ccode"], year["partners"])}
            top = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
            measured = f"defense-pact partners in {last}: " + "; ".join(f"{s} {n}" for s, n in top)
            return judge_first(counts, ev.state_name(US), measured, f"defense-pact partners in {last}")
        if reading == "duration":
            led = _leaders(_partners(ev)).value_counts()
            counts = {ev.state_name(c): int(n) for c, n in led.items()}
            top = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
            measured = (f"years with strictly the most defense-pact partners, {ev.data.first_year}-{last}: "
                        + "; ".join(f"{s} {n}" for s, n in top))
            return judge_first(counts, ev.state_name(US), measured, "years with the most defense-pact partners")
        alliances = ev.data.alliances
        if "interv" not in alliances.columns:
            raise NotAvailable(f"ATOP {ev.version} has no interv column")
        pacts = alliances[alliances["atopid"].isin(ev.us_alliances()) & alliances["begyr"].ge(SINCE_WWII - 1)]
        if reading == "defense":
            pacts = pacts[pacts["defense"].eq(1)]
        if scope == "today":
            pacts = pacts[pacts["in_force_at_end"]]
        codes = pacts["interv"].astype("Int64")
        holds = {f"ATOPID {int(a)} ({int(b)}, interv {int(c) if pd.notna(c) else 'not coded'})":
                 bool(pd.notna(c) and int(c) not in INTERVENTION)
                 for a, b, c in zip(pacts["atopid"], pacts["begyr"], codes)}
        coded = sum(pd.notna(c) for c in codes)
        meddling = sum(pd.notna(c) and int(c) in INTERVENTION for c in codes)
        measured = (f"{meddling} of {len(pacts)} U.S. {'defense pacts' if reading == 'defense' else 'alliances'} "
                    f"signed since 1945{' and in force in ' + str(last) if scope == 'today' else ''} provide for "
                    f"intervention in members' domestic affairs (interv 2 or 3); {len(pacts) - coded} not coded")
        return judge_every(holds, measured, "U.S. alliances" if reading != "defense" else "U.S. defense pacts")
    return judge


def unique_readings() -> tuple[Reading, ...]:
    return (
        Reading("scope", "stated", "scope: the U.S. has strictly the most defense-pact partners in the last year",
                "'unique in scope': first among all states today (rule 3)", _unique("scope"), label="scope: the most partners today"),
        Reading("duration", "stated", "duration: the U.S. has had strictly the most defense-pact partners in more "
                "years of the coverage than any other state", "'unique in ... duration': first in years at the "
                "top (rule 3)", _unique("duration"), label="duration: the most years at the top"),
        Reading("no-control", "stated", "no U.S. alliance signed since 1945 provides for intervention in members' "
                "domestic affairs (ATOP interv 2, mutual, or 3, one-sided; a pact not coded counts as an exception)",
                "'does not control the domestic policies of the network members': none (rule 1), ATOP's INTERV "
                "(codebook 5.1)", _unique("no-control"), label="no provision to intervene"),
        Reading("no-control/defense", "alternative", "no U.S. defense pact signed since 1945 has interv 2 or 3",
                "the network read as its defense pacts", _unique("defense"), label="no provision to intervene, defense pacts"),
        Reading("no-control/today", "alternative", "no U.S. alliance in force at the end of coverage has interv 2 or 3",
                "the network as it stands today", _unique("no-control", "today"), label="no provision to intervene, alliances in force today"),
    )
