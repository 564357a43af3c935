"""Preflight: what each notebook needs is read from its DECLARED inputs (its parameters cell, and
its metadata for what it can do without), never from its code; a missing required input stops the
run in one line naming the notebooks that need it and the fix, before any notebook starts; a
missing optional one (the base release, the ledger's COW tables) is skipped with the reason and a
cached release is offered."""

from __future__ import annotations

import shutil

import pytest

import atoplib as al
from atoplib import paths, settings
from atoplib.report import params
from atoplib.report import preflight as pf
from support import FIXTURES, one_line

pytestmark = pytest.mark.filterwarnings("ignore::atoplib.errors.AtopWarning")


def notebook(name: str):
    return next(paths.NOTEBOOKS_DIR.glob(f"{name}-*.ipynb"))


def declared(name: str) -> set[str]:
    return params.declared_inputs(params.notebook_parameters(notebook(name)))


def test_inputs_are_read_from_the_notebooks_declarations():
    cow = {"states", "nmc", "majors"}
    # every chapter shows the ledger's verdicts, whose readings use the COW tables: each declares them
    for name in ("00", "01", "02", "03", "04", "05", "06", "09", "10", "11"):
        assert declared(name) == cow, name
    assert declared("07") == {"states", "base"} and declared("08") == cow | {"base"}
    # an optional input may be missing (the run is then partial, and says so); the others stop it
    assert params.optional_inputs(notebook("01")) == cow
    assert params.optional_inputs(notebook("04")) == {"nmc", "majors"}
    assert params.optional_inputs(notebook("10")) == set()
    assert params.optional_inputs(notebook("08")) == cow | {"base"}


def test_a_notebook_that_merely_mentions_a_loader_needs_nothing(tmp_path):
    """The code is not searched: a comment naming load_states declares no input."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    cell = new_code_cell("atop_version = '5.1'\ndata_dir = None\nstart_year = None\nend_year = None\noutput_dir = None")
    cell.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[cell, new_code_cell("# al.data.load_states() and compare_releases() are not called here")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(tmp_path / "00-mentions.ipynb"))
    assert params.declared_inputs(params.notebook_parameters(tmp_path / "00-mentions.ipynb")) == set()


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No COW file named, an empty cache, and COW addresses on a closed local port."""
    for kind in ("STATES", "NMC", "MAJORS"):
        monkeypatch.delenv(f"COW_{kind}_FILE", raising=False)
        monkeypatch.setenv(f"COW_{kind}_URL", f"https://127.0.0.1:9/{kind.lower()}.csv")
    monkeypatch.delenv("ATOP_BASE_DATA_DIR", raising=False)
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))


def needs(*names: str) -> tuple[dict, dict]:
    return ({notebook(n).name: declared(n) for n in names},
            {notebook(n).name: params.optional_inputs(notebook(n)) for n in names})


def test_a_missing_input_names_the_notebooks_and_the_fix(offline, mini):
    with pytest.raises(al.DataNotFoundError) as err:
        pf.preflight(*needs("00", "04", "05"), mini, timeout=2)
    one_line(err, "notebooks 04, 05 need the COW state-system list (states2016.csv)",
             "no connection could be made", "set COW_STATES_FILE to your copy of states2016.csv")


def test_an_optional_input_missing_is_skipped_with_how_to_supply_it(offline, mini):
    checked = pf.preflight(*needs("01"), mini, timeout=2)
    assert checked.paths == {} and sorted(checked.skipped) == ["majors", "nmc", "states"]
    assert "--states-file or COW_STATES_FILE" in checked.skipped["states"]
    assert checked.parameters_for({"states", "nmc"}) == {"nmc_file": None, "states_file": None}


def test_inputs_found_are_recorded_by_name_and_hash_only(offline, mini, monkeypatch, tmp_path):
    states = tmp_path / "states2016-copy.csv"
    states.write_text("stateabb,ccode,statenme\nUSA,2,United States of America\n")
    monkeypatch.setenv("COW_STATES_FILE", str(states))
    checked = pf.preflight(*needs("04"), mini, timeout=2)
    assert checked.inputs == [{"input": "COW state-system list", "needed_by": ["04-us-alliance-system.ipynb"],
                               "files": [{"name": "states2016-copy.csv", "sha256": al.data.registry.sha256_of(states)}]}]
    assert checked.parameters_for({"states"}) == {"states_file": str(states)}  # what the kernel is given
    assert str(tmp_path) not in str(checked.manifest())


def test_no_base_release_is_skipped_with_the_reason_and_a_cached_release_offered(offline, mini):
    checked = pf.preflight(*needs("07"), mini, {"base_version": "4.01"}, timeout=2)
    assert checked.inputs == [] and sorted(checked.skipped) == ["base", "states"]  # 07 names states when it can
    reason = checked.skipped["base"]
    assert reason.startswith("no base release to compare with (no ATOP 4.01 release was found); notebooks 07 show ATOP 5.9 alone")
    assert "ATOP_BASE_DATA_DIR" in reason and "in the cache" not in reason
    # another release in the cache is offered as the base
    shutil.copytree(FIXTURES / "us-mini", settings.current().cache_dir / "atop-5.8")
    reason = pf.preflight(*needs("07"), mini, {"base_version": "4.01"}, timeout=2).skipped["base"]
    assert "ATOP 5.8 is in the cache: pass base_version=5.8 (-p base_version 5.8) to compare with it" in reason


def test_a_base_release_found_is_recorded_and_handed_over(offline, mini, monkeypatch):
    monkeypatch.setenv("ATOP_BASE_DATA_DIR", str(FIXTURES / "us-mini"))
    checked = pf.preflight(*needs("07"), mini, {"base_version": "5.8"}, timeout=2)
    assert list(checked.skipped) == ["states"]  # optional (offline here); the base is found
    [record] = checked.inputs
    assert record["input"] == "ATOP 5.8 (base release)" and [f["name"] for f in record["files"]] == ["atop5_8a.csv", "atop5_8m.csv"]
    assert checked.parameters_for({"base"}) == {"base_data_dir": str(FIXTURES / "us-mini")}
