"""Incremental re-execution (atoplib.report.incremental, run.run_collection): the cache of executed
notebooks is machine-local (under the cache folder, never the report's manifest), so a report
copied to a fresh machine (a fresh clone) executes everything; on one machine a notebook is
re-executed only when its source, its parameters, the atoplib code, an input file or the packages
changed; nothing changed: "up to date", nothing written; an output whose sha256 differs from the
one the manifest records is re-made; --force re-executes everything and compares.

Runs use the hand-made `mini` release and two tiny notebooks written into tmp_path (one kernel
start per executed notebook); they are partial runs (not the collection), in atop-5.9.partial/."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

import atoplib as al
from atoplib import settings
from atoplib.report import incremental
from atoplib.report import run as report_module
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
ctx = al.start(atop_version=atop_version, data_dir=data_dir, output_dir=output_dir)
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


def last_run() -> dict:
    """The newest entry of the machine-local run log."""
    log = Path(os.environ["ATOP_CACHE_DIR"]) / "runs" / "report-runs.jsonl"
    return json.loads(log.read_text().splitlines()[-1])


def runs() -> dict[str, str]:
    return {n["name"]: n["run"] for n in last_run()["notebooks"]}


def reasons() -> dict[str, str]:
    return {n["name"]: n["reason"] for n in last_run()["notebooks"]}


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
    assert folder.name == "atop-5.9.partial"
    assert runs() == {"01-first.ipynb": "executed", "02-second.ipynb": "executed"}
    assert reasons()["01-first.ipynb"] == "it was not executed on this machine before"
    record = manifest(folder)
    first = record["notebooks"][0]
    assert [f["name"] for f in first["files"]] == ["figures/01-first.csv"]
    assert not {"run", "reason", "seconds", "key"} & set(first)  # per-run facts live in the run log
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
    assert runs() == {"01-first.ipynb": "reused", "02-second.ipynb": "executed"}
    assert reasons()["02-second.ipynb"] == "its parameters changed"
    assert (folder / "figures" / "02-second.csv").read_text() == "version,count,colour\n5.9,2,blue\n"
    assert tree(folder)["01-first.ipynb"] == before["01-first.ipynb"]
    assert tree(folder)["figures/01-first.csv"] == before["figures/01-first.csv"]

    # the first notebook's source: only it runs again
    nb = nbformat.read(str(setup["notebooks"][0]), as_version=4)
    nb.cells.append(new_code_cell("print('one more cell')"))
    nbformat.write(nb, str(setup["notebooks"][0]))
    folder = run(setup, parameters={"colour": "blue"})
    assert runs() == {"01-first.ipynb": "executed", "02-second.ipynb": "reused"}
    assert reasons()["01-first.ipynb"] == "its source changed"


def test_a_damaged_or_missing_output_is_re_made_without_running_again(setup, capsys):
    """Issue 21 case 6: the manifest records the sha256 of every output; an output edited or
    deleted in the report is noticed and re-made (from the machine-local cache)."""
    folder = run(setup)
    before = tree(folder)
    (folder / "figures" / "02-second.csv").write_text("version,count,colour\n5.9,999,red\n")  # edited
    (folder / "figures" / "01-first.csv").unlink()  # deleted
    folder = run(setup, progress=True)
    err = capsys.readouterr().err
    assert "re-making" in err and "figures/01-first.csv" in err and "differ from the sha256 recorded in its manifest" in err
    assert runs() == {"01-first.ipynb": "reused", "02-second.ipynb": "reused"}  # nothing executed
    assert tree(folder) == before


def test_the_cache_is_machine_local_a_fresh_clone_executes(setup, monkeypatch, tmp_path):
    """A report copied elsewhere (a fresh clone) with its manifest, but an empty cache: every
    notebook runs; the committed manifest is never read to skip one."""
    folder = run(setup)
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "another-machine"))
    assert run(setup) == folder
    assert runs() == {"01-first.ipynb": "executed", "02-second.ipynb": "executed"}


def test_an_input_file_or_force_runs_again(setup, capsys):
    folder = run(setup)
    # one input file changed (by content; an extra blank line keeps it a valid release): all run
    alliances = setup["data"] / "atop5_9a.csv"
    alliances.write_text(alliances.read_text() + "\n")
    folder = run(setup)
    assert runs() == {"01-first.ipynb": "executed", "02-second.ipynb": "executed"}
    assert set(reasons().values()) == {"an input file changed"}
    # force: all run again, whatever the cache says, and the result is compared with the report in place
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    outcome = report_module.report(settings.Settings.resolve(data_dir=setup["data"], reports_dir=setup["root"]),
                                   notebooks=setup["notebooks"], progress=False, force=True)
    assert set(runs().values()) == {"executed"} and set(reasons().values()) == {"a full run was asked for"}
    assert outcome.folder == folder and {r.status for r in outcome.rows} == {"identical"}
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*")} == before  # identical: left as it was


def test_the_key_follows_the_atoplib_code_and_the_input_files(tmp_path, monkeypatch):
    path = write_notebook(tmp_path, "01-first.ipynb")
    files = [FIXTURES / "mini" / "atop5_9a.csv"]
    key = incremental.notebook_key(path, {"a": 1}, (), files, "code", "env")
    assert key == incremental.notebook_key(path, {"a": 1}, (), files, "code", "env")
    # a path parameter counts by what it names, not by where it lies
    assert (incremental.notebook_key(path, {"states_file": "/here/s.csv"}, ("states_file",), files, "c", "e")
            == incremental.notebook_key(path, {"states_file": "/there/s.csv"}, ("states_file",), files, "c", "e"))
    package = tmp_path / "atoplib-copy"
    shutil.copytree(al.paths.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(incremental.paths, "PACKAGE_DIR", package)
    code = incremental.code_fingerprint()
    (package / "measures" / "trends.py").write_text((package / "measures" / "trends.py").read_text() + "\n# edited\n")
    assert incremental.code_fingerprint() != code
    # an input file is hashed by content
    cow = tmp_path / "states.csv"
    cow.write_text("stateabb,ccode\nUSA,2\n")
    before = incremental.inputs_fingerprint(files + [cow])
    cow.write_text("stateabb,ccode\nUSA,3\n")
    assert incremental.inputs_fingerprint(files + [cow]) != before


def test_the_website_is_built_with_the_report_and_rebuilt_when_missing(setup):
    pytest.importorskip("myst_nb")
    folder = run(setup, site=True)
    assert manifest(folder)["site"] == "site/index.html"
    assert (folder / "site" / "index.html").is_file() and (folder / "site" / "01-first.html").is_file()
    shutil.rmtree(folder / "site")
    folder = run(setup, site=True)
    assert set(runs().values()) == {"reused"}  # the notebooks are reused, the website rebuilt
    assert (folder / "site" / "index.html").is_file()
