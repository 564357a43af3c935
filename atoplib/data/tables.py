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
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import AtopWarning, ParameterError, SchemaError
from ..files import one_line_os_errors
from .consistency import check_consistency, consistency_findings, consistency_summary, coverage_of
from .locate import locate_release
from .releases import Release
from .schema import (
    ALLIANCE_COLUMNS,
    MEMBER_COLUMNS,
    OFFICIAL_STATE_YEAR_COLUMNS,
    _check_codes,
    _check_version,
    _days_blank,
    _flag_end_codes,
    _read_raw,
    _to_codes,
    read_table,
)

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
    #: What the consistency check found (atoplib.data.consistency): empty for an official release.
    consistency: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @property
    def consistency_note(self) -> str:
        """One sentence on the release's internal consistency (``atopnb info``, notebooks, manifest)."""
        return consistency_summary(self.consistency, len(self.alliances), len(self.members))

    @property
    def version(self) -> str:
        return self.release.version

    @property
    def coverage(self) -> tuple[int, int]:
        return self.first_year, self.last_year

    def official_state_years(self) -> pd.DataFrame | None:
        """ATOP's own state-year file, if the release folder holds it (else None)."""
        if self._state_years is None and "sy" in self.release.files:
            self._state_years = read_table(self.release.files["sy"], OFFICIAL_STATE_YEAR_COLUMNS)
        return self._state_years

    def summary(self) -> dict:
        """Release, coverage and counts: what ``atopnb info`` prints."""
        return {
            "version": self.version,
            "source": self.release.source,
            "format": self.release.format,
            "files_used": self.release.note,
            "coverage": f"{self.first_year}-{self.last_year}",
            "alliances": int(len(self.alliances)),
            "member_rows": int(len(self.members)),
            "members": int(self.members["member"].nunique()),
            "in_force_at_end": int(self.alliances["in_force_at_end"].sum()),
            "checksums_verified": self.release.verified,
            "verification": "on" if self.release.verification_on else "off (ATOP_VERIFY=0)",
            "consistency": self.consistency_note,
            "files": {p.name: self.release.checksums.get(k, "") for k, p in sorted(self.release.files.items())},
        }


def _other_years(release: Release) -> dict[str, tuple[Path, pd.DataFrame]]:
    """The year columns of the release's other files the collection reads (state-year ``year``;
    alliance-phase ``begyr``, ``endyr``), rows in file order, their version checked: what the
    coverage rule of :mod:`~atoplib.data.consistency` holds to the alliance and member files."""
    out = {}
    for kind, columns in (("sy", ("year",)), ("aph", ("begyr", "endyr"))):
        if kind not in release.files:
            continue
        path = release.files[kind]
        raw = _read_raw(path, columns=("state", "atopid", *columns, "version"))
        missing = [c for c in columns if c not in raw.columns]
        if missing:
            raise SchemaError(f"{path}: required column '{missing[0]}' is missing; use the unmodified file")
        frame = _to_codes(raw[[c for c in (*columns, "version") if c in raw.columns]], path, columns)
        _check_version(frame, path, release.version)
        blank = frame[list(columns)].isna().any(axis=1)
        if blank.any():
            row = int(np.flatnonzero(blank.to_numpy())[0])
            column = next(c for c in columns if pd.isna(frame[c].iloc[row]))
            raise SchemaError(f"{path}: column '{column}' is blank in data row {row + 1}; every row needs one: "
                              f"use the unmodified file")
        out[kind] = (path, frame[list(columns)])
    return out


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
    others = _other_years(release)  # only their years (coverage) and version now; the rest on demand
    alliances = _days_blank(_flag_end_codes(alliances, "endyr", "endmo", "endday"), ("begday", "endday"))
    members = _days_blank(_flag_end_codes(members, "yrexit", "moexit", "dayexit"), ("dayent", "dayexit"))
    # the coverage comes from the alliance and member files alone; the other files must span it
    last_year = coverage_of(alliances, members)[1]
    first_year = min(FIRST_YEAR, int(alliances["begyr"].min()))
    _validate(alliances, members, release.files, last_year)
    # before sorting, so that the rows a finding names are the files' data rows
    findings = consistency_findings(alliances, members, others)
    notes = check_consistency(alliances, members, a_path, m_path, strict=release.verification_on, findings=findings)
    for note in notes:
        warnings.warn(note, AtopWarning, stacklevel=3)
    alliances = alliances.sort_values("atopid", kind="stable").reset_index(drop=True)
    members = members.sort_values(["atopid", "member", "yrent", "phase"], kind="stable").reset_index(drop=True)
    return AtopData(
        release=release,
        alliances=alliances,
        members=members,
        first_year=first_year,
        last_year=last_year,
        consistency=findings,
    )


def check_release(data) -> AtopData:
    """``data`` itself if it is a loaded release; else one line saying how to get one."""
    if not isinstance(data, AtopData):
        raise ParameterError(
            f"the data must be a loaded ATOP release (data = atoplib.load_atop(...)), not "
            f"{type(data).__name__} {str(data)[:40]!r}"
        )
    return data


_LOADED: dict[tuple, AtopData] = {}


def load_atop(
    data_dir: str | os.PathLike | None = None,
    version: str | None = None,
    verify: bool | None = None,
) -> AtopData:
    """Locate, verify and load an ATOP release (see :func:`atoplib.locate_release`).

    Loads are cached per process while the files are unchanged; the returned tables must be
    treated as read-only (copy before modifying).
    """
    with one_line_os_errors(data_dir, "reading the ATOP release"):  # permission denied, I/O error, …
        release = locate_release(data_dir, version, verify=verify)
        key = (release.version, release.verification_on) + tuple(
            sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in release.files.values())
        )
        if key not in _LOADED:
            _LOADED[key] = load_release(release)
    return _LOADED[key]
