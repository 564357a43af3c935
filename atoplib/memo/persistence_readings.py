"""Readings of the memo's claims on persistence: exits "not at scale", a "quite robust" system that
"persisted since the end of World War II", and "during each point of tension, the alliance held".

A member *spell* is one state's continuous membership of one pact (its rows chained across
phases; :func:`atoplib.measures.persistence.member_spells`). It ends in one of five ways: still a
member, ended with the alliance, left, lost independence, replaced. An **exit** is a spell that
ends because the member *left* while the pact went on, for a reason other than the pact's purpose
having been resolved; a spell that left because ATOP codes the problem the alliance was aimed at as
resolved (TERMCAUS 3, e.g. the Manila Pact's members leaving as SEATO wound down in 1972-1977) is a
**wind-down**, counted with the dissolutions, not with the exits.
"""

from __future__ import annotations

import pandas as pd

from ..data.cow import US
from ..measures import persistence
from ..measures.partners import alliances_of_state_by_year
from ..measures.treaties import member_exits
from .evidence import Evidence
from .rules import SINCE_WWII, judge_every, judge_few, judge_first, listed, pct
from .types import Finding, NotAvailable, Reading

#: ATOP's TERMCAUS code for "the problem the alliance was aimed at was resolved" (codebook 5.1).
RESOLVED = 3
#: The points of tension the memo names that fall inside ATOP's coverage, with the pact at stake
#: (a query name of :data:`~atoplib.memo.treaties.NAMED_TREATIES`) and the years.
TENSIONS = (
    ("de Gaulle removes France from NATO's military structure", "North Atlantic", 1966, 1967),
    ("public discontent in Japan over U.S. bases", "U.S.-Japan Treaty of Mutual", 1960, None),
    ("the U.S.-led invasion of Iraq", "North Atlantic", 2003, 2004),
    ("several states exit the Rio Pact", "Rio Pact", 1992, None),
)
#: A point of tension the memo does not name but a scholar would add: New Zealand and ANZUS, 1986.
ANZUS_1986 = ("New Zealand bars U.S. nuclear ships and the U.S. suspends ANZUS towards it", "ANZUS", 1985, 1987)


def _spells(ev: Evidence, provision: str | None) -> pd.DataFrame:
    return ev.cached(f"spells:{provision}", lambda: persistence.member_spells(ev.data, provision))


def _kinds(spells: pd.DataFrame) -> pd.Series:
    """Each spell as 'exit', 'wind-down', 'dissolution', 'still a member' or 'other ending'."""
    left = spells["ending"].eq("left")
    resolved = spells["termcaus"].eq(RESOLVED).fillna(False).astype(bool)
    out = pd.Series("other ending", index=spells.index)
    out[spells["ending"].eq("still a member")] = "still a member"
    out[spells["ending"].eq("ended with the alliance")] = "dissolution"
    out[left & resolved] = "wind-down"
    out[left & ~resolved] = "exit"
    return out


def _exit_label(ev: Evidence, row) -> str:
    return f"{ev.state_name(row.member)} left ATOPID {int(row.atopid)} in {int(row.exit_year)}"


def _exits(provision: str | None, over: str, wind_down_as_exit: bool = False):
    def judge(ev: Evidence) -> Finding:
        spells = _spells(ev, provision)
        spells = spells[spells["network"].eq("U.S.")]
        kinds = _kinds(spells)
        exits = kinds.eq("exit") | (kinds.eq("wind-down") if wind_down_as_exit else False)
        chosen = spells[exits]
        if over == "ended":
            total = int(kinds.ne("still a member").sum())
            cases = "ended memberships"
        else:
            total = len(spells)
            cases = "memberships"
        kind = "defense pacts" if provision == "defense" else "alliances"
        tally = kinds.value_counts()
        measured = (f"{len(chosen)} exits among {total} {cases} of U.S. {kind} ({pct(len(chosen) / total if total else float('nan'))}); "
                    f"also {int(tally.get('wind-down', 0))} wind-down departures, {int(tally.get('dissolution', 0))} "
                    f"dissolutions, {int(tally.get('still a member', 0))} still members")
        found = judge_few(len(chosen), total, measured, f"{cases} ended by an exit")
        named = [_exit_label(ev, r) for r in chosen.sort_values("exit_year").itertuples()]
        return Finding(found.measured, found.status, found.reason + f"; the exits: {listed(named)}", tuple(named))
    return judge


def _exits_compared(ev: Evidence) -> Finding:
    spells = _spells(ev, "defense")
    kinds = _kinds(spells)
    shares = {}
    for network, part in spells.groupby("network"):
        k = kinds[part.index]
        shares[network] = float(k.eq("exit").sum() / len(part)) if len(part) else float("nan")
    measured = "exits per membership, defense pacts: " + "; ".join(f"{n} {pct(v)}" for n, v in shares.items())
    lowest = {n: -v for n, v in shares.items()}  # "not at scale" compared: the lowest share is first
    found = judge_first(lowest, "U.S.", measured, "the lowest exit share")
    return Finding(found.measured, found.status, found.reason.replace("is first in the lowest exit share",
                   "has the lowest exit share"), found.exceptions)


def exits_readings() -> tuple[Reading, ...]:
    defn = ("an exit: a member leaves a pact that goes on, other than when ATOP codes the pact's problem as "
            "resolved (a wind-down, counted with dissolutions)")
    return (
        Reading("memberships", "stated", f"U.S. defense pacts; {defn}; exits are at most one in ten of all memberships "
                "(spells, still members included)", "'there have been times where states ... have exited the "
                "alliances. This has not happened at scale': few exits among the members (rule 4), in the defense "
                "pacts the memo's examples (NATO, the Rio Pact) are", _exits("defense", "all"), label="exits per membership"),
        Reading("ended-memberships", "alternative", f"U.S. defense pacts; {defn}; exits are at most one in ten of the "
                "memberships that ended", "scale read against the memberships that ended at all",
                _exits("defense", "ended"), label="exits per ended membership"),
        Reading("all-alliances", "alternative", f"every U.S. alliance (any obligation); {defn}; at most one in ten of "
                "all memberships", "the 'alliance network' read as every alliance", _exits(None, "all"), label="exits per membership, every U.S. alliance"),
        Reading("versus-other-networks", "alternative", "U.S. defense pacts have the lowest exit share per membership "
                "of the three networks (U.S., Soviet Union, others)", "'not at scale' read as fewer exits than "
                "elsewhere", _exits_compared, label="the lowest exit share of the three networks"),
        Reading("wind-down-as-exits/ended", "stress", "U.S. defense pacts; every departure while the pact went on, "
                "wind-downs included, over the memberships that ended",
                "strained: counts the Manila Pact's members leaving as SEATO wound down (ATOP: the problem resolved) "
                "as exits, against ended memberships only", _exits("defense", "ended", wind_down_as_exit=True), label="wind-downs counted as exits, per ended membership"),
    )


# --------------------------------------------------------------------------- robust, persisted

def _survival(ev: Evidence) -> pd.DataFrame:
    ev.need("majors")
    return ev.cached("survival", lambda: persistence.survival_table(ev.data, ev.majors))


def _median(value) -> float:
    return float("inf") if pd.isna(value) else float(value)


def _robust_median(ev: Evidence) -> Finding:
    medians = persistence.median_durations(_survival(ev)).set_index("group")["median_years"]
    values = {g: _median(v) for g, v in medians.items()}
    measured = "Kaplan-Meier median duration of defense pacts: " + "; ".join(
        f"{g} {'not reached (more than half still in force)' if v == float('inf') else f'{v:.1f} years'}"
        for g, v in values.items())
    return judge_first(values, "U.S.", measured, "median duration")


def _robust_logrank(ev: Evidence) -> Finding:
    survival = _survival(ev)
    tests = persistence.logrank_tests(survival)
    pairs = tests[tests["comparison"].str.startswith("U.S. vs")]
    medians = persistence.median_durations(survival).set_index("group")["median_years"]
    us = _median(medians.get("U.S."))
    holds = {r.comparison: bool(r.p_value < 0.05 and us > _median(medians.get(r.comparison.removeprefix("U.S. vs "))))
             for r in pairs.itertuples()}
    measured = "log-rank: " + "; ".join(f"{r.comparison} p = {r.p_value:.4f}" for r in pairs.itertuples())
    return judge_every(holds, measured, "comparisons (U.S. longer at 5%)")


def _robust_in_force(ev: Evidence) -> Finding:
    groups = persistence.pact_groups(ev.data, None)
    alliances = ev.data.alliances.merge(groups[["atopid", "network"]], on="atopid")
    chosen = alliances[alliances["defense"].eq(1) & alliances["begyr"].ge(SINCE_WWII - 1)]
    us = chosen[chosen["network"].eq("U.S.")]["in_force_at_end"].astype(bool)
    rest = chosen[chosen["network"].ne("U.S.")]["in_force_at_end"].astype(bool)
    ok = us.mean() > rest.mean()
    return Finding(f"U.S. {pct(us.mean())} ({int(us.sum())} of {len(us)}); others {pct(rest.mean())} "
                   f"({int(rest.sum())} of {len(rest)})", "agree" if ok else "differ",
                   f"share of defense pacts signed since 1945 still in force at the end of {ev.data.last_year}: "
                   + ("higher for the U.S." if ok else "not higher for the U.S."))


def _persisted(ev: Evidence) -> Finding:
    last = ev.data.last_year
    if last < SINCE_WWII:
        raise NotAvailable(f"ATOP {ev.version} ends before 1946")
    counts = ev.cached("us-defense-pacts-by-year", lambda: _us_defense_counts(ev))
    holds = {int(y): int(counts.get(y, 0)) > 0 for y in range(SINCE_WWII, last + 1)}
    return judge_every(holds, f"{int(min(counts.get(y, 0) for y in holds))}-{int(max(counts.get(y, 0) for y in holds))} "
                       f"U.S. defense pacts in force each year {SINCE_WWII}-{last}", f"years {SINCE_WWII}-{last}", years=True)


def _us_defense_counts(ev: Evidence) -> pd.Series:
    table = alliances_of_state_by_year(ev.data, US, ("defense",))
    return table.set_index("year")["count"]


def robust_readings() -> tuple[Reading, ...]:
    return (
        Reading("persisted", "stated", "the U.S. holds at least one defense pact in force in every year 1946-end",
                "'the alliance network that has persisted since the end of World War II': every year since 1946 "
                "(rule 1)", _persisted, label="a U.S. defense pact in force every year since 1946"),
        Reading("longest-median", "stated", "U.S. defense pacts have the longest Kaplan-Meier median duration of the "
                "four groups (U.S., Soviet Union, other great powers, all others)",
                "'quite robust': U.S. pacts outlast the others (rule 3)", _robust_median, label="the longest median duration"),
        Reading("log-rank", "alternative", "U.S. defense pacts last significantly longer than each other group "
                "(log-rank, 5%)", "robustness read as a difference beyond chance", _robust_logrank, label="significantly longer (log-rank)"),
        Reading("still-in-force", "alternative", "a larger share of U.S. defense pacts signed since 1945 is still in "
                "force at the end of coverage than of other defense pacts", "robust read as surviving to today",
                _robust_in_force, label="more of them still in force"),
    )


# --------------------------------------------------------------------------- the alliance held

def _held(tensions, how: str):
    def judge(ev: Evidence) -> Finding:
        holds, lines = {}, []
        for label, pact, first, last in tensions:
            if first > ev.data.last_year:
                continue
            atopid = ev.treaty(pact)
            if atopid is None:
                raise NotAvailable(f"ATOP {ev.version} has no alliance matching the {pact} treaty the memo names")
            row = ev.data.alliances.loc[ev.data.alliances["atopid"].eq(atopid)].iloc[0]
            end = ev.data.last_year if bool(row["in_force_at_end"]) else int(row["endyr"])
            if how == "in-force":
                after = (last or first) + 1
                ok = end >= min(after, ev.data.last_year)
                lines.append(f"{label}: ATOPID {atopid} in force {'to the end of coverage' if end == ev.data.last_year else f'to {end}'}")
            else:
                exits = member_exits(ev.data, atopid)
                span = exits[exits["exit_year"].between(first, last or ev.data.last_year)]
                ok = span.empty
                who = ", ".join(f"{ev.state_name(c)} {int(y)}" for c, y in zip(span["ccode"], span["exit_year"]))
                lines.append(f"{label}: {'no exit' if ok else 'exits: ' + who}")
            holds[label] = bool(ok)
        return judge_every(holds, "; ".join(lines), "points of tension")
    return judge


def _held_no_break(ev: Evidence) -> Finding:
    groups = persistence.pact_groups(ev.data, None)
    pacts = ev.data.alliances.merge(groups[["atopid", "network"]], on="atopid")
    pacts = pacts[pacts["network"].eq("U.S.") & pacts["defense"].eq(1)]
    if "term" not in pacts:
        raise NotAvailable(f"ATOP {ev.version} has no term column")
    holds = {f"ATOPID {int(r.atopid)} ({int(r.begyr)}), ended {r.endyr}": not (r.term == 2)
             for r in pacts.itertuples()}
    found = judge_every(holds, f"{sum(not v for v in holds.values())} of {len(holds)} U.S. defense pacts ended by "
                        "violation or abrogation (term = 2)", "U.S. defense pacts")
    return found


def held_readings() -> tuple[Reading, ...]:
    named = ("at each point of tension the memo names inside the coverage (France 1966, bases in Japan, Iraq 2003, "
             "the Rio exits)")
    return (
        Reading("in-force", "stated", f"{named}, the alliance at stake stays in force after it",
                "'during each point of tension, the alliance held': the alliance goes on (rule 1 over the points "
                "of tension the memo names)", _held(TENSIONS, "in-force"), label="the alliance stays in force"),
        Reading("no-exit", "alternative", f"{named}, no member leaves the alliance at stake in the years of the "
                "tension", "'held' read as nobody leaving", _held(TENSIONS, "no-exit"), label="nobody leaves during the tension"),
        Reading("with-anzus-1986", "alternative", "the stated reading, adding New Zealand and ANZUS (1985-1987), a "
                "tension the memo does not name: the alliance at stake stays in force",
                "a careful reader adds the sharpest break in a U.S. pact the memo leaves out",
                _held((*TENSIONS, ANZUS_1986), "in-force"), label="adding New Zealand and ANZUS, 1985-1987"),
        Reading("no-pact-broken", "alternative", "no U.S. defense pact ended by violation or abrogation (ATOP term = 2)",
                "'held' read as no pact ever broken", _held_no_break, label="no U.S. defense pact broken"),
    )
