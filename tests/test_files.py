"""files: the one atomic writer and the one writability probe."""

from __future__ import annotations

import os
import stat

import pytest

import atoplib as al
from atoplib.files import atomic_write, writable_dir


def test_atomic_write_replaces_only_on_success(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n")

    def fail(tmp):
        tmp.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(al.ParameterError, match="cannot write .*out.csv .*No space left on device"):
        atomic_write(target, fail)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left behind
    atomic_write(target, lambda tmp: tmp.write_text("new\n"))
    assert target.read_text() == "new\n"


def test_atomic_write_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "table.csv"
    target.write_text("x\n")
    os.chmod(target, 0o640)
    atomic_write(target, lambda tmp: tmp.write_text("y\n"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_atomic_write_folders(tmp_path):
    with pytest.raises(al.ParameterError, match="does not exist"):
        atomic_write(tmp_path / "missing" / "out.csv", lambda tmp: tmp.write_text(""))
    written = atomic_write(tmp_path / "made" / "out.csv", lambda tmp: tmp.write_text("z"), make_parents=True)
    assert written.read_text() == "z"
    with pytest.raises(al.ParameterError, match="is a folder"):
        atomic_write(tmp_path / "made", lambda tmp: tmp.write_text(""))


def test_writable_dir_names_the_folder_and_the_fix(tmp_path):
    assert writable_dir(tmp_path / "a" / "b", "output_dir", "choose another").is_dir()
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(al.ParameterError, match=r"^output_dir .*file/sub cannot be written \(.*\); choose another$"):
        writable_dir(blocker / "sub", "output_dir", "choose another")
