"""Correlates of War state codes and names (and, later, material capabilities).

ATOP identifies members by COW country code (``ccode``). :func:`load_states` reads a COW
state-system file (``states2016.csv``; argument or ``COW_STATES_FILE``), and :func:`state_labels`
names every code, labelling ATOP members that are not COW states explicitly (e.g. 8152,
ATOP's code for a member outside the COW system) instead of dropping them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from . import paths
from .errors import DataNotFoundError, SchemaError
from .sources import verify_file

STATES_COLUMNS = ("stateabb", "ccode", "statenme")
NON_COW_PREFIX = "non-COW"


def _states_path(path: str | os.PathLike | None) -> Path:
    chosen = Path(path).expanduser() if path else paths.env_states_file()
    if chosen is None:
        raise DataNotFoundError(
            "no COW state-system file given; pass states_file= or set COW_STATES_FILE to states2016.csv "
            "(correlatesofwar.org, State System Membership)"
        )
    if not chosen.is_file():
        raise DataNotFoundError(f"COW state-system file {chosen} does not exist; set COW_STATES_FILE to states2016.csv")
    return chosen


def load_states(path: str | os.PathLike | None = None, verify: bool | None = None) -> pd.DataFrame:
    """One row per COW state code: ``ccode, stateabb, statenme, styear, endyear`` (first spell start,
    last spell end)."""
    chosen = _states_path(path)
    verify_file(chosen, "2016", dataset="cow", verify=verify) if chosen.name.lower() == "states2016.csv" else None
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
