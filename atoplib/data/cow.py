"""Correlates of War state codes and names, and National Material Capabilities.

ATOP identifies members by COW country code (``ccode``). :func:`load_states` reads a COW
state-system file (``states2016.csv``; argument or ``COW_STATES_FILE``), and :func:`state_labels`
names every code, labelling ATOP members that are not COW states explicitly (e.g. 8152,
ATOP's code for a member outside the COW system) instead of dropping them.

:func:`load_nmc` reads COW National Material Capabilities 6.0 (``NMC-60-abridged.csv``; argument
or ``COW_NMC_FILE``), checked against its pinned sha256 the way ATOP files are. NMC covers
1816-2016 (the years come from the file): there are no CINC values outside them, and COW's
missing-value code -9 is read as missing, never as a number.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..errors import DataNotFoundError, ParameterError, SchemaError
from .checks import checked
from .cow_files import SOURCES, cow_file
from .registry import verify_file

STATES_COLUMNS = ("stateabb", "ccode", "statenme")
NON_COW_PREFIX = "non-COW"


def _cow_source(kind: str, path: str | os.PathLike | None, verify: bool | None) -> Path:
    """The COW file to read, verified: the ``path`` given, else :func:`~atoplib.data.cow_files.cow_file`
    (its environment variable, the cache or the official download). Whatever its name, the file
    must be one of the pinned files of its version, by bytes or by content (``verify=False`` or
    ``ATOP_VERIFY=0`` skips the check)."""
    source = SOURCES[kind]
    chosen = Path(path).expanduser() if path else cow_file(kind)
    if not chosen.is_file():
        raise DataNotFoundError(f"COW file {chosen} does not exist; point the path or {source.file_env} at {source.file}")
    verify_file(chosen, source.version, dataset="cow", verify=verify)
    return chosen


@checked
def load_states(path: str | os.PathLike | None = None, verify: bool | None = None) -> pd.DataFrame:
    """One row per COW state code: ``ccode, stateabb, statenme, styear, endyear`` (first spell start,
    last spell end). The file is checked against the pinned states2016.csv, whatever its name."""
    chosen = _cow_source("states", path, verify)
    try:
        frame = pd.read_csv(chosen)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as err:
        raise SchemaError(f"{chosen} is not a readable CSV file ({err}); use the COW states2016.csv file") from None
    frame.columns = [c.strip().lower() for c in frame.columns]
    missing = [c for c in STATES_COLUMNS if c not in frame.columns]
    if missing:
        raise SchemaError(f"{chosen}: required column '{missing[0]}' is missing; use the COW states2016.csv file")
    spans = frame.groupby("ccode").agg(
        stateabb=("stateabb", "first"),
        statenme=("statenme", "first"),
        styear=("styear", "min") if "styear" in frame else ("ccode", "size"),
        endyear=("endyear", "max") if "endyear" in frame else ("ccode", "size"),
    )
    spans.index = spans.index.astype("int64")
    return spans.reset_index()


@checked
def state_labels(ccodes, states: pd.DataFrame | None = None) -> pd.DataFrame:
    """``ccode, stateabb, statenme, cow_state`` for each code; codes COW does not know are kept
    with ``stateabb = statenme = 'non-COW <code>'`` and ``cow_state = False``."""
    codes = pd.Series(pd.unique(pd.Series(ccodes).dropna().astype("int64")), name="ccode").sort_values()
    frame = codes.to_frame().reset_index(drop=True)
    if states is None:
        states = load_states()
    frame = frame.merge(states[["ccode", "stateabb", "statenme"]], on="ccode", how="left")
    frame["cow_state"] = frame["stateabb"].notna()
    label = NON_COW_PREFIX + " " + frame["ccode"].astype(str)
    frame["stateabb"] = frame["stateabb"].fillna(label)
    frame["statenme"] = frame["statenme"].fillna(label)
    return frame


@checked
def add_state_names(
    frame: pd.DataFrame,
    code: str = "ccode",
    abbreviation: str | None = "state",
    name: str | None = None,
    states: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``frame`` with COW labels inserted right after its ``code`` column: the abbreviation as
    ``abbreviation`` (e.g. ``state``: ``USA``) and, when ``name`` is given, the full name as
    ``name`` (e.g. ``United States of America``). Codes COW does not know are labelled
    ``non-COW <code>``. ``states``: a :func:`load_states` table (default: the COW file found by
    :func:`load_states`). Composes like peacesciencer's ``add_*`` verbs::

        add_state_names(partner_counts(data))                          # year, ccode, state, partners
        add_state_names(ties, code="ccode_a", abbreviation="state_a")  # one side of a pair
    """
    if code not in frame.columns:
        raise ParameterError(f"the frame has no column {code!r} to add state names to; name its COW-code column")
    labels = state_labels(frame[code], states).set_index("ccode")
    out = frame.copy()
    at = list(out.columns).index(code) + 1
    codes = out[code].astype("Int64")
    for column, source in ((abbreviation, "stateabb"), (name, "statenme")):
        if column is None:
            continue
        if column in out.columns:
            out = out.drop(columns=column)
        out.insert(at, column, codes.map(labels[source]).astype("object"))
        at += 1
    return out


NMC_VERSION = "6.0"
NMC_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop")
NMC_COLUMNS = ("ccode", "year", "cinc")
#: COW's code for a missing component value (NMC 6.0 codebook).
NMC_MISSING = -9


@checked
def load_nmc(path: str | os.PathLike | None = None, verify: bool | None = None) -> pd.DataFrame:
    """COW National Material Capabilities, one row per state-year:
    ``ccode, year, stateabb, cinc, milex, milper, irst, pec, tpop, upop``.

    ``cinc`` is the Composite Index of National Capability (a state's share of the system's
    capabilities, 0-1). Components keep COW's units; the code -9 becomes ``<NA>``. The file is
    checked against the sha256 pinned for NMC 6.0, whatever its name (``verify=False`` or
    ``ATOP_VERIFY=0`` skips it).
    """
    chosen = _cow_source("nmc", path, verify)
    try:
        frame = pd.read_csv(chosen)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as err:
        reason = " ".join(str(err).split())[:120]
        raise SchemaError(f"{chosen} is not a readable CSV file ({reason}); use the COW NMC-60-abridged.csv file") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in NMC_COLUMNS if c not in frame.columns]
    if missing:
        raise SchemaError(f"{chosen}: required column '{missing[0]}' is missing; use the COW NMC-60-abridged.csv file")
    if frame.empty:
        raise SchemaError(f"{chosen} has a header but no rows; use the COW NMC-60-abridged.csv file")
    out = pd.DataFrame(index=frame.index)
    for column in ("ccode", "year", "cinc", *NMC_COMPONENTS):
        if column not in frame.columns:
            continue
        values = pd.to_numeric(frame[column], errors="coerce")
        bad = values.isna() & frame[column].notna() & frame[column].astype("string").str.strip().ne("")
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise SchemaError(
                f"{chosen}: column '{column}' has the non-numeric value '{frame[column].iloc[row]}' in data "
                f"row {row + 1} (line {row + 2}); use the unmodified COW NMC file"
            )
        out[column] = values.mask(values.eq(NMC_MISSING))
    for column in ("ccode", "year"):
        if out[column].isna().any():
            row = int(out[column].isna().to_numpy().nonzero()[0][0])
            raise SchemaError(f"{chosen}: column '{column}' is blank in data row {row + 1}; every NMC row needs one")
        out[column] = out[column].astype("int64")
    duplicated = out.duplicated(["ccode", "year"])
    if duplicated.any():
        row = out[duplicated].iloc[0]
        raise SchemaError(
            f"{chosen}: state {int(row['ccode'])} appears twice in year {int(row['year'])}; NMC has one "
            f"row per state-year: use the unmodified file"
        )
    out["cinc"] = out["cinc"].astype("float64")
    out.insert(2, "stateabb", frame["stateabb"].astype("string").str.strip() if "stateabb" in frame else pd.NA)
    return out.sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)


MAJORS_COLUMNS = ("ccode", "styear", "endyear")


@checked
def load_majors(path: str | os.PathLike | None = None, verify: bool | None = None) -> pd.DataFrame:
    """COW major powers (``majors2016.csv``): one row per spell, ``ccode, stateabb, styear, endyear``.

    The file is the argument, else ``COW_MAJORS_FILE``, else the cache or the official download
    (:func:`~atoplib.data.cow_files.cow_file`); it is checked against its pinned hashes."""
    chosen = _cow_source("majors", path, verify)
    try:
        frame = pd.read_csv(chosen)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError):
        raise SchemaError(f"{chosen} is not a readable CSV file; use the COW majors2016.csv file") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in MAJORS_COLUMNS if c not in frame.columns]
    if missing:
        raise SchemaError(f"{chosen}: required column '{missing[0]}' is missing; use the COW majors2016.csv file")
    out = frame[list(MAJORS_COLUMNS)].apply(pd.to_numeric, errors="coerce")
    if out.isna().any().any():
        raise SchemaError(f"{chosen}: ccode, styear and endyear must be whole numbers in every row; use the unmodified file")
    out = out.astype("int64")
    out.insert(1, "stateabb", frame["stateabb"].astype(str).str.strip() if "stateabb" in frame else "")
    return out.reset_index(drop=True)


#: COW country codes used by name throughout.
US = 2
USSR = 365  # the Soviet Union to 1991, Russia after (one COW code)
#: The years the Soviet Union existed (Dec 1922 - Dec 1991); COW 365 is Russia outside them.
SOVIET_YEARS = (1922, 1991)
