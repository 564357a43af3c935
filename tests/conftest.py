"""Shared fixtures: the hand-made releases (`mini`, `us-mini`, `beyond`), the real releases and COW
files named by the settings (ATOP_DATA_DIR, ATOP_BASE_DATA_DIR, COW_*_FILE, read as `atopnb` reads
them; tests that lack one skip with the variable to set), and the collection executed once per
session."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

import atoplib as al
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
