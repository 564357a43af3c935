"""Readings of the memo's claims about the U.S. alliance system: its treaties, France and the Rio
Pact, mutual promises, power asymmetry, the Soviet comparison and the U.S. as an outlier.

Partners and dyads come from :mod:`atoplib.dyads` (member-level codes: who promises whom), the
treaties from the queries of :data:`atoplib.MEMO_TREATIES`, power from COW CINC through
:mod:`atoplib.asymmetry`.
"""

from __future__ import annotations

import warnings

import pandas as pd

from ..data.cow import US
from ..errors import AtopWarning
from ..measures import readings as rules
from ..measures.dyads import dyad_years
from ..measures.treaties import find_treaty, member_exits
from ..measures.trends import membership_years
from .claims_common import AFTER, finding, pct, state_name
from .treaties import MEMO_TREATIES
from .types import Evidence, Finding, NotAvailable, Reading
from .verdicts import years_text

#: "Since World War II": the first post-war year
POST_WAR = 1946
#: "directed in just one direction" / "by and large": a majority
MAJORITY = 0.5


def _treaty(ev: Evidence, name_start: str) -> int | None:
    query = next(q for q in MEMO_TREATIES if q.name.startswith(name_start))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AtopWarning)
        return ev.cached(f"treaty:{query.name}", lambda: find_treaty(ev.data, query))


def _after_war(ev: Evidence) -> tuple[int, int]:
    last = ev.data.last_year
    if last < POST_WAR:
        raise NotAvailable(f"ATOP {ev.version} ends in {last}, before the post-war years")
    return POST_WAR, last


# --------------------------------------------------------------------------- treaties

def _article5(reading: str):
    def judge(ev: Evidence) -> Finding:
        phases = rules.phase_table(ev.data) if reading == "phase" else None
        if reading == "phase" and phases is None:
            raise NotAvailable(f"ATOP {ev.version} has no alliance-phase (aph) file")
        alliances = ev.data.alliances.set_index("atopid")
        members = ev.data.members
        good, bad = [], []
        for query in MEMO_TREATIES:
            short = query.name.split(" (")[0]
            atopid = _treaty(ev, query.name)
            if atopid is None:
                bad.append(f"{short} {query.signed}: not found")
                continue
            if reading == "alliance":
                ok = alliances.loc[atopid, "defense"] == 1
                note = "defense = 0" if not ok else ""
            elif reading == "member":
                rows = members[members["atopid"].eq(atopid)]
                first = rows[rows["phase"].eq(rows["phase"].min()) & rows["yrent"].eq(query.signed)]
                without = sorted(int(c) for c in first.loc[first["defense"].ne(1), "member"])
                ok = not without
                note = "no defense promise from " + ", ".join(state_name(ev, c) for c in without) if without else ""
            else:
                codes = phases.loc[phases["atopid"].eq(atopid), "defense"]
                ok = bool(codes.eq(1).all())
                note = f"defense = 0 in {int(codes.ne(1).sum())} of {len(codes)} phases" if not ok else ""
            (good if ok else bad).append(f"{short} {query.signed}" + (f" ({note})" if note else ""))
        measured = f"{len(good)} of {len(MEMO_TREATIES)} hold" + (f"; not: {'; '.join(bad)}" if bad else "")
        return finding(not bad, measured, "every named treaty carries the promise this reading needs" if not bad
                       else f"{len(bad)} {'treaty falls' if len(bad) == 1 else 'treaties fall'} short")
    return judge


def article5_readings() -> tuple[Reading, ...]:
    return (
        Reading("alliance", "each named treaty (NATO 1949 and the five others, found by signing year and members) "
                "is coded defense = 1 on the alliance level", _article5("alliance")),
        Reading("member", "in each treaty's first phase every founding member, the U.S. included, promises "
                "defense (member-level defense = 1), as Article 5's 'an attack on one is an attack on all'",
                _article5("member")),
        Reading("phase", "every phase of each treaty keeps defense = 1 (alliance-phase file)", _article5("phase")),
    )


def _france(reading: str):
    def judge(ev: Evidence) -> Finding:
        atopid = _treaty(ev, "North Atlantic")
        if atopid is None:
            return finding(False, "no alliance matches the North Atlantic Treaty", "NATO not found")
        rows = ev.data.members[ev.data.members["atopid"].eq(atopid) & ev.data.members["member"].eq(220)]
        if rows.empty:
            return finding(False, f"France is not among ATOPID {atopid}'s members", "no membership rows")
        if reading == "membership":
            years = membership_years(ev.data, None, int(rows["yrent"].min()), ev.data.last_year)
            held = set(years.loc[years["atopid"].eq(atopid) & years["member"].eq(220), "year"])
            span = range(int(rows["yrent"].min()), ev.data.last_year + 1)
            gaps = [y for y in span if y not in held]
            ok = not gaps and bool(rows["in_force_at_end"].any())
            measured = (f"member of ATOPID {atopid} every year {span[0]}-{span[-1]}, no exit recorded" if ok
                        else f"not a member in {years_text(gaps)}" if gaps else "membership ends before the coverage end")
            return finding(ok, measured, "ATOP keeps France in NATO throughout" if ok else "ATOP records a break")
        codes = rows["defense"]
        ok = bool(codes.eq(1).all())
        return finding(ok, f"defense = 1 in {int(codes.eq(1).sum())} of {len(rows)} of France's NATO membership rows "
                       f"(phases {', '.join(str(int(p)) for p in rows['phase'])})",
                       "France's promise of defense is kept in every phase, 1966 included" if ok
                       else "France lacks the defense promise in some phase")
    return judge


def france_readings() -> tuple[Reading, ...]:
    return (
        Reading("membership", "ATOP records France (COW 220) as a NATO member in every year from 1949 to the end "
                "of coverage, without an exit", _france("membership")),
        Reading("obligations", "France's member-level defense promise (Article 5) is coded in every NATO phase",
                _france("obligations")),
    )


def _rio(low: int):
    def judge(ev: Evidence) -> Finding:
        if ev.data.last_year < AFTER:
            raise NotAvailable(f"ATOP {ev.version} ends in {ev.data.last_year}, before the years after the Cold War")
        atopid = _treaty(ev, "Rio Pact")
        if atopid is None:
            return finding(False, "no alliance matches the Rio Pact", "Rio Pact not found")
        exits = member_exits(ev.data, atopid)
        after = exits[exits["exit_year"].ge(AFTER)]
        named = ", ".join(f"{state_name(ev, c)} {int(y)}" for c, y in zip(after["ccode"], after["exit_year"]))
        ok = len(after) >= low
        return finding(ok, f"{len(after)} exits {AFTER}-{ev.data.last_year}" + (f": {named}" if named else ""),
                       f"{'at least' if ok else 'fewer than'} {low}")
    return judge


def rio_readings() -> tuple[Reading, ...]:
    return (
        Reading("three-or-more", "'several' = three or more members leave the Rio Pact (ATOPID found by its query) "
                "in 1992-end (an exit: a membership ends while the pact goes on)", _rio(3)),
        Reading("two-or-more", "'several' = two or more such exits in 1992-end", _rio(2)),
    )


# --------------------------------------------------------------------------- mutual promises

def _us_dyads(ev: Evidence) -> pd.DataFrame:
    def compute():
        start, last = _after_war(ev)
        dyads = dyad_years(ev.data, start, last)
        return dyads[dyads["stateA"].eq(US) | dyads["stateB"].eq(US)]
    return ev.cached("us-dyads", compute)


def _mutual(reading: str):
    def judge(ev: Evidence) -> Finding:
        start, last = _after_war(ev)
        dyads = _us_dyads(ev)
        out_ = dyads[dyads["stateA"].eq(US)].set_index(["stateB", "year"])
        in_ = dyads[dyads["stateB"].eq(US)].set_index(["stateA", "year"])
        in_.index = in_.index.set_names(["stateB", "year"])
        if reading == "reciprocal":
            promised = out_[out_["defense"].eq(1)]
            back = in_["defense"].reindex(promised.index).fillna(0).eq(1)
            share = back.groupby(level="year").mean()
            low_years = [int(y) for y in share.index[share <= MAJORITY]]
            lastshare = share.iloc[-1]
            measured = (f"{int(back.xs(last, level='year').sum())} of {int((promised.index.get_level_values('year') == last).sum())} "
                        f"states the U.S. promises defense promise it back in {last} ({pct(lastshare)}); "
                        f"lowest share {pct(share.min())} ({int(share.idxmin())})")
            return finding(not low_years, measured, "a majority every year since 1946" if not low_years
                           else f"not a majority in {years_text(low_years)}")
        if reading == "pacts":
            codes = membership_years(ev.data, None, last, last, columns=("defense",))
            chosen = ev.data.alliances.loc[ev.data.alliances["defense"].eq(1), "atopid"]
            codes = codes[codes["atopid"].isin(chosen)]
            pacts = codes.groupby(["atopid", "member"])["defense"].max().groupby("atopid")
            with_us = [a for a, g in pacts if US in g.index.get_level_values("member")]
            mutual = [a for a in with_us if pacts.get_group(a).eq(1).all()]
            share = len(mutual) / len(with_us) if with_us else float("nan")
            return finding(share > MAJORITY, f"{len(mutual)} of {len(with_us)} U.S. defense pacts in force in {last} "
                           f"have every member promising defense", f"{pct(share)} mutual")
        allies = out_.xs(last, level="year") if last in out_.index.get_level_values("year") else out_.iloc[:0]
        share = allies["defense"].eq(1).mean() if len(allies) else float("nan")
        return finding(share > MAJORITY, f"the U.S. promises defense to {int(allies['defense'].eq(1).sum())} of the "
                       f"{len(allies)} states it shares an alliance with in {last} ({pct(share)})",
                       "most of its allies" if share > MAJORITY else "not most of its allies")
    return judge


def _untestable(why: str):
    def judge(ev: Evidence) -> Finding:
        return Finding("—", "not testable", why)
    return judge


def mutual_readings() -> tuple[Reading, ...]:
    return (
        Reading("reciprocal", "directed dyads (member-level codes): in every year 1946-end, a majority of the states "
                "the U.S. promises defense promise defense to the U.S. in return", _mutual("reciprocal")),
        Reading("pacts", "a majority of U.S. defense pacts in force in the last year have every member promising "
                "defense (member-level codes)", _mutual("pacts")),
        Reading("most-allies", "'providing security to most of its allies': the U.S. promises defense to more than "
                "half of the states it shares any alliance with in the last year", _mutual("most-allies")),
        Reading("actual-defense", "'the actual defense is ... directed in just one direction'",
                _untestable("ATOP codes promises, not whether or by whom defense was given")),
    )
