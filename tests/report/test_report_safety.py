"""Nothing lost (issue 7): a report run that is interrupted (Ctrl-C to the terminal's process
group) or killed outright (SIGKILL) mid-collection leaves the previous good report byte for byte
as it was; the interrupted attempt is kept beside it under a name that says so; two report runs
for one release started at once, as separate processes with different parameters, leave one
complete report from one run (never a mix); the source notebooks are never written.

Runs go through the user's front door, ``python -m atoplib report``, on the `mini` release with
one or two tiny notebooks written into tmp_path (a kernel start each, little data work). Every process the
tests start is stopped by its id at the end, children included.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from support import FIXTURES

pytestmark = pytest.mark.slow

MINI = FIXTURES / "mini"

PARAMETERS = """\
atop_version = "5.1"
data_dir = None
start_year = None
end_year = None
output_dir = None
tag = "none"
nap = 0.0"""

# Each notebook loads the release (as every real notebook does), writes a file naming its run's
# tag, says that it started, and naps if asked (so a run can be caught mid-collection).
BODY = """\
import os, pathlib, time
import atoplib as al
ctx = al.start(atop_version=atop_version, data_dir=data_dir, output_dir=output_dir)
pathlib.Path("started-{name}").write_text(str(os.getpid()))
time.sleep(nap)
(ctx.figures_dir / "tag-{name}.txt").write_text(tag)
print(al.measures.counts_by_year(ctx.data, "defense").set_index("year").loc[1910, "count"])"""


def notebook(folder: Path, name: str) -> Path:
    params = new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[params, new_code_cell(BODY.format(name=name))])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, str(path))
    return path


@pytest.fixture
def sources(tmp_path) -> list[Path]:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    return [notebook(folder, "01-first"), notebook(folder, "02-second")]


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file below ``folder``: its sha256 and mtime (ns); the folder's own mtime too."""
    files = {
        p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    files["."] = ("", folder.stat().st_mtime_ns)
    return files


def children_of(pid: int) -> set[int]:
    """Every descendant of ``pid`` (kernels live in sessions of their own, so follow parents)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purpose
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) != "Z"
    except OSError:
        return False


def stop(pids: set[int]) -> None:
    for pid in pids:
        if alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def report_command(sources: list[Path], root: Path, *parameters: str) -> list[str]:
    command = [sys.executable, "-m", "atoplib", "report", "--data-dir", str(MINI), "--output-root", str(root),
               "--no-progress", "--jobs", "2"]
    for path in sources:
        command += ["--notebook", str(path)]
    for pair in parameters:
        command += ["-p", pair]
    return command


def start(command: list[str]) -> subprocess.Popen:
    environment = {k: v for k, v in os.environ.items() if k != "ATOP_DATA_DIR"}
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
                            start_new_session=True)  # its own process group, as a terminal job is


def wait_for(pattern: str, root: Path, seconds: float = 90) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = next(iter(root.glob(pattern)), None)
        if found is not None:
            return found
        time.sleep(0.1)
    pytest.fail(f"{pattern} did not appear under {root} within {seconds} s")


@pytest.fixture
def good_report(tmp_path) -> Path:
    """A previous good report for release 5.9 (made by hand: what matters is that it survives). A run
    of notebooks other than the collection is partial, so the report it would replace is
    ``atop-5.9.partial``."""
    folder = tmp_path / "reports" / "atop-5.9.partial"
    (folder / "figures").mkdir(parents=True)
    (folder / "manifest.json").write_text('{"status": "ok", "previous": true}\n')
    (folder / "01-first.ipynb").write_text('{"cells": []}\n')
    (folder / "figures" / "fig1-defense-pacts.csv").write_text("year,count\n1900,1\n")
    old = time.time() - 3600  # an hour old, so any touch would show in the mtimes
    for path in [*folder.rglob("*"), folder]:
        os.utime(path, (old, old))
    return folder


def test_ctrl_c_mid_collection_keeps_the_good_report(tmp_path, sources, good_report):
    root = good_report.parent
    before, notebooks_before = snapshot(good_report), snapshot(sources[0].parent)
    proc = start(report_command(sources[:1], root, "tag=interrupted", "nap=60"))
    spawned: set[int] = set()
    try:
        marker = wait_for(".build-5.9-*/started-01-first", root)
        spawned = children_of(proc.pid)
        kernel = int(marker.read_text())
        assert kernel in spawned
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130
        assert err.strip().splitlines()[-1] == "atopnb: error: interrupted"
        assert "Traceback" not in err
        # the previous report, byte for byte (and not even touched); the attempt kept, named as failed
        assert snapshot(good_report) == before
        failed = sorted(root.glob("atop-5.9.failed-*"))
        assert len(failed) == 1 and (failed[0] / "started-01-first").exists()
        assert not (failed[0] / "figures" / "tag-01-first.txt").exists()  # it never got that far
        assert sorted(p.name for p in root.iterdir() if p.name.startswith((".build-", ".old-"))) == []
        assert snapshot(sources[0].parent) == notebooks_before
        # the workers and the kernel stop with the run
        deadline = time.monotonic() + 30
        while any(alive(p) for p in spawned) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in spawned if alive(p)], "processes of the interrupted run are still running"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stop(spawned | children_of(proc.pid))


def test_sigkill_mid_collection_keeps_the_good_report(tmp_path, sources, good_report):
    root = good_report.parent
    before, notebooks_before = snapshot(good_report), snapshot(sources[0].parent)
    proc = start(report_command(sources[:1], root, "tag=killed", "nap=60"))
    spawned: set[int] = set()
    try:
        wait_for(".build-5.9-*/started-01-first", root)
        spawned = children_of(proc.pid)
        proc.send_signal(signal.SIGKILL)  # no chance to clean up: kill -9, the OOM killer
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        time.sleep(0.5)
        assert snapshot(good_report) == before
        # what is left is the build folder, named as such, beside (not inside) the report
        # (each notebook of a run works in a folder of its own beside it, named <build>-NN)
        builds = sorted(p.name for p in root.iterdir() if p.name.startswith(".build-") and p.name.count("-") == 2)
        assert len(builds) == 1 and builds[0].startswith(".build-5.9-")
        assert snapshot(sources[0].parent) == notebooks_before
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stop(spawned | children_of(proc.pid))
    # the next run is not disturbed by the leftover: it replaces the report with a complete one
    again = subprocess.run(report_command(sources[:1], root, "tag=after"), capture_output=True, text=True, timeout=300,
                           env={k: v for k, v in os.environ.items() if k != "ATOP_DATA_DIR"})
    assert again.returncode == 0, again.stderr
    assert {p.name: p.read_text() for p in (good_report / "figures").glob("tag-*.txt")} == {"tag-01-first.txt": "after"}
    assert not (good_report / "figures" / "fig1-defense-pacts.csv").exists()  # replaced whole, not merged
    manifest = json.loads((good_report / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["parameters"]["tag"] == "after"
    assert not list(good_report.glob("started-*killed*"))
    # and the dead run's build folder is now named as a failed run, kept for inspection
    assert not [p for p in root.iterdir() if p.name.startswith(".build-")]
    failed = [p for p in root.iterdir() if p.name.startswith("atop-5.9.failed-")]
    assert len(failed) == 1 and (failed[0] / "started-01-first").exists()
    assert not (good_report / ".owner-pid").exists()
    assert snapshot(sources[0].parent) == notebooks_before


def test_two_runs_at_once_leave_one_whole_report(tmp_path, sources):
    root = tmp_path / "reports"
    notebooks_before = snapshot(sources[0].parent)
    runs = {tag: start(report_command(sources, root, f"tag={tag}", "nap=0.5")) for tag in ("A", "B")}
    spawned: set[int] = set()
    try:
        outcomes = {}
        for tag, proc in runs.items():
            _, err = proc.communicate(timeout=300)
            outcomes[tag] = (proc.returncode, err)
        assert all(code == 0 for code, _ in outcomes.values()), outcomes
    finally:
        for proc in runs.values():
            spawned |= children_of(proc.pid)
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        stop(spawned)
    folder = root / "atop-5.9.partial"
    tags = {p.name: p.read_text() for p in (folder / "figures").glob("tag-*.txt")}
    assert sorted(tags) == ["tag-01-first.txt", "tag-02-second.txt"]
    winner = tags["tag-01-first.txt"]
    assert winner in ("A", "B") and tags["tag-02-second.txt"] == winner  # one run's files, not a mix
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "ok" and manifest["parameters"]["tag"] == winner
    assert sorted(p.name for p in folder.iterdir()) == [
        "01-first.ipynb", "02-second.ipynb", "figures", "manifest.json", "started-01-first", "started-02-second"]
    for name in ("01-first.ipynb", "02-second.ipynb"):
        executed = nbformat.read(str(folder / name), as_version=4)
        injected = next(c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", []))
        assert f'tag = "{winner}"' in injected.source
    assert sorted(p.name for p in root.iterdir() if not p.name.startswith(".lock")) == ["atop-5.9.partial"]
    assert snapshot(sources[0].parent) == notebooks_before


def test_kill_9_leaves_no_worker_or_kernel_running(tmp_path, sources):
    """Issue 21: `kill -9` of the command used to leave papermill's workers (~280 MB) and kernels
    running for minutes. Workers ask the kernel to kill them when the command dies, and so do
    their kernels: within a few seconds nothing the run started is left."""
    root = tmp_path / "reports"
    proc = start(report_command(sources, root, "tag=killed", "nap=60"))
    spawned: set[int] = set()
    try:
        marker = wait_for(".build-5.9-*/started-01-first", root)
        wait_for(".build-5.9-*/started-02-second", root)
        spawned = children_of(proc.pid)
        kernel = int(marker.read_text())
        assert kernel in spawned and len(spawned) >= 4  # two workers, two kernels (and the resource tracker)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(alive(p) for p in spawned) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [p for p in spawned if alive(p)] == [], "processes of the killed run are still running"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stop(spawned | children_of(proc.pid))
