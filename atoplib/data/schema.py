"""Reading one ATOP table and checking it against the schema.

Every code becomes a pandas nullable integer (``Int64``), blank days stay ``<NA>``, ATOP's 0 end
codes become the flag ``in_force_at_end``. A file that does not match the schema raises a
one-line :class:`~atoplib.errors.SchemaError` naming the file, the column (and the row, where one
is at fault) and what to do.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pandas as pd

from ..files import one_line_os_errors, os_error_message
from ..errors import FileSystemError, SchemaError
from .names import normalize_version

#: ATOP's five primary obligations (codebook 5.1, section 1.51): codes 0 or 1 in every release,
#: at the alliance, phase and member level. The one definition the whole package uses.
OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")
#: Columns the code relies on; everything else in a release is kept as it comes.
ALLIANCE_COLUMNS = ("atopid", "begyr", "endyr", *OBLIGATIONS)
MEMBER_COLUMNS = ("atopid", "member", "yrent", "yrexit", "phase", *OBLIGATIONS)
OFFICIAL_STATE_YEAR_COLUMNS = ("state", "year", "atopally", *OBLIGATIONS, "number")
TEXT_COLUMNS = {"version"}
#: ATOP's month/day companions of the year columns: never a renamed required column.
DATE_PART_COLUMNS = frozenset({"begmo", "begday", "endmo", "endday", "moent", "dayent", "moexit", "dayexit"})
#: Columns that may never be blank; ATOP writes 0 (not blank) for "still in force".
NOT_BLANK = {"alliance": ("atopid", "begyr", "endyr"), "member": ("atopid", "member", "yrent", "yrexit")}


# --------------------------------------------------------------------------- reading

def _clean_name(name: object) -> str:
    return str(name).replace("\ufeff", "").strip().lower()


def _read_raw(path: Path, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Read a CSV or .dta file; ``columns`` (lower-case names) limits a CSV to those columns."""
    suffix = path.suffix.lower()
    with one_line_os_errors(path, "reading it"):
        with open(path, "rb") as handle:
            head = handle.read(4096)
    if not head:
        raise SchemaError(f"{path} is empty; replace it with the file from the ATOP release")
    if suffix != ".dta" and (head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head):
        kind = "UTF-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[1:2] == b"\x00" or head[:1] == b"\x00" else "a binary format"
        raise SchemaError(
            f"{path} is encoded as {kind}, not as UTF-8 or ASCII text; save it as 'CSV UTF-8' (comma "
            f"delimited) or use the unmodified file"
        )
    try:
        if suffix == ".dta":
            try:
                frame = pd.read_stata(path, convert_categoricals=False, convert_dates=False)
            except OSError as err:
                if err.errno is not None:
                    raise
                raise ValueError(str(err)) from None
            except Exception as err:  # struct.error, KeyError, IndexError…: a damaged or foreign file
                if isinstance(err, (ValueError, OSError)):
                    raise
                raise ValueError(f"{type(err).__name__}: {err}") from None
        else:
            usecols = None if columns is None else (lambda c: _clean_name(c) in columns)
            frame = pd.read_csv(path, dtype={"version": str}, low_memory=False, encoding_errors="replace", usecols=usecols)
    except pd.errors.EmptyDataError:
        raise SchemaError(f"{path} is empty; replace it with the file from the ATOP release") from None
    except pd.errors.ParserError as err:
        raise SchemaError(f"{path} cannot be parsed as CSV ({' '.join(str(err).split())[:120]}); replace it with the file from the ATOP release") from None
    except OSError as err:
        if err.errno is not None:  # the system refused the read: permission, I/O error, …
            raise FileSystemError(os_error_message(err, path, "reading it")) from None
        raise SchemaError(
            f"{path} is not a readable {'Stata .dta' if suffix == '.dta' else 'CSV'} file "
            f"({_first_sentence(err)}); replace it with the file from the ATOP release"
        ) from None
    except (ValueError, UnicodeDecodeError) as err:
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
    for column in OBLIGATIONS:
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
