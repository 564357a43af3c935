"""The report run under issues 13 and 21: a partial run never touches the canonical report, failed
builds do not pile up, a full disk is one line that says how much space is needed and leaves
nothing behind."""

from __future__ import annotations

import os
import subprocess
import warnings
from pathlib import Path

import pytest
from support import MINI

import atoplib as al
from atoplib.report import builds


def _report(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_text("{}")
    return folder


def test_a_partial_run_never_writes_the_canonical_report(tmp_path):
    """Issue 20 item 3 (and issue 13 case 5): a run that lacks something goes to its own folder."""
    assert builds.report_target(tmp_path, "5.9", complete=True) == tmp_path / "atop-5.9"
    assert builds.report_target(tmp_path, "5.9", complete=False) == tmp_path / "atop-5.9.partial"


def test_failed_builds_do_not_pile_up(tmp_path):
    """Issue 13 case 6: each failed run kept its whole build; now the newest three are kept."""
    for second in range(4):
        _report(tmp_path / f"atop-5.9.failed-20260101T00000{second}Z", ["01-defense-pacts.ipynb"])
    build = _report(tmp_path / ".build-5.9-0123abcd", ["01-defense-pacts.ipynb"])
    kept = builds.keep_failed(build, tmp_path, "5.9")
    failed = sorted(p.name for p in tmp_path.glob("atop-5.9.failed-*"))
    assert len(failed) == builds.KEEP_FAILED == 3 and kept.name in failed
    assert "atop-5.9.failed-20260101T000000Z" not in failed and not build.exists()


@pytest.mark.slow
def test_disk_full_during_a_report_is_one_line_and_leaves_nothing(tmp_path, monkeypatch):
    """Issue 13 case 6 on a real 1 MB file system: the run stops with one FileSystemError line; no
    .failed- or .build- folder is left to keep the disk full; a second run says the same."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a small tmpfs")
    try:
        for attempt in range(2):
            with pytest.raises(al.FileSystemError) as err:
                al.report.run_collection(data_dir=MINI, notebooks=["00", "01", "02", "03"],
                                             output_root=disk / "reports", progress=False, site=False)
            message = str(err.value)
            assert "\n" not in message and "disk" in message and "full" in message, message
            assert "the report needs" in message, message
            assert [p.name for p in (disk / "reports").iterdir() if p.name.startswith(("atop-", ".build-"))] == []
            (disk / "filler").write_bytes(b"")  # the second run starts on a disk that is already full
            with open(disk / "filler", "wb") as filler:
                try:
                    filler.write(bytes(2 * 1024 * 1024))
                except OSError:
                    pass
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_disk_full_says_how_much_space_the_report_needs(tmp_path):
    """The estimate: the size of the report the run would replace; the unfinished build is removed."""
    from atoplib import settings

    previous = tmp_path / "atop-5.9"
    (previous / "figures").mkdir(parents=True)
    (previous / "figures" / "big.svg").write_bytes(b"x" * 2_500_000)
    with builds.Build(settings.Settings.resolve(), tmp_path, "5.9", previous=previous) as build:
        (build.folder / "half-written.csv").write_bytes(b"y" * 1000)
        error = build.disk_full("notebook 01 could not write")
    message = str(error)
    assert "about 2.5 MB (the size of the last report" in message and "free that much space" in message
    assert not build.folder.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atop-5.9"]  # no .failed- or .build- folder
