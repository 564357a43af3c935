"""Report parameters refused before any notebook runs.

Bad inputs are built at test time in tmp_path from the `mini` fixture (or, for checksums, from a
copy of the real 5.1 files); docs/errors.md lists every message.
"""

from __future__ import annotations

import pytest
from support import MINI

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
]


@pytest.mark.parametrize("case, extra, part", REPORT_CASES, ids=[c[0] for c in REPORT_CASES])
def test_report_parameters_refused_before_anything_runs(case, extra, part, tmp_path, monkeypatch, capsys):
    from atoplib import cli

    monkeypatch.setenv("ATOP_REPORTS_DIR", str(tmp_path / "reports"))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    extra = [a.format(blocker=blocker) for a in extra]
    notebooks = [] if "--notebook" in extra else ["--notebook", "01"]
    assert cli.main(["report", "--data-dir", str(MINI), *notebooks, "--no-progress", *extra]) == 2
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("atopnb: error: ") and part in lines[0], lines
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").iterdir())  # nothing ran
