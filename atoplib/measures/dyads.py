"""Directed dyad-years and partners: who promises what to whom, each year.

**Dyads** (codebook 5.1, section 2.7). For every alliance and year, every ordered pair of
distinct members *A*, *B* that were members *at the same time* forms a directed dyad. Two members
of one alliance are simultaneous when each joined before the other left: ``entered_A <
exited_B`` and ``entered_B < exited_A`` (full dates, from :func:`atoplib.stateyears.
member_alliance_years`). A member that leaves on the day another joins — German unification on
Oct. 3, 1990 (West and East Germany leave, Germany joins), Yemen on May 22, 1990 — never shares
the alliance with it, as the codebook says ("we then eliminate cases in which one state joined the
alliance after the other terminated its affiliation ... in the same year").

Each directed dyad-year aggregates over the alliances *A* and *B* share that year:

* ``defense, offense, neutral, nonagg, consul``: 1 if **A promises** that obligation to B in any of
  them (codebook 2.7: "DEFENSE: 1 if State A has a defensive obligation toward State B"). A's
  promise is read from A's member-level code in that alliance (the last of A's rows in force that
  year, as in the state-year file). Under the U.S.–Japan treaties (ATOPIDs 3220, 3375) the U.S.
  row has ``defense = 1`` and Japan's 0, so 2→740 has ``defense = 1`` and 740→2 has 0.
* ``number``: how many alliances they share; ``atopids``: which (ascending).
* ``obvary``: 1 if, in a shared alliance, A's obligations differ between partners (member-level
  ``obvary``; 17 alliances in 5.1, most before 1945). ATOP corrects those dyads by hand from the
  treaty texts (e.g. in ATOPID 1190 Britain and France promise to defend Sweden, not each other);
  the member file cannot say which partner A's promise is for, so here it counts for every
  partner. Rows with ``obvary = 1`` may therefore show an obligation ATOP's own file does not.

With ``include_non_cow=False`` the row set is ATOP's: 273,296 directed dyad-years for 5.1, the
count of the official ``atop5_1ddyr`` file (see ``docs/dyad-years.md``).

**Partners.** :func:`partners_by_year` counts, for each state and year, the distinct states it is
tied to under a provision, in a chosen direction — the basis of "the U.S. as outlier".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.checks import checked
from ..data.tables import AtopData, check_release
from ..errors import ParameterError
from .provisions import Provision, get_provision
from .stateyears import OBLIGATIONS, member_alliance_years, split_at

#: Columns of :func:`dyad_years`, in order.
DYAD_YEAR_COLUMNS = ("stateA", "stateB", "year", "atopally", *OBLIGATIONS, "number", "obvary", "atopids")
DIRECTIONS = ("any", "promised_by", "promised_to")


def _pairs(
    data: AtopData,
    start_year: int | None,
    end_year: int | None,
    include_non_cow: bool,
    columns: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Member-alliance-years and the row numbers (``left`` = A, ``right`` = B) of every ordered
    pair of simultaneous members of one alliance in one year."""
    spans = member_alliance_years(data, start_year, end_year, include_non_cow, columns=columns)
    spans = spans.sort_values(["atopid", "year", "member"], kind="stable").reset_index(drop=True)
    n = len(spans)
    if n == 0:
        empty = np.empty(0, dtype="int64")
        return spans, empty, empty
    key = spans["atopid"].to_numpy() * 10_000 + spans["year"].to_numpy()
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    sizes = np.diff(np.r_[starts, n])
    group = np.repeat(np.arange(len(starts)), sizes)
    per_row = sizes[group]  # each row pairs with every row of its group
    left = np.repeat(np.arange(n), per_row)
    offsets = np.arange(per_row.sum()) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    right = starts[group[left]] + offsets
    entered, exited = spans["entered"].to_numpy(), spans["exited"].to_numpy()
    keep = (left != right) & (
        ((entered[left] < exited[right]) & (entered[right] < exited[left]))
        | (entered[left] == entered[right])  # both joined the same day (even a one-day alliance)
    )
    return spans, left[keep], right[keep]


def _pack(fields: tuple[np.ndarray, ...]) -> tuple[np.ndarray, tuple[int, ...]]:
    """Non-negative int64 columns packed into one int64 that sorts like the tuple of columns."""
    bases = tuple(int(f.max()) + 1 if len(f) else 1 for f in fields)
    if np.prod([float(b) for b in bases]) >= 2.0**62:
        raise OverflowError("codes too large to pack")  # pragma: no cover - no ATOP release comes close
    packed = np.zeros(len(fields[0]), dtype="int64")
    for values, base in zip(fields, bases):
        packed = packed * base + values
    return packed, bases


def _unpack(packed: np.ndarray, bases: tuple[int, ...]) -> list[np.ndarray]:
    out = []
    for base in reversed(bases):
        packed, rest = np.divmod(packed, base)
        out.append(rest)
    return out[::-1]


def _extra_columns(data: AtopData, columns: tuple[str, ...] = ()) -> tuple[str, ...]:
    wanted = (("obvary",) if "obvary" in data.members.columns else ()) + tuple(columns)
    return tuple(dict.fromkeys(c for c in wanted if c not in OBLIGATIONS))


@checked
def alliance_pairs(
    data: AtopData,
    start_year: int | None = None,
    end_year: int | None = None,
    include_non_cow: bool = True,
    columns: tuple[str, ...] = (),
) -> pd.DataFrame:
    """One row per alliance, year and ordered pair of simultaneous members.

    Columns ``atopid, year, stateA, stateB``, then A's five obligation codes, ``obvary`` and any
    other member-level ``columns`` asked for, all A's values in that alliance and year (``obvary``
    is 0 where the release lacks it). The building block of :func:`dyad_years` and
    :func:`partners_by_year`.
    """
    extra = _extra_columns(data, columns)
    spans, left, right = _pairs(data, start_year, end_year, include_non_cow, extra)
    member = spans["member"].to_numpy()
    out = pd.DataFrame(
        {
            "atopid": spans["atopid"].to_numpy()[left],
            "year": spans["year"].to_numpy()[left],
            "stateA": member[left],
            "stateB": member[right],
        }
    )
    for column in (*OBLIGATIONS, *extra):
        out[column] = spans[column].to_numpy()[left]
    if "obvary" not in out.columns:
        out["obvary"] = np.zeros(len(out), dtype="int64")
    return out


@checked
def dyad_years(
    data: AtopData,
    start_year: int | None = None,
    end_year: int | None = None,
    include_non_cow: bool = True,
) -> pd.DataFrame:
    """Directed dyad-years (codebook 2.7; rules in the module docstring).

    Columns: ``stateA, stateB, year, atopally, defense, offense, neutral, nonagg, consul, number,
    obvary`` (int64) and ``atopids`` (tuple, ascending); one row per ordered pair of states sharing
    at least one alliance in the year, sorted by ``stateA, stateB, year``. Obligations are A's
    promises to B. ``include_non_cow=False`` drops members without a 3-digit COW code, as ATOP does.
    """
    extra = _extra_columns(check_release(data))
    spans, left, right = _pairs(data, start_year, end_year, include_non_cow, extra)
    member = spans["member"].to_numpy(dtype="int64")
    # one bit per code: a single OR-reduction aggregates all six over the shared alliances
    flags = (*OBLIGATIONS, "obvary")
    bits = np.zeros(len(spans), dtype="int64")
    for i, column in enumerate(flags):
        if column in spans.columns:
            bits |= (spans[column].to_numpy(dtype="int64") != 0).astype("int64") << i
    # (A, B, year, atopid) packed into one sortable int64
    fields = (member[left], member[right], spans["year"].to_numpy(dtype="int64")[left],
              spans["atopid"].to_numpy(dtype="int64")[left])
    packed, bases = _pack(fields)
    order = np.argsort(packed)  # keys are unique (one row per alliance and ordered pair), so any sort will do
    packed, pair_bits = packed[order], bits[left][order]
    dyad = packed // bases[-1]
    starts = np.flatnonzero(np.r_[True, dyad[1:] != dyad[:-1]]) if len(dyad) else np.empty(0, dtype="int64")
    state_a, state_b, year, _ = _unpack(packed[starts], bases)
    out = pd.DataFrame(
        {
            "stateA": state_a,
            "stateB": state_b,
            "year": year,
            "atopally": np.ones(len(starts), dtype="int64"),
        }
    )
    reduced = np.bitwise_or.reduceat(pair_bits, starts) if len(starts) else pair_bits[:0]
    for i, column in enumerate(flags):
        out[column] = (reduced >> i) & 1
    out["number"] = np.diff(np.r_[starts, len(packed)]).astype("int64")
    out["atopids"] = split_at(packed % bases[-1], starts[1:]) if len(starts) else np.empty(0, dtype=object)
    return out[list(DYAD_YEAR_COLUMNS)]


@checked
def partners_by_year(
    data: AtopData,
    provision: str | Provision | None = "defense",
    direction: str = "any",
    start_year: int | None = None,
    end_year: int | None = None,
    include_non_cow: bool = True,
) -> pd.DataFrame:
    """Distinct partners of each state in each year under ``provision``: ``year, ccode, partners``.

    A *tie* is a pair of simultaneous members of one alliance in which one promises the other the
    provision — read from the promising member's own codes in that alliance and year (member level,
    so under the U.S.–Japan treaties only the U.S. promises defense). ``direction``:

    * ``"promised_by"``: states that ``ccode`` promises it to (how many it has promised to defend);
    * ``"promised_to"``: states that promise it to ``ccode`` (how many have promised to defend it);
    * ``"any"``: either way (the union of the two).

    ``provision=None`` (or ``"any"``) counts every fellow member. Only states with at least one
    partner appear; rows are sorted by year, then ccode.
    """
    check_release(data)
    if direction not in DIRECTIONS:
        raise ParameterError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    rule = get_provision(provision)
    extra = tuple(c for c in rule.columns if c not in OBLIGATIONS)
    for column in extra:
        if column not in data.members.columns:
            rule.mask(data.members, f"the member file of ATOP {data.version}")  # raises the one-line error
    pairs = alliance_pairs(data, start_year, end_year, include_non_cow, columns=extra)
    promises = rule.mask(pairs, f"the member file of ATOP {data.version}").to_numpy()
    a, b, year = (pairs[c].to_numpy(dtype="int64") for c in ("stateA", "stateB", "year"))
    if direction == "promised_by":
        state, partner, keep = a, b, promises
    elif direction == "promised_to":
        state, partner, keep = b, a, promises
    else:
        # pairs come in both orders, so "either promises" is: this pair or its mirror promises
        tie, _ = _pack((np.minimum(a, b), np.maximum(a, b), year))
        state, partner, keep = a, b, np.isin(tie, tie[promises])
    ties, bases = _pack((year[keep], state[keep], partner[keep]))
    year_of, state_of, _ = _unpack(np.unique(ties), bases)
    frame = pd.DataFrame({"year": year_of, "ccode": state_of})
    counts = frame.groupby(["year", "ccode"], sort=True).size().rename("partners").reset_index()
    return counts.astype({"year": "int64", "ccode": "int64", "partners": "int64"})

