"""Shared fixtures: the hand-made `mini` release and the real ATOP releases beside the project."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

import atoplib as al
from atoplib import paths

from support import FIXTURES, SHARED, cow_file, real_dir  # noqa: F401 (re-exported for fixtures)


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
    folder = real_dir(version)
    if folder is None:
        pytest.skip(f"real ATOP {version} files not found (set ATOP_DATA_DIR or provide ../shared/data/atop/{version})")
    return al.load_atop(folder)


@pytest.fixture(scope="session")
def atop51() -> al.AtopData:
    return _real("5.1")


@pytest.fixture(scope="session")
def atop401() -> al.AtopData:
    return _real("4.01")


@pytest.fixture(scope="session")
def states_file() -> Path:
    path = cow_file("states2016.csv", "COW_STATES_FILE")
    if path is None:
        pytest.skip("COW states2016.csv not found (set COW_STATES_FILE or provide ../shared/data/cow)")
    return path


@pytest.fixture(scope="session")
def collection_401(tmp_path_factory):
    """The whole collection run once on the real ATOP 4.01 (coverage 1815-2016), shared by the
    tests that check re-execution on another release. 07 compares 4.01 with itself."""

    data = real_dir("4.01")
    if data is None:
        pytest.skip("real ATOP 4.01 files not found (provide ../shared/data/atop/4.01)")
    env = {"ATOP_BASE_DATA_DIR": str(data)}  # a complete run (the canonical atop-4.01/): 07 compares 4.01 with itself
    for name, var in (("states2016.csv", "COW_STATES_FILE"), ("NMC-60-abridged.csv", "COW_NMC_FILE"),
                      ("majors2016.csv", "COW_MAJORS_FILE")):
        path = cow_file(name, var)
        if path is None:
            pytest.skip(f"COW {name} not found (set {var} or provide ../shared/data/cow)")
        env[var] = str(path)
    saved = {k: os.environ.get(k) for k in env}
    try:
        for key, value in env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        # the version is read from the files: asking for nothing still gives a 4.01 report
        folder = al.report.run_collection(data_dir=data, output_root=tmp_path_factory.mktemp("reports-401"),
                                       progress=False)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return data, folder


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
