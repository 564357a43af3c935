"""The report run under issue 13: a run of some notebooks never shrinks a complete report, failed
builds do not pile up, a full disk is one line and leaves nothing behind."""

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


def test_subset_run_goes_beside_a_fuller_report(tmp_path):
    """Issue 13 case 5: `--notebook 01` after a full run used to leave only 01 in atop-<v>/."""
    target = _report(tmp_path / "atop-5.9", ["00-overview.ipynb", "01-defense-pacts.ipynb", "02-consultative-pacts.ipynb"])
    with pytest.warns(al.AtopWarning) as caught:
        chosen = builds.report_target_for(target, ["01-defense-pacts.ipynb"], subset=True)
    assert chosen == tmp_path / "atop-5.9.subset"
    assert str(caught[0].message) == (
        f"this run of 1 notebook(s) does not replace the report {target}, which also holds 2 other(s) "
        f"(00-overview, 02-consultative-pacts); it is written to {tmp_path / 'atop-5.9.subset'}")


def test_subset_run_writes_the_report_when_nothing_would_be_lost(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert builds.report_target_for(tmp_path / "atop-5.9", ["01-defense-pacts.ipynb"], subset=True) == tmp_path / "atop-5.9"
        target = _report(tmp_path / "atop-5.9", ["01-defense-pacts.ipynb"])
        assert builds.report_target_for(target, ["01-defense-pacts.ipynb"], subset=True) == target
        assert builds.report_target_for(target, ["00-overview.ipynb"], subset=False) == target


def test_failed_builds_do_not_pile_up(tmp_path):
    """Issue 13 case 6: each failed run kept its whole build; now the newest three are kept."""
    for second in range(4):
        _report(tmp_path / f"atop-5.9.failed-20260101T00000{second}Z", ["01-defense-pacts.ipynb"])
    build = _report(tmp_path / ".build-5.9-0123abcd", ["01-defense-pacts.ipynb"])
    kept = builds._keep_failed(build, tmp_path, "5.9")
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
            assert [p.name for p in (disk / "reports").iterdir() if p.name.startswith(("atop-", ".build-"))] == []
            (disk / "filler").write_bytes(b"")  # the second run starts on a disk that is already full
            with open(disk / "filler", "wb") as filler:
                try:
                    filler.write(bytes(2 * 1024 * 1024))
                except OSError:
                    pass
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)
