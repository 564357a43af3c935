"""Readings of the memo's statements about the ATOP release itself: the version and its coverage,
two ATOPIDs, and the name of the consultation variable in footnote 3."""

from __future__ import annotations

from .evidence import Evidence
from .treaties import NATO_ATOPID, NATO_SIGNED, SINO_RUSSIAN_ATOPID
from .types import Finding, NotAvailable, Reading

#: What the memo says of the release: "Version 5.0 ..., the latest version, codes ... 1815 to 2018"
MEMO_VERSION = (5, 0)
MEMO_COVERAGE = (1815, 2018)
#: The memo's figure notes: "ATOP version 5.1"
FIGURE_VERSION = (5, 1)
#: The 2001 Sino-Russian treaty's members (COW: 365 Russia, 710 China) and year.
SINO_RUSSIAN_MEMBERS = [365, 710]
SINO_RUSSIAN_SIGNED = 2001


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in str(version).split(".") if part.isdigit())


def _recorded(ev: Evidence) -> str:
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
            return Finding(f"ATOP {ev.version} covers {first}-{last}", "agree" if ok else "differ",
                           "1815-2018 as the memo says" if ok else f"not {MEMO_COVERAGE[0]}-{MEMO_COVERAGE[1]}")
        wanted = MEMO_VERSION if reading == "latest" else FIGURE_VERSION
        if release < MEMO_VERSION:
            raise NotAvailable(f"ATOP {ev.version} is older than 5.0, so it cannot show which version is the latest")
        ok = release == wanted
        text = ".".join(map(str, wanted))
        return Finding(f"this release is ATOP {ev.version} ({_recorded(ev)})", "agree" if ok else "differ",
                       f"{text} is this release" if ok else f"this release is {ev.version}, not {text}")
    return judge


def version_readings() -> tuple[Reading, ...]:
    return (
        Reading("latest", "stated", "the release read (its own version, from its files) is 5.0, the latest",
                "'Version 5.0 of the dataset, the latest version': the release the collection reads is the latest "
                "one found", _version("latest"), label="5.0 is the release read"),
        Reading("coverage", "stated", "a version-5 release covers 1815 to 2018 (coverage read from the files)",
                "'codes characteristics of all known alliance treaties from 1815 to 2018'", _version("coverage"), label="coverage 1815-2018"),
        Reading("figure-notes", "alternative", "the release is 5.1, the version the memo's own figure notes name",
                "the figure notes say 'ATOP version 5.1': 5.0 in the text may be a slip", _version("figure-notes"), label="5.1, as the figure notes say"),
    )


def _atopid(reading: str):
    def judge(ev: Evidence) -> Finding:
        alliances = ev.data.alliances.set_index("atopid")
        if reading == "sino-russian":
            if SINO_RUSSIAN_ATOPID not in alliances.index:
                return Finding(f"ATOPID {SINO_RUSSIAN_ATOPID} is not in ATOP {ev.version}", "differ", "missing")
            members = sorted(int(m) for m in
                             ev.data.members.loc[ev.data.members["atopid"].eq(SINO_RUSSIAN_ATOPID), "member"].unique())
            begyr = int(alliances.loc[SINO_RUSSIAN_ATOPID, "begyr"])
            ok = begyr == SINO_RUSSIAN_SIGNED and members == SINO_RUSSIAN_MEMBERS
            return Finding(f"ATOPID {SINO_RUSSIAN_ATOPID}: signed {begyr}, members "
                           f"{' and '.join(ev.state_name(m) for m in members)}", "agree" if ok else "differ",
                           "the 2001 treaty between Russia and China" if ok else "not the 2001 Sino-Russian treaty")
        if reading == "north-atlantic":
            found = ev.treaty("North Atlantic")
            ok = found == NATO_ATOPID
            return Finding(f"the North Atlantic Treaty (signed {NATO_SIGNED}, at least 12 founders with the U.S., "
                           f"Canada, the UK and France) is ATOPID {found}", "agree" if ok else "differ",
                           f"{NATO_ATOPID} as the memo says" if ok else f"not {NATO_ATOPID}")
        missing = [a for a in (NATO_ATOPID, SINO_RUSSIAN_ATOPID) if a not in alliances.index]
        if missing:
            return Finding(f"ATOPID {missing[0]} is not in ATOP {ev.version}", "differ", "missing")
        nato, sino = alliances.loc[NATO_ATOPID], alliances.loc[SINO_RUSSIAN_ATOPID]
        ok = nato["defense"] == 1 and sino["consul"] == 1 and sino["defense"] == 0
        return Finding(f"ATOPID {NATO_ATOPID}: defense = {int(nato['defense'])}; ATOPID {SINO_RUSSIAN_ATOPID}: "
                       f"consul = {int(sino['consul'])}, defense = {int(sino['defense'])}", "agree" if ok else "differ",
                       "each is counted in the figure it illustrates" if ok else "an example is not in its figure")
    return judge


def atopid_readings() -> tuple[Reading, ...]:
    return (
        Reading("sino-russian", "stated", f"ATOPID {SINO_RUSSIAN_ATOPID} is signed in {SINO_RUSSIAN_SIGNED} and its "
                "members are Russia and China", "'the 2001 Sino-Russia Treaty is ATOPID 4980'",
                _atopid("sino-russian"), label="ATOPID 4980"),
        Reading("north-atlantic", "stated", f"the North Atlantic Treaty, found by its signing year and founders, is "
                f"ATOPID {NATO_ATOPID}", "'the North Atlantic Treaty is ATOPID 3180'", _atopid("north-atlantic"), label="ATOPID 3180"),
        Reading("figure-classes", "alternative", f"the examples are in their figures: {NATO_ATOPID} has defense = 1 "
                f"(Figure 1), {SINO_RUSSIAN_ATOPID} has consul = 1 and defense = 0 (Figure 2)",
                "the figure captions use them as examples ('E.g. 1949 North Atlantic Treaty'; 'E.g. 2001 "
                "Sino-Russian Treaty of Friendship')", _atopid("figure-classes"), label="the examples in their figures"),
    )


def _variable(ev: Evidence) -> Finding:
    columns = set(ev.data.alliances.columns)
    ok = "consult" in columns
    has = "consul" in columns
    return Finding(f"alliance file columns: {'consult present' if ok else 'no consult'}; "
                   f"{'consul present' if has else 'no consul'}", "agree" if ok else "differ",
                   "the variable exists" if ok else
                   "ATOP's consultation variable is consul, as the Figure 2 note names it; footnote 3 means consul")


def variable_readings() -> tuple[Reading, ...]:
    return (Reading("column", "stated", "the release's alliance file has a variable named consult",
                    "footnote 3: 'the consult variable is coded with a 1'", _variable, label="a variable named consult"),)
