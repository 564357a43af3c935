"""State-years: one row per state and year in which the state is a member of any ATOP alliance.

:func:`state_years` derives ATOP's official state-year file (``atop5_1sy.csv``,
``atop4_01sy.csv``; codebook section 2.5) from the member file. The rules, reverse-engineered
from the official files and checked cell by cell against them (see ``docs/state-years.md``):

* **Rows.** A state appears in year *y* when any of its membership rows (alliance x member x
  phase, or a re-entry) is in force in *y*: ``yrent <= y <= yrexit``, or still in force at the
  end of coverage (:mod:`atoplib.trends`' one in-force rule). A state that is a member only with
  no obligations of its own (the receiving side of an asymmetric pact) still appears, with every
  obligation 0 (codebook 2.5).
* **Obligations** (``defense``, ``offense``, ``neutral``, ``nonagg``, ``consul``): 1 if the
  state *itself* promises the obligation in any alliance that year (codebook 2.5: "whether the
  state has promised to defend another state, not whether another state has promised to defend
  this state"). Within one alliance, when several of the state's rows are in force in the same
  year (a new phase starting the day the old one ends, an exit and re-entry), the codes of the
  **last** row that year count: the one with the latest entry date (then the highest phase).
  Example: Brazil (140) in ATOPID 1155 promised defense in phase 1 (to Sept. 3, 1857) but not in
  phase 2 (from that day), and the official file codes Brazil's 1857 ``defense`` as 0.
* ``number``: distinct alliances in force for the state that year; ``atopids``: their ATOPIDs,
  ascending (the official ``atopid1..N`` columns, in the same order).
* ``transyr``: 1 if any of the state's membership rows starts (``yrent``) or ends (``yrexit``)
  in the year, phase boundaries included.
* ``atopally`` is 1 on every row (codebook 2.5).

The one documented difference: ATOP's file leaves out members without a COW country code (the
France-Annam alliance, ATOPID 1320; Annam is ATOP code 8152, a state for Gleditsch and Ward but not
for COW; codebook 1.3 and footnote 18). :func:`state_years` keeps them, as this project keeps every
ATOP member and labels non-COW members explicitly; pass ``include_non_cow=False`` to drop them as
ATOP does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.checks import checked
from ..data.schema import OBLIGATIONS
from ..data.tables import AtopData
from .trends import membership_years, year_range

#: ATOP's five obligation codes, in the order of the official files.
#: Columns of :func:`state_years`, in order.
STATE_YEAR_COLUMNS = ("state", "year", "atopally", *OBLIGATIONS, "number", "transyr", "atopids")
#: Columns compared with ATOP's official state-year file.
COMPARED_FIELDS = ("atopally", *OBLIGATIONS, "number", "transyr", "atopids")
#: The largest 3-digit COW country code; ATOP gives members outside the COW system 4-digit codes.
MAX_COW_CODE = 999


def _date_key(year: pd.Series, month: pd.Series | None, day: pd.Series | None, month_na: int, day_na: int) -> np.ndarray:
    """``yyyymmdd`` as int64; unknown months/days take ``month_na``/``day_na``."""
    key = year.to_numpy(dtype="int64") * 10_000
    if month is not None:
        key += month.fillna(month_na).to_numpy(dtype="int64") * 100
    else:
        key += month_na * 100
    if day is not None:
        key += day.fillna(day_na).to_numpy(dtype="int64")
    else:
        key += day_na
    return key


@checked
def member_alliance_years(
    data: AtopData,
    start_year: int | None = None,
    end_year: int | None = None,
    include_non_cow: bool = True,
    columns: tuple[str, ...] = (),
) -> pd.DataFrame:
    """One row per alliance, member and year in force: the building block of state- and dyad-years.

    Columns: ``atopid, member, year``, the five obligation codes (0/1) of the member's last row in
    force that year (see the module docstring), ``transyr`` (0/1: a row of this membership starts
    or ends that year), and ``entered``/``exited`` (``yyyymmdd`` int64: the earliest entry and the
    latest exit among the member's rows in force that year; still in force = Dec 31 of the
    coverage end year; an unknown month or day counts as the earliest entry/latest exit possible),
    then any other member-level ``columns`` asked for (from the same last row; blanks as 0).
    """
    start, end = year_range(data, start_year, end_year)
    extra = [c for c in ("moent", "dayent", "moexit", "dayexit") if c in data.members.columns]
    carried = [c for c in dict.fromkeys(columns) if c not in OBLIGATIONS]
    rows = membership_years(
        data, None, start, end, columns=tuple(dict.fromkeys((*OBLIGATIONS, "yrent", "yrexit", *extra, *carried)))
    )
    if not include_non_cow:
        rows = rows[rows["member"] <= MAX_COW_CODE]
    last = data.last_year
    entered = _date_key(rows["yrent"], rows.get("moent"), rows.get("dayent"), 0, 0)
    exit_year = rows["yrexit"].fillna(last)
    exited = _date_key(exit_year, rows.get("moexit"), rows.get("dayexit"), 12, 31)
    still = rows["yrexit"].isna().to_numpy()
    exited[still] = last * 10_000 + 1231
    year = rows["year"].to_numpy(dtype="int64")
    frame = pd.DataFrame(
        {
            "atopid": rows["atopid"].to_numpy(dtype="int64"),
            "member": rows["member"].to_numpy(dtype="int64"),
            "year": year,
            "phase": rows["phase"].to_numpy(dtype="int64", na_value=0),
            **{c: rows[c].to_numpy(dtype="int64", na_value=0) for c in OBLIGATIONS},
            **{c: rows[c].to_numpy(dtype="int64", na_value=0) for c in carried},
            "transyr": (
                rows["yrent"].to_numpy(dtype="int64") == year
            ) | (rows["yrexit"].to_numpy(dtype="float64", na_value=np.nan) == year),
            "entered": entered,
            "exited": exited,
        }
    )
    # the last row of each (alliance, member, year) carries the obligations
    frame = frame.sort_values(["atopid", "member", "year", "entered", "phase"], kind="stable")
    keys = frame[["atopid", "member", "year"]]
    grouped = frame.groupby(["atopid", "member", "year"], sort=False)
    out = frame.loc[~keys.duplicated(keep="last"), ["atopid", "member", "year", *OBLIGATIONS, *carried]]
    out = out.reset_index(drop=True)
    out["transyr"] = grouped["transyr"].max().to_numpy().astype("int64")
    out["entered"] = grouped["entered"].min().to_numpy()
    out["exited"] = grouped["exited"].max().to_numpy()
    return out


def split_at(ids: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """``ids`` cut at ``breaks`` into tuples: an object array with one tuple per run.

    Runs of equal length are built together with ``zip`` (no Python loop per run), which keeps
    hundreds of thousands of dyad-years fast.
    """
    n_values = len(ids)
    starts = np.r_[0, breaks].astype("int64") if n_values else np.empty(0, dtype="int64")
    lengths = np.diff(np.r_[starts, n_values])
    out = np.empty(len(starts), dtype=object)
    values = np.asarray(ids, dtype="int64")
    for length in np.unique(lengths):
        rows = np.flatnonzero(lengths == length)
        columns = [values[starts[rows] + i].tolist() for i in range(int(length))]
        tuples = zip(*columns) if length else (() for _ in rows)
        out[rows] = np.fromiter(tuples, dtype=object, count=len(rows))
    return out


@checked
def state_years(
    data: AtopData,
    start_year: int | None = None,
    end_year: int | None = None,
    include_non_cow: bool = True,
) -> pd.DataFrame:
    """ATOP's state-year table derived from the member file (codebook 2.5; rules in the module doc).

    Columns: ``state, year, atopally, defense, offense, neutral, nonagg, consul, number, transyr``
    (int64) and ``atopids`` (tuple of ATOPIDs, ascending); one row per state and year with any
    alliance in force, sorted by state and year. ``include_non_cow=False`` drops members without a
    3-digit COW code, as ATOP's own file does.
    """
    spans = member_alliance_years(data, start_year, end_year, include_non_cow)
    spans = spans.sort_values(["member", "year", "atopid"], kind="stable")
    grouped = spans.groupby(["member", "year"], sort=False)
    out = grouped[list(OBLIGATIONS) + ["transyr"]].max().reset_index()
    out = out.rename(columns={"member": "state"})
    out.insert(2, "atopally", np.ones(len(out), dtype="int64"))
    out.insert(8, "number", grouped.size().to_numpy().astype("int64"))
    key = spans["member"].to_numpy() * 10_000 + spans["year"].to_numpy()
    out["atopids"] = split_at(spans["atopid"].to_numpy(), np.flatnonzero(key[1:] != key[:-1]) + 1)
    return out[list(STATE_YEAR_COLUMNS)].reset_index(drop=True)


@checked
def state_years_wide(frame: pd.DataFrame, version: str | None = None) -> pd.DataFrame:
    """The official file's layout: ``atopids`` spread into ``atopid1..N`` (nullable ints), plus
    ``version`` when given. Works for state-years and dyad-years alike."""
    ids = frame["atopids"].tolist()
    lengths = np.fromiter((len(t) for t in ids), dtype="int64", count=len(ids))
    width = int(lengths.max()) if len(ids) else 0
    flat = np.fromiter((x for t in ids for x in t), dtype="int64", count=int(lengths.sum()))
    values = np.zeros((len(ids), width), dtype="int64")
    mask = np.arange(width) < lengths[:, None]
    values[mask] = flat  # row-major fill keeps each tuple's order
    wide = pd.DataFrame(
        {f"atopid{i + 1}": pd.arrays.IntegerArray(values[:, i], ~mask[:, i]) for i in range(width)},
        index=frame.index,
    )
    out = pd.concat([frame.drop(columns="atopids"), wide], axis=1)
    if version is not None:
        out["version"] = version
    return out


@checked
def official_state_years(data: AtopData) -> pd.DataFrame | None:
    """ATOP's own state-year file in :func:`state_years`' layout (None if the release lacks it)."""
    raw = data.official_state_years()
    if raw is None:
        return None
    id_columns = sorted(
        (c for c in raw.columns if c.startswith("atopid") and c[6:].isdigit()), key=lambda c: int(c[6:])
    )
    ids = raw[id_columns].to_numpy(dtype="float64", na_value=np.nan) if id_columns else np.empty((len(raw), 0))
    out = pd.DataFrame(
        {c: raw[c].to_numpy(dtype="int64", na_value=0) for c in ("state", "year", "atopally", *OBLIGATIONS, "number")}
    )
    out["transyr"] = raw["transyr"].to_numpy(dtype="int64", na_value=0) if "transyr" in raw else 0
    out["atopids"] = [tuple(sorted(int(x) for x in row[~np.isnan(row)])) for row in ids]
    return out.sort_values(["state", "year"], kind="stable").reset_index(drop=True)[list(STATE_YEAR_COLUMNS)]


@checked
def comparison_with_official(data: AtopData, include_non_cow: bool = True) -> pd.DataFrame:
    """Every difference between :func:`state_years` and ATOP's own state-year file.

    One row per differing cell: ``state, year, field, official, derived`` (values as text). A row
    present in only one table has ``field = "row"`` and ``present``/``absent``. Empty when the two
    agree; ``None`` when the release has no state-year file.
    """
    official = official_state_years(data)
    if official is None:
        return None
    derived = state_years(data, include_non_cow=include_non_cow)
    merged = official.merge(derived, on=["state", "year"], how="outer", suffixes=("_official", "_derived"), indicator=True)
    records = []
    for side, official_text, derived_text in (("left_only", "present", "absent"), ("right_only", "absent", "present")):
        only = merged[merged["_merge"] == side]
        records.append(pd.DataFrame({
            "state": only["state"], "year": only["year"], "field": "row",
            "official": official_text, "derived": derived_text,
        }))
    both = merged[merged["_merge"] == "both"]
    for field in COMPARED_FIELDS:
        left, right = both[f"{field}_official"], both[f"{field}_derived"]
        differ = (left != right).to_numpy() if field != "atopids" else np.array([a != b for a, b in zip(left, right)], dtype=bool)
        if differ.any():
            records.append(pd.DataFrame({
                "state": both.loc[differ, "state"], "year": both.loc[differ, "year"], "field": field,
                "official": left[differ].astype(str), "derived": right[differ].astype(str),
            }))
    out = pd.concat(records, ignore_index=True)
    out["state"] = out["state"].astype("int64")
    out["year"] = out["year"].astype("int64")
    return out.sort_values(["state", "year", "field"], kind="stable").reset_index(drop=True)
