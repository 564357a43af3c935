"""How a finding names the pacts and states it counts: "ATOPID 3375 (U.S.-Japan Treaty of Mutual
Cooperation and Security, 1960)", "ATOPID 3355 (U.S.–Pakistan, 1959)", "Belgium".

ATOP has no treaty names. A pact one of :data:`~atoplib.memo.treaties.NAMED_TREATIES` finds is
called by that query's name; any other by its founding members (the states that joined in the
signing year, the U.S. first) and its signing year. States are called by their COW names when
COW's state list is given, the United States as "U.S.".
"""

from __future__ import annotations

from typing import Iterable

from ..data.cow import US
from .evidence import Evidence
from .treaties import NAMED_TREATIES

#: Founding members named before a pact is called "A, B, C and N others".
FOUNDERS_NAMED = 3


def state(ev: Evidence, ccode: int) -> str:
    """A state as a finding names it: "U.S." for COW 2, else its COW name (or its code in words)."""
    ccode = int(ccode)
    if ccode == US:
        return "U.S."
    names = ev.cached("naming:states", dict)
    if ccode not in names:
        names[ccode] = ev.state_name(ccode)
    return names[ccode]


def states(ev: Evidence, ccodes: Iterable[int]) -> list[str]:
    """Several states by name, in the order given."""
    return [state(ev, c) for c in ccodes]


def _named(ev: Evidence) -> dict[int, str]:
    def compute() -> dict[int, str]:
        out: dict[int, str] = {}
        for query in NAMED_TREATIES:
            atopid = ev.treaty(query.name)
            if atopid is not None:
                out.setdefault(int(atopid), query.name.split(" (")[0])
        return out

    return ev.cached("naming:named-treaties", compute)


def _founders(ev: Evidence) -> dict[int, tuple[int, list[int]]]:
    """Per ATOPID: the signing year and the founding members (joined that year; every member if none
    did), the U.S. first, then by COW code."""
    def compute() -> dict[int, tuple[int, list[int]]]:
        rows = ev.data.members[["atopid", "member", "yrent"]].merge(ev.data.alliances[["atopid", "begyr"]], on="atopid")
        out = {}
        for atopid, group in rows.groupby("atopid"):
            signed = int(group["begyr"].iloc[0])
            first = group.loc[group["yrent"].eq(signed), "member"]
            codes = {int(c) for c in (first if len(first) else group["member"])}
            out[int(atopid)] = (signed, sorted(codes, key=lambda c: (c != US, c)))
        return out

    return ev.cached("naming:founders", compute)


def pact(ev: Evidence, atopid: int) -> str:
    """"ATOPID 3355 (U.S.–Pakistan, 1959)": the ATOPID, a name and the signing year (``begyr``)."""
    atopid = int(atopid)
    found = _founders(ev).get(atopid)
    if found is None:  # an alliance without member rows (a release that fails its own checks)
        return f"ATOPID {atopid}"
    signed, codes = found
    name = _named(ev).get(atopid)
    if name is None:
        names = states(ev, codes)
        rest = len(names) - FOUNDERS_NAMED
        others = f"{rest} other{'s' * (rest > 1)}"
        name = "–".join(names) if rest <= 0 else f"{', '.join(names[:FOUNDERS_NAMED])} and {others}"
    return f"ATOPID {atopid} ({name}, {signed})"


def pacts(ev: Evidence, atopids: Iterable[int]) -> list[str]:
    """Several pacts by name, in the order given."""
    return [pact(ev, a) for a in atopids]
