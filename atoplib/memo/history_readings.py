"""Readings of the history the memo invokes: support that "does not always come in a timely
fashion—as in World Wars I and II", "the plight of Belgium in the two World Wars", and, for
statements no data can test (history analogies, allies' reliance, the Iran war, allies' motives),
what ATOP and COW can show.

Dates are read with month precision: an alliance is in force in a month when it began in or before
it (``begyr``/``begmo``) and ended in or after it (``endyr``/``endmo``) or is still in force; a
membership likewise (``yrent``/``moent``, ``yrexit``/``moexit``). An unknown month counts as
January at the start and December at the end (the pact counts as in force). A defense pact has
``defense = 1`` at the alliance level; a U.S. alliance has the U.S. (COW 2) as a member.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..data.codebook import codebook_quote
from ..data.cow import US, USSR
from . import naming
from .evidence import Evidence
from .promise_readings import all_dyads, need_column, span, us_ties
from .rules import COLD_WAR, judge_every, judge_most, listed, pct, years_text
from .types import Finding, NotAvailable, Reading

#: The wars' first days (Austria-Hungary's declaration on Serbia; Germany's invasion of Poland).
WARS = {"World War I": dt.date(1914, 7, 28), "World War II": dt.date(1939, 9, 1)}
#: The states at war within each war's first month (July-August 1914: Austria-Hungary, Serbia,
#: Germany, Russia, France, Belgium, the United Kingdom, Montenegro, Japan; September 1939:
#: Germany, Poland, the United Kingdom, France, Australia, New Zealand, South Africa, Canada).
WAR_OPENERS = {"World War I": (300, 345, 255, 365, 220, 211, 200, 341, 740),
               "World War II": (255, 290, 200, 220, 900, 920, 560, 20)}
#: Belgium (COW 211) and the days Germany invaded it.
BELGIUM = 211
INVASIONS = {"1914": dt.date(1914, 8, 4), "1940": dt.date(1940, 5, 10)}
#: The year of the Treaty of London that guaranteed Belgium's neutrality.
NEUTRALITY_TREATY_YEAR = 1839
#: The Gulf states the memo's "many Gulf states" can name (COW: Saudi Arabia, Kuwait, Bahrain,
#: Qatar, the United Arab Emirates, Oman).
GULF = (670, 690, 692, 694, 696, 698)
#: COW codes below 200 are the Western Hemisphere's states (the Americas and the Caribbean).
WESTERN_HEMISPHERE_BELOW = 200
#: ATOP's INTERV codes that provide for intervention in members' domestic politics (codebook 5.1).
INTERVENES = (2, 3)
INTERV_2, INTERV_3 = codebook_quote("INTERV/2"), codebook_quote("INTERV/3")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _day(date: dt.date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def _month(year, month) -> str:
    return f"{MONTHS[int(month) - 1]} {int(year)}" if not pd.isna(month) and 1 <= int(month) <= 12 else f"{int(year)}"


def _key(year, month, default: int) -> int:
    """A (year, month) as one sortable number; an unknown month is ``default``."""
    month = default if pd.isna(month) or not 1 <= int(month) <= 12 else int(month)
    return int(year) * 100 + month


def _in_force_on(frame: pd.DataFrame, date: dt.date, begin: tuple[str, str], end: tuple[str, str]) -> pd.Series:
    """Rows of ``frame`` in force in ``date``'s month (``begin``/``end``: the year and month columns)."""
    month = date.year * 100 + date.month
    if begin[1] not in frame.columns or end[1] not in frame.columns:
        raise NotAvailable(f"the reading needs the month columns {begin[1]} and {end[1]}")
    started = [_key(y, m, 1) <= month for y, m in zip(frame[begin[0]], frame[begin[1]])]
    going = [bool(still) or _key(y, m, 12) >= month
             for y, m, still in zip(frame[end[0]], frame[end[1]], frame["in_force_at_end"])]
    return pd.Series([a and b for a, b in zip(started, going)], index=frame.index, dtype=bool)


def _covers(ev: Evidence, dates) -> None:
    first, last = ev.data.coverage
    outside = [d for d in dates if not first <= d.year <= last]
    if outside:
        raise NotAvailable(f"the reading needs {years_text(d.year for d in outside)}; ATOP {ev.version} covers "
                           f"{first}-{last}")


# --------------------------------------------------------------------------- "not always ... timely"

def _us_pacts(ev: Evidence, defense: bool | None) -> pd.DataFrame:
    alliances = ev.data.alliances
    chosen = alliances[alliances["atopid"].isin(ev.us_alliances())]
    if defense is not None:
        chosen = chosen[chosen["defense"].eq(1) == defense]
    return chosen.sort_values(["begyr", "begmo", "atopid"])


def _span_text(ev: Evidence, row) -> str:
    end = "in force" if row["in_force_at_end"] else _month(row["endyr"], row["endmo"])
    return f"{naming.pact(ev, row['atopid'])}, {_month(row['begyr'], row['begmo'])} to {end}"


def _history(ev: Evidence) -> str:
    pacts = _us_pacts(ev, True)
    first = f"the first U.S. defense pact: {_span_text(ev, pacts.iloc[0])}" if len(pacts) else "no U.S. defense pact"
    earlier = _us_pacts(ev, False)
    if len(pacts):
        start = _key(pacts.iloc[0]["begyr"], pacts.iloc[0]["begmo"], 1)
        earlier = earlier[[_key(y, m, 1) < start for y, m in zip(earlier["begyr"], earlier["begmo"])]]
    before = [_span_text(ev, row) for _, row in earlier.iterrows()]
    return first + (f"; earlier U.S. alliances without defense: {listed(before)}" if before else "")


def _timely(how: str):
    def judge(ev: Evidence) -> Finding:
        _covers(ev, WARS.values())
        pacts = _us_pacts(ev, True)
        holds, notes = {}, []
        for war, date in WARS.items():
            case = f"{war} ({_day(date)})"
            if how == "outbreak":
                live = pacts[_in_force_on(pacts, date, ("begyr", "begmo"), ("endyr", "endmo"))]
                holds[case] = live.empty
                if not live.empty:
                    notes.append(f"in force on {_day(date)}: {listed(naming.pacts(ev, live['atopid']))}")
                continue
            members = ev.data.members
            with_opener = set(members.loc[members["member"].isin(WAR_OPENERS[war]), "atopid"])
            mine = pacts[pacts["atopid"].isin(with_opener)]
            live = mine[_in_force_on(mine, date, ("begyr", "begmo"), ("endyr", "endmo"))]
            holds[case] = live.empty
            later = mine[[_key(y, m, 1) >= date.year * 100 + date.month for y, m in zip(mine["begyr"], mine["begmo"])]]
            if not live.empty:
                notes.append(f"{war}: {listed(naming.pacts(ev, live['atopid']))} in force when it began")
            elif later.empty:
                notes.append(f"{war}: no U.S. defense pact with a state at war in its first month")
            else:
                row = later.iloc[0]
                month = 1 if pd.isna(row["begmo"]) else int(row["begmo"])
                delay = row["begyr"] + (month - 1) / 12 - (date.year + (date.month - 1) / 12)
                notes.append(f"{war}: {naming.pact(ev, row['atopid'])}, {_month(row['begyr'], row['begmo'])}, "
                             f"{delay:.1f} years after it began")
        if how == "outbreak":
            measured = (f"U.S. defense pacts in force when the wars began: {'; '.join(notes) if notes else 'none'}; "
                        f"{_history(ev)}")
        else:
            measured = "first U.S. defense pact with a state at war in the war's first month: " + "; ".join(notes)
        return judge_every(holds, measured, "wars")
    return judge


def timely_readings() -> tuple[Reading, ...]:
    dates = " and ".join(f"{w} on {_day(d)}" for w, d in WARS.items())
    return (
        Reading("no-defense-pact-at-outbreak", "stated", f"when each war began ({dates}) the U.S. held no defense pact "
                "in force (alliance dates to the month)",
                "support 'not ... in a timely fashion' as the memo's two examples: nothing was promised in advance "
                "(universal over the two wars)", _timely("outbreak"), label="no U.S. defense pact when each war began"),
        Reading("delay-to-first-pact", "alternative", "no U.S. defense pact with a state at war in the war's first "
                "month was in force when it began; measured: how long after the war's start the first came",
                "'timely' read as the delay from each war's start to a U.S. promise to a belligerent",
                _timely("delay"), label="the delay to the first U.S. defense pact"),
    )


# --------------------------------------------------------------------------- Belgium

def _belgium_rows(ev: Evidence, defense_only: bool) -> pd.DataFrame:
    members = ev.data.members
    rows = members[members["member"].eq(BELGIUM)]
    if defense_only:
        rows = rows[rows["atopid"].isin(ev.data.alliances.loc[ev.data.alliances["defense"].eq(1), "atopid"])]
    return rows


def _neutrality_note(ev: Evidence) -> str:
    alliances = ev.data.alliances
    signed = alliances.loc[alliances["begyr"].eq(NEUTRALITY_TREATY_YEAR), "atopid"]
    with_belgium = set(signed) & set(ev.data.members.loc[ev.data.members["member"].eq(BELGIUM), "atopid"])
    if with_belgium:
        return (f"ATOP codes {listed(naming.pacts(ev, sorted(with_belgium)))}, signed {NEUTRALITY_TREATY_YEAR} with "
                "Belgium")
    return (f"ATOP {ev.version} codes no alliance of Belgium signed in {NEUTRALITY_TREATY_YEAR}: the Treaty of London's "
            "guarantee of Belgian neutrality is not in the data")


def _belgium(how: str):
    def judge(ev: Evidence) -> Finding:
        _covers(ev, INVASIONS.values())
        rows = _belgium_rows(ev, how == "defense")
        holds, notes = {}, []
        for year, date in INVASIONS.items():
            case = f"the invasion of {_day(date)}"
            if how == "last":
                month = date.year * 100 + date.month
                ended = rows[[not still and _key(y, m, 12) < month
                              for y, m, still in zip(rows["yrexit"], rows["moexit"], rows["in_force_at_end"])]]
                live = rows[_in_force_on(rows, date, ("yrent", "moent"), ("yrexit", "moexit"))]
                holds[case] = live.empty
                if len(ended):
                    key = max(_key(y, m, 12) for y, m in zip(ended["yrexit"], ended["moexit"]))
                    last = ended[[_key(y, m, 12) == key for y, m in zip(ended["yrexit"], ended["moexit"])]]
                    notes.append(f"before {year}: {listed(naming.pacts(ev, sorted(set(last['atopid']))))}, ended "
                                 f"{_month(last['yrexit'].iloc[0], last['moexit'].iloc[0])}")
                else:
                    notes.append(f"before {year}: none")
                continue
            live = rows[_in_force_on(rows, date, ("yrent", "moent"), ("yrexit", "moexit"))]
            holds[case] = live.empty
            if not live.empty:
                notes.append(f"{year}: {listed(naming.pacts(ev, sorted(set(live['atopid']))))}")
        kind = "defense pact" if how == "defense" else "alliance"
        if how == "last":
            measured = "Belgium's last alliance " + "; ".join(notes)
        else:
            measured = (f"Belgium's {kind}s in force when invaded: " + ("; ".join(notes) if notes else "none"))
        found = judge_every(holds, measured, "invasions of Belgium")
        return Finding(found.measured, found.status, f"{found.reason}; {_neutrality_note(ev)}", found.exceptions)
    return judge


def belgium_readings() -> tuple[Reading, ...]:
    dates = " and ".join(_day(d) for d in INVASIONS.values())
    return (
        Reading("no-alliance-when-invaded", "stated", f"when Germany invaded ({dates}), Belgium (COW 211) held no "
                "alliance in force (any obligation; its membership, to the month)",
                "'going alone or attempting to remain neutral': no ally at the time of each invasion (universal "
                "over the two wars)", _belgium("any"), label="no alliance when Belgium was invaded"),
        Reading("no-defense-pact", "alternative", "the same for defense pacts only (alliance-level defense = 1)",
                "'going alone' read as no promise of defense, other obligations aside", _belgium("defense"), label="no defense pact when invaded"),
        Reading("last-alliance", "alternative", "Belgium's last alliance before each invasion had ended before it; "
                "measured: which, and when it ended", "how long Belgium had been without an ally", _belgium("last"), label="Belgium's last alliance ended before"),
    )


# --------------------------------------------------------------------------- not testable: what the data can show

def _defense_pacts_of(ev: Evidence, ccode: int, first: int, last: int) -> list[int]:
    """Defense pacts (alliance level) of which ``ccode`` was a member in some year ``first``-``last``."""
    members = ev.data.members
    rows = members[members["member"].eq(ccode) & members["yrent"].le(last)
                   & (members["in_force_at_end"] | members["yrexit"].ge(first))]
    defense = set(ev.data.alliances.loc[ev.data.alliances["defense"].eq(1), "atopid"])
    return sorted(int(a) for a in set(rows["atopid"]) & defense)


def _imperial(how: str):
    def judge(ev: Evidence) -> Finding:
        need_column(ev, "alliances", "interv")
        first, last = span(ev, *COLD_WAR)
        interv = ev.data.alliances.set_index("atopid")["interv"]

        def count(ccode):
            pacts = _defense_pacts_of(ev, ccode, first, last)
            coded = [a for a in pacts if not pd.isna(interv[a])]
            hits = [a for a in coded if int(interv[a]) in INTERVENES]
            return pacts, coded, hits

        us_pacts, us_coded, us_hits = count(US)
        if how == "us-none":
            holds = {naming.pact(ev, a): a not in us_hits for a in us_coded}
            measured = (f"{len(us_hits)} of {len(us_coded)} U.S. defense pacts {first}-{last} with INTERV coded "
                        f"provide for intervention (interv {' or '.join(map(str, INTERVENES))})")
            return judge_every(holds, measured, f"U.S. defense pacts {first}-{last}")
        su_pacts, su_coded, su_hits = count(USSR)
        if not su_coded or not us_coded:
            raise NotAvailable(f"ATOP {ev.version} codes INTERV for no {'Soviet' if not su_coded else 'U.S.'} defense "
                               f"pact {first}-{last}")
        su_share, us_share = len(su_hits) / len(su_coded), len(us_hits) / len(us_coded)
        measured = (f"Soviet Union (COW {USSR}): {len(su_hits)} of {len(su_coded)} defense pacts {first}-{last} "
                    f"({pct(su_share)}) provide for intervention"
                    + (f" ({listed(naming.pacts(ev, su_hits))})" if su_hits else "")
                    + f"; U.S.: {len(us_hits)} of {len(us_coded)} ({pct(us_share)})"
                    + (f" ({listed(naming.pacts(ev, us_hits))})" if us_hits else ""))
        larger = su_share > us_share
        return Finding(measured, "agree" if larger else "differ",
                       f"the Soviet share is {'larger' if larger else 'not larger'} than the U.S. share")
    return judge


def imperial_readings() -> tuple[Reading, ...]:
    codes = f"interv {' or '.join(map(str, INTERVENES))}"
    return (
        Reading("intervention-share", "alternative", f"among defense pacts in force 1946-1991, the Soviet Union's "
                f"provide for intervention in members' domestic politics ({codes}) more often than the U.S.'s",
                f"'more analogous to a direct imperial system' and 'the United States does not control the domestic "
                f"policies': {INTERV_2.citation}, codes 2 and 3", _imperial("share"), label="intervention provisions, Soviet against U.S. pacts"),
        Reading("us-no-intervention", "alternative", f"no U.S. defense pact in force 1946-1991 provides for "
                f"intervention in members' domestic politics ({codes})",
                f"'the United States does not control the domestic policies of the network members' (universal); "
                f"{INTERV_3.citation}: '{INTERV_3.text}'", _imperial("us-none"), label="no U.S. defense pact provides for intervention"),
    )


def _reliance(ev: Evidence) -> Finding:
    ev.need("nmc")
    first, last = span(ev, *COLD_WAR)
    ties = us_ties(ev)
    ties = ties[ties["promised"].eq(1) & ties["year"].between(first, last)][["partner", "year"]]
    cinc = ev.nmc[["ccode", "year", "cinc"]]
    ties = ties.merge(cinc.rename(columns={"ccode": "partner"}), on=["partner", "year"], how="left")
    soviet = cinc[cinc["ccode"].eq(USSR)][["year", "cinc"]].rename(columns={"cinc": "soviet"})
    ties = ties.merge(soviet, on="year", how="left")
    known = ties.dropna(subset=["cinc", "soviet"])
    below = known["cinc"] < known["soviet"]
    holds = {(int(p), int(y)): bool(b) for p, y, b in zip(known["partner"], known["year"], below)}
    measured = (f"{int(below.sum())} of {len(known)} U.S. defense partner-years {first}-{last} with CINC data have the "
                f"partner below the Soviet Union's CINC ({len(ties) - len(known)} others lack CINC data)")
    found = judge_every(holds, measured, f"partner-years {first}-{last}")
    if below.all():
        return found
    failed = known[~below]
    named = [f"{naming.state(ev, p)} {years_text(g['year'])}" for p, g in failed.groupby("partner")]
    return Finding(found.measured, found.status, f"{len(failed)} of {len(known)} partner-years "
                   f"({pct(len(failed) / len(known))}) are exceptions: {listed(named)}", tuple(named))


def reliance_readings() -> tuple[Reading, ...]:
    return (
        Reading("below-the-soviet-union", "alternative", "every state the U.S. promised defense 1946-1991 had a CINC "
                "below the Soviet Union's in every year (partner-years with COW CINC data)",
                "'not powerful enough to protect themselves' against the period's main threat, the Soviet Union "
                "(universal over partner-years)", _reliance, label="every U.S. partner weaker than the Soviet Union"),
    )


def _gulf(how: str):
    def judge(ev: Evidence) -> Finding:
        last = ev.data.last_year
        ties = us_ties(ev)
        if how == "last-year":
            ties = ties[ties["year"].eq(last)]
        ties = ties[ties["partner"].isin(GULF)]
        allied = sorted(int(p) for p in ties["partner"].unique())
        notes = []
        if allied:
            dyads = all_dyads(ev)
            for ccode in allied:
                shared = dyads[dyads["stateA"].eq(US) & dyads["stateB"].eq(ccode)]
                if how == "last-year":
                    shared = shared[shared["year"].eq(last)]
                atopids = sorted({int(a) for ids in shared["atopids"] for a in ids})
                notes.append(f"{naming.state(ev, ccode)}: {listed(naming.pacts(ev, atopids))} in "
                             f"{years_text(shared['year'])}")
        when = f"in {last}" if how == "last-year" else f"in {ev.data.first_year}-{last}"
        verb = "share" if how == "last-year" else "have shared"
        measured = (f"{len(allied)} of the {len(GULF)} Gulf states {verb} an alliance with the U.S. {when}"
                    + (f" ({'; '.join(notes)})" if notes else ""))
        return judge_most(len(allied), len(GULF), measured, f"Gulf states ({when})",
                          naming.states(ev, [c for c in GULF if c not in allied]))
    return judge


def gulf_readings() -> tuple[Reading, ...]:
    names = ("Saudi Arabia, Kuwait, Bahrain, Qatar, the United Arab Emirates and Oman (COW "
             + ", ".join(map(str, GULF)) + ")")
    return (
        Reading("alliance-last-year", "alternative", f"most of the Gulf states ({names}) share an alliance in force "
                "with the U.S. in the last year", "'U.S. allies ... as was occurred to many Gulf states during the "
                "war with Iran': the Gulf states as U.S. allies (majority)", _gulf("last-year"), label="Gulf states allied with the U.S., today"),
        Reading("alliance-ever", "alternative", "most of them ever shared an alliance with the U.S.",
                "the same over the whole coverage", _gulf("ever"), label="Gulf states ever allied with the U.S."),
    )


def _distance(ev: Evidence) -> Finding:
    last = ev.data.last_year
    ties = us_ties(ev)
    promised = sorted(int(p) for p in ties.loc[ties["year"].eq(last) & ties["promised"].eq(1), "partner"])
    far = [c for c in promised if c >= WESTERN_HEMISPHERE_BELOW]
    near = [c for c in promised if c < WESTERN_HEMISPHERE_BELOW]
    measured = (f"{len(far)} of the {len(promised)} states the U.S. promises defense in {last} lie outside the "
                "Western Hemisphere")
    return judge_most(len(far), len(promised), measured, f"U.S. defense-pact partners in {last}", naming.states(ev, near))


def distance_readings() -> tuple[Reading, ...]:
    return (
        Reading("outside-western-hemisphere", "alternative", "most states the U.S. promises defense in the last year "
                f"lie outside the Western Hemisphere (COW codes from {WESTERN_HEMISPHERE_BELOW})",
                "'too far away to pose a geographic threat': the U.S.'s protégés are far from it (majority)",
                _distance, label="partners outside the Western Hemisphere"),
    )
