"""Preflight: what each notebook needs is read from its code; a missing input stops the run in one
line naming the notebooks that need it and the fix, before any notebook starts; a missing base
release is not an error (07 says the comparison was skipped) and a cached release is offered."""

from __future__ import annotations

import shutil
import warnings

import pytest

import atoplib as al
from atoplib import paths, settings
from atoplib.report import preflight as pf
from support import FIXTURES, one_line

pytestmark = pytest.mark.filterwarnings("ignore::atoplib.errors.AtopWarning")


def notebook(name: str):
    return next(paths.NOTEBOOKS_DIR.glob(f"{name}-*.ipynb"))


def test_inputs_are_read_from_the_notebooks_code():
    assert pf.needed_inputs(notebook("00")) == set()
    assert pf.needed_inputs(notebook("04")) == {"states"}  # add_state_names
    assert pf.needed_inputs(notebook("06")) == {"nmc"}  # load_nmc / alliance_power
    assert pf.needed_inputs(notebook("07")) == {"base"}  # compare_releases
    assert "majors" in pf.needed_inputs(notebook("09"))


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No COW file named, an empty cache, and COW addresses on a closed local port."""
    for kind in ("STATES", "NMC", "MAJORS"):
        monkeypatch.delenv(f"COW_{kind}_FILE", raising=False)
        monkeypatch.setenv(f"COW_{kind}_URL", f"https://127.0.0.1:9/{kind.lower()}.csv")
    monkeypatch.delenv("ATOP_BASE_DATA_DIR", raising=False)
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))


def test_a_missing_input_names_the_notebooks_and_the_fix(offline, mini):
    with pytest.raises(al.DataNotFoundError) as err:
        pf.preflight([notebook("00"), notebook("04"), notebook("05")], mini, timeout=2)
    one_line(err, "notebooks 04, 05 need the COW state-system list (states2016.csv)",
             "no connection could be made", "set COW_STATES_FILE to your copy of states2016.csv")


def test_inputs_found_are_recorded_by_name_and_hash_only(offline, mini, monkeypatch, tmp_path):
    states = tmp_path / "states2016-copy.csv"
    states.write_text("stateabb,ccode,statenme\nUSA,2,United States of America\n")
    monkeypatch.setenv("COW_STATES_FILE", str(states))
    checked = pf.preflight([notebook("04")], mini, timeout=2)
    assert checked.inputs == [{"input": "COW state-system list", "needed_by": ["04-us-alliance-system.ipynb"],
                               "files": [{"name": "states2016-copy.csv", "sha256": al.data.registry.sha256_of(states)}]}]
    assert str(tmp_path) not in str(checked.manifest())


def test_no_base_release_is_skipped_with_the_reason_and_a_cached_release_offered(offline, mini, capsys):
    checked = pf.preflight([notebook("07")], mini, {"base_version": "4.01"}, timeout=2)
    assert checked.inputs == [] and list(checked.skipped) == ["base"]
    reason = checked.skipped["base"]
    assert reason.startswith("no base release to compare with (no ATOP 4.01 release was found); notebooks 07 show ATOP 5.9 alone")
    assert "ATOP_BASE_DATA_DIR" in reason and "in the cache" not in reason
    assert capsys.readouterr().err.strip() == f"note: {reason}"
    # another release in the cache is offered as the base
    shutil.copytree(FIXTURES / "us-mini", settings.current().cache_dir / "atop-5.8")
    reason = pf.preflight([notebook("07")], mini, {"base_version": "4.01"}, timeout=2).skipped["base"]
    assert "ATOP 5.8 is in the cache: pass base_version=5.8 (-p base_version 5.8) to compare with it" in reason


def test_a_base_release_found_is_recorded(offline, mini, monkeypatch):
    monkeypatch.setenv("ATOP_BASE_DATA_DIR", str(FIXTURES / "us-mini"))
    checked = pf.preflight([notebook("07")], mini, {"base_version": "5.8"}, timeout=2)
    assert checked.skipped == {}
    [record] = checked.inputs
    assert record["input"] == "ATOP 5.8 (base release)" and [f["name"] for f in record["files"]] == ["atop5_8a.csv", "atop5_8m.csv"]
