"""Reading one ATOP table and checking it against the schema.

Every code becomes a pandas nullable integer (``Int64``), blank days stay ``<NA>``, ATOP's 0 end
codes become the flag ``in_force_at_end``. A file that does not match the schema raises a
one-line :class:`~atoplib.errors.SchemaError` naming the file, the column (and the row, where one
is at fault) and what to do.
"""

from __future__ import annotations

import calendar
import csv
import difflib
import io
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.io.stata import StataReader

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
NOT_BLANK = {"alliance": ("atopid", "begyr", "endyr"), "member": ("atopid", "member", "yrent", "yrexit", "phase")}
#: ATOP's dates as (year, month, day, is_end) triples, per file kind (codebook 5.1, 2.2 and 2.4):
#: a begin month is 1-12 and never missing; a begin day is 1-31 (valid for its month), blank or -9
#: when unknown; an end is 0/0/0 while still in force, else a month 1-12 and a day 1-31 or unknown.
DATES = {
    "alliance": (("begyr", "begmo", "begday", False), ("endyr", "endmo", "endday", True)),
    "member": (("yrent", "moent", "dayent", False), ("yrexit", "moexit", "dayexit", True)),
}
DATES["phase"] = DATES["alliance"]
#: The codebook's code for an unknown day (blank in the CSV files).
DAY_MISSING = -9


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
    header = _check_stata_complete(path) if suffix == ".dta" else _check_csv_layout(path, head)
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
    if suffix != ".dta" and header is not None:  # an unnamed column that is blank in every row (a trailing comma on every line)
        frame = frame[[c for c in frame.columns if not str(c).startswith("Unnamed: ")]]
    _check_case_duplicates(path, [str(c) for c in frame.columns])
    # a byte-order mark (Excel's "CSV UTF-8") sticks to the first column name; strip it
    frame.columns = [_clean_name(c) for c in frame.columns]
    return frame


def _check_csv_layout(path: Path, head: bytes) -> list[str] | None:
    """Before pandas reads a CSV: the header names every column once (no empty name, as a trailing
    comma leaves, no two names that differ only in case) and every row has as many fields as the
    header (a row with fewer is a file cut off mid-row, whose missing codes pandas would read as
    blank). Returns the header; a text that is not CSV at all is left for pandas to describe."""
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        return None  # pandas reports it, as one line
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return None
        names = [name.replace("\ufeff", "").strip() for name in header]
        if len(names) == 1 and any(sep in names[0] for sep in ";\t|"):
            return None  # one column split by another separator: read_table says so
        _check_case_duplicates(path, names)
        empty = [i for i, name in enumerate(names) if not name]
        width, rows = len(names), 0
        short_of_unnamed = True  # every row lacks exactly the unnamed trailing column(s)
        unnamed_values = {}
        for row in reader:
            if not row:
                continue  # a blank line, which pandas skips too
            rows += 1
            if len(row) != width:
                trailing = empty and empty == list(range(width - len(empty), width)) and len(row) == width - len(empty)
                if not trailing:
                    _wrong_width(path, row, rows, reader.line_num, width, names, reader)
                continue
            short_of_unnamed = False
            for i in empty:
                if row[i].strip() and i not in unnamed_values:
                    unnamed_values[i] = (rows, reader.line_num, row[i].strip())
    except csv.Error:
        return None  # pandas describes the parse error
    if empty:
        i = empty[0]
        after = f" (after '{names[i - 1]}')" if i > 0 else ""
        if short_of_unnamed and rows:
            raise SchemaError(
                f"{path}: the header (line 1) ends with a comma: column {i + 1}{after} has no name and no data row "
                f"has a field for it; remove the trailing comma from line 1 or use the unmodified file"
            )
        if i in unnamed_values:
            row, line, value = unnamed_values[i]
            raise SchemaError(
                f"{path}: column {i + 1}{after} of the header (line 1) has no name, but data row {row} (line {line}) "
                f"holds '{value[:20]}' there; name the column or use the unmodified file"
            )
    return names


def _wrong_width(path: Path, row: list[str], number: int, line: int, width: int, names: list[str], reader) -> None:
    """One line for a data row whose field count differs from the header's."""
    last = all(not rest for rest in reader)  # only blank lines follow
    if len(row) < width:
        cut = (f"it ends after '{names[len(row) - 1]}' (the file was cut off mid-row)" if last and len(row) > 0
               else f"it stops after '{names[len(row) - 1]}'" if row else "it is empty")
        raise SchemaError(
            f"{path}: line {line} (data row {number}) has {len(row)} of the header's {width} fields; {cut}, and its "
            f"missing codes are not read as blanks or zeros: replace the file with the one from the ATOP release"
        )
    raise SchemaError(
        f"{path}: line {line} (data row {number}) has {len(row)} fields but the header has {width}; a value "
        f"holds an unquoted comma or the row was edited: fix the row or use the unmodified file"
    )


def _check_case_duplicates(path: Path, names: list[str]) -> None:
    """Two columns whose names differ only in case (``defense`` and ``Defense``), or repeat."""
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        key = _clean_name(name)
        if not key:
            continue
        if key in seen:
            first = names[seen[key]]
            how = "repeats" if first.strip() == name.strip() else "differs only in case from"
            raise SchemaError(
                f"{path}: column {i + 1} '{name.strip()}' {how} column {seen[key] + 1} '{first.strip()}'; ATOP names "
                f"each column once: remove one of them or use the unmodified file"
            )
        seen[key] = i


def _check_stata_complete(path: Path) -> None:
    """A .dta file holds as many rows as its header declares and (Stata 13 and later) ends with
    its closing tag; pandas would read a file cut short in its last rows or tags without a word."""
    try:
        with StataReader(path, convert_categoricals=False, convert_dates=False) as reader:
            reader._ensure_open()
            reader._setup_dtype()
            rows, start, width = int(reader._nobs), int(reader._data_location), int(reader._dtype.itemsize)
            release = int(reader._format_version)
    except Exception:  # noqa: BLE001 - pandas' internals moved: the read itself has succeeded
        return
    size = path.stat().st_size
    whole = max(size - start, 0) // width if width else rows
    if whole < rows:
        raise SchemaError(
            f"{path}: the file is cut short: its header declares {rows} rows but it ends in data row {whole + 1} "
            f"({whole} whole rows); replace it with the file from the ATOP release"
        )
    if release >= 117:
        with open(path, "rb") as handle:
            handle.seek(max(size - 32, 0))
            tail = handle.read()
        if not tail.rstrip().endswith(b"</stata_dta>"):
            raise SchemaError(
                f"{path}: the file is cut short: all {rows} rows are there but it ends before Stata's closing tag "
                f"</stata_dta>; replace it with the file from the ATOP release"
            )


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
        if codes.isna().all():
            raise SchemaError(
                f"{path}: column '{column}' is blank in every row; it is one of ATOP's five obligations, coded 0 or 1 "
                f"for every {which} (a blank code is never read as 0, also with ATOP_VERIFY=0): use the unmodified file"
            )
        if codes.isna().any():
            row = int(np.flatnonzero(codes.isna().to_numpy())[0])
            raise SchemaError(
                f"{path}: column '{column}' is blank in data row {row + 1} (ATOPID {frame['atopid'].iloc[row]}); "
                f"obligation codes are 0 or 1 in every row (a blank is never read as 0): fill it in or use the "
                f"unmodified file"
            )
        bad = codes.notna() & ~codes.isin([0, 1])
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise SchemaError(
                f"{path}: column '{column}' has the code {codes.iloc[row]} in data row {row + 1} "
                f"(ATOPID {frame['atopid'].iloc[row]}); obligation codes are 0 or 1: fix or re-download the file"
            )
    check_dates(frame, path, which)
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


def check_dates(frame: pd.DataFrame, path: Path, which: str) -> None:
    """Months and days against the codebook's ranges (:data:`DATES`), before the 0 end codes are
    turned into flags: a begin month 1-12; a day 1-31 and valid for its month and year, or blank /
    -9 when unknown (begin days never 0); an end 0/0/0 while still in force, else as a begin.
    Each problem is one SchemaError line naming the file, the column, the data row and the range."""
    for year_col, month_col, day_col, is_end in DATES[which]:
        if year_col not in frame.columns:
            continue
        years = frame[year_col].to_numpy(dtype="float64", na_value=np.nan)
        still = is_end & (years == 0)
        for column in (month_col, day_col):
            if column in frame.columns and frame[column].dtype == "float64":
                values = frame[column]
                frac = values.notna() & (values != values.round())
                if frac.any():
                    _date_error(path, frame, column, int(np.flatnonzero(frac.to_numpy())[0]),
                                "ATOP codes months and days as whole numbers")
        months = (frame[month_col].to_numpy(dtype="float64", na_value=np.nan) if month_col in frame.columns
                  else np.full(len(frame), np.nan))
        days = (frame[day_col].to_numpy(dtype="float64", na_value=np.nan) if day_col in frame.columns
                else np.full(len(frame), np.nan))
        end_words = f" (0 only with {year_col} 0: still in force)" if is_end else ""
        if month_col in frame.columns:
            bad = ~still & ~((months >= 1) & (months <= 12))
            if bad.any():
                row = int(np.flatnonzero(bad)[0])
                _date_error(path, frame, month_col, row, f"months are 1-12{end_words}; ATOP codes every month")
        if day_col in frame.columns:
            known = ~np.isnan(days) & (days != DAY_MISSING)
            bad = ~still & known & ~((days >= 1) & (days <= 31))
            if bad.any():
                row = int(np.flatnonzero(bad)[0])
                _date_error(path, frame, day_col, row,
                            f"days are 1-31, blank (or {DAY_MISSING}) when unknown{end_words}")
            if month_col in frame.columns:
                checkable = ~still & known & ~np.isnan(years) & (years > 0) & ~np.isnan(months)
                for row in np.flatnonzero(checkable):
                    year, month, day = int(years[row]), int(months[row]), int(days[row])
                    length = calendar.monthrange(year, month)[1]
                    if day > length:
                        _date_error(path, frame, day_col, row,
                                    f"{calendar.month_name[month]} {year} has {length} days")
        if is_end:
            for column, values in ((month_col, months), (day_col, days)):
                if column not in frame.columns:
                    continue
                bad = still & ~(values == 0)
                if bad.any():
                    row = int(np.flatnonzero(bad)[0])
                    _date_error(path, frame, column, row,
                                f"{year_col} is 0 (still in force), where ATOP codes {column} 0 too")


def _date_error(path: Path, frame: pd.DataFrame, column: str, row: int, rule: str) -> None:
    value = frame[column].iloc[row]
    shown = "is blank" if pd.isna(value) else f"has {int(value) if float(value) == int(value) else value}"
    ident = f" (ATOPID {frame['atopid'].iloc[row]})" if "atopid" in frame.columns else ""
    raise SchemaError(
        f"{path}: column '{column}' {shown} in data row {row + 1}{ident}; {rule}: fix the date or use the "
        f"unmodified file"
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
    """ATOP writes an unknown day as blank (kept <NA>) or -9 (turned into <NA>); 0 (an end still
    in force, already masked by :func:`_flag_end_codes`) is turned into <NA> too."""
    for column in columns:
        if column in frame.columns:
            frame[column] = frame[column].mask(frame[column].isin([0, DAY_MISSING]))
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
