"""How trends are counted: alliances in force each year, and what was signed in each era.

**In force.** An alliance is in force in year *y* if it began in or before *y* (``begyr <= y``)
and ended in or after *y* (``endyr >= y``), or is still in force at the end of coverage
(ATOP's ``endyr = 0``). An alliance that begins and ends in the same year counts in that year.
The same rule applies to a membership (``yrent``/``yrexit``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.checks import checked
from ..data.tables import AtopData, check_release
from ..errors import ParameterError
from .provisions import Provision, get_provision

#: Eras for "what was signed when" (memo: the Cold War and after).
ERAS = (
    ("1815-1913", 1815, 1913),
    ("1914-1945", 1914, 1945),
    ("1946-1991 (Cold War)", 1946, 1991),
    ("1992-end", 1992, None),
)
COLD_WAR = (1946, 1991)
#: The first year after the Cold War.
POST_COLD_WAR = COLD_WAR[1] + 1


@checked
def year_range(data: AtopData, start_year: int | None = None, end_year: int | None = None) -> tuple[int, int]:
    """Validated ``(start, end)``; defaults are the release's coverage."""
    check_release(data)
    first, last = data.coverage
    start = first if start_year is None else start_year
    end = last if end_year is None else end_year
    for name, value in (("start_year", start), ("end_year", end)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ParameterError(f"{name} must be a whole year such as 1945, not {value!r}")
    if start > end:
        raise ParameterError(f"start_year {start} is after end_year {end}; swap them")
    if start < first or end > last:
        raise ParameterError(
            f"years {start}-{end} fall outside ATOP {data.version}'s coverage {first}-{last}; "
            f"choose years inside it"
        )
    return int(start), int(end)


def _in_force(
    data: AtopData, table: str, provision, start_year: int | None, end_year: int | None
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, int, int]:
    """The rows of ``data.<table>`` meeting ``provision``, with their first and last year in force
    clipped to the validated year range: the one in-force rule, for alliances and memberships."""
    start, end = year_range(data, start_year, end_year)
    begin, finish, label = {
        "alliances": ("begyr", "endyr", "alliance"),
        "members": ("yrent", "yrexit", "member"),
    }[table]
    frame = getattr(data, table)
    frame = frame[get_provision(provision).mask(frame, f"the {label} file of ATOP {data.version}")]
    starts = frame[begin].to_numpy(dtype="int64", na_value=0)
    stops = frame[finish].fillna(data.last_year).to_numpy(dtype="int64")
    return frame, np.maximum(starts, start), np.minimum(stops, end), start, end


def _expand(frame: pd.DataFrame, starts: np.ndarray, stops: np.ndarray, keep: list[str]) -> pd.DataFrame:
    lengths = np.maximum(stops - starts + 1, 0)
    index = np.repeat(np.arange(len(frame)), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    out = frame[keep].iloc[index].reset_index(drop=True)
    out["year"] = (np.repeat(starts, lengths) + offsets).astype("int64")
    return out


@checked
def alliance_years(
    data: AtopData,
    provision: str | Provision | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    columns: tuple[str, ...] = (),
) -> pd.DataFrame:
    """One row per alliance and year in force: ``atopid, year`` (plus any ``columns`` asked for)."""
    alliances, starts, stops, _, _ = _in_force(data, "alliances", provision, start_year, end_year)
    return _expand(alliances, starts, stops, ["atopid", *columns])


@checked
def counts_by_year(
    data: AtopData,
    provision: str | Provision | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """Alliances in force each year under ``provision``: columns ``year, count``, every year listed."""
    _, starts, stops, start, end = _in_force(data, "alliances", provision, start_year, end_year)
    live = stops >= starts
    # difference array: +1 at the first year in force, -1 after the last
    delta = np.zeros(end - start + 2, dtype="int64")
    np.add.at(delta, starts[live] - start, 1)
    np.add.at(delta, stops[live] - start + 1, -1)
    return pd.DataFrame({"year": np.arange(start, end + 1, dtype="int64"), "count": np.cumsum(delta)[:-1]})


@checked
def membership_years(
    data: AtopData,
    provision: str | Provision | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    columns: tuple[str, ...] = (),
) -> pd.DataFrame:
    """One row per membership (alliance x member x phase) and year in force:
    ``atopid, member, phase, year`` plus any ``columns``; the provision is read per member and phase."""
    members, starts, stops, _, _ = _in_force(data, "members", provision, start_year, end_year)
    keep = list(dict.fromkeys(["atopid", "member", "phase", *columns]))
    return _expand(members, starts, stops, keep)


def era_of(years: pd.Series, eras=ERAS, last_year: int | None = None) -> pd.Series:
    """Label each year with its era (``ERAS`` by default; ``None`` as an era's end: coverage end)."""
    labels = pd.Series(pd.NA, index=years.index, dtype="string")
    for label, first, last in eras:
        last = last if last is not None else (last_year if last_year is not None else 10**6)
        labels = labels.mask(years.between(first, last), label)
    return labels


@checked
def signing_shares(
    data: AtopData,
    by: str = "era",
    provisions: tuple[str, ...] = ("defense", "consult-only"),
    eras=ERAS,
) -> pd.DataFrame:
    """Alliances *signed* (``begyr``) per era or decade, and the share under each provision.

    Columns: ``period, first_year, last_year, signed``, then ``<provision>`` (count) and
    ``<provision>_share`` for each provision asked for.
    """
    alliances = check_release(data).alliances
    if by == "era":
        period = era_of(alliances["begyr"].astype("int64"), eras, data.last_year)
        bounds = {label: (first, last if last is not None else data.last_year) for label, first, last in eras}
        order = [label for label, _, _ in eras]
    elif by == "decade":
        decade = (alliances["begyr"].astype("int64") // 10) * 10
        period = decade.map(lambda d: f"{d}s")
        bounds = {f"{d}s": (max(int(d), data.first_year), min(int(d) + 9, data.last_year)) for d in sorted(decade.unique())}
        order = list(bounds)
    else:
        raise ParameterError(f"by must be 'era' or 'decade', not {by!r}")
    frame = pd.DataFrame({"period": period})
    for name in provisions:
        frame[name] = get_provision(name).mask(alliances, f"the alliance file of ATOP {data.version}").astype(int)
    table = frame.groupby("period", observed=True).agg(signed=("period", "size"), **{n: (n, "sum") for n in provisions})
    table = table.reindex(order, fill_value=0)
    for name in provisions:
        table[f"{name}_share"] = (table[name] / table["signed"].where(table["signed"] > 0)).round(4)
    table.insert(0, "first_year", [bounds[p][0] for p in table.index])
    table.insert(1, "last_year", [bounds[p][1] for p in table.index])
    return table.rename_axis("period").reset_index()
