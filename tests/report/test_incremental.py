"""Incremental re-execution (atoplib.report.incremental, run.run_collection): a notebook is
re-executed only when its source, its parameters, the atoplib code, an input file or the packages
changed; otherwise it and its files are reused; nothing changed: "up to date", nothing written.

Runs use the hand-made `mini` release and two tiny notebooks written into tmp_path (one kernel
start per executed notebook)."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

import atoplib as al
from atoplib.report import incremental
from atoplib.report.run import run_collection
from support import FIXTURES

pytestmark = pytest.mark.slow

PARAMETERS = """\
atop_version = "5.1"
data_dir = None
start_year = None
end_year = None
output_dir = None"""

# each notebook loads the release and writes one figure-like file naming the release and a count
BODY = """\
import pathlib
import atoplib as al
ctx = al.notebook_context(atop_version=atop_version, data_dir=data_dir, output_dir=output_dir)
n = int(al.measures.counts_by_year(ctx.data, "defense").set_index("year").loc[1910, "count"])
(ctx.figures_dir / "{stem}.csv").write_text(f"version,count,{extra}\\n{{ctx.version}},{{n}},{{{extra}}}\\n")
print(n)"""


def write_notebook(folder: Path, name: str, extra_parameter: str = "label", default: str = "'a'") -> Path:
    params = new_code_cell(PARAMETERS + f"\n{extra_parameter} = {default}")
    params.metadata["tags"] = ["parameters"]
    stem = name.removesuffix(".ipynb")
    nb = new_notebook(cells=[params, new_code_cell(BODY.format(stem=stem, extra=extra_parameter))])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / name
    nbformat.write(nb, str(path))
    return path


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def runs(folder: Path) -> dict[str, str]:
    return {n["name"]: n["run"] for n in manifest(folder)["notebooks"]}


@pytest.fixture
def setup(tmp_path, monkeypatch):
    # the package's own files are fingerprinted in the test below; here they are held fixed, so
    # that edits made to atoplib while these tests run cannot make a notebook run again
    code = incremental.code_fingerprint()
    monkeypatch.setattr(incremental, "code_fingerprint", lambda: code)
    sources = tmp_path / "notebooks"
    sources.mkdir()
    data = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", data)
    first = write_notebook(sources, "01-first.ipynb", "label")
    second = write_notebook(sources, "02-second.ipynb", "colour", "'red'")
    return {"root": tmp_path / "reports", "data": data, "notebooks": [first, second]}


def run(setup, **kwargs) -> Path:
    return run_collection(data_dir=setup["data"], notebooks=setup["notebooks"], output_root=setup["root"],
                          progress=kwargs.pop("progress", False), **kwargs)


def test_only_what_changed_runs_again_and_nothing_changed_is_up_to_date(setup, capsys):
    folder = run(setup)
    record = manifest(folder)
    assert runs(folder) == {"01-first.ipynb": "executed", "02-second.ipynb": "executed"}
    assert record["executed"] == ["01-first.ipynb", "02-second.ipynb"] and record["reused"] == []
    first = record["notebooks"][0]
    assert first["files"] == ["figures/01-first.csv"] and first["reason"] == "there is no earlier good report"
    assert set(first["key"]) == set(incremental.KEY_PARTS)
    # the mini release has 2 defense pacts in force in 1910 (tests/fixtures/mini/README.md)
    assert (folder / "figures" / "01-first.csv").read_text() == "version,count,label\n5.9,2,a\n"

    # nothing changed: up to date, at once, and nothing is written
    before = tree(folder)
    clock = time.perf_counter()
    assert run(setup, progress=True) == folder
    assert time.perf_counter() - clock < 5
    assert "is up to date" in capsys.readouterr().err
    assert tree(folder) == before
    assert not [p for p in setup["root"].iterdir() if p.name.startswith((".build-", "atop-5.9.failed"))]

    # a parameter only the second notebook declares: only it runs again; the first is reused whole
    folder = run(setup, parameters={"colour": "blue"})
    assert runs(folder) == {"01-first.ipynb": "reused", "02-second.ipynb": "executed"}
    second = manifest(folder)["notebooks"][1]
    assert second["reason"] == "its parameters changed"
    assert (folder / "figures" / "02-second.csv").read_text() == "version,count,colour\n5.9,2,blue\n"
    assert tree(folder)["01-first.ipynb"] == before["01-first.ipynb"]
    assert tree(folder)["figures/01-first.csv"] == before["figures/01-first.csv"]
    assert manifest(folder)["notebooks"][0]["seconds"] == record["notebooks"][0]["seconds"]

    # the first notebook's source: only it runs again
    nb = nbformat.read(str(setup["notebooks"][0]), as_version=4)
    nb.cells.append(new_code_cell("print('one more cell')"))
    nbformat.write(nb, str(setup["notebooks"][0]))
    folder = run(setup, parameters={"colour": "blue"})
    assert runs(folder) == {"01-first.ipynb": "executed", "02-second.ipynb": "reused"}
    assert manifest(folder)["notebooks"][0]["reason"] == "its source changed"


def test_an_input_file_a_missing_output_or_force_runs_again(setup):
    folder = run(setup)
    # a file a notebook wrote is gone from the report: that notebook runs again
    (folder / "figures" / "02-second.csv").unlink()
    folder = run(setup)
    assert runs(folder) == {"01-first.ipynb": "reused", "02-second.ipynb": "executed"}
    assert (folder / "figures" / "02-second.csv").is_file()
    # one input file changed (by content; an extra blank line keeps it a valid release): all run
    alliances = setup["data"] / "atop5_9a.csv"
    alliances.write_text(alliances.read_text() + "\n")
    folder = run(setup)
    assert runs(folder) == {"01-first.ipynb": "executed", "02-second.ipynb": "executed"}
    assert {n["reason"] for n in manifest(folder)["notebooks"]} == {"an input file changed"}
    # force: all run
    folder = run(setup, force=True)
    assert set(runs(folder).values()) == {"executed"}
    assert {n["reason"] for n in manifest(folder)["notebooks"]} == {"a full run was asked for"}


def test_the_key_follows_the_atoplib_code_and_the_input_files(tmp_path, monkeypatch):
    setup = {"notebooks": [write_notebook(tmp_path, "01-first.ipynb")], "data": FIXTURES / "mini"}
    keys = incremental.notebook_keys({"01-first.ipynb": setup["notebooks"][0]}, {"01-first.ipynb": {"a": 1}},
                                     [setup["data"] / "atop5_9a.csv"], {"packages": {"pandas": "x"}})
    again = incremental.notebook_keys({"01-first.ipynb": setup["notebooks"][0]}, {"01-first.ipynb": {"a": 1}},
                                      [setup["data"] / "atop5_9a.csv"], {"packages": {"pandas": "x"}})
    assert keys == again
    package = tmp_path / "atoplib-copy"
    shutil.copytree(al.paths.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(incremental.paths, "PACKAGE_DIR", package)
    code = incremental.code_fingerprint()
    (package / "measures" / "trends.py").write_text((package / "measures" / "trends.py").read_text() + "\n# edited\n")
    assert incremental.code_fingerprint() != code
    # a COW file named in the environment is an input
    inputs = incremental.inputs_fingerprint([setup["data"] / "atop5_9a.csv"])
    cow = tmp_path / "states.csv"
    cow.write_text("stateabb,ccode\nUSA,2\n")
    monkeypatch.setenv("COW_STATES_FILE", str(cow))
    assert incremental.inputs_fingerprint([setup["data"] / "atop5_9a.csv"]) != inputs
    # so is one the notebooks would read from the download cache (no variable set): same lookup
    monkeypatch.delenv("COW_MAJORS_FILE", raising=False)
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))
    before = incremental.inputs_fingerprint([setup["data"] / "atop5_9a.csv"])
    cached = tmp_path / "cache" / "cow" / "majors2016.csv"
    cached.parent.mkdir(parents=True)
    cached.write_text("stateabb,ccode,styear,endyear\nUSA,2,1898,2016\n")
    assert incremental.inputs_fingerprint([setup["data"] / "atop5_9a.csv"]) != before


def test_the_website_is_built_with_the_report_and_rebuilt_when_missing(setup):
    pytest.importorskip("myst_nb")
    folder = run(setup, site=True)
    assert manifest(folder)["site"] == "site/index.html"
    assert (folder / "site" / "index.html").is_file() and (folder / "site" / "01-first.html").is_file()
    shutil.rmtree(folder / "site")
    folder = run(setup, site=True)
    assert set(runs(folder).values()) == {"reused"}  # the notebooks are reused, the website rebuilt
    assert (folder / "site" / "index.html").is_file()
