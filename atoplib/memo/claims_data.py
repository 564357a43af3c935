"""Readings of the memo's statements about the ATOP data itself: the release and its coverage, two
ATOPIDs, and the name of the consultation variable."""

from __future__ import annotations

from .claims_common import finding, state_name
from .claims_us import _treaty
from .types import Evidence, Finding, NotAvailable, Reading

#: What the memo says of the release: "Version 5.0 ..., the latest version, codes ... 1815 to 2018"
MEMO_VERSION = (5, 0)
MEMO_COVERAGE = (1815, 2018)
#: The examples: the 2001 Sino-Russian treaty (Russia 365, China 710) and the North Atlantic Treaty
SINO_RUSSIAN = 4980
NORTH_ATLANTIC = 3180


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in str(version).split(".") if part.isdigit())


def _recorded_version(ev: Evidence) -> str:
    column = ev.data.alliances.get("version")
    found = sorted(set(column.dropna().astype(str))) if column is not None else []
    return f"version column {', '.join(found)}" if found else "no version column"


def _version(reading: str):
    def judge(ev: Evidence) -> Finding:
        release = _version_tuple(ev.version)
        first, last = ev.data.coverage
        if reading == "coverage":
            if release[:1] != MEMO_VERSION[:1]:
                raise NotAvailable(f"ATOP {ev.version} is not a version-5 release, so it cannot show what 5.0 covers "
                                   f"(it covers {first}-{last})")
            ok = (first, last) == MEMO_COVERAGE
            return finding(ok, f"ATOP {ev.version} covers {first}-{last}", "1815-2018 as the memo says" if ok
                           else f"not {MEMO_COVERAGE[0]}-{MEMO_COVERAGE[1]}")
        if release < MEMO_VERSION:
            raise NotAvailable(f"ATOP {ev.version} is older than 5.0, so it cannot show which version is the latest")
        ok = release == MEMO_VERSION
        return finding(ok, f"this release is ATOP {ev.version} ({_recorded_version(ev)})",
                       "5.0 is this release" if ok else
                       f"{ev.version} is later than 5.0; the memo's own figure notes name ATOP 5.1")
    return judge


def version_readings() -> tuple[Reading, ...]:
    return (
        Reading("coverage", "a version-5 release covers the years the memo gives for version 5.0 (coverage read "
                "from the files)",
                _version("coverage")),
        Reading("latest", "5.0 is the latest version: no later release exists (the release's own version, from its "
                "files, against 5.0)", _version("latest")),
    )


def _atopid(reading: str):
    def judge(ev: Evidence) -> Finding:
        alliances = ev.data.alliances.set_index("atopid")
        if reading == "sino-russian":
            if SINO_RUSSIAN not in alliances.index:
                return finding(False, f"ATOPID {SINO_RUSSIAN} is not in ATOP {ev.version}", "missing")
            members = sorted(int(m) for m in ev.data.members.loc[ev.data.members["atopid"].eq(SINO_RUSSIAN), "member"].unique())
            begyr = int(alliances.loc[SINO_RUSSIAN, "begyr"])
            ok = begyr == 2001 and members == [365, 710]
            return finding(ok, f"ATOPID {SINO_RUSSIAN}: signed {begyr}, members "
                           f"{' and '.join(state_name(ev, m) for m in members)}",
                           "the 2001 treaty between Russia and China" if ok else "not the 2001 Sino-Russian treaty")
        if reading == "north-atlantic":
            found = _treaty(ev, "North Atlantic")
            ok = found == NORTH_ATLANTIC
            return finding(ok, f"the North Atlantic Treaty (signed 1949, at least 12 founders incl. the U.S., Canada, "
                           f"the UK, France) is ATOPID {found}", "3180 as the memo says" if ok else "not 3180")
        missing = [a for a in (NORTH_ATLANTIC, SINO_RUSSIAN) if a not in alliances.index]
        if missing:
            return finding(False, f"ATOPID {missing[0]} is not in ATOP {ev.version}", "missing")
        nato, sino = alliances.loc[NORTH_ATLANTIC], alliances.loc[SINO_RUSSIAN]
        ok = nato["defense"] == 1 and sino["consul"] == 1 and sino["defense"] == 0
        return finding(bool(ok), f"ATOPID {NORTH_ATLANTIC}: defense = {int(nato['defense'])}; ATOPID {SINO_RUSSIAN}: "
                       f"consul = {int(sino['consul'])}, defense = {int(sino['defense'])}",
                       "each is counted in the figure it illustrates" if ok else "an example is not in its figure")
    return judge


def atopid_readings() -> tuple[Reading, ...]:
    return (
        Reading("sino-russian", "ATOPID 4980 is signed in 2001 and its members are Russia and China", _atopid("sino-russian")),
        Reading("north-atlantic", "the North Atlantic Treaty, found by signing year and founders, is ATOPID 3180",
                _atopid("north-atlantic")),
        Reading("figure-classes", "the examples are in their figures: 3180 has defense = 1 (Figure 1), 4980 has "
                "consul = 1 and defense = 0 (Figure 2)", _atopid("figure-classes")),
    )


def _variable(ev: Evidence) -> Finding:
    columns = set(ev.data.alliances.columns)
    ok = "consult" in columns
    has = "consul" in columns
    return finding(ok, f"alliance file columns: {'consult present' if ok else 'no consult'}; "
                   f"{'consul present' if has else 'no consul'}",
                   "the variable exists" if ok else
                   "ATOP's consultation variable is consul (as the Figure 2 note names it); footnote 3 means consul")


def variable_readings() -> tuple[Reading, ...]:
    return (Reading("column", "the release's alliance file has a variable named consult", _variable),)
