"""Notebook parameters (years, release, output folder) that cannot be used: one line naming the
parameter and the fix.

Bad inputs are built at test time in tmp_path from the `mini` fixture (or, for checksums, from a
copy of the real 5.1 files); docs/errors.md lists every message.
"""

from __future__ import annotations

import pytest
from support import MINI, one_line

import atoplib as al

pytestmark = pytest.mark.usefixtures("quiet_unpinned")


def context(tmp_path, **kw):
    kw.setdefault("data_dir", str(MINI))
    kw.setdefault("output_dir", str(tmp_path / "out"))
    return al.start(**kw)


def test_start_year_after_end_year(tmp_path):
    with pytest.raises(al.ParameterError) as err:
        context(tmp_path, start_year=1915, end_year=1905)
    one_line(err, "start_year 1915 is after end_year 1905", "swap them")


def test_year_range_outside_coverage(tmp_path):
    with pytest.raises(al.ParameterError) as err:
        context(tmp_path, start_year=1900, end_year=1950)
    one_line(err, "years 1900-1950", "ATOP 5.9's coverage 1815-1920", "choose years inside it")


def test_year_of_the_wrong_type(tmp_path):
    with pytest.raises(al.ParameterError) as err:
        context(tmp_path, start_year="1905")
    one_line(err, "start_year must be a whole year", "'1905'")


def test_release_of_the_wrong_type(tmp_path):
    with pytest.raises(al.ParameterError) as err:
        context(tmp_path, atop_version=["5.9"])
    one_line(err, "atop_version must be a string", "list ['5.9']")


@pytest.mark.parametrize("number", [5.9, 5.10, 5])
def test_release_given_as_a_number_is_refused(tmp_path, number):
    """`papermill -p atop_version 5.10` passes the float 5.1: a number cannot name a release."""
    with pytest.raises(al.ParameterError) as err:
        context(tmp_path, atop_version=number)
    one_line(err, f"atop_version was given as the number {number!r}", "papermill -r atop_version 5.1")


def test_unknown_parameter_injected_by_papermill():
    """The kernel's history after `papermill -p strat_year 1950`: the parameters cell, then the
    injected one (papermill's "# Parameters" cell)."""
    from atoplib.present.kernel_parameters import unknown_injected_parameters

    declared = "# Parameters: papermill inject overrides after this cell.\natop_version = \"5.1\"\nstart_year = None\n"
    history = ["", declared, "# Parameters\nstrat_year = 1950\nstart_year = 1950\n", "import atoplib as al"]
    assert unknown_injected_parameters(history) == (["strat_year"], ["atop_version", "start_year"])
    assert unknown_injected_parameters(["", declared, "import atoplib as al"]) == ([], [])


def test_unknown_release_in_folder(tmp_path):
    with pytest.raises(al.DataNotFoundError) as err:
        context(tmp_path, atop_version="9.9")
    one_line(err, "holds ATOP 5.9, not 9.9")


def test_release_that_is_not_a_release_number(tmp_path):
    with pytest.raises(al.ParameterError) as err:
        context(tmp_path, atop_version="latest")
    one_line(err, "'latest' is not an ATOP release number", "5.1 or 4.01")


def test_unknown_release_without_data_and_no_download(monkeypatch):
    monkeypatch.delenv("ATOP_DATA_DIR", raising=False)
    monkeypatch.delenv("ATOP_DOWNLOAD_URL", raising=False)
    with pytest.raises(al.DownloadError) as err:
        al.load_atop(version="9.9")
    one_line(err, "no download is known for ATOP 9.9", "set ATOP_DATA_DIR")


def test_no_data_and_downloads_off(monkeypatch, tmp_path):
    monkeypatch.delenv("ATOP_DATA_DIR", raising=False)
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(al.DataNotFoundError) as err:
        al.data.locate_release(version="5.1", download=False)
    one_line(err, "no ATOP 5.1 data found", "set ATOP_DATA_DIR", str(tmp_path / "cache" / "atop-5.1"))


def test_zip_placed_in_the_cache_folder_is_used(monkeypatch, tmp_path):
    """What the two messages above advise: a zip in data/raw/atop-<v>/ is found, no download."""
    import zipfile

    monkeypatch.delenv("ATOP_DATA_DIR", raising=False)
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))
    place = tmp_path / "cache" / "atop-5.9"
    place.mkdir(parents=True)
    with zipfile.ZipFile(place / "atop_5.9__.csv_.zip", "w") as zf:
        for p in sorted(MINI.glob("*.csv")):
            zf.write(p, f"ATOP 5.9 (.csv)/{p.name}")
    data = al.load_atop(version="5.9")
    assert len(data.alliances) == 6 and data.coverage == (1815, 1920)


def test_output_folder_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(al.ParameterError) as err:
        context(tmp_path, output_dir=str(blocker / "report"))
    one_line(err, f"output_dir {blocker / 'report'} cannot be written", "choose a folder you can write to")


@pytest.mark.parametrize("parameters, part", [
    ({"strat_year": 1950}, "unknown parameter 'strat_year' (papermill -p strat_year …): this notebook declares"),
    ({"atop_version": 5.10}, "atop_version was given as the number 5.1, which cannot tell 5.1 from 5.10"),
    ({"start_year": 1700}, "years 1700-1920 fall outside ATOP 5.9's coverage 1815-1920"),
], ids=["misspelled-name", "release-as-float", "bad-value"])
def test_papermill_parameters_checked_in_the_first_cell(tmp_path, parameters, part):
    """Through papermill itself: the first code cell (start) stops the run, and the cell's
    error output is one line, not a traceback (AtopError._render_traceback_)."""
    import nbformat
    import papermill as pm

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(
        "# Parameters: papermill injects overrides after this cell.\n"
        "atop_version = None\ndata_dir = None\nstart_year = None\nend_year = None\noutput_dir = None\n")
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell(
        "import atoplib as al\nctx = al.start(atop_version=atop_version, data_dir=data_dir,\n"
        "    start_year=start_year, end_year=end_year, output_dir=output_dir)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source, output = tmp_path / "nb.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, str(source))
    with pytest.raises(pm.PapermillExecutionError) as err:
        pm.execute_notebook(str(source), str(output), parameters={"data_dir": str(MINI), **parameters},
                            cwd=str(tmp_path), progress_bar=False, kernel_name="python3")
    assert err.value.ename == "ParameterError" and part in err.value.evalue
    error = [o for c in nbformat.read(str(output), as_version=4).cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert len(error) == 1 and len(error[0].traceback) == 1 and part in error[0].traceback[0]
