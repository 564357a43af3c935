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
from .errors import AtopWarning, ParameterError
from .provisions import get_provision
from .tables import AtopData
from .trends import COLD_WAR, membership_years, year_range

#: COW country codes used by name throughout.
US = 2
USSR = 365  # the Soviet Union to 1991, Russia after (one COW code)

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
