"""Report parameters refused before any notebook runs.

Bad inputs are built at test time in tmp_path from the `mini` fixture (or, for checksums, from a
copy of the real 5.1 files); docs/errors.md lists every message.
"""

from __future__ import annotations

import shutil

import pytest
from support import FIXTURES, MINI

pytestmark = pytest.mark.usefixtures("quiet_unpinned")


REPORT_CASES = [
    ("unknown-parameter", ["-p", "strat_year=1950"], "unknown parameter 'strat_year'"),
    ("wrong-type", ["-p", "start_year=nineteen-fifty"], "parameter start_year must be int"),
    ("start-after-end", ["-p", "start_year=1915", "-p", "end_year=1905"], "start_year 1915 is after end_year 1905"),
    ("outside-coverage", ["-p", "end_year=2030"], "fall outside ATOP 5.9's coverage 1815-1920"),
    ("injected-parameter", ["-p", "output_dir=/tmp"], "parameter output_dir is set by the run itself"),
    ("unknown-release", ["--version", "9.9"], "holds ATOP 5.9, not 9.9"),
    ("unknown-notebook", ["--notebook", "99"], "notebook '99' is not in"),
    ("output-root-unwritable", ["--output-root", "{blocker}/reports"], "cannot be written"),
    # issue 20: every input reaches the kernels from the run's settings, never as -p
    ("input-parameter", ["-p", "states_file=x.csv"],
     "parameter states_file is set by the run itself; pass it as run_collection(states_file=...) (command line: --states-file)"),
    # issue 21: a notebook's declared constraints, checked before it runs (09 raised KeyError inside the kernel)
    ("notebook-window", ["--notebook", "09", "-p", "start_year=1920", "-p", "end_year=1920"],
     "notebook 09-persistence needs start_year..end_year to span at least 10 years (durations and exit shares need "
     "pacts signed over at least a decade); 1920-1920 spans 1: choose start_year 1815-1911 with end_year 1920 "
     "(ATOP 5.9 covers 1815-1920)"),
    ("notebook-bound", ["--notebook", "03", "-p", "min_signed=0"], "notebook 03-out-of-fashion needs min_signed at least 1"),
    # issue 21 case 7: no output on or inside an input
    ("output-root-is-the-release", ["--output-root", "{mini}"], "is the release's folder"),
    ("output-root-in-the-cache", ["--output-root", "{cache}/reports"], "is inside the cache folder"),
    ("output-root-in-the-base-release", ["--notebook", "07", "-p", "base_version=5.8", "--base-data-dir", "{base}",
                                          "--output-root", "{base}/reports"], "is inside the base release"),
]


@pytest.mark.parametrize("case, extra, part", REPORT_CASES, ids=[c[0] for c in REPORT_CASES])
def test_report_parameters_refused_before_anything_runs(case, extra, part, tmp_path, monkeypatch, capsys):
    from atoplib import cli

    monkeypatch.setenv("ATOP_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    base = tmp_path / "base"
    shutil.copytree(FIXTURES / "us-mini", base)
    before = {p.name for p in base.iterdir()}
    extra = [a.format(blocker=blocker, mini=MINI, cache=tmp_path / "cache", base=base) for a in extra]
    notebooks = [] if "--notebook" in extra else ["--notebook", "01"]
    assert cli.main(["report", "--data-dir", str(MINI), *notebooks, "--no-progress", *extra]) == 2
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("atopnb: error: ") and part in lines[0], lines
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").iterdir())  # nothing ran
    assert not (tmp_path / "cache" / "reports").exists() and {p.name for p in base.iterdir()} == before
    assert not any(p.name.startswith(("atop-", ".build-")) for p in MINI.iterdir())
