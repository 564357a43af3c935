"""Shared fixtures: the hand-made releases (`mini`, `us-mini`, `beyond`), the real releases and COW
files named by the settings (ATOP_DATA_DIR, ATOP_BASE_DATA_DIR, COW_*_FILE, read as `atopnb` reads
them; tests that lack one skip with the variable to set), and the collection executed once per
session."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pandas as pd
import pytest

import atoplib as al
from atoplib.memo.evidence import Evidence
from atoplib.settings import PATH_VARIABLES
from support import COW_NAMES, FIXTURES, need_cow_file, need_real_dir, once_per_session


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """No test writes to the developer's data/raw or reports/."""
    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("ATOP_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("ATOP_REPORTS_DIR", str(base / "reports"))
    # no test downloads a COW file from the internet: without COW_*_FILE, the download is refused at
    # once by a closed local port (tests that serve COW files set these addresses themselves)
    for kind in ("STATES", "MAJORS", "NMC"):
        if not os.environ.get(f"COW_{kind}_URL"):
            monkeypatch.setenv(f"COW_{kind}_URL", f"https://127.0.0.1:9/no-downloads-in-tests/{kind.lower()}")


@pytest.fixture(scope="session")
def mini_dir() -> Path:
    return FIXTURES / "mini"


@pytest.fixture(scope="session")
def mini(mini_dir) -> al.AtopData:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return al.load_atop(mini_dir)


@pytest.fixture(scope="session")
def usmini() -> al.AtopData:
    """The hand-made `us-mini` release (tests/fixtures/us-mini/README.md)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return al.load_atop(FIXTURES / "us-mini")


def _real(version: str) -> al.AtopData:
    return al.load_atop(need_real_dir(version))


@pytest.fixture(scope="session")
def atop51() -> al.AtopData:
    return _real("5.1")


@pytest.fixture(scope="session")
def atop401() -> al.AtopData:
    return _real("4.01")


@pytest.fixture(scope="session")
def states_file() -> Path:
    return need_cow_file("states2016.csv")


@pytest.fixture(scope="session")
def executed_collection(tmp_path_factory):
    """The whole collection executed once per test session on a real release, with every input of
    a complete run (the release, ATOP 4.01 as the base notebook 07 compares with, the three COW
    files), all found through the settings: ``executed_collection("4.01")`` returns the report
    folder. One run serves every test and every pytest-xdist worker (support.once_per_session);
    tests only read the folder. Without the website (site=False): the tests of the website build it
    from the committed report."""

    def executed(version: str) -> Path:
        inputs = {"ATOP_DATA_DIR": need_real_dir(version), "ATOP_BASE_DATA_DIR": need_real_dir("4.01"),
                  **{PATH_VARIABLES[f"{kind}_file"]: need_cow_file(name) for kind, name in COW_NAMES.items()}}

        def build(folder: Path) -> str:
            with pytest.MonkeyPatch.context() as env:
                for variable, path in inputs.items():
                    env.setenv(variable, str(path))
                env.setenv("ATOP_CACHE_DIR", str(folder / "cache"))
                for kind in ("STATES", "MAJORS", "NMC"):
                    env.setenv(f"COW_{kind}_URL", f"https://127.0.0.1:9/no-downloads-in-tests/{kind.lower()}")
                report = al.report.run_collection(data_dir=inputs["ATOP_DATA_DIR"], output_root=folder / "reports",
                                                  progress=False, site=False)
            return str(report)

        return Path(once_per_session(tmp_path_factory, f"collection-{version}", build))

    return executed


@pytest.fixture(scope="session")
def collection_401(executed_collection):
    """The whole collection on the real ATOP 4.01 (coverage 1815-2016), for the tests that check
    re-execution on another release; 07 compares 4.01 with itself. (release folder, report folder)"""
    return need_real_dir("4.01"), executed_collection("4.01")


@pytest.fixture
def quiet_unpinned(monkeypatch):
    """`mini` (release 5.9) has no pinned hashes: its one warning is tested on purpose elsewhere."""
    from atoplib.data import registry

    monkeypatch.setattr(registry, "_warned", {"atop:5.9"})


# --------------------------------------------------------------------------- the issue-15 fixture
# `beyond`: a hand-made release with survival times, member spells, basing codes, major powers and
# CINC worked out by hand (tests/fixtures/beyond/README.md), and its COW tables.

@pytest.fixture(scope="session")
def beyond() -> al.AtopData:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return al.load_atop(FIXTURES / "beyond")


@pytest.fixture(scope="session")
def majors():
    return al.data.load_majors(FIXTURES / "beyond" / "cow-majors.csv", verify=False)  # hand-made


@pytest.fixture(scope="session")
def nmc():
    return al.data.load_nmc(FIXTURES / "beyond" / "cow-nmc.csv", verify=False)


@pytest.fixture(scope="session")
def states():
    return al.data.load_states(FIXTURES / "beyond" / "cow-states.csv", verify=False)  # hand-made


# --------------------------------------------------------------------------- the claims ledger's releases

A_COLUMNS = ["atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "ineffect",
             "defense", "offense", "neutral", "nonagg", "consul", "version"]
M_COLUMNS = ["atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "ineffect",
             "phase", "defense", "offense", "neutral", "nonagg", "consul", "version"]


def write_release(root, version: str, groups: list[tuple]) -> None:
    """``groups``: (how many, begyr, endyr or 0 for in force, defense, consul, nonagg, members(k))."""
    a_rows, m_rows = [], []
    atopid = 1000
    for n, begyr, endyr, defense, consul, nonagg, members in groups:
        for k in range(n):
            atopid += 1
            end = (endyr, 12, 31, 0) if endyr else (0, 0, 0, 1)
            a_rows.append([atopid, begyr, 1, 1, *end, defense, 0, 0, nonagg, consul, version])
            for member in members(k):
                m_rows.append([atopid, member, begyr, 1, 1, *end, 0, defense, 0, 0, nonagg, consul, version])
    pd.DataFrame(a_rows, columns=A_COLUMNS).to_csv(root / f"atop{version.replace('.', '_')}a.csv", index=False)
    pd.DataFrame(m_rows, columns=M_COLUMNS).to_csv(root / f"atop{version.replace('.', '_')}m.csv", index=False)


def _load(root) -> al.AtopData:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return al.load_atop(root)


@pytest.fixture
def memo_like(tmp_path) -> al.AtopData:
    """Everything the memo says holds. By hand:

    defense: 55 U.S. bilateral pacts 1950-end + 5 more 1975-1985 -> 0 in 1945, 55 in 1950-1974,
    60 in 1975-1985, 55 from 1986 (1980s mean 58.0, 1992-2020 all 55);
    consultative-only: 140 pacts 1992-end, 70 of them with nonagg = 1 (footnote variant: 70);
    one non-aggression pact signed and ended in 2020 sets the coverage end.
    Signed after 1991: 141 (140 consultative-only, 0 defense); 1946-1991: 60, all defense.
    U.S. partners: 55-60 a year from 1950, every other state 1.
    """
    root = tmp_path / "memo-like"
    root.mkdir()
    write_release(root, "7.1", [
        (55, 1950, 0, 1, 0, 0, lambda k: (2, 100 + k)),
        (5, 1975, 1985, 1, 0, 0, lambda k: (2, 200 + k)),
        (70, 1992, 0, 0, 1, 1, lambda k: (300 + k, 400 + k)),
        (70, 1992, 0, 0, 1, 0, lambda k: (500 + k, 600 + k)),
        (1, 2020, 2020, 0, 0, 1, lambda k: (700, 701)),
    ])
    data = _load(root)
    assert data.coverage == (1815, 2020)
    return data


@pytest.fixture
def contrary(tmp_path) -> al.AtopData:
    """Nothing the memo says holds. By hand:

    defense: 40 pacts 1900-end (state 200 with 300+k), 10 in 1950-1960 (200 with 400+k), 10 in
    1993 only and 5 from 1995 (both U.S. bilateral) -> 40 in 1945, 50 in 1950-1960, 40 in
    1961-1992, 50 in 1993, 40 in 1994, 45 from 1995 (1980s mean 40.0; 1992-2020 mean 1300/29 = 44.8);
    consultative-only: 10 consultation + non-aggression pacts 1900-1950 (also the footnote
    variant), 20 consultation-only pacts from 1992 -> 20 in 2020, footnote variant 0 after 1950;
    non-aggression only: 20 signed 1960 (ended 1961), 20 signed 1995 (ended 2000), 1 in 2020.
    Signed 1946-1991: 30 (10 defense, 33.3%); after 1991: 56 (15 defense = 26.8%,
    20 consultative-only = 35.7%, 21 non-aggression only).
    """
    root = tmp_path / "contrary"
    root.mkdir()
    write_release(root, "7.2", [
        (40, 1900, 0, 1, 0, 0, lambda k: (200, 300 + k)),
        (10, 1950, 1960, 1, 0, 0, lambda k: (200, 400 + k)),
        (10, 1993, 1993, 1, 0, 0, lambda k: (2, 500 + k)),
        (5, 1995, 0, 1, 0, 0, lambda k: (2, 600 + k)),
        (10, 1900, 1950, 0, 1, 1, lambda k: (700 + k, 750 + k)),
        (20, 1992, 0, 0, 1, 0, lambda k: (800 + k, 850 + k)),
        (20, 1960, 1961, 0, 0, 1, lambda k: (900 + k, 950 + k)),
        (20, 1995, 2000, 0, 0, 1, lambda k: (1000 + k, 1050 + k)),
        (1, 2020, 2020, 0, 0, 1, lambda k: (1100, 1101)),
    ])
    data = _load(root)
    assert data.coverage == (1815, 2020)
    return data




@pytest.fixture(scope="session")
def cow_tables() -> dict:
    """COW's state list, capabilities and major powers (the real files)."""
    from atoplib.data.cow import load_majors, load_nmc, load_states

    return {"states": load_states(need_cow_file("states2016.csv")),
            "nmc": load_nmc(need_cow_file("NMC-60-abridged.csv")),
            "majors": load_majors(need_cow_file("majors2016.csv"))}


@pytest.fixture(scope="session")
def ev51(atop51, cow_tables) -> Evidence:
    return Evidence(atop51, **cow_tables)


@pytest.fixture(scope="session")
def ev401(atop401, cow_tables) -> Evidence:
    return Evidence(atop401, **cow_tables)
