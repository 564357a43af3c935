"""What the ATOP tables look like once loaded: clean dtypes, explicit end flags, validated.

:func:`load_atop` returns an :class:`AtopData` holding the alliance table (one row per ATOPID)
and the member table (one row per alliance x member x phase), with

* every code as a pandas nullable integer (``Int64``), blank days kept as ``<NA>``;
* ATOP's 0 end codes (``endyr``/``endmo``/``endday`` on alliances, ``yrexit``/``moexit``/
  ``dayexit`` on members, codebook 1.52 and 2.42) turned into the flag ``in_force_at_end``
  (True: still in force on Dec 31 of the coverage end year) with the year set to ``<NA>``;
* the release's ``version`` and coverage read from the data, never from constants.

Any file that does not match the schema raises a one-line :class:`SchemaError` naming the file,
the column (and the row, where one is at fault) and what to do.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import SchemaError
from .sources import Release, locate_release, normalize_version

#: Columns the code relies on; everything else in a release is kept as it comes.
ALLIANCE_COLUMNS = ("atopid", "begyr", "endyr", "defense", "offense", "neutral", "nonagg", "consul")
MEMBER_COLUMNS = (
    "atopid", "member", "yrent", "yrexit", "phase",
    "defense", "offense", "neutral", "nonagg", "consul",
)
STATE_YEAR_COLUMNS = ("state", "year", "atopally", "defense", "offense", "neutral", "nonagg", "consul", "number")
TEXT_COLUMNS = {"version"}
#: Obligation codes: 0 or 1 in every ATOP release (codebook 1.x and 2.x).
PROVISION_COLUMNS = ("defense", "offense", "neutral", "nonagg", "consul")
#: ATOP's month/day companions of the year columns: never a renamed required column.
DATE_PART_COLUMNS = frozenset({"begmo", "begday", "endmo", "endday", "moent", "dayent", "moexit", "dayexit"})
#: Columns that may never be blank; ATOP writes 0 (not blank) for "still in force".
NOT_BLANK = {"alliance": ("atopid", "begyr", "endyr"), "member": ("atopid", "member", "yrent", "yrexit")}

#: The earliest year ATOP covers; years before it are errors in any release.
FIRST_YEAR = 1815


@dataclass
class AtopData:
    """One ATOP release, loaded: the alliance and member tables and the coverage they span."""

    release: Release
    alliances: pd.DataFrame
    members: pd.DataFrame
    first_year: int
    last_year: int
    _state_years: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def version(self) -> str:
        return self.release.version

    @property
    def coverage(self) -> tuple[int, int]:
        return self.first_year, self.last_year

    def official_state_years(self) -> pd.DataFrame | None:
        """ATOP's own state-year file, if the release folder holds it (else None)."""
        if self._state_years is None and "sy" in self.release.files:
            self._state_years = read_table(self.release.files["sy"], STATE_YEAR_COLUMNS)
        return self._state_years

    def summary(self) -> dict:
        """Release, coverage and counts: what ``atop info`` prints."""
        return {
            "version": self.version,
            "source": self.release.source,
            "format": self.release.format,
            "coverage": f"{self.first_year}-{self.last_year}",
            "alliances": int(len(self.alliances)),
            "member_rows": int(len(self.members)),
            "members": int(self.members["member"].nunique()),
            "in_force_at_end": int(self.alliances["in_force_at_end"].sum()),
            "checksums_verified": self.release.verified,
            "files": {p.name: self.release.checksums.get(k, "") for k, p in sorted(self.release.files.items())},
        }


# --------------------------------------------------------------------------- reading

def _clean_name(name: object) -> str:
    return str(name).replace("\ufeff", "").strip().lower()


def _read_raw(path: Path, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Read a CSV or .dta file; ``columns`` (lower-case names) limits a CSV to those columns."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".dta":
            frame = pd.read_stata(path, convert_categoricals=False, convert_dates=False)
        else:
            usecols = None if columns is None else (lambda c: _clean_name(c) in columns)
            frame = pd.read_csv(path, dtype={"version": str}, low_memory=False, encoding_errors="replace", usecols=usecols)
    except pd.errors.EmptyDataError:
        raise SchemaError(f"{path} is empty; replace it with the file from the ATOP release") from None
    except pd.errors.ParserError as err:
        raise SchemaError(f"{path} cannot be parsed as CSV ({' '.join(str(err).split())[:120]}); replace it with the file from the ATOP release") from None
    except (ValueError, OSError, UnicodeDecodeError) as err:
        if suffix == ".dta":
            raise SchemaError(
                f"{path} is not a Stata .dta file pandas can read ({_first_sentence(err)}); replace it "
                f"with the file from the ATOP release, or use the release's CSV files"
            ) from None
        raise SchemaError(
            f"{path} is not a readable CSV file ({_first_sentence(err)}); "
            f"replace it with the file from the ATOP release"
        ) from None
    if frame.empty:
        raise SchemaError(f"{path} has a header but no rows; replace it with the file from the ATOP release")
    # a byte-order mark (Excel's "CSV UTF-8") sticks to the first column name; strip it
    frame.columns = [_clean_name(c) for c in frame.columns]
    return frame


def _first_sentence(err: BaseException, limit: int = 120) -> str:
    text = " ".join(str(err).split())
    head = text.split(". ")[0].rstrip(".")
    return head if len(head) <= limit else head[: limit - 1] + "…"


def _to_codes(frame: pd.DataFrame, path: Path, required: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every non-text column as a nullable integer; a non-numeric code is a SchemaError.

    A column outside ``required`` that holds only text (no number at all), such as a name or
    note column a newer release adds, is kept as text; a column mixing numbers and text is an
    edited code column and an error.
    """
    out = {}
    for name in frame.columns:
        column = frame[name]
        if name in TEXT_COLUMNS:
            out[name] = column.astype("string").str.strip()
            continue
        if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
            numeric = column
        else:
            text = column.astype("string").str.strip()
            numeric = pd.to_numeric(text.replace({"": pd.NA, ".": pd.NA}), errors="coerce")
            bad = numeric.isna() & text.notna() & ~text.isin(["", "."])
            if bad.any() and name not in required and numeric.isna().all():
                out[name] = text
                continue
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0])
                raise SchemaError(
                    f"{path}: column '{name}' has the non-numeric value '{text.iloc[row]}' in data row "
                    f"{row + 1} (line {row + 2}); ATOP codes are numbers: fix or re-download the file"
                )
        if isinstance(numeric.dtype, np.dtype) and numeric.dtype.kind in "iu":  # no blanks: the fast path
            out[name] = pd.arrays.IntegerArray(numeric.to_numpy(dtype="int64"), np.zeros(len(numeric), dtype=bool))
            continue
        values = numeric.to_numpy(dtype="float64", na_value=np.nan)
        blank = np.isnan(values)
        finite = values[~blank]
        if finite.size == 0 or (np.isfinite(finite).all() and np.all(finite == np.round(finite))):
            out[name] = pd.arrays.IntegerArray(np.where(blank, 0, values).astype("int64"), blank)
        else:
            out[name] = numeric.astype("float64")
    return pd.DataFrame(out, index=frame.index)


def read_table(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    """Read one ATOP file (CSV or .dta), check the required columns, convert codes to Int64."""
    path = Path(path)
    frame = _read_raw(path)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        header = str(frame.columns[0])
        if len(frame.columns) == 1 and any(sep in header for sep in ";\t|"):
            sep = next(s for s in ";\t|" if s in header)
            raise SchemaError(
                f"{path} is not comma-separated (its header is one column split by {sep!r}: "
                f"'{header[:40]}…'); save it as CSV with commas, or use the unmodified file"
            )
        extra = [c for c in frame.columns if c not in required and c not in DATE_PART_COLUMNS]
        close = difflib.get_close_matches(missing[0], extra, n=1, cutoff=0.8)
        hint = f" (found '{close[0]}': rename it back to '{missing[0]}')" if close else ""
        raise SchemaError(
            f"{path}: required column '{missing[0]}' is missing{hint}; "
            f"{'columns ' + ', '.join(repr(m) for m in missing) + ' are' if len(missing) > 1 else 'it is'} "
            f"part of every ATOP release: use the unmodified file"
        )
    return _to_codes(frame, path, required)


# --------------------------------------------------------------------------- cleaning

def _check_codes(frame: pd.DataFrame, path: Path, which: str) -> None:
    """Before the 0 end codes are turned into flags: no blank years or IDs, whole-number codes,
    0/1 obligations, members that leave after they join, no repeated membership rows.
    Each problem is a one-line SchemaError naming the file, the row and the column."""
    required = ALLIANCE_COLUMNS if which == "alliance" else MEMBER_COLUMNS
    for column in NOT_BLANK[which]:
        blank = frame[column].isna()
        if blank.any():
            row = int(np.flatnonzero(blank.to_numpy())[0])
            still = " (ATOP writes 0 for 'still in force')" if column in ("endyr", "yrexit") else ""
            raise SchemaError(
                f"{path}: column '{column}' is blank in data row {row + 1}{still}; every {which} row "
                f"needs one: fill it in or use the unmodified file"
            )
    for column in required:
        values = frame[column]
        if values.dtype == "float64":  # _to_codes keeps a column float only if some value is not whole
            frac = values.notna() & (values != values.round())
            row = int(np.flatnonzero(frac.to_numpy())[0])
            raise SchemaError(
                f"{path}: column '{column}' has the value {values.iloc[row]} in data row {row + 1}; "
                f"ATOP codes are whole numbers: fix or re-download the file"
            )
    for column in PROVISION_COLUMNS:
        codes = frame[column]
        bad = codes.notna() & ~codes.isin([0, 1])
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise SchemaError(
                f"{path}: column '{column}' has the code {codes.iloc[row]} in data row {row + 1} "
                f"(ATOPID {frame['atopid'].iloc[row]}); obligation codes are 0 or 1: fix or re-download the file"
            )
    if which == "member":
        early = frame["yrexit"].ne(0) & (frame["yrexit"] < frame["yrent"])
        if early.any():
            row = int(np.flatnonzero(early.to_numpy())[0])
            raise SchemaError(
                f"{path}: data row {row + 1} (ATOPID {frame['atopid'].iloc[row]}, member "
                f"{frame['member'].iloc[row]}) has yrexit {frame['yrexit'].iloc[row]} before yrent "
                f"{frame['yrent'].iloc[row]}; fix the dates or use the unmodified file"
            )
        spell = [c for c in ("atopid", "member", "phase", "yrent") if c in frame.columns]
        repeated = frame.duplicated(spell, keep="first")
        if repeated.any():
            row = int(np.flatnonzero(repeated.to_numpy())[0])
            same = frame[spell].eq(frame[spell].iloc[row]).all(axis=1).to_numpy()
            first = int(np.flatnonzero(same)[0])
            raise SchemaError(
                f"{path}: data row {row + 1} repeats data row {first + 1} (ATOPID "
                f"{frame['atopid'].iloc[row]}, member {frame['member'].iloc[row]}, same phase and yrent); "
                f"each membership appears once: delete the copy or use the unmodified file"
            )


def _flag_end_codes(frame: pd.DataFrame, year: str, month: str, day: str) -> pd.DataFrame:
    frame = frame.copy()
    ongoing = frame[year].fillna(0).eq(0)
    frame["in_force_at_end"] = ongoing.astype(bool)
    for column in (year, month, day):
        if column in frame.columns:
            frame[column] = frame[column].mask(ongoing)
    return frame


def _days_blank(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """ATOP writes an unknown day as blank (kept <NA>) or 0 (turned into <NA>)."""
    for column in columns:
        if column in frame.columns:
            frame[column] = frame[column].mask(frame[column].eq(0))
    return frame


def _check_version(frame: pd.DataFrame, path: Path, version: str) -> None:
    if "version" not in frame.columns:
        return
    found = frame["version"].dropna().unique()
    if len(found) == 0:
        return
    if len(found) > 1:
        raise SchemaError(
            f"{path}: column 'version' holds several releases ({', '.join(sorted(map(str, found)))}); "
            f"use the unmodified file of one release"
        )
    value = str(found[0])
    try:
        same = normalize_version(value) == version or float(value) == float(version)
    except Exception:
        same = False
    if not same:
        raise SchemaError(
            f"{path}: column 'version' says {value} but the file name says ATOP {version}; the files of "
            f"two releases are mixed: keep one release per folder"
        )


def _coverage_end(alliances: pd.DataFrame, members: pd.DataFrame, state_years: pd.DataFrame | None) -> int:
    if state_years is not None and state_years["year"].notna().any():
        return int(state_years["year"].max())
    years = pd.concat(
        [alliances["begyr"], alliances["endyr"], members["yrent"], members["yrexit"]], ignore_index=True
    ).dropna()
    return int(years.max())


def _validate(alliances: pd.DataFrame, members: pd.DataFrame, files: dict[str, Path], last_year: int) -> None:
    a_path, m_path = files["a"], files["m"]
    duplicated = alliances["atopid"].duplicated()
    if duplicated.any():
        atopid = int(alliances.loc[duplicated, "atopid"].iloc[0])
        raise SchemaError(
            f"{a_path}: ATOPID {atopid} appears more than once; the alliance file has one row per "
            f"alliance: use the unmodified file"
        )
    late = alliances["endyr"].notna() & (alliances["begyr"] > alliances["endyr"])
    if late.any():
        row = alliances[late].iloc[0]
        raise SchemaError(
            f"{a_path}: ATOPID {int(row['atopid'])} has begyr {int(row['begyr'])} after endyr "
            f"{int(row['endyr'])}; fix the dates or use the unmodified file"
        )
    this_year = _dt.date.today().year
    for path, frame, columns in (
        (a_path, alliances, ("begyr", "endyr")),
        (m_path, members, ("yrent", "yrexit")),
    ):
        for column in columns:
            years = frame[column]
            outside = years.notna() & ((years < FIRST_YEAR) | (years > min(last_year, this_year)))
            if outside.any():
                row = int(np.flatnonzero(outside.to_numpy())[0])
                year = int(years.iloc[row])
                where = (
                    f"in the future (after {this_year})" if year > this_year
                    else f"outside the release's coverage {FIRST_YEAR}-{last_year}"
                )
                raise SchemaError(
                    f"{path}: column '{column}' has year {year} in data row {row + 1}, {where}; "
                    f"fix the year or use the unmodified file"
                )
    orphans = ~members["atopid"].isin(alliances["atopid"])
    if orphans.any():
        row = int(np.flatnonzero(orphans.to_numpy())[0])
        raise SchemaError(
            f"{m_path}: data row {row + 1} has ATOPID {int(members['atopid'].iloc[row])}, which is not in "
            f"the alliance file {a_path.name}; the two files must come from one release"
        )
    if members["member"].isna().any():
        row = int(np.flatnonzero(members["member"].isna().to_numpy())[0])
        raise SchemaError(f"{m_path}: column 'member' is blank in data row {row + 1}; every membership needs a state code")


def load_release(release: Release) -> AtopData:
    """Read, check and clean the alliance and member files of a located release."""
    a_path, m_path = release.file("a"), release.file("m")
    alliances = read_table(a_path, ALLIANCE_COLUMNS)
    members = read_table(m_path, MEMBER_COLUMNS)
    _check_version(alliances, a_path, release.version)
    _check_version(members, m_path, release.version)
    _check_codes(alliances, a_path, "alliance")
    _check_codes(members, m_path, "member")
    state_years = None
    if "sy" in release.files:  # only its years (coverage) and version now; the rest on demand
        state_years = _read_raw(release.files["sy"], columns=("state", "year", "version"))
        missing = [c for c in ("state", "year") if c not in state_years.columns]
        if missing:
            raise SchemaError(f"{release.files['sy']}: required column '{missing[0]}' is missing; use the unmodified file")
        state_years = _to_codes(state_years[[c for c in ("year", "version") if c in state_years.columns]], release.files["sy"])
        _check_version(state_years, release.files["sy"], release.version)
    alliances = _days_blank(_flag_end_codes(alliances, "endyr", "endmo", "endday"), ("begday", "begmo"))
    members = _days_blank(_flag_end_codes(members, "yrexit", "moexit", "dayexit"), ("dayent", "moent"))
    if "phase" in members.columns:
        members["phase"] = members["phase"].fillna(0)
    last_year = _coverage_end(alliances, members, state_years)
    first_year = min(FIRST_YEAR, int(alliances["begyr"].min()))
    _validate(alliances, members, release.files, last_year)
    alliances = alliances.sort_values("atopid", kind="stable").reset_index(drop=True)
    members = members.sort_values(["atopid", "member", "yrent", "phase"], kind="stable").reset_index(drop=True)
    return AtopData(
        release=release,
        alliances=alliances,
        members=members,
        first_year=first_year,
        last_year=last_year,
    )


_LOADED: dict[tuple, AtopData] = {}


def load_atop(
    data_dir: str | os.PathLike | None = None,
    version: str | None = None,
    verify: bool | None = None,
) -> AtopData:
    """Locate, verify and load an ATOP release (see :func:`atoplib.sources.locate_release`).

    Loads are cached per process while the files are unchanged; the returned tables must be
    treated as read-only (copy before modifying).
    """
    release = locate_release(data_dir, version, verify=verify)
    key = (release.version,) + tuple(
        sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in release.files.values())
    )
    if key not in _LOADED:
        _LOADED[key] = load_release(release)
    return _LOADED[key]
