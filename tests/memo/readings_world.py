"""Hand-made ATOP-shaped releases for the readings' tests, written to ``tmp_path`` from a few rows.

Not ATOP data. A test lists its alliances and member rows; :func:`release` writes them as ATOP's
files (version 5.9, which does not exist, so no checksum is pinned) and loads them. The alliance
file is derived from the member rows the way ATOP's is (codebook 5.1, section 2.4): ``begyr`` the
first entry, ``endyr`` the last exit (0 while a member is still in), each obligation and
``asymm`` the maximum over the member rows, so the loader's consistency checks hold. Alliance-level
extras (``base``, ``interv``, ``organ1``) are copied onto the member rows, as in ATOP. The
coverage's last year is that of the member rows; when they end earlier, a pact of two invented
states (COW 990 and 991, no obligation) signed and ended in ``last_year`` sets it (the coverage
comes from the alliance and member files). :func:`evidence` adds COW tables made
from small dicts.
"""

from __future__ import annotations

import calendar
import warnings
from pathlib import Path

import pandas as pd

import atoplib as al
from atoplib.memo.evidence import Evidence
from atoplib.memo.rules import claim_status

VERSION = "5.9"
def coverage_pact(year: int) -> int:
    """The ATOPID of the pact that sets the coverage's last year (no obligation; its states are in no
    other pact): the last of the codebook's range for its signing year, which no world uses."""
    return 1999 if year < 1914 else 2999 if year < 1945 else 3999 if year < 1990 else 7999
OBLIGATIONS = ("defense", "offense", "neutral", "nonagg", "consul")
#: COW names used by the worlds (a subset of COW's list, same spelling).
NAMES = {2: "United States of America", 20: "Canada", 200: "United Kingdom", 210: "Netherlands", 211: "Belgium",
         212: "Luxembourg", 220: "France", 235: "Portugal", 255: "Germany", 290: "Poland", 300: "Austria-Hungary", 315: "Czechoslovakia",
         325: "Italy", 345: "Yugoslavia", 365: "Russia", 385: "Norway", 390: "Denmark", 395: "Iceland",
         640: "Turkey", 670: "Saudi Arabia", 690: "Kuwait", 692: "Bahrain", 694: "Qatar", 696: "United Arab Emirates",
         698: "Oman", 700: "Afghanistan", 701: "Turkmenistan", 702: "Tajikistan", 703: "Kyrgyzstan",
         704: "Uzbekistan", 710: "China", 740: "Japan", 770: "Pakistan", 900: "Australia", 920: "New Zealand"}


def member(atopid: int, ccode: int, yrent: int, yrexit: int = 0, phase: int = 0, **codes) -> dict:
    """One member row: ``moent``/``dayent``/``moexit``/``dayexit`` default to Jan 1 and Dec 31 (0 while in force)."""
    row = {"atopid": atopid, "member": ccode, "yrent": yrent, "moent": 1, "dayent": 1, "yrexit": yrexit,
           "moexit": 12 if yrexit else 0, "dayexit": 31 if yrexit else 0, "phase": phase}
    row.update({o: 0 for o in OBLIGATIONS})
    row.update(codes)
    if yrexit and "moexit" in codes and "dayexit" not in codes:  # the month's last day
        row["dayexit"] = calendar.monthrange(yrexit, codes["moexit"])[1]
    return row


def release(tmp_path: Path, members: list[dict], last_year: int, alliances: dict[int, dict] | None = None,
            name: str = "world") -> al.AtopData:
    """Write and load a release from ``members`` (rows of :func:`member`); ``alliances`` gives an
    alliance's own dates or codes by ATOPID (``begmo``, ``begday``, ``endmo``, ``endday``, ``base``, …)."""
    alliances = alliances or {}
    given = pd.DataFrame(members)
    reached = int(pd.concat([given["yrent"], given["yrexit"]]).max())
    marker = [member(coverage_pact(last_year), c, last_year, last_year) for c in (990, 991)] if reached < last_year else []
    frame = pd.DataFrame([*members, *marker])
    extras = sorted({k for codes in alliances.values() for k in codes} - {"begmo", "begday", "endmo", "endday", "asymm"})
    rows = []
    for atopid, group in frame.groupby("atopid", sort=True):
        given = alliances.get(int(atopid), {})
        still = bool(group["yrexit"].eq(0).any())
        first = group.loc[group["yrent"].idxmin()]
        row = {"atopid": int(atopid), "begyr": int(group["yrent"].min()),
               "begmo": given.get("begmo", int(first["moent"])), "begday": given.get("begday", int(first["dayent"])),
               "endyr": 0 if still else int(group["yrexit"].max()),
               "endmo": 0 if still else given.get("endmo", 12), "endday": 0 if still else given.get("endday", 31),
               "ineffect": int(still)}
        row.update({o: int(group[o].max()) for o in OBLIGATIONS})
        row["asymm"] = given.get("asymm", 0)
        for column in extras:
            row[column] = given.get(column, 0)
        rows.append(row)
    table = pd.DataFrame(rows)
    frame["asymm"] = frame["atopid"].map(table.set_index("atopid")["asymm"])
    for column in extras:
        if column not in frame.columns:
            frame[column] = frame["atopid"].map(table.set_index("atopid")[column])
    frame["ineffect"] = frame["yrexit"].eq(0).astype(int)
    table["version"] = frame["version"] = VERSION
    folder = tmp_path / name
    folder.mkdir()
    stem = "atop" + VERSION.replace(".", "_")
    table.to_csv(folder / f"{stem}a.csv", index=False)
    frame.to_csv(folder / f"{stem}m.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        data = al.load_atop(folder)
    assert data.last_year == last_year
    return data


def evidence(data: al.AtopData, cinc: dict[int, float] | None = None, cinc_years: tuple[int, int] = (1946, 2016),
             majors: list[tuple[int, int, int]] | None = None, nmc_rows: list[tuple[int, int, float]] = ()) -> Evidence:
    """Evidence with COW's names (:data:`NAMES`), a CINC table (``cinc``: constant values over
    ``cinc_years``, plus ``nmc_rows`` as ``(ccode, year, cinc)``) and major powers ``(ccode, first, last)``."""
    states = pd.DataFrame({"ccode": list(NAMES), "statenme": list(NAMES.values()), "stateabb": ["X"] * len(NAMES)})
    nmc = None
    if cinc is not None or nmc_rows:
        rows = [(c, y, v) for c, v in (cinc or {}).items() for y in range(cinc_years[0], cinc_years[1] + 1)]
        nmc = pd.DataFrame(rows + list(nmc_rows), columns=["ccode", "year", "cinc"]).drop_duplicates(
            ["ccode", "year"], keep="last")
    table = None
    if majors is not None:
        table = pd.DataFrame(majors, columns=["ccode", "styear", "endyear"]).assign(stateabb="X")
    return Evidence(data, states=states, nmc=nmc, majors=table)


# --------------------------------------------------------------------------- plain pandas on the real files

def real_tables(folder: Path, version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The real alliance and member files read with plain pandas (0 end codes kept)."""
    stem = "atop" + version.replace(".", "_")
    return (pd.read_csv(folder / f"{stem}a.csv", low_memory=False),
            pd.read_csv(folder / f"{stem}m.csv", low_memory=False))


def in_force(frame: pd.DataFrame, year: int, begin: str, end: str) -> pd.DataFrame:
    """Rows in force in ``year``: ``begin <= year`` and (``end`` 0, still in force, or ``end >= year``)."""
    return frame[frame[begin].le(year) & (frame[end].eq(0) | frame[end].ge(year))]


def judged(functions, ev) -> dict:
    """Each reading of a claim's readings function judged on ``ev``, by reading id."""
    return {r.id: r.judge(ev) for r in functions()}


def status(functions, ev) -> str:
    """The claim's status on ``ev``: its stated readings, by the ledger's rule."""
    return claim_status([r.judge(ev) for r in functions() if r.cls == "stated"])
