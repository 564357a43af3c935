"""A chapter's context on the hand-made `us-mini` release (tests/fixtures/us-mini/README.md), with
hand-made COW tables written as files and named through the environment, as a notebook finds them.

The COW tables are typed here (not COW's files): the twelve states' names; a constant CINC per state
over NMC years 1946-1968, Turkey (640) only from 1954 (the README's power shares); and four major
powers: the U.S. from 1898, the United Kingdom and France throughout, Russia (365) from 1922.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

import atoplib as al
from support import FIXTURES

STATES = pd.DataFrame(
    [(2, "USA", "United States of America"), (20, "CAN", "Canada"), (40, "CUB", "Cuba"),
     (70, "MEX", "Mexico"), (140, "BRA", "Brazil"), (200, "UKG", "United Kingdom"),
     (220, "FRN", "France"), (290, "POL", "Poland"), (315, "CZE", "Czech Republic"),
     (365, "RUS", "Russia"), (640, "TUR", "Turkey"), (740, "JPN", "Japan")],
    columns=["ccode", "stateabb", "statenme"],
)
CINC = {2: 0.30, 365: 0.20, 200: 0.08, 740: 0.06, 220: 0.05, 20: 0.02, 140: 0.02, 290: 0.02,
        70: 0.01, 315: 0.01, 640: 0.01, 40: 0.005}
NMC_YEARS = (1946, 1968)
MAJORS = [(2, "USA", 1898, 2016), (200, "UKG", 1816, 2016), (220, "FRN", 1816, 2016), (365, "RUS", 1922, 2016)]


def write_cow_tables(folder: Path) -> dict[str, Path]:
    """The hand-made COW tables as CSV files in ``folder``: ``{"states": ..., "nmc": ..., "majors": ...}``."""
    folder.mkdir(parents=True, exist_ok=True)
    abbreviation = dict(zip(STATES["ccode"], STATES["stateabb"]))
    nmc = pd.DataFrame([(abbreviation[c], c, y, v) for c, v in CINC.items()
                        for y in range(NMC_YEARS[0], NMC_YEARS[1] + 1) if not (c == 640 and y < 1954)],
                       columns=["stateabb", "ccode", "year", "cinc"])
    majors = pd.DataFrame(MAJORS, columns=["ccode", "stateabb", "styear", "endyear"])
    paths = {"states": folder / "states.csv", "nmc": folder / "nmc.csv", "majors": folder / "majors.csv"}
    STATES.to_csv(paths["states"], index=False)
    nmc.to_csv(paths["nmc"], index=False)
    majors.to_csv(paths["majors"], index=False)
    return paths


def us_mini_context(tmp_path: Path, monkeypatch, **options) -> al.NotebookContext:
    """``al.start`` on `us-mini`, its output in ``tmp_path/out``, the COW tables above (unverified:
    they are hand-made); ``options`` are the chapter's knobs (``table_years``, ``network_years``)."""
    paths = write_cow_tables(tmp_path / "cow")
    for kind, path in paths.items():
        monkeypatch.setenv(f"COW_{kind.upper()}_FILE", str(path))
    monkeypatch.setenv("ATOP_VERIFY", "0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return al.start(data_dir=str(FIXTURES / "us-mini"), output_dir=str(tmp_path / "out"), **options)
