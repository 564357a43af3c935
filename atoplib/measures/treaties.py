"""Treaties and exits: an alliance found by what it is, its members, and who left it.

**Treaties by query.** A :class:`TreatyQuery` names the signing year (ATOP's ``begyr``), members
that must be in it, and its size (bilateral, or how many states joined in the signing year). The
same query finds the same treaty in any release that codes it; a treaty a release lacks is
reported with a warning and an empty ATOPID instead of a wrong match.

**Exits.** A member *leaves* an alliance when one of its membership spells ends (``yrexit``) with
a termination mode other than "continues in the next phase" while the alliance itself carries on.
ATOP's member-level codes ``termmode`` (how) and ``termcaus`` (why) are explained with the 5.1
codebook's wording (section 2.32, :data:`TERMMODE`, :data:`TERMCAUS`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from ..data.checks import check_code, check_year, checked
from ..data.tables import AtopData
from ..errors import AtopWarning, ParameterError

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

    def __post_init__(self) -> None:
        """The year and the COW codes as ints ("3180", 1949.0 accepted), else one line."""
        if isinstance(self.members, (str, bytes)) or not hasattr(self.members, "__iter__"):
            raise ParameterError(f"TreatyQuery '{self.name}': members must be a tuple of COW codes such as (2, 200), "
                                 f"not {type(self.members).__name__} {self.members!r}")
        object.__setattr__(self, "members", tuple(check_code(c, "ccode", f"TreatyQuery '{self.name}'") for c in self.members))
        object.__setattr__(self, "signed", check_year(self.signed, "signed", f"TreatyQuery '{self.name}'"))

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


@checked
def find_treaty(data: AtopData, query: TreatyQuery) -> int | None:
    """The ATOPID meeting ``query``; None (with a warning) when the release has no such alliance.
    Several matches warn and return the lowest ATOPID."""
    found = query.candidates(data)
    if not found:  # stacklevel 3: the caller, past the argument check (@checked)
        warnings.warn(
            f"ATOP {data.version} has no alliance matching '{query.name}' ({query.describe()}); "
            f"it is listed without an ATOPID", AtopWarning, stacklevel=3,
        )
        return None
    if len(found) > 1:
        warnings.warn(
            f"ATOP {data.version}: '{query.name}' ({query.describe()}) matches ATOPIDs "
            f"{', '.join(map(str, found))}; using {found[0]} (tighten the query to choose)",
            AtopWarning, stacklevel=3,
        )
    return found[0]


@checked
def treaty_members(data: AtopData, atopid: int) -> pd.DataFrame:
    """Every member of one alliance: ``ccode, entry_year, exit_year, in_force_at_end`` (first entry,
    last exit), ordered by entry year then code (names: :func:`atoplib.data.add_state_names`)."""
    _known(data, atopid)
    rows = data.members[data.members["atopid"].eq(atopid)]
    spells = rows.groupby("member").agg(
        entry_year=("yrent", "min"), exit_year=("yrexit", "max"), in_force_at_end=("in_force_at_end", "any")
    )
    spells.loc[spells["in_force_at_end"], "exit_year"] = pd.NA
    spells = spells.rename_axis("ccode").reset_index()
    spells["ccode"] = spells["ccode"].astype("int64")
    out = spells.sort_values(["entry_year", "ccode"], kind="stable").reset_index(drop=True)
    return out[["ccode", "entry_year", "exit_year", "in_force_at_end"]]


def _known(data: AtopData, atopid: int) -> int:
    """``atopid`` if the release has that alliance; else one line (never an empty table)."""
    if not data.alliances["atopid"].eq(atopid).any():
        raise ParameterError(f"ATOPID {atopid} is not in ATOP {data.version}'s alliance file; pick an ATOPID it has")
    return atopid


# --------------------------------------------------------------------------- exits

def _meaning(codes: pd.Series, table: dict[int, str]) -> pd.Series:
    return codes.map(lambda c: "not coded" if pd.isna(c) else table.get(int(c), f"code {int(c)} (not in the codebook)")).astype("object")


@checked
def member_exits(data: AtopData, atopid: int) -> pd.DataFrame:
    """Members that left alliance ``atopid`` while it carried on, one row per exit:
    ``ccode, entry_year, exit_year, termmode, termmode_meaning, termcaus, termcaus_meaning``
    (ordered by exit year, then code; names: :func:`atoplib.data.add_state_names`).

    An exit is a membership spell that ended (``yrexit`` given) with ``termmode`` other than 2
    (2 = continued in the next phase / replaced by a new agreement), in a year before the alliance
    itself ended (or it is still in force), unless the member's next phase begins in the exit year
    or the next (a continuation). A member that leaves and re-enters later has one row per exit."""
    alliance = data.alliances.loc[data.alliances["atopid"].eq(_known(data, atopid))]
    rows = data.members[data.members["atopid"].eq(atopid)]
    end = alliance["endyr"].iloc[0]
    ongoing = bool(alliance["in_force_at_end"].iloc[0])
    termmode = rows["termmode"] if "termmode" in rows else pd.Series(pd.NA, index=rows.index, dtype="Int64")
    left = rows["yrexit"].notna() & termmode.ne(2).fillna(True)
    left &= pd.Series(True, index=rows.index) if ongoing else rows["yrexit"].lt(end).fillna(False)
    # a spell that ends where the member's next phase begins (that year or the next) is a
    # continuation, whatever its termmode (SEATO 1977: the U.S. and Thailand go on in phase 2)
    nxt = rows[["member", "phase", "yrent"]]
    pairs = rows.reset_index().merge(nxt, on="member", suffixes=("", "_next"))
    goes_on = pairs["phase_next"].gt(pairs["phase"]) & pairs["yrent_next"].between(pairs["yrexit"], pairs["yrexit"] + 1)
    continued = rows.index.isin(pairs.loc[goes_on.fillna(False).astype(bool), "index"])
    exits = rows[left.astype(bool) & ~continued]
    out = pd.DataFrame({
        "ccode": exits["member"].astype("int64"),
        "entry_year": exits["yrent"].astype("Int64"),
        "exit_year": exits["yrexit"].astype("Int64"),
        "termmode": exits["termmode"].astype("Int64") if "termmode" in exits else pd.NA,
        "termcaus": exits["termcaus"].astype("Int64") if "termcaus" in exits else pd.NA,
    })
    out["termmode_meaning"] = _meaning(out["termmode"], TERMMODE)
    out["termcaus_meaning"] = _meaning(out["termcaus"], TERMCAUS)
    out = out.sort_values(["exit_year", "ccode"], kind="stable").reset_index(drop=True)
    return out[["ccode", "entry_year", "exit_year", "termmode", "termmode_meaning", "termcaus", "termcaus_meaning"]]


@checked
def membership_spells(data: AtopData, atopid: int, member: int) -> pd.DataFrame:
    """One state's membership rows in one alliance: ``atopid, member, phase, entry_year,
    exit_year, in_force_at_end, termmode, termcaus`` (e.g. France in NATO: no exit recorded)."""
    rows = data.members[data.members["atopid"].eq(_known(data, atopid)) & data.members["member"].eq(member)]
    out = pd.DataFrame({
        "atopid": rows["atopid"], "member": rows["member"], "phase": rows["phase"],
        "entry_year": rows["yrent"], "exit_year": rows["yrexit"],
        "in_force_at_end": rows["in_force_at_end"].astype(bool),
        "termmode": rows["termmode"] if "termmode" in rows else pd.NA,
        "termcaus": rows["termcaus"] if "termcaus" in rows else pd.NA,
    })
    return out.sort_values(["entry_year", "phase"], kind="stable").reset_index(drop=True)
