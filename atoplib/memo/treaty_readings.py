"""Readings of the memo's claims about named treaties: the Article 5-like treaties, France in NATO
and the Rio Pact's exits.

Each treaty is found by its query (:data:`atoplib.memo.treaties.MEMO_TREATIES`: signing year,
founders, size), never by a typed ATOPID, so the same readings work on any release.
"""

from __future__ import annotations

from ..measures import readings as counting
from ..measures.treaties import member_exits
from ..measures.trends import membership_years
from .evidence import Evidence
from .rules import AFTER_COLD_WAR, SEVERAL, judge_every, years_text
from .treaties import MEMO_TREATIES
from .types import Finding, NotAvailable, Reading

FRANCE = 220


def _short(name: str) -> str:
    return name.split(" (")[0]


def _article5(level: str):
    def judge(ev: Evidence) -> Finding:
        phases = counting.phase_table(ev.data) if level == "phase" else None
        if level == "phase" and phases is None:
            raise NotAvailable(f"ATOP {ev.version} has no alliance-phase (aph) file")
        alliances = ev.data.alliances.set_index("atopid")
        members = ev.data.members
        holds, notes = {}, []
        for query in MEMO_TREATIES:
            label = f"{_short(query.name)} {query.signed}"
            atopid = ev.treaty(query.name)
            if atopid is None:
                holds[f"{label} (not found)"] = False
                continue
            if level == "alliance":
                ok = alliances.loc[atopid, "defense"] == 1
                note = "" if ok else "defense = 0"
            elif level == "member":
                rows = members[members["atopid"].eq(atopid)]
                first = rows[rows["phase"].eq(rows["phase"].min()) & rows["yrent"].eq(query.signed)]
                without = sorted(int(c) for c in first.loc[first["defense"].ne(1), "member"])
                ok = not without
                note = "" if ok else "no defense promise from " + ", ".join(ev.state_name(c) for c in without)
            else:
                codes = phases.loc[phases["atopid"].eq(atopid), "defense"]
                ok = bool(codes.eq(1).all())
                note = "" if ok else f"defense = 0 in {int(codes.ne(1).sum())} of {len(codes)} phases"
            holds[f"{label} (ATOPID {atopid}{', ' + note if note else ''})"] = bool(ok)
            notes.append(label)
        held = sum(holds.values())
        return judge_every(holds, f"{held} of {len(holds)} named treaties", "named treaties")
    return judge


def article5_readings() -> tuple[Reading, ...]:
    named = "each treaty the memo names (NATO 1949, the Rio Pact 1947, U.S.-Japan 1951 and 1960, U.S.-Philippines " \
            "1951, U.S.-South Korea 1953, ANZUS 1951; found by signing year and members)"
    return (
        Reading("alliance", "stated", f"{named} is coded defense = 1 on the alliance level",
                "'Similar provisions are found in ...': every treaty named (rule 1), under Figure 1's definition of a "
                "defense pact", _article5("alliance"), label="alliance-level defense = 1"),
        Reading("member", "alternative", f"{named}: in its first phase every founding member, the U.S. included, "
                "promises defense (member-level defense = 1)", "Article 5 makes 'an attack on one ... an attack on "
                "all': every founder promises", _article5("member"), label="every founding member promises defense"),
        Reading("phase", "alternative", f"{named} keeps defense = 1 in every phase (alliance-phase file)",
                "the promise held through every renegotiated phase", _article5("phase"), label="defense = 1 in every phase"),
    )


def _france(reading: str):
    def judge(ev: Evidence) -> Finding:
        atopid = ev.treaty("North Atlantic")
        if atopid is None:
            return Finding("no alliance matches the North Atlantic Treaty", "differ", "NATO not found")
        rows = ev.data.members[ev.data.members["atopid"].eq(atopid) & ev.data.members["member"].eq(FRANCE)]
        if rows.empty:
            return Finding(f"France is not among ATOPID {atopid}'s members", "differ", "no membership rows")
        if reading == "membership":
            first = int(rows["yrent"].min())
            years = membership_years(ev.data, None, first, ev.data.last_year)
            held = set(years.loc[years["atopid"].eq(atopid) & years["member"].eq(FRANCE), "year"])
            holds = {y: y in held for y in range(first, ev.data.last_year + 1)}
            exits = member_exits(ev.data, atopid)
            left = exits[exits["ccode"].eq(FRANCE)]
            measured = (f"a member of ATOPID {atopid} in {sum(holds.values())} of {len(holds)} years "
                        f"{first}-{ev.data.last_year}; exits recorded: "
                        + (years_text(left["exit_year"]) if len(left) else "none"))
            return judge_every(holds, measured, f"years {first}-{ev.data.last_year}", years=True)
        holds = {f"phase {int(p)}": int(d) == 1 for p, d in zip(rows["phase"], rows["defense"].fillna(0))}
        return judge_every(holds, f"defense = 1 in {sum(holds.values())} of {len(holds)} of France's NATO phases",
                           "phases of France's NATO membership")
    return judge


def france_readings() -> tuple[Reading, ...]:
    return (
        Reading("membership", "stated", "ATOP records France (COW 220) as a member of the North Atlantic Treaty in "
                "every year from its entry to the end of coverage, with no exit",
                "'not revoking France's signature to the treaty': treaty membership, which is what ATOP codes "
                "(the integrated command is not an ATOP variable)", _france("membership"), label="a member every year, no exit"),
        Reading("obligations", "alternative", "France's member-level defense promise (Article 5) is coded in every "
                "phase of its NATO membership", "the signature kept its content: the defense promise stayed",
                _france("obligations"), label="France's defense promise in every phase"),
    )


def _rio(at_least: int):
    def judge(ev: Evidence) -> Finding:
        if ev.data.last_year < AFTER_COLD_WAR:
            raise NotAvailable(f"ATOP {ev.version} ends in {ev.data.last_year}, before the years after the Cold War")
        atopid = ev.treaty("Rio Pact")
        if atopid is None:
            return Finding("no alliance matches the Rio Pact", "differ", "Rio Pact not found")
        exits = member_exits(ev.data, atopid)
        after = exits[exits["exit_year"].ge(AFTER_COLD_WAR)]
        named = ", ".join(f"{ev.state_name(c)} {int(y)}" for c, y in zip(after["ccode"], after["exit_year"]))
        ok = len(after) >= at_least
        return Finding(f"{len(after)} exits {AFTER_COLD_WAR}-{ev.data.last_year}" + (f": {named}" if named else ""),
                       "agree" if ok else "differ", f"{'at least' if ok else 'fewer than'} {at_least}")
    return judge


def rio_readings() -> tuple[Reading, ...]:
    return (
        Reading("three-or-more", "stated", f"'several' = {SEVERAL} or more members leave the Rio Pact in 1992-end "
                "(an exit: a membership ends while the pact goes on)",
                "'several states exiting the Rio Pact in the years after the Cold War': several means more than "
                "two (rules: 'several')", _rio(SEVERAL), label="three or more exits"),
        Reading("two-or-more", "alternative", "'several' = two or more such exits in 1992-end",
                "a looser 'several', a few", _rio(2), label="two or more exits"),
    )
