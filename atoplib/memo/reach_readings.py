"""Readings of the memo's claims about how far the U.S. alliance network reaches: "a core ally for
many nations", "forward deployment of troops", and "a critical difference between U.S. alliances
and the recent trend of alliance treaties".

Partners are states sharing an alliance in force with simultaneous membership
(:func:`atoplib.measures.dyads.partners_by_year`); major powers are COW's (``majors2016``, a spell
reaching the file's end taken to go on: :func:`atoplib.measures.persistence.is_major`); basing is
ATOP's alliance-level ``base`` (codebook 5.1, section 2.45; meanings in
:data:`atoplib.measures.access.BASE`). A U.S. alliance is one the U.S. (COW 2) belongs to; a
defense pact has ``defense = 1`` at the alliance level; in force in year *y*: ``begyr <= y <=
endyr`` or still in force; "the recent trend": alliances signed 1992-end (after the Cold War).
"""

from __future__ import annotations

import pandas as pd

from ..data.codebook import codebook_quote
from ..data.cow import US
from ..measures.access import BASE
from ..measures.dyads import partners_by_year
from ..measures.persistence import is_major
from ..measures.trends import alliance_years
from . import naming
from .evidence import Evidence
from .promise_readings import all_dyads, defense_pacts_in_force, need_column, span, us_defense_pacts
from .rules import AFTER_COLD_WAR, COLD_WAR, SINCE_WWII, judge_first, judge_most, listed, pct
from .types import Finding, NotAvailable, Reading

BASE_Q = codebook_quote("BASE")
BASE_ONE_WAY = codebook_quote("BASE/3")
#: ATOP's one-way basing code (codebook 5.1, BASE: "not reciprocal").
ONE_WAY = 3


# --------------------------------------------------------------------------- "a core ally for many nations"

def _majors(ev: Evidence, year: int) -> list[int]:
    """COW major powers in ``year``, the U.S. always among them (it is the one compared)."""
    ev.need("majors")
    codes = sorted({int(c) for c in ev.majors["ccode"]})
    major = is_major(ev.majors, codes, [year] * len(codes))
    return sorted({US, *(c for c, m in zip(codes, major) if m)})


def _ranked(ev: Evidence, counts: dict[int, int], years: dict[int, int] | None = None) -> str:
    order = sorted(counts, key=lambda c: (-counts[c], c != US, c))
    return "; ".join(f"{naming.state(ev, c)} {counts[c]}" + (f" ({years[c]})" if years else "") for c in order)


def _core_ally(how: str):
    def judge(ev: Evidence) -> Finding:
        last = ev.data.last_year
        powers = _majors(ev, last)
        years = None
        if how in ("partners", "defense-partners"):
            provision = None if how == "partners" else "defense"
            table = ev.cached(f"partners:{provision}:{last}",
                              lambda: partners_by_year(ev.data, provision, "any", last, last))
            counts = table.set_index("ccode")["partners"]
            counts = {c: int(counts.get(c, 0)) for c in powers}
            what = f"{'defense-pact ' if provision else ''}alliance partners in {last}"
        elif how == "ever":
            dyads = all_dyads(ev)
            distinct = dyads.groupby("stateA")["stateB"].nunique()
            counts = {c: int(distinct.get(c, 0)) for c in powers}
            what = f"distinct alliance partners {ev.data.first_year}-{last}"
        else:
            table = ev.cached("partners:any:all", lambda: partners_by_year(ev.data, None, "any"))
            counts, years = {}, {}
            for c in powers:
                mine = table[table["ccode"].eq(c)]
                counts[c] = int(mine["partners"].max()) if len(mine) else 0
                years[c] = int(mine.loc[mine["partners"].idxmax(), "year"]) if len(mine) else last
            what = "alliance partners at each power's peak year"
        values = {naming.state(ev, c): v for c, v in counts.items()}
        return judge_first(values, naming.state(ev, US), _ranked(ev, counts, years), what)
    return judge


def core_ally_readings() -> tuple[Reading, ...]:
    versus = "than any other COW major power of the last year"
    return (
        Reading("partners-last-year", "stated", f"in the last year, the U.S. has more alliance partners (distinct "
                f"states sharing any alliance in force) {versus}",
                "'a core ally for many nations' read against the U.S.'s peers, the other major powers (plurality: "
                "the most)", _core_ally("partners"), label="most alliance partners of the major powers, today"),
        Reading("defense-partners", "alternative", f"the same counting only partners in defense pacts {versus}",
                "'core ally' read as a defense commitment, the memo's 'security provider'", _core_ally(
                    "defense-partners"), label="most defense-pact partners"),
        Reading("ever", "alternative", f"distinct alliance partners over the whole coverage, more {versus}",
                "'many nations' read over the alliance's history rather than today", _core_ally("ever"), label="most partners over the whole coverage"),
        Reading("peak-year", "alternative", f"each power's partners in its own peak year; the U.S.'s peak above "
                "each other's", "each network at its widest, so an older empire's peak counts too",
                _core_ally("peak"), label="most partners at each power's peak"),
    )


# --------------------------------------------------------------------------- "forward deployment of troops"

def _base_label(ev: Evidence, atopid: int, code) -> str:
    """"ATOPID 3180 (North Atlantic Treaty, 1949): base 3" (the codes' meanings: :data:`BASE`)."""
    return f"{naming.pact(ev, atopid)}: base {'not coded' if pd.isna(code) else int(code)}"


def _forward(how: str):
    def judge(ev: Evidence) -> Finding:
        need_column(ev, "alliances", "base")
        last = ev.data.last_year
        base = ev.data.alliances.set_index("atopid")["base"]
        carries = (lambda code: code == ONE_WAY) if how == "one-way" else (lambda code: code > 0)
        word = f"base = {ONE_WAY}" if how == "one-way" else "base > 0"
        if how == "pact-years":
            first, _ = span(ev, SINCE_WWII)
            years = defense_pacts_in_force(ev, first, last)
            years = years[years["atopid"].isin(ev.us_alliances())]
            ok = years["atopid"].map(lambda a: bool(carries(base[a])) if not pd.isna(base[a]) else False)
            with_base = sorted(int(a) for a in years.loc[ok, "atopid"].unique())
            measured = (f"{int(ok.sum())} of {len(years)} U.S. defense pact-years {first}-{last} carry {word}"
                        + (f": {listed([_base_label(ev, a, base[a]) for a in with_base])}" if with_base else ""))
            return judge_most(int(ok.sum()), len(years), measured, f"U.S. defense pact-years {first}-{last}")
        if how == "ever":
            chosen = ev.data.alliances[ev.data.alliances["defense"].eq(1) & ev.data.alliances["atopid"].isin(
                ev.us_alliances())]
            pacts, where = sorted(int(a) for a in chosen["atopid"]), "U.S. defense pacts of the whole coverage"
        else:
            pacts, where = us_defense_pacts(ev, last), f"U.S. defense pacts in force in {last}"
        ok = [a for a in pacts if not pd.isna(base[a]) and carries(base[a])]
        measured = (f"{len(ok)} of {len(pacts)} {where} carry {word}"
                    + (f": {listed([_base_label(ev, a, base[a]) for a in ok])}" if ok else ""))
        return judge_most(len(ok), len(pacts), measured, where,
                          [_base_label(ev, a, base[a]) for a in pacts if a not in ok])
    return judge


def forward_deployment_readings() -> tuple[Reading, ...]:
    return (
        Reading("base-last-year", "stated", "more than half of the U.S. defense pacts in force in the last year carry "
                f"a basing provision (alliance-level base > 0; {', '.join(f'{c} {m}' for c, m in BASE.items())})",
                f"'largely' (majority); forward deployment needs troops on an ally's soil, which ATOP codes as BASE "
                f"({BASE_Q.citation}: '{BASE_Q.text}')", _forward("any"), label="basing in most U.S. defense pacts, today"),
        Reading("one-way-last-year", "alternative", f"the same counting only one-way basing (base = {ONE_WAY})",
                f"U.S. troops on allies' soil without the reverse; {BASE_ONE_WAY.citation}", _forward("one-way"), label="one-way basing in most, today"),
        Reading("ever", "alternative", "more than half of every U.S. defense pact of the whole coverage carries base > 0",
                "'has largely been done' read over the network's history", _forward("ever"), label="basing in most U.S. defense pacts ever"),
        Reading("pact-years", "alternative", "more than half of the U.S. defense pact-years 1946-end carry base > 0",
                "each pact weighted by the years it was in force since World War II", _forward("pact-years"), label="basing in most U.S. defense pact-years"),
    )


# --------------------------------------------------------------------------- "a critical difference"

def _share(frame: pd.DataFrame) -> tuple[int, int, float]:
    total = len(frame)
    held = int(frame["defense"].eq(1).sum())
    return held, total, held / total if total else float("nan")


def _in_force(ev: Evidence, year: int) -> pd.DataFrame:
    chosen = alliance_years(ev.data, None, year, year)["atopid"]
    return ev.data.alliances[ev.data.alliances["atopid"].isin(chosen)]


def _signed(ev: Evidence, first: int, last: int) -> pd.DataFrame:
    return ev.data.alliances[ev.data.alliances["begyr"].between(first, last)]


def _compare(ours: tuple[int, int, float], theirs: tuple[int, int, float], our_label: str, their_label: str) -> Finding:
    for (held, total, _), label in ((ours, our_label), (theirs, their_label)):
        if total == 0:
            raise NotAvailable(f"there are no {label}")
    measured = (f"{our_label}: {ours[0]} of {ours[1]} are defense pacts ({pct(ours[2])}); {their_label}: "
                f"{theirs[0]} of {theirs[1]} ({pct(theirs[2])})")
    larger = ours[2] > theirs[2]
    return Finding(measured, "agree" if larger else "differ",
                   f"the U.S. share is {'larger' if larger else 'not larger'} ({pct(ours[2])} against {pct(theirs[2])})")


def _critical(how: str):
    def judge(ev: Evidence) -> Finding:
        last = ev.data.last_year
        us = set(int(a) for a in ev.us_alliances())
        if how == "cold-war-origin":
            pacts = us_defense_pacts(ev, last)
            signed = ev.data.alliances.set_index("atopid")["begyr"]
            old = [a for a in pacts if COLD_WAR[0] <= signed[a] <= COLD_WAR[1]]
            measured = (f"{len(old)} of the {len(pacts)} U.S. defense pacts in force in {last} were signed "
                        f"{COLD_WAR[0]}-{COLD_WAR[1]}: {listed(naming.pacts(ev, pacts), limit=len(pacts))}")
            return judge_most(len(old), len(pacts), measured, f"U.S. defense pacts in force in {last}",
                              naming.pacts(ev, [a for a in pacts if a not in old]))
        first, _ = span(ev, AFTER_COLD_WAR)
        recent = _signed(ev, first, last)
        others_recent = recent[~recent["atopid"].isin(us)]
        recent_label = f"other states' alliances signed {first}-{last}"
        if how == "us-signed-recent":
            mine = recent[recent["atopid"].isin(us)]
            return _compare(_share(mine), _share(others_recent), f"U.S. alliances signed {first}-{last}", recent_label)
        now = _in_force(ev, last)
        ours = _share(now[now["atopid"].isin(us)])
        if how == "in-force":
            theirs = now[~now["atopid"].isin(us)]
            return _compare(ours, _share(theirs), f"U.S. alliances in force in {last}",
                            f"other states' alliances in force in {last}")
        return _compare(ours, _share(others_recent), f"U.S. alliances in force in {last}", recent_label)
    return judge


def critical_difference_readings() -> tuple[Reading, ...]:
    return (
        Reading("us-now-vs-recent-trend", "stated", "the share of defense pacts among U.S. alliances in force in the "
                "last year is larger than among the alliances other states signed 1992-end",
                "'U.S. alliances' are today's U.S. network; 'the recent trend of alliance treaties' is what was "
                "signed after the Cold War, where 'the consultative-only pact has become the most common form'",
                _critical("now-vs-recent"), label="U.S. alliances today against the pacts signed since 1992"),
        Reading("in-force", "alternative", "the share of defense pacts among U.S. alliances in force in the last year "
                "is larger than among other states' alliances in force that year",
                "the comparison made on the pacts in force today, as Figures 1 and 2 count", _critical("in-force"), label="U.S. alliances against the rest, today"),
        Reading("us-signed-recent", "alternative", "among alliances signed 1992-end, the U.S.'s carry defense more "
                "often than other states'", "whether the U.S. itself departs from the recent trend in what it signs",
                _critical("us-signed-recent"), label="U.S. alliances signed since 1992 against the rest"),
        Reading("cold-war-origin", "alternative", "most of the U.S. defense pacts in force in the last year were signed "
                "1946-1991", "whether the U.S. lead comes from Cold War treaties (NATO's enlargement adds members, "
                "not pacts)", _critical("cold-war-origin"), label="U.S. defense pacts signed in the Cold War"),
    )
