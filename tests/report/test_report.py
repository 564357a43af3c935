"""The collection runner (atoplib.report.run): parameters refused before running, the manifest, the
atomic swap, failures and interruptions that keep the last good report, concurrent runs. A run of
notebooks other than the whole collection is partial: it writes ``atop-<version>.partial/``.

Most tests run tiny notebooks written into a temporary folder (a kernel start each, no data work);
one runs the real notebooks 00 and 01 on the hand-made `mini` release and checks hand counts.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import atoplib as al
from atoplib import paths
from atoplib.report import params
from atoplib.report import run
from support import FIXTURES

# release 5.9 (the mini fixture) has no pinned checksums: its one warning is expected here
pytestmark = pytest.mark.filterwarnings("ignore::atoplib.errors.AtopWarning")

PARAMETERS = "atop_version = \"5.1\"\ndata_dir = None\nstart_year = None\nend_year = None\noutput_dir = None"
WRITES_FIGURE = """\
import pathlib
folder = pathlib.Path(output_dir) / "figures"
folder.mkdir(parents=True, exist_ok=True)
(folder / "tiny.csv").write_text(f"version,{atop_version}\\n")"""


def tiny_notebook(folder: Path, name: str, *cells: str, parameters: str = PARAMETERS) -> Path:
    params = new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    body = [new_markdown_cell(c[3:]) if c.startswith("md:") else new_code_cell(c) for c in cells]
    nb = new_notebook(cells=[params, *body])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / name
    nbformat.write(nb, str(path))
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def good_report(tmp_path) -> Path:
    """A previous good (partial) report for release 5.9, made by hand: what a run of some
    notebooks replaces."""
    folder = tmp_path / "reports" / "atop-5.9.partial"
    (folder / "figures").mkdir(parents=True)
    (folder / "manifest.json").write_text('{"status": "ok", "previous": true}\n')
    (folder / "figures" / "fig1-defense-pacts.csv").write_text("year,count\n1900,1\n")
    return folder


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".build-", ".old-")))


# --------------------------------------------------------------------------- choosing notebooks

def test_collection_notebooks_by_name_and_number():
    every = al.report.collection_notebooks()
    assert [p.name for p in every][:4] == [
        "00-overview.ipynb", "01-defense-pacts.ipynb", "02-consultative-pacts.ipynb", "03-out-of-fashion.ipynb"]
    chosen = al.report.collection_notebooks(["01", "02-consultative-pacts", "00-overview.ipynb"])
    assert [p.name for p in chosen] == ["01-defense-pacts.ipynb", "02-consultative-pacts.ipynb", "00-overview.ipynb"]
    with pytest.raises(al.ParameterError, match="notebook '99' is not in"):
        al.report.collection_notebooks(["99"])
    with pytest.raises(al.ParameterError, match="no notebooks chosen"):
        al.report.collection_notebooks([])
    with pytest.raises(al.ParameterError, match="name one notebook twice"):
        al.report.collection_notebooks(["01", "01-defense-pacts"])


def test_every_notebook_declares_the_common_parameters():
    for path in al.report.collection_notebooks():
        declared = al.report.notebook_parameters(path)
        assert set(params.COMMON_PARAMETERS) <= set(declared), path.name
        assert declared["atop_version"]["default"] == "5.1"
        assert declared["data_dir"]["default"] is None and declared["output_dir"]["default"] is None
        assert declared["start_year"]["types"] == (int,)
        nb = nbformat.read(str(path), as_version=4)
        assert nb.metadata["kernelspec"]["name"] == "python3"


def test_notebook_parameter_types_from_defaults_and_annotations(tmp_path):
    path = tiny_notebook(tmp_path, "00-x.ipynb", "None",
                         parameters=PARAMETERS + "\nyears = (1960, 1985)\nshare = 0.5\nlabel = 'x'\nmin_signed: int = None")
    declared = al.report.notebook_parameters(path)
    assert declared["years"]["types"] == (tuple, list)
    assert declared["share"]["types"] == (float, int)
    assert declared["label"]["types"] == (str,)
    assert declared["min_signed"]["types"] == (int,)


# --------------------------------------------------------------------------- parameters refused before running

def test_unknown_parameter_is_refused_before_anything_runs(tmp_path, mini_dir):
    root = tmp_path / "reports"
    with pytest.raises(al.ParameterError, match=r"unknown parameter 'strat_year': no notebook .* known: .*start_year"):
        al.report.run_collection(data_dir=mini_dir, notebooks=["00", "01"], output_root=root,
                              parameters={"strat_year": 1900}, progress=False)
    assert not root.exists() or not any(root.iterdir())


def test_parameter_checks(mini):
    notebook = paths.NOTEBOOKS_DIR / "03-out-of-fashion.ipynb"
    declared = {notebook: al.report.notebook_parameters(notebook)}
    # text from a command line becomes the declared type
    assert al.report.check_parameters(declared, {"start_year": "1900", "min_signed": "3"}, mini) == {
        "start_year": 1900, "min_signed": 3}
    with pytest.raises(al.ParameterError, match="parameter start_year must be int .* not str 'nineteen hundred'"):
        al.report.check_parameters(declared, {"start_year": "nineteen hundred"})
    with pytest.raises(al.ParameterError, match="parameter min_signed must be int .* not bool True"):
        al.report.check_parameters(declared, {"min_signed": True})
    with pytest.raises(al.ParameterError, match=r"data_dir is set by the run itself; pass it as run_collection\(data_dir=...\)"):
        al.report.check_parameters(declared, {"data_dir": "/elsewhere"})
    with pytest.raises(al.ParameterError, match="start_year 1915 is after end_year 1905"):
        al.report.check_parameters(declared, {"start_year": 1915, "end_year": 1905}, mini)
    with pytest.raises(al.ParameterError, match="outside ATOP 5.9's coverage 1815-1920"):
        al.report.check_parameters(declared, {"end_year": 2000}, mini)


def test_bad_jobs_and_unwritable_root(tmp_path, mini_dir):
    with pytest.raises(al.ParameterError, match="jobs must be a whole number"):
        al.report.run_collection(data_dir=mini_dir, notebooks=["00"], jobs=0, output_root=tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(al.ParameterError, match="reports folder .* cannot be written"):
        al.report.run_collection(data_dir=mini_dir, notebooks=["00"], output_root=blocker / "reports", progress=False)


def test_notebook_without_common_parameters_is_refused(tmp_path, mini_dir):
    bad = tiny_notebook(tmp_path, "00-bad.ipynb", "None", parameters="atop_version = '5.1'")
    with pytest.raises(al.ReportError, match="00-bad.ipynb has no parameter data_dir in a cell tagged 'parameters'"):
        al.report.run_collection(data_dir=mini_dir, notebooks=[bad], output_root=tmp_path / "r", progress=False)


# --------------------------------------------------------------------------- real notebooks on the mini release

@pytest.mark.slow
def test_collection_on_mini_release(tmp_path, mini_dir):
    sources = al.report.collection_notebooks(["00", "01"])
    before = {p: sha256(p) for p in sources}
    root = tmp_path / "reports"
    folder = al.report.run_collection(data_dir=mini_dir, notebooks=["00", "01"], output_root=root,
                                   parameters={"start_year": 1899}, progress=False)
    # the folder is named after the release found in the files, not a parameter; a run of two
    # notebooks with a non-default parameter is partial: never the canonical atop-5.9/
    assert folder == root.resolve() / "atop-5.9.partial"
    assert sorted(p.name for p in folder.glob("*.ipynb")) == ["00-overview.ipynb", "01-defense-pacts.ipynb"]
    assert {p: sha256(p) for p in sources} == before, "source notebooks were written"
    assert leftovers(root.resolve()) == []

    # Figure 1 data: hand counts of the mini fixture (tests/fixtures/mini/README.md), plotted years only
    fig1 = pd.read_csv(folder / "figures" / "fig1-defense-pacts.csv")
    assert list(fig1.columns) == ["year", "count"]
    assert fig1["year"].tolist() == list(range(1899, 1921))
    counts = fig1.set_index("year")["count"]
    assert {y: int(counts[y]) for y in (1899, 1900, 1901, 1902, 1910, 1916, 1920)} == {
        1899: 0, 1900: 1, 1901: 0, 1902: 1, 1910: 2, 1916: 1, 1920: 1}
    for ext in ("png", "svg"):
        assert (folder / "figures" / f"fig1-defense-pacts.{ext}").stat().st_size > 1000

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["release"] == "5.9"
    assert manifest["coverage"] == {"first_year": 1815, "last_year": 1920}
    assert manifest["data"]["files"] == [
        {"name": "atop5_9a.csv", "sha256": sha256(mini_dir / "atop5_9a.csv")},
        {"name": "atop5_9m.csv", "sha256": sha256(mini_dir / "atop5_9m.csv")},
    ]
    assert manifest["data"]["checksums_verified"] is False
    assert manifest["parameters"] == {"atop_version": "5.9", "start_year": 1899}
    assert manifest["complete"] is False
    total = len(al.report.collection_notebooks())
    assert any(f"{total - 2} of the {total} notebooks" in lack for lack in manifest["lacks"])
    assert any("start_year=1899 given" in lack for lack in manifest["lacks"])
    assert set(manifest["packages"]) >= {"python", "pandas", "numpy", "matplotlib", "seaborn", "papermill", "atoplib"}
    assert [n["name"] for n in manifest["notebooks"]] == ["00-overview.ipynb", "01-defense-pacts.ipynb"]
    assert all(n["status"] == "ok" and n["sha256"] == sha256(folder / n["name"]) for n in manifest["notebooks"])
    figure = next(f for f in manifest["notebooks"][1]["files"] if f["name"] == "figures/fig1-defense-pacts.csv")
    assert figure["sha256"] == sha256(folder / "figures" / "fig1-defense-pacts.csv")
    # no time, no duration, no machine path anywhere
    assert not {"started", "finished", "wall_seconds", "jobs"} & set(manifest)
    assert str(tmp_path) not in json.dumps(manifest) and str(mini_dir) not in json.dumps(manifest)

    # the executed copy: the injected paths written back as None, a fixed id, no timing
    executed = nbformat.read(str(folder / "01-defense-pacts.ipynb"), as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and injected[0]["id"] == "injected-parameters"
    assert 'atop_version = "5.9"' in injected[0].source and "start_year = 1899" in injected[0].source
    assert "data_dir = None  # set by the report run; manifest.json records the inputs by name and sha256" in injected[0].source
    assert str(mini_dir) not in (folder / "01-defense-pacts.ipynb").read_text()
    assert not any({"execution", "papermill"} & set(c.metadata) for c in executed.cells)
    assert not {"start_time", "end_time", "duration"} & set(executed.metadata["papermill"])
    assert executed.metadata["papermill"]["input_path"] == "notebooks/01-defense-pacts.ipynb"
    assert executed.metadata["papermill"]["output_path"] == "01-defense-pacts.ipynb"
    verdict = "".join(o.get("text", "") + "".join(o.get("data", {}).get("text/plain", ""))
                      for c in executed.cells for o in c.get("outputs", []))
    # mini by hand: no defense pact in force in 1899, two in each year 1910-1915 (the peak)
    assert "Defense pacts in force peak at 2 in 1910-1915." in verdict
    assert "site-packages" not in verdict and "Warning:" not in verdict.replace("AtopWarning:", "")  # no library noise
    # a release ending in 1920 cannot speak to the memo's post-Cold-War level, and says so
    assert "Not judged on ATOP 5.9: the reading needs 1992 onward; ATOP 5.9 covers 1815-1920." in verdict


# --------------------------------------------------------------------------- success, failure, interruption

def test_success_replaces_the_previous_report(tmp_path, mini_dir, good_report):
    ok = tiny_notebook(tmp_path, "00-ok.ipynb", WRITES_FIGURE)
    folder = al.report.run_collection(data_dir=mini_dir, notebooks=[ok], output_root=good_report.parent, progress=False)
    assert folder == good_report.resolve()
    assert (folder / "figures" / "tiny.csv").read_text() == "version,5.9\n"
    assert not (folder / "figures" / "fig1-defense-pacts.csv").exists(), "old files must not survive a swap"
    assert json.loads((folder / "manifest.json").read_text())["status"] == "ok"
    assert leftovers(folder.parent) == []
    # the executed notebook ran in the report folder (output_dir "." injected, kept as None)
    executed = nbformat.read(str(folder / "00-ok.ipynb"), as_version=4)
    assert "output_dir = None  # set by the report run: the report's own folder" in executed.cells[1].source


def test_failure_names_the_cell_and_keeps_the_previous_report(tmp_path, mini_dir, good_report):
    before = tree(good_report)
    ok = tiny_notebook(tmp_path, "00-ok.ipynb", WRITES_FIGURE)
    failing = tiny_notebook(tmp_path, "01-fails.ipynb", "md:A note", "x = 1",
                            "# a planted failure\nraise ValueError('planted failure: no such alliance')")
    with pytest.raises(al.ReportError) as caught:
        al.report.run_collection(data_dir=mini_dir, notebooks=[ok, failing], output_root=good_report.parent, progress=False)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("notebook 01-fails.ipynb failed at cell 4 (# a planted failure): "
                              "ValueError: planted failure: no such alliance; the failed notebook is kept in ")
    assert message.endswith(f"the last good report {good_report.resolve()} is unchanged")
    assert tree(good_report) == before
    failed = sorted(good_report.parent.glob("atop-5.9.failed-*"))
    assert len(failed) == 1 and str(failed[0]) in message
    kept = nbformat.read(str(failed[0] / "01-fails.ipynb"), as_version=4)
    assert any(o.get("ename") == "ValueError" for c in kept.cells for o in c.get("outputs", []))
    assert json.loads((failed[0] / "manifest.json").read_text())["status"] == "failed"
    assert leftovers(good_report.parent) == []


def test_sigterm_leaves_the_previous_report_and_stops_the_kernel(tmp_path, mini_dir, good_report):
    before = tree(good_report)
    slow = tiny_notebook(tmp_path, "00-slow.ipynb",
                         "import os, pathlib, time\npathlib.Path('started').write_text(str(os.getpid()))\ntime.sleep(120)")
    script = ("import sys, atoplib.report.run as r\n"
              "r.run_collection(data_dir=sys.argv[1], notebooks=[sys.argv[2]], output_root=sys.argv[3], progress=False)\n")
    proc = subprocess.Popen([sys.executable, "-W", "ignore", "-c", script, str(mini_dir), str(slow), str(good_report.parent)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        marker = None
        while time.monotonic() < deadline and marker is None:
            marker = next(iter(good_report.parent.glob(".build-5.9-*/started")), None)
            time.sleep(0.2)
        assert marker is not None, "the notebook never started"
        time.sleep(0.3)
        kernel_pid = int(marker.read_text())
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0
    assert "atoplib.report.signals.Terminated: signal 15" in err  # a KeyboardInterrupt: the same clean-ups run
    assert tree(good_report) == before
    assert len(list(good_report.parent.glob("atop-5.9.failed-*"))) == 1
    assert leftovers(good_report.parent) == []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(kernel_pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"kernel {kernel_pid} still running after the run was stopped")


def test_two_concurrent_runs_do_not_corrupt_each_other(tmp_path, mini_dir):
    ok = tiny_notebook(tmp_path, "00-ok.ipynb", WRITES_FIGURE)
    root = tmp_path / "reports"
    results, errors = [], []

    def run():
        try:
            results.append(al.report.run_collection(data_dir=mini_dir, notebooks=[ok], output_root=root, progress=False))
        except Exception as err:  # collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == [] and len(results) == 2 and results[0] == results[1]
    folder = results[0]
    assert folder.name == "atop-5.9.partial"
    assert sorted(p.name for p in folder.iterdir()) == ["00-ok.ipynb", "figures", "manifest.json"]
    assert json.loads((folder / "manifest.json").read_text())["status"] == "ok"
    assert leftovers(root.resolve()) == []


def test_relative_data_dir_in_the_environment_reaches_the_kernels(tmp_path, monkeypatch):
    # kernels run in the build folder: a relative ATOP_DATA_DIR must still point at the same release
    monkeypatch.chdir(FIXTURES)
    monkeypatch.setenv("ATOP_DATA_DIR", "mini")
    loads = tiny_notebook(tmp_path, "00-loads.ipynb",
                          "import atoplib as al\nassert al.load_atop(data_dir).version == '5.9'\n" + WRITES_FIGURE)
    folder = al.report.run_collection(notebooks=[loads], output_root=tmp_path / "reports", progress=False)
    assert (folder / "figures" / "tiny.csv").read_text() == "version,5.9\n"
    assert "data_dir" not in json.loads((folder / "manifest.json").read_text())["parameters"]
