"""Readings of the memo's claims about what alliance promises say: Figure 1's "mutual defense",
the U.S. promises of "mutual defense" and their "one direction", security "to most of its allies",
and NATO's Article 5 "in Europe or North America".

Who promises what to whom is read from ATOP's member-level codes (codebook 5.1, section 2.33):
a member's ``defense = 1`` is its own promise. In a year, a member's codes are those of its last
row in force that year (:func:`atoplib.measures.stateyears.member_alliance_years`), and the U.S.'s
promises to a partner are the directed dyad-years of :func:`atoplib.measures.dyads.dyad_years`
(``stateA`` promises ``stateB``). A defense pact is ``defense = 1`` at the alliance level; in force
in year *y*: ``begyr <= y <= endyr`` or still in force. "Today" is the release's last year.
"""

from __future__ import annotations

import pandas as pd

from ..data.codebook import codebook_quote
from ..data.cow import US
from ..measures.dyads import dyad_years
from ..measures.power import nmc_years
from ..measures.stateyears import member_alliance_years
from ..measures.trends import alliance_years
from . import naming
from .evidence import Evidence
from .rules import COLD_WAR, MAJORITY, SINCE_WWII, judge_every, judge_most, listed, pct, years_text
from .types import Finding, NotAvailable, Reading

#: "directed in just one direction": the partner's CINC below this share of the U.S.'s (the U.S.
#: could defend the partner, the partner could not defend the U.S.); the stress reading's share.
ONE_WAY_CINC = 0.5
ONE_WAY_CINC_STRESS = 0.1
#: The codebook's words the readings cite.
DEFENSE_M = codebook_quote("DEFENSE (M)")
DEFCOLOC = codebook_quote("DEFCOLOC")
ASYMM = codebook_quote("ASYMM")
FIG1_CAPTION = "Figure 1's caption: 'Defense Pacts (i.e. treaty contains mutual defense provision...)'"


# --------------------------------------------------------------------------- shared counts

def span(ev: Evidence, start: int, end: int | None = None) -> tuple[int, int]:
    """``start``-``end`` (default: the coverage end) when the release covers them; else NotAvailable."""
    first, last = ev.data.coverage
    years = ev.window(pd.Series(range(first, last + 1), index=range(first, last + 1)), start, end)
    return int(years.index[0]), int(years.index[-1])


def need_column(ev: Evidence, table: str, column: str) -> None:
    """NotAvailable when the release's ``table`` ("alliances" or "members") lacks ``column``."""
    if column not in getattr(ev.data, table).columns:
        kind = "alliance" if table == "alliances" else "member"
        raise NotAvailable(f"ATOP {ev.version}'s {kind} file has no column '{column}'")


def all_dyads(ev: Evidence) -> pd.DataFrame:
    """Directed dyad-years over the whole coverage (who promises what to whom each year)."""
    return ev.cached("dyads:all", lambda: dyad_years(ev.data))


def us_ties(ev: Evidence) -> pd.DataFrame:
    """One row per state and year in which it shares an alliance with the U.S.: ``partner, year,
    promised`` (the U.S. promises it defense) and ``returned`` (it promises the U.S. defense)."""
    def compute() -> pd.DataFrame:
        dyads = all_dyads(ev)
        out = dyads.loc[dyads["stateA"].eq(US), ["stateB", "year", "defense"]]
        out = out.rename(columns={"stateB": "partner", "defense": "promised"})
        back = dyads.loc[dyads["stateB"].eq(US), ["stateA", "year", "defense"]]
        back = back.rename(columns={"stateA": "partner", "defense": "returned"})
        ties = out.merge(back, on=["partner", "year"], how="left")
        ties["returned"] = ties["returned"].fillna(0).astype("int64")
        return ties.reset_index(drop=True)
    return ev.cached("us-ties", compute)


def members_in_force(ev: Evidence, first: int, last: int, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """Member-alliance-years ``first``-``last`` with the member's own codes that year (its last row in
    force): ``atopid, member, year``, the five obligations and any other member-level ``columns``."""
    key = f"members-in-force:{first}:{last}:{','.join(columns)}"
    return ev.cached(key, lambda: member_alliance_years(ev.data, first, last, columns=columns))


def defense_pacts_in_force(ev: Evidence, first: int, last: int) -> pd.DataFrame:
    """Defense pacts (alliance-level ``defense = 1``) in force each year ``first``-``last``: ``atopid, year``."""
    return ev.cached(f"defense-pact-years:{first}:{last}", lambda: alliance_years(ev.data, "defense", first, last))


def us_defense_pacts(ev: Evidence, year: int) -> list[int]:
    """The U.S. defense pacts in force in ``year``, by ATOPID."""
    years = defense_pacts_in_force(ev, year, year)
    return sorted(int(a) for a in years["atopid"] if a in set(ev.us_alliances()))


def _all_promise(members: pd.DataFrame) -> pd.Series:
    """Per ``(atopid, year)``: does every member in force promise defense?"""
    return members["defense"].eq(1).groupby([members["atopid"], members["year"]]).all()


def _by_pact(failed: list[tuple[int, int]], ev: Evidence) -> list[str]:
    """Failed (atopid, year) cases as "ATOPID ... (…) in 1959-2018", one per pact."""
    years: dict[int, list[int]] = {}
    for atopid, year in failed:
        years.setdefault(int(atopid), []).append(int(year))
    return [f"{naming.pact(ev, a)} in {years_text(ys)}" for a, ys in years.items()]


# --------------------------------------------------------------------------- Figure 1: "mutual"

def _mutual_pacts(how: str):
    def judge(ev: Evidence) -> Finding:
        last = ev.data.last_year
        if how == "ever":
            alliances = ev.data.alliances
            chosen = alliances.loc[alliances["defense"].eq(1), "atopid"]
            rows = ev.data.members[ev.data.members["atopid"].isin(chosen)]
            promise = rows["defense"].eq(1).groupby([rows["atopid"], rows["member"]]).any()
            mutual = promise.groupby(level="atopid").all()
            holds = {naming.pact(ev, a): bool(ok) for a, ok in mutual.items()}
            measured = f"{int(mutual.sum())} of {len(mutual)} defense pacts have every member promising defense"
            return judge_every(holds, measured, "defense pacts of the whole coverage")
        first = last if how in ("last-year", "two-promise") else span(ev, SINCE_WWII)[0]
        pacts = defense_pacts_in_force(ev, first, last)
        members = members_in_force(ev, first, last)
        members = members.merge(pacts, on=["atopid", "year"])
        if how == "two-promise":
            promising = members.loc[members["defense"].eq(1)].groupby("atopid")["member"].nunique()
            promising = promising.reindex(pacts["atopid"], fill_value=0)
            holds = {naming.pact(ev, a): bool(n >= 2) for a, n in promising.items()}
            measured = f"{int((promising >= 2).sum())} of {len(promising)} defense pacts in force in {last} have at " \
                       "least two members promising defense"
            return judge_every(holds, measured, f"defense pacts in force in {last}")
        mutual = _all_promise(members).reindex(pd.MultiIndex.from_frame(pacts[["atopid", "year"]]), fill_value=False)
        if how == "last-year":
            holds = {naming.pact(ev, a): bool(ok) for (a, _), ok in mutual.items()}
            measured = (f"{int(mutual.sum())} of {len(mutual)} defense pacts in force in {last} have every member "
                        "promising defense")
            return judge_every(holds, measured, f"defense pacts in force in {last}")
        found = judge_every({key: bool(ok) for key, ok in mutual.items()},
                            f"{int(mutual.sum())} of {len(mutual)} defense pact-years {first}-{last} are mutual",
                            f"defense pact-years {first}-{last}")
        failed = [key for key, ok in mutual.items() if not ok]
        if not failed:
            return found
        named = _by_pact(failed, ev)
        reason = (f"{len(failed)} of {len(mutual)} defense pact-years ({pct(len(failed) / len(mutual))}) are "
                  f"exceptions, in {len(named)} pacts: {listed(named)}")
        return Finding(found.measured, found.status, reason, tuple(named))
    return judge


def fig1_mutual_readings() -> tuple[Reading, ...]:
    every = "every member in force that year promises defense (member-level defense = 1)"
    return (
        Reading("last-year", "stated", f"every defense pact in force in the last year: {every}",
                f"{FIG1_CAPTION} defines the pacts counted ('i.e.'), so it holds of each; {DEFENSE_M.citation}: a "
                "member's defense code is its own promise", _mutual_pacts("last-year"), label="every defense pact in force today is mutual"),
        Reading("pact-years", "alternative", f"every defense pact in every year it is in force, 1946-end: {every}",
                "the caption read as a definition of every pact Figure 1 counts since World War II, not only "
                "today's", _mutual_pacts("pact-years"), label="every defense pact-year since 1946 is mutual"),
        Reading("ever", "alternative", "every defense pact of the whole coverage: every member promises defense in "
                "at least one of its rows", "the caption read of the pacts of the whole series, each over its life",
                _mutual_pacts("ever"), label="every defense pact ever is mutual"),
        Reading("two-promise", "stress", "every defense pact in force in the last year has at least two members "
                "promising defense", "strained: 'mutual' read as at least two promises, so a pact where some members "
                "promise nothing still counts", _mutual_pacts("two-promise"), label="at least two members promise defense"),
    )


# --------------------------------------------------------------------------- "promises of mutual defense"

def _reciprocal_in(ev: Evidence, year: int) -> tuple[int, int, list[int]]:
    """In ``year``: how many states the U.S. promises defense, how many promise it back, and the others."""
    ties = us_ties(ev)
    promised = ties[ties["year"].eq(year) & ties["promised"].eq(1)]
    back = promised["returned"].eq(1)
    return int(back.sum()), len(promised), sorted(int(p) for p in promised.loc[~back, "partner"])


def _mutual(how: str):
    def judge(ev: Evidence) -> Finding:
        last = ev.data.last_year
        if how == "last-year":
            holding, total, others = _reciprocal_in(ev, last)
            measured = f"{holding} of the {total} states the U.S. promises defense in {last} promise it defense"
            return judge_most(holding, total, measured, f"states the U.S. promises defense in {last}",
                              naming.states(ev, others))
        if how == "every-year":
            first, _ = span(ev, SINCE_WWII)
            shares = {}
            for year in range(first, last + 1):
                holding, total, _ = _reciprocal_in(ev, year)
                shares[year] = holding / total if total else float("nan")
            holds = {y: s == s and s > MAJORITY for y, s in shares.items()}
            known = {y: s for y, s in shares.items() if s == s}
            low = min(known, key=known.get) if known else None
            measured = (f"share promising defense back: {pct(shares[last])} in {last}" +
                        (f", lowest {pct(known[low])} in {low}" if low is not None else ""))
            return judge_every(holds, measured, f"years {first}-{last} (a majority promise back)", years=True)
        pacts = us_defense_pacts(ev, last)
        members = members_in_force(ev, last, last)
        mutual = _all_promise(members[members["atopid"].isin(pacts)])
        ok = [a for a in pacts if mutual.get((a, last), False)]
        others = [naming.pact(ev, a) for a in pacts if a not in ok]
        measured = f"{len(ok)} of {len(pacts)} U.S. defense pacts in force in {last} have every member promising defense"
        return judge_most(len(ok), len(pacts), measured, f"U.S. defense pacts in force in {last}", others)
    return judge


def mutual_readings() -> tuple[Reading, ...]:
    return (
        Reading("reciprocal-last-year", "stated", "of the states the U.S. promises defense in the last year (directed "
                "dyads, member-level codes), more than half promise defense to the U.S. in return",
                "'backed by promises of mutual defense' is a generic statement (majority); 'mutual': each side "
                f"promises the other ({DEFENSE_M.citation})", _mutual("last-year"), label="most partners promise defense back, today"),
        Reading("reciprocal-every-year", "alternative", "the same majority in every year 1946-end",
                "'Since World War II ... have, in turn, been backed': the relationships of every post-war year",
                _mutual("every-year"), label="most partners promise defense back, every year since 1946"),
        Reading("mutual-pacts", "alternative", "more than half of the U.S. defense pacts in force in the last year "
                "have every member in force promising defense", "the promise read pact by pact rather than partner by "
                "partner", _mutual("pacts"), label="most U.S. defense pacts mutual"),
    )


# --------------------------------------------------------------------------- "directed in just one direction"

def _us_defense_cinc(ev: Evidence) -> pd.DataFrame:
    """U.S. defense dyad-years (the U.S. promises the partner defense) 1946-end with both CINC values:
    ``partner, year, cinc, us_cinc``."""
    def compute() -> pd.DataFrame:
        first, last = span(ev, SINCE_WWII)
        ties = us_ties(ev)
        ties = ties[ties["promised"].eq(1) & ties["year"].between(first, last)][["partner", "year"]]
        cinc = ev.nmc[["ccode", "year", "cinc"]]
        ties = ties.merge(cinc.rename(columns={"ccode": "partner"}), on=["partner", "year"], how="left")
        us = cinc[cinc["ccode"].eq(US)][["year", "cinc"]].rename(columns={"cinc": "us_cinc"})
        ties = ties.merge(us, on="year", how="left")
        return ties.assign(missing=ties["cinc"].isna() | ties["us_cinc"].isna())
    return ev.cached("us-defense-cinc", compute)


def _by_state(ev: Evidence, rows: pd.DataFrame, column: str = "partner") -> list[str]:
    """Rows of ``(state, year)`` as "France 1949-1955", one per state."""
    return [f"{naming.state(ev, c)} {years_text(g['year'])}" for c, g in rows.groupby(column)]


def _one_direction(how: str, share: float = ONE_WAY_CINC):
    def judge(ev: Evidence) -> Finding:
        last = ev.data.last_year
        if how == "cinc":
            ev.need("nmc")
            ties = _us_defense_cinc(ev)
            known = ties[~ties["missing"]]
            if known.empty:
                raise NotAvailable(f"no U.S. defense dyad-year of ATOP {ev.version} falls in COW NMC's years "
                                   f"{'-'.join(map(str, nmc_years(ev.nmc)))}")
            below = known["cinc"] < share * known["us_cinc"]
            span_text = f"{int(known['year'].min())}-{int(known['year'].max())}"
            measured = (f"{int(below.sum())} of {len(known)} U.S. defense dyad-years {span_text} with CINC data have "
                        f"the partner below {share:g} of the U.S.'s CINC ({int(ties['missing'].sum())} others lack "
                        f"CINC data; COW NMC covers {'-'.join(map(str, nmc_years(ev.nmc)))})")
            return judge_most(int(below.sum()), len(known), measured, f"U.S. defense dyad-years {span_text}",
                              _by_state(ev, known[~below]))
        if how == "asymm":
            need_column(ev, "alliances", "asymm")
            pacts = us_defense_pacts(ev, last)
            codes = ev.data.alliances.set_index("atopid").loc[pacts, "asymm"]
            ok = [a for a in pacts if codes[a] == 1]
            measured = (f"{len(ok)} of {len(pacts)} U.S. defense pacts in force in {last} are coded asymm = 1"
                        + (f": {listed(naming.pacts(ev, ok))}" if ok else ""))
            return judge_most(len(ok), len(pacts), measured, f"U.S. defense pacts in force in {last}",
                              naming.pacts(ev, [a for a in pacts if a not in ok]))
        holding, total, one_way = _reciprocal_in(ev, last)
        measured = (f"{len(one_way)} of the {total} states the U.S. promises defense in {last} do not promise it "
                    f"defense" + (f": {listed(naming.states(ev, one_way))}" if one_way else ""))
        return judge_most(len(one_way), total, measured, f"states the U.S. promises defense in {last}")
    return judge


def one_direction_readings() -> tuple[Reading, ...]:
    cinc = ("in U.S. defense dyad-years 1946-end (the U.S. promises the partner defense) with COW CINC data, the "
            "partner's CINC is below {share:g} of the U.S.'s, in more than half")
    return (
        Reading("cinc-half", "stated", cinc.format(share=ONE_WAY_CINC),
                "ATOP codes promises, not actual defense; who could defend whom is read from capabilities: a partner "
                "below half the U.S.'s CINC can be defended by it and cannot defend it ('by and large': majority)",
                _one_direction("cinc", ONE_WAY_CINC), label="partner below half the U.S.'s capability"),
        Reading("asymm", "alternative", "more than half of the U.S. defense pacts in force in the last year are coded "
                "asymm = 1", f"{ASYMM.citation}: '{ASYMM.text}'", _one_direction("asymm"), label="ATOP's unequal obligations (asymm)"),
        Reading("one-way-promises", "alternative", "of the states the U.S. promises defense in the last year, more "
                "than half do not promise the U.S. defense", "'directed in just one direction' read on the promises "
                "themselves (member-level codes)", _one_direction("promises"), label="one-way promises of defense"),
        Reading("cinc-tenth", "stress", cinc.format(share=ONE_WAY_CINC_STRESS),
                "strained: a partner must have under a tenth of the U.S.'s capabilities", _one_direction(
                    "cinc", ONE_WAY_CINC_STRESS), label="partner below a tenth of the U.S.'s capability"),
    )


# --------------------------------------------------------------------------- "security to most of its allies"

def _most_allies(how: str):
    def judge(ev: Evidence) -> Finding:
        last = ev.data.last_year
        ties = us_ties(ev)
        if how == "last-year":
            year = ties[ties["year"].eq(last)]
            promised = int(year["promised"].eq(1).sum())
            others = sorted(int(p) for p in year.loc[year["promised"].ne(1), "partner"])
            measured = (f"the U.S. promises defense to {promised} of the {len(year)} states it shares an alliance "
                        f"with in {last}")
            return judge_most(promised, len(year), measured, f"U.S. allies in {last}", naming.states(ev, others))
        first, end = span(ev, SINCE_WWII, COLD_WAR[1] if how == "cold-war" else None)
        window = ties[ties["year"].between(first, end)]
        shares = window["promised"].eq(1).groupby(window["year"]).mean().reindex(range(first, end + 1))
        holds = {int(y): bool(s > MAJORITY) if s == s else False for y, s in shares.items()}
        low = shares.idxmin() if shares.notna().any() else None
        measured = (f"share of U.S. allies promised defense: lowest {pct(shares[low])} in {int(low)}"
                    if low is not None else "no U.S. ally in these years")
        return judge_every(holds, measured, f"years {first}-{end} (more than half promised)", years=True)
    return judge


def most_allies_readings() -> tuple[Reading, ...]:
    return (
        Reading("last-year", "stated", "in the last year, the U.S. promises defense (member level, directed) to more "
                "than half of the states it shares any alliance with",
                "'most of its allies' (majority); 'providing security' read as the U.S.'s own promise of defense "
                f"({DEFENSE_M.citation})", _most_allies("last-year"), label="defense promised to most allies, today"),
        Reading("cold-war-every-year", "alternative", "the same majority in every year 1946-1991",
                "'For much of the post-war period': the Cold War years", _most_allies("cold-war"), label="most allies, every Cold War year"),
        Reading("since-1946-every-year", "alternative", "the same majority in every year 1946-end",
                "the post-war period read to the end of the coverage", _most_allies("since-1946"), label="most allies, every year since 1946"),
    )


# --------------------------------------------------------------------------- NATO: "in Europe or North America"

def _nato(how: str):
    def judge(ev: Evidence) -> Finding:
        atopid = ev.treaty("North Atlantic")
        if atopid is None:
            raise NotAvailable(f"ATOP {ev.version} has no alliance matching the North Atlantic Treaty")
        column = "defense" if how == "everyone" else "defcoloc"
        need_column(ev, "members", column)
        rows = ev.data.members[ev.data.members["atopid"].eq(atopid)]
        if how == "first-phase":
            rows = rows[rows["phase"].eq(rows["phase"].min())]
        phased = rows["phase"].nunique() > 1
        holds = {}
        for member, phase, entered, code in zip(rows["member"], rows["phase"], rows["yrent"], rows[column]):
            label = naming.state(ev, member) + (f", phase {int(phase)}" if phased else "")
            if label in holds:  # a member's second spell in one phase
                label += f" (from {int(entered)})"
            holds[label] = bool(code == 1) if not pd.isna(code) else False
        phases = sorted(int(p) for p in rows["phase"].unique())
        measured = (f"{sum(holds.values())} of {len(holds)} member rows of ATOPID {atopid} "
                    f"(phase{'s' * (len(phases) > 1)} {', '.join(map(str, phases))}) code {column} = 1")
        return judge_every(holds, measured, f"NATO member rows ({column})")
    return judge


def nato_location_readings() -> tuple[Reading, ...]:
    return (
        Reading("defcoloc-every-row", "stated", "every member row of the North Atlantic Treaty (found by its query), "
                "in every phase, codes the defense obligation as conditional on location (member-level defcoloc = 1)",
                f"'an attack on one member ... in Europe or North America' is a condition on location; "
                f"{DEFCOLOC.citation}: '{DEFCOLOC.text}'", _nato("every-row"), label="conditional on location in every member row"),
        Reading("defcoloc-first-phase", "alternative", "the same for the member rows of the treaty's first phase "
                "(the founders' treaty of 1949)", "Article 5's text as signed in 1949", _nato("first-phase"), label="conditional on location in the first phase"),
        Reading("everyone-promises", "alternative", "every member row, in every phase, promises defense "
                "(member-level defense = 1)", f"'as an attack on all members': every member promises; "
                f"{DEFENSE_M.citation}", _nato("everyone"), label="every member promises defense"),
    )
