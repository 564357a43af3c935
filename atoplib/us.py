"""The U.S. alliance system in ATOP: the memo's treaties, who left them, what the U.S. belongs to
each year, and how far its defense-pact network stands out.

**Treaties by query.** The memo's treaties are found by what they are, not by a typed list of
ATOPIDs: a :class:`TreatyQuery` names the signing year (ATOP's ``begyr``), members that must be
in it, and its size (bilateral, or how many states joined in the signing year). The same queries
find the same treaties in any release that codes them; a treaty a release lacks is reported with
a warning and an empty ATOPID instead of a wrong match.

**Exits.** A member *leaves* an alliance when one of its membership spells ends (``yrexit``) with
a termination mode other than "continues in the next phase" while the alliance itself carries on.
ATOP's member-level codes ``termmode`` (how) and ``termcaus`` (why) are explained with the 5.1
codebook's wording (section 2.32, :data:`TERMMODE`, :data:`TERMCAUS`).

**Partners.** Who counts as whose defense-pact partner is defined once, in
:func:`atoplib.dyads.partners_by_year`; this module only ranks and summarizes those counts
(:func:`partner_counts`, :func:`outlier_by_year`, :func:`network_share_by_year`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cow import load_states, state_labels
from .dyads import dyad_years, partners_by_year
from .errors import AtopWarning, ParameterError
from .provisions import get_provision
from .tables import AtopData
from .trends import COLD_WAR, membership_years, year_range

#: COW country codes used by name throughout.
US = 2
USSR = 365  # the Soviet Union to 1991, Russia after (one COW code)
#: The years the Soviet Union existed (Dec 1922 - Dec 1991); COW 365 is Russia outside them.
SOVIET_YEARS = (1922, 1991)

#: TERMMODE (member level): how a member's affiliation with the alliance ended (codebook 2.32).
TERMMODE = {
    0: "still in effect for this member on Dec 31 of the coverage end year",
    1: "not renewed at its scheduled termination date",
    2: "replaced by a new agreement among the members (or continued in the next phase)",
    3: "broken before its scheduled termination date",
    4: "a member lost political independence and left the international system",
    5: "the casus foederis ceased to exist, so the alliance was moot",
    6: "terminated due to loss of a war",
}

#: TERMCAUS (member level): ATOP's judgment of why the member's affiliation ended (codebook 2.32).
TERMCAUS = {
    0: "still in effect for this member on Dec 31 of the coverage end year",
    1: "replaced by a new agreement among the members (or continued in the next phase)",
    2: "a member lost political independence and left the international system",
    3: "the problem the alliance was aimed at was resolved",
    4: "left over a policy dispute unrelated to managing the alliance",
    5: "left over a policy dispute about alliance management (costs, doctrine, ...)",
    6: "members engaged in military conflict with one another",
    7: "a member's war ended the alliance (obligations unfulfilled or the war lost)",
    8: "a member violated a provision short of war, ending the alliance",
}


# --------------------------------------------------------------------------- treaties

@dataclass(frozen=True)
class TreatyQuery:
    """What identifies a treaty in any ATOP release.

    ``signed``: the year the alliance begins (``begyr``); ``members``: COW codes that must be
    members; ``bilateral``: exactly two members ever; ``founders``: exactly this many states
    joined in the signing year; ``min_founders``: at least this many did.
    """

    name: str
    signed: int
    members: tuple[int, ...]
    bilateral: bool = False
    founders: int | None = None
    min_founders: int | None = None

    def describe(self) -> str:
        size = (
            "bilateral" if self.bilateral
            else f"{self.founders} founding members" if self.founders is not None
            else f"at least {self.min_founders} founding members" if self.min_founders is not None
            else "any size"
        )
        return f"signed {self.signed}; members include {', '.join(map(str, self.members))}; {size}"

    def candidates(self, data: AtopData) -> list[int]:
        """ATOPIDs of every alliance in ``data`` that meets the query (ascending)."""
        alliances = data.alliances
        signed = alliances.loc[alliances["begyr"].eq(self.signed), "atopid"]
        members = data.members[data.members["atopid"].isin(signed)]
        everyone = members.groupby("atopid")["member"].agg(lambda s: set(s.astype("int64")))
        founders = (
            members[members["yrent"].eq(self.signed)].groupby("atopid")["member"].nunique()
            .reindex(everyone.index, fill_value=0)
        )
        keep = everyone.map(lambda s: set(self.members) <= s)
        if self.bilateral:
            keep &= everyone.map(len).eq(2)
        if self.founders is not None:
            keep &= founders.eq(self.founders)
        if self.min_founders is not None:
            keep &= founders.ge(self.min_founders)
        return sorted(int(a) for a in everyone.index[keep.to_numpy(dtype=bool)])


#: The treaties the memo names, as queries (COW codes: 2 USA, 20 Canada, 200 UK, 220 France,
#: 70 Mexico, 140 Brazil, 160 Argentina, 740 Japan, 840 Philippines, 732 South Korea,
#: 900 Australia, 920 New Zealand).
MEMO_TREATIES = (
    TreatyQuery("North Atlantic Treaty (NATO)", 1949, (US, 20, 200, 220), min_founders=12),
    TreatyQuery("Rio Pact (Inter-American Treaty of Reciprocal Assistance)", 1947, (US, 70, 140, 160), min_founders=15),
    TreatyQuery("U.S.-Japan Security Treaty", 1951, (US, 740), bilateral=True),
    TreatyQuery("U.S.-Japan Treaty of Mutual Cooperation and Security", 1960, (US, 740), bilateral=True),
    TreatyQuery("U.S.-Philippines Mutual Defense Treaty", 1951, (US, 840), bilateral=True),
    TreatyQuery("U.S.-South Korea Mutual Defense Treaty", 1953, (US, 732), bilateral=True),
    TreatyQuery("ANZUS (Australia, New Zealand, United States)", 1951, (US, 900, 920), founders=3),
)


def find_treaty(data: AtopData, query: TreatyQuery) -> int | None:
    """The ATOPID meeting ``query``; None (with a warning) when the release has no such alliance.
    Several matches warn and return the lowest ATOPID."""
    found = query.candidates(data)
    if not found:
        warnings.warn(
            f"ATOP {data.version} has no alliance matching '{query.name}' ({query.describe()}); "
            f"it is listed without an ATOPID", AtopWarning, stacklevel=2,
        )
        return None
    if len(found) > 1:
        warnings.warn(
            f"ATOP {data.version}: '{query.name}' ({query.describe()}) matches ATOPIDs "
            f"{', '.join(map(str, found))}; using {found[0]} (tighten the query to choose)",
            AtopWarning, stacklevel=2,
        )
    return found[0]


def _labels(codes, states: pd.DataFrame | None) -> pd.DataFrame:
    return state_labels(codes, states if states is not None else load_states())


def treaty_members(data: AtopData, atopid: int, states: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every member of one alliance: ``ccode, state, name, entry_year, exit_year, in_force_at_end``
    (first entry, last exit), ordered by entry year then code."""
    rows = data.members[data.members["atopid"].eq(atopid)]
    spells = rows.groupby("member").agg(
        entry_year=("yrent", "min"), exit_year=("yrexit", "max"), in_force_at_end=("in_force_at_end", "any")
    )
    spells.loc[spells["in_force_at_end"], "exit_year"] = pd.NA
    spells = spells.rename_axis("ccode").reset_index()
    spells["ccode"] = spells["ccode"].astype("int64")
    labels = _labels(spells["ccode"], states).rename(columns={"stateabb": "state", "statenme": "name"})
    out = spells.merge(labels[["ccode", "state", "name"]], on="ccode", how="left")
    out = out.sort_values(["entry_year", "ccode"], kind="stable").reset_index(drop=True)
    return out[["ccode", "state", "name", "entry_year", "exit_year", "in_force_at_end"]]


def memo_treaties(
    data: AtopData, states: pd.DataFrame | None = None, queries: tuple[TreatyQuery, ...] = MEMO_TREATIES
) -> pd.DataFrame:
    """The memo's treaties as found in ``data``, one row each:
    ``atopid, name, signed, members, n_members, defense, consul, asymm, in_force_at_end, query``.

    ``members`` lists every state that was ever a member (COW names, in order of entry);
    ``defense``, ``consul`` and ``asymm`` are ATOP's alliance-level codes (1 if any member takes
    the obligation; ``asymm`` 1 if obligations differ among members)."""
    if states is None:
        states = load_states()
    alliances = data.alliances.set_index("atopid")
    rows = []
    for query in queries:
        atopid = find_treaty(data, query)
        row = {"atopid": atopid, "name": query.name, "signed": query.signed, "members": "", "n_members": 0,
               "defense": pd.NA, "consul": pd.NA, "asymm": pd.NA, "in_force_at_end": pd.NA,
               "query": query.describe()}
        if atopid is not None:
            members = treaty_members(data, atopid, states)
            code = alliances.loc[atopid]
            row.update(
                signed=int(code["begyr"]),
                members="; ".join(members["name"]),
                n_members=len(members),
                in_force_at_end=bool(code["in_force_at_end"]),
                **{c: code[c] if c in alliances.columns else pd.NA for c in ("defense", "consul", "asymm")},
            )
        rows.append(row)
    out = pd.DataFrame(rows)
    out["atopid"] = out["atopid"].astype("Int64")
    for column in ("defense", "consul", "asymm"):
        out[column] = out[column].astype("Int64")
    out["in_force_at_end"] = out["in_force_at_end"].astype("boolean")
    return out


# --------------------------------------------------------------------------- exits

def _meaning(codes: pd.Series, table: dict[int, str]) -> pd.Series:
    return codes.map(lambda c: "not coded" if pd.isna(c) else table.get(int(c), f"code {int(c)} (not in the codebook)"))


def member_exits(data: AtopData, atopid: int, states: pd.DataFrame | None = None) -> pd.DataFrame:
    """Members that left alliance ``atopid`` while it carried on, one row per exit:
    ``ccode, state, name, entry_year, exit_year, termmode, termmode_meaning, termcaus,
    termcaus_meaning`` (ordered by exit year, then code).

    An exit is a membership spell that ended (``yrexit`` given) with ``termmode`` other than 2
    (2 = continued in the next phase / replaced by a new agreement), in a year before the alliance
    itself ended (or it is still in force). A member that leaves and re-enters has one row per exit."""
    alliance = data.alliances.loc[data.alliances["atopid"].eq(atopid)]
    if alliance.empty:
        raise ParameterError(f"ATOPID {atopid} is not in ATOP {data.version}'s alliance file; pick an ATOPID it has")
    rows = data.members[data.members["atopid"].eq(atopid)]
    end = alliance["endyr"].iloc[0]
    ongoing = bool(alliance["in_force_at_end"].iloc[0])
    termmode = rows["termmode"] if "termmode" in rows else pd.Series(pd.NA, index=rows.index, dtype="Int64")
    left = rows["yrexit"].notna() & termmode.ne(2).fillna(True)
    left &= pd.Series(True, index=rows.index) if ongoing else rows["yrexit"].lt(end).fillna(False)
    # the entry year of the spell that ended
    exits = rows[left.astype(bool)]
    out = pd.DataFrame({
        "ccode": exits["member"].astype("int64"),
        "entry_year": exits["yrent"].astype("Int64"),
        "exit_year": exits["yrexit"].astype("Int64"),
        "termmode": exits["termmode"].astype("Int64") if "termmode" in exits else pd.NA,
        "termcaus": exits["termcaus"].astype("Int64") if "termcaus" in exits else pd.NA,
    })
    labels = _labels(out["ccode"], states).rename(columns={"stateabb": "state", "statenme": "name"})
    out = out.merge(labels[["ccode", "state", "name"]], on="ccode", how="left")
    out["termmode_meaning"] = _meaning(out["termmode"], TERMMODE)
    out["termcaus_meaning"] = _meaning(out["termcaus"], TERMCAUS)
    out = out.sort_values(["exit_year", "ccode"], kind="stable").reset_index(drop=True)
    return out[["ccode", "state", "name", "entry_year", "exit_year",
                "termmode", "termmode_meaning", "termcaus", "termcaus_meaning"]]


def rio_pact_exits(data: AtopData, states: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who left the Rio Pact (found by its query in :data:`MEMO_TREATIES`) and when; the columns
    of :func:`member_exits`, the first three being the output contract ``ccode, state, exit_year``
    reordered: ``ccode, state, exit_year, name, entry_year, termmode, ...``."""
    query = next(q for q in MEMO_TREATIES if q.name.startswith("Rio Pact"))
    atopid = find_treaty(data, query)
    if atopid is None:
        columns = ["ccode", "state", "exit_year", "name", "entry_year",
                   "termmode", "termmode_meaning", "termcaus", "termcaus_meaning"]
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    exits = member_exits(data, atopid, states)
    first = ["ccode", "state", "exit_year"]
    return exits[first + [c for c in exits.columns if c not in first]]


def membership_spells(data: AtopData, atopid: int, member: int) -> pd.DataFrame:
    """One state's membership rows in one alliance: ``atopid, member, phase, entry_year,
    exit_year, in_force_at_end, termmode, termcaus`` (e.g. France in NATO: no exit recorded)."""
    rows = data.members[data.members["atopid"].eq(atopid) & data.members["member"].eq(member)]
    out = pd.DataFrame({
        "atopid": rows["atopid"], "member": rows["member"], "phase": rows["phase"],
        "entry_year": rows["yrent"], "exit_year": rows["yrexit"],
        "in_force_at_end": rows["in_force_at_end"].astype(bool),
        "termmode": rows["termmode"] if "termmode" in rows else pd.NA,
        "termcaus": rows["termcaus"] if "termcaus" in rows else pd.NA,
    })
    return out.sort_values(["entry_year", "phase"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- one state's alliances

def alliances_of_state_by_year(
    data: AtopData,
    ccode: int = US,
    provisions: tuple[str, ...] = ("any", "defense", "consult-only"),
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """How many alliances ``ccode`` belongs to each year, by provision: ``year, provision, count``
    (every year of the range, zeros included).

    A year counts when the state's own membership is in force that year (``yrent <= y <= yrexit``
    or still a member at the end of coverage); the provision is read from the alliance-level codes,
    as in the memo's Figures 1 and 2."""
    start, end = year_range(data, start_year, end_year)
    years = membership_years(data, None, start, end)
    held = years.loc[years["member"].eq(ccode), ["atopid", "year"]].drop_duplicates()
    frames = []
    for name in provisions:
        rule = get_provision(name)
        chosen = data.alliances.loc[rule.mask(data.alliances, f"the alliance file of ATOP {data.version}"), "atopid"]
        counts = held[held["atopid"].isin(chosen)].groupby("year").size()
        counts = counts.reindex(range(start, end + 1), fill_value=0)
        frames.append(pd.DataFrame({"year": counts.index.astype("int64"), "provision": name,
                                    "count": counts.to_numpy(dtype="int64")}))
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- partners and the outlier

#: The rule counted by :func:`partner_counts` with the defaults, as printed under figures.
PARTNER_RULE = (
    "distinct defense-pact partners: two states are partners in a year when both are members of an "
    "alliance in force that year and at least one of them promises the other defense in it "
    "(member-level defense = 1)"
)
DIRECTION_TEXT = {
    "any": "either promises the other",
    "promised_by": "the state promises it to the partner",
    "promised_to": "the partner promises it to the state",
}


def partner_counts(
    data: AtopData,
    provision: str | None = "defense",
    direction: str = "any",
    start_year: int | None = None,
    end_year: int | None = None,
    states: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Distinct partners per state and year, labelled: ``year, ccode, state, partners`` for every
    state with at least one partner (``state``: COW abbreviation, or ``non-COW <code>``).

    The partner rule is :func:`atoplib.dyads.partners_by_year`'s (one definition for the whole
    project); with the defaults it is :data:`PARTNER_RULE`."""
    start, end = year_range(data, start_year, end_year)
    counts = partners_by_year(data, provision, direction=direction, start_year=start, end_year=end)
    labels = _labels(counts["ccode"], states)[["ccode", "stateabb"]].rename(columns={"stateabb": "state"})
    out = counts.merge(labels, on="ccode", how="left")
    return out[["year", "ccode", "state", "partners"]].sort_values(["year", "ccode"], kind="stable").reset_index(drop=True)


def directed_partners(
    data: AtopData,
    provision: str | None = "defense",
    start_year: int | None = None,
    end_year: int | None = None,
    states: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The directed view per state and year: ``year, ccode, state, partners, promises_to,
    promised_by`` — ``promises_to``: how many states it has promised ``provision`` to (for defense:
    promised to defend); ``promised_by``: how many have promised it to this state. Every state with
    a partner in either direction is listed; missing directions are 0."""
    start, end = year_range(data, start_year, end_year)
    keys = ["year", "ccode"]
    frames = {
        "partners": partners_by_year(data, provision, "any", start, end),
        "promises_to": partners_by_year(data, provision, "promised_by", start, end),
        "promised_by": partners_by_year(data, provision, "promised_to", start, end),
    }
    out = frames["partners"].rename(columns={"partners": "partners"})
    for name in ("promises_to", "promised_by"):
        out = out.merge(frames[name].rename(columns={"partners": name}), on=keys, how="left")
        out[name] = out[name].fillna(0).astype("int64")
    labels = _labels(out["ccode"], states)[["ccode", "stateabb"]].rename(columns={"stateabb": "state"})
    out = out.merge(labels, on="ccode", how="left")
    return out[["year", "ccode", "state", "partners", "promises_to", "promised_by"]].sort_values(
        keys, kind="stable").reset_index(drop=True)



def state_partners_by_year(
    data: AtopData,
    ccode: int = US,
    provisions: tuple[str | None, ...] = ("any", "defense"),
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """One state's distinct partners each year under each provision: ``year, provision, partners``
    (every year of the range, 0 when it has none); ``"any"``: fellow members of any alliance."""
    start, end = year_range(data, start_year, end_year)
    frames = []
    for name in provisions:
        counts = partners_by_year(data, name, "any", start, end)
        own = counts[counts["ccode"].eq(ccode)].set_index("year")["partners"].reindex(range(start, end + 1), fill_value=0)
        frames.append(pd.DataFrame({"year": own.index.astype("int64"), "provision": name or "any",
                                    "partners": own.to_numpy(dtype="int64")}))
    return pd.concat(frames, ignore_index=True)


def years_within(years, start: int, end: int, default=()) -> list[int]:
    """The chosen years (``default`` when ``years`` is None) that fall in ``start..end``, sorted,
    without repeats; a year that is not a whole number is a :class:`ParameterError`."""
    chosen = default if years is None else ([years] if isinstance(years, (int, np.integer)) else years)
    out = set()
    for year in chosen:
        if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
            raise ParameterError(f"years must be whole years such as 1985, not {year!r}")
        if start <= year <= end:
            out.add(int(year))
    return sorted(out)

def outlier_by_year(
    partners: pd.DataFrame, ccode: int = US, years: tuple[int, int] | None = None
) -> pd.DataFrame:
    """How far one state stands out each year: ``year, partners, next_ccode, next_state,
    next_partners, median_partners, states_with_partners``.

    ``partners`` is ``ccode``'s count (0 when it has none); ``next_*`` the state with the most
    partners among the others (ties: the lowest code); ``median_partners`` the median over every
    state with at least one partner (``ccode`` included). ``years`` (first, last) lists every year
    of the range, including years without any partnership."""
    frame = partners[["year", "ccode", "partners"] + (["state"] if "state" in partners else [])]
    first, last = years if years is not None else (int(frame["year"].min()), int(frame["year"].max()))
    index = pd.Index(range(first, last + 1), name="year")
    own = frame[frame["ccode"].eq(ccode)].set_index("year")["partners"].reindex(index, fill_value=0)
    others = frame[frame["ccode"].ne(ccode)].sort_values(["year", "partners", "ccode"],
                                                          ascending=[True, False, True], kind="stable")
    top = others.drop_duplicates("year").set_index("year").reindex(index)
    grouped = frame.groupby("year")["partners"]
    out = pd.DataFrame({
        "year": index.to_numpy(dtype="int64"),
        "partners": own.to_numpy(dtype="int64"),
        "next_ccode": top["ccode"].astype("Int64").to_numpy(),
        "next_state": top["state"].to_numpy() if "state" in top else pd.NA,
        "next_partners": top["partners"].fillna(0).astype("int64").to_numpy(),
        "median_partners": grouped.median().reindex(index).astype("Float64").to_numpy(),
        "states_with_partners": grouped.size().reindex(index, fill_value=0).astype("int64").to_numpy(),
    })
    return out


def outlier_table(outlier: pd.DataFrame, years) -> pd.DataFrame:
    """The rows of :func:`outlier_by_year` for the chosen years (those inside its range), with
    ``ratio_to_next`` (partners / next_partners) added."""
    table = outlier[outlier["year"].isin(list(years))].copy()
    table["ratio_to_next"] = (table["partners"] / table["next_partners"].where(table["next_partners"] > 0)).round(2)
    return table.reset_index(drop=True)


def network_share_by_year(partners: pd.DataFrame, ccodes=(US, USSR)) -> pd.DataFrame:
    """Each state's share of all partner pairs each year: ``year, ccode, dyads, total_dyads, share``.

    ``partners`` must be undirected counts (direction ``"any"``), so every pair is counted once by
    each side and ``total_dyads`` is half the sum of all states' partners; ``dyads`` is the
    state's own partner count."""
    total = (partners.groupby("year")["partners"].sum() // 2).rename("total_dyads")
    frames = []
    for code in ccodes:
        own = partners[partners["ccode"].eq(code)].set_index("year")["partners"].reindex(total.index, fill_value=0)
        frames.append(pd.DataFrame({"year": total.index.to_numpy(dtype="int64"), "ccode": int(code),
                                    "dyads": own.to_numpy(dtype="int64"), "total_dyads": total.to_numpy(dtype="int64")}))
    out = pd.concat(frames, ignore_index=True)
    out["share"] = (out["dyads"] / out["total_dyads"].where(out["total_dyads"] > 0)).round(4)
    return out.sort_values(["year", "ccode"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- the network picture

#: World regions by COW code range (COW's own numbering by region).
REGIONS = (
    ("Americas", 2, 165),
    ("Europe", 200, 399),
    ("Africa", 402, 626),
    ("Middle East", 630, 698),
    ("Asia/Oceania", 700, 990),
)
REGION_COLORS = {
    "Americas": "#4e79a7",
    "Europe": "#59a14f",
    "Africa": "#edc948",
    "Middle East": "#b07aa1",
    "Asia/Oceania": "#76b7b2",
    "other": "#bab0ac",
}


def region_of(ccodes) -> pd.Series:
    """Region of each COW code (:data:`REGIONS`); codes outside every range are ``"other"``."""
    codes = pd.Series(ccodes).astype("int64").reset_index(drop=True)
    labels = pd.Series("other", index=codes.index, dtype="object")
    for name, first, last in REGIONS:
        labels = labels.mask(codes.between(first, last), name)
    return labels


def defense_ties(
    data: AtopData, year: int, provision: str | None = "defense", states: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The undirected partner pairs of one year (the pairs behind :func:`partner_counts`):
    ``year, ccode_a, state_a, ccode_b, state_b`` with ``ccode_a < ccode_b``."""
    start, end = year_range(data, year, year)
    rule = get_provision(provision)
    dyads = dyad_years(data, start, end)
    promises = rule.mask(dyads, f"the dyad-years of ATOP {data.version}")
    ties = dyads.loc[promises, ["stateA", "stateB", "year"]]
    a = np.minimum(ties["stateA"], ties["stateB"])
    b = np.maximum(ties["stateA"], ties["stateB"])
    out = pd.DataFrame({"year": ties["year"].to_numpy(), "ccode_a": a.to_numpy(), "ccode_b": b.to_numpy()})
    out = out.drop_duplicates().sort_values(["ccode_a", "ccode_b"], kind="stable").reset_index(drop=True)
    labels = _labels(pd.concat([out["ccode_a"], out["ccode_b"]]), states).set_index("ccode")["stateabb"]
    out.insert(2, "state_a", out["ccode_a"].map(labels))
    out["state_b"] = out["ccode_b"].map(labels)
    return out[["year", "ccode_a", "state_a", "ccode_b", "state_b"]]


def _seeded_layout(graph, seed: int) -> dict:
    """Spring layout that keeps separate blocs on one canvas: an invisible hub, weakly tied to
    every state, stops unconnected groups from drifting apart; then the hub is dropped."""
    import networkx as nx

    hub = -1
    anchored = graph.copy()
    nx.set_edge_attributes(anchored, 1.0, "weight")
    anchored.add_weighted_edges_from((hub, n, 0.03) for n in graph.nodes)
    position = nx.spring_layout(anchored, seed=seed, weight="weight", iterations=300,
                                k=1.2 / np.sqrt(max(graph.number_of_nodes(), 1)))
    position.pop(hub)
    return position


def network_figure(ties: pd.DataFrame, note: str, highlight: int = US, label=(US, USSR), seed: int = 5):
    """One panel per year in ``ties`` (from :func:`defense_ties`): states as nodes coloured by
    region, partner pairs as edges, ``highlight`` drawn large in the accent colour. The layout is
    seeded (``seed``) so the same data give the same picture."""
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D

    from .figures import PALETTE, use_house_style

    use_house_style()
    years = sorted(ties["year"].unique())
    fig, axes = plt.subplots(1, max(len(years), 1), figsize=(4.6 * max(len(years), 1), 4.8), squeeze=False)
    for ax, year in zip(axes[0], years):
        part = ties[ties["year"].eq(year)]
        graph = nx.Graph()
        names = dict(zip(part["ccode_a"], part["state_a"])) | dict(zip(part["ccode_b"], part["state_b"]))
        graph.add_nodes_from(sorted(names))
        graph.add_edges_from(zip(part["ccode_a"], part["ccode_b"]))
        position = _seeded_layout(graph, seed)
        nodes = list(graph.nodes)
        regions = region_of(nodes).tolist()
        colors = [PALETTE["highlight"] if n == highlight else REGION_COLORS[r] for n, r in zip(nodes, regions)]
        sizes = [220 if n == highlight else 40 for n in nodes]
        nx.draw_networkx_edges(graph, position, ax=ax, width=0.4, alpha=0.35, edge_color="#7f7f7f")
        nx.draw_networkx_nodes(graph, position, ax=ax, node_color=colors, node_size=sizes,
                               linewidths=0.5, edgecolors="white")
        shown = {n: names[n] for n in nodes if n in set(label)}
        nx.draw_networkx_labels(graph, position, labels=shown, ax=ax, font_size=9, font_weight="bold")
        degree = dict(graph.degree())
        ax.set_title(f"{year}: {graph.number_of_nodes()} states, {graph.number_of_edges()} pairs"
                     + (f"; {names.get(highlight, highlight)} {degree.get(highlight, 0)}" if highlight in names else ""),
                     fontsize=10)
        ax.set_axis_off()
    handles = [Line2D([], [], marker="o", ls="", color=c, label=r) for r, c in REGION_COLORS.items()]
    everyone = dict(zip(ties["ccode_a"], ties["state_a"])) | dict(zip(ties["ccode_b"], ties["state_b"]))
    handles.append(Line2D([], [], marker="o", ls="", markersize=10, color=PALETTE["highlight"],
                          label=str(everyone.get(highlight, highlight))))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=8, bbox_to_anchor=(0.5, -0.02))
    fig.text(0.01, -0.06, note, ha="left", va="top", fontsize=8, color="#404040", wrap=True)
    return fig


def gapped_lines_figure(
    frame: pd.DataFrame,
    y: str,
    hue: str,
    colors: dict[str, str],
    title: str,
    ylabel: str,
    note: str,
    x: str = "year",
    cold_war: bool = True,
):
    """A yearly line chart in the house style (like :func:`atoplib.figures.line_figure`) in which a
    missing value *breaks* the line instead of being bridged: years without data show no line."""
    import matplotlib.pyplot as plt

    from .figures import mark_cold_war, use_house_style

    use_house_style()
    fig, ax = plt.subplots()
    for level in dict.fromkeys(frame[hue]):
        part = frame[frame[hue].eq(level)].sort_values(x)
        ax.plot(part[x].to_numpy(dtype="float64"), part[y].astype("Float64").to_numpy(dtype="float64", na_value=np.nan),
                lw=2, color=colors.get(level), label=str(level))
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel(ylabel)
    low, high = float(frame[x].min()), float(frame[x].max())
    ax.set_xlim(low, high if high > low else low + 1)
    top = pd.to_numeric(frame[y], errors="coerce").astype("float64").max()
    ax.set_ylim(0, top * 1.12 if pd.notna(top) and top > 0 else 1)
    if cold_war:
        mark_cold_war(ax)
    ax.legend(title=None, loc="upper left")
    fig.text(0.01, -0.02, note, ha="left", va="top", fontsize=8, color="#404040", wrap=True)
    return fig
