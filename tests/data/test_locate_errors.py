"""A release that cannot be found, or a folder that mixes releases: one line naming the folder and the fix.

Bad inputs are built at test time in tmp_path from the `mini` fixture (or, for checksums, from a
copy of the real 5.1 files); docs/errors.md lists every message.
"""

from __future__ import annotations

import shutil

import pytest
from support import drop, one_line, real_dir, release

import atoplib as al

pytestmark = pytest.mark.usefixtures("quiet_unpinned")


def test_folder_missing(tmp_path):
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(tmp_path / "nowhere")
    one_line(err, str(tmp_path / "nowhere"), "does not exist", "set ATOP_DATA_DIR")


def test_folder_empty(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(tmp_path / "empty")
    one_line(err, str(tmp_path / "empty"), "is empty", "put the release's files")


def test_folder_with_alliance_file_but_no_member_file(tmp_path):
    folder = release(tmp_path, m=drop)
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(folder)
    one_line(err, str(folder), "atop5_9a.csv", "no member level file atop5_9m.csv", "add the missing file")


def test_folder_with_only_the_state_year_file(tmp_path):
    folder = tmp_path / "sy"
    folder.mkdir()
    (folder / "atop5_9sy.csv").write_text("state,year\n2,1900\n")
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9sy.csv", "alliance level file atop5_9a.csv", "member level file atop5_9m.csv")


def test_folder_without_atop_files(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "readme.txt").write_text("my notes")
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(folder)
    one_line(err, str(folder), "no ATOP data files", "point ATOP_DATA_DIR")


def test_data_dir_is_some_other_file(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("my notes")
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(other)
    one_line(err, str(other), "neither a folder, a zip, nor an ATOP data file")


def test_asked_release_not_in_folder(tmp_path):
    folder = release(tmp_path)
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(folder, version="9.9")
    one_line(err, str(folder), "holds ATOP 5.9, not 9.9")


def test_two_complete_releases_need_a_version(tmp_path):
    folder = release(tmp_path)
    for kind in "am":
        shutil.copy(folder / f"atop5_9{kind}.csv", folder / f"atop5_8{kind}.csv")
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(folder)
    one_line(err, "several ATOP releases (5.8, 5.9)", "pass the version")
    assert al.load_atop(folder, version="5.9").version == "5.9"


def test_two_releases_mixed_by_file_name(tmp_path):
    folder = release(tmp_path, m_name="atop5_8m.csv", m=lambda t: t.replace(",5.9\n", ",5.8\n"))
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(folder)
    one_line(err, "mixes releases", "atop5_9a.csv (5.9)", "atop5_8m.csv (5.8)", "must come from one release")


def test_two_releases_mixed_real_51_alliances_401_members(tmp_path):
    a51, m401 = real_dir("5.1"), real_dir("4.01")
    if a51 is None or m401 is None:
        pytest.skip("real ATOP 5.1 and 4.01 files not found (../shared/data/atop)")
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(next(a51.rglob("atop5_1a.csv")), folder)
    shutil.copy(next(m401.rglob("atop4_01m.csv")), folder)
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(folder)
    one_line(err, "mixes releases", "atop5_1a.csv (5.1)", "atop4_01m.csv (4.01)")


def test_release_mixed_inside_a_file_version_column(tmp_path):
    folder = release(tmp_path, m=lambda t: t.replace(",5.9\n", ",5.8\n"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv", "column 'version' says 5.8", "keep one release per folder")


# --------------------------------------------------------------------------- issue 13: what a data folder can be

@pytest.mark.parametrize("kind", ["character-device", "fifo"])
def test_data_dir_that_is_a_device_or_fifo(tmp_path, kind):
    import os

    path = tmp_path / "fifo"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path = "/dev/null"
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(path)
    what = "a FIFO (named pipe)" if kind == "fifo" else "a character device"
    one_line(err, f"ATOP data folder {path} is {what}, not a folder, a zip or an ATOP data file", "set ATOP_DATA_DIR")


@pytest.mark.parametrize("value", [b"/tmp/atop", 123], ids=["bytes", "int"])
def test_data_dir_that_is_not_a_path(value):
    with pytest.raises(al.ParameterError) as err:
        al.load_atop(value)
    one_line(err, "data_dir must be a path (text or pathlib.Path)", f"not {type(value).__name__} {value!r}")


def test_folder_holding_only_a_link_to_the_release(tmp_path):
    folder = release(tmp_path)
    holder = tmp_path / "holder"
    holder.mkdir()
    (holder / "release").symlink_to(folder, target_is_directory=True)
    (folder / "loop").symlink_to(holder, target_is_directory=True)  # a loop back is walked once
    data = al.load_atop(holder)
    assert (data.version, len(data.alliances)) == ("5.9", 6)


def test_folder_holding_compressed_files(tmp_path):
    import gzip

    folder = release(tmp_path)
    for name in ("atop5_9a.csv", "atop5_9m.csv"):
        (folder / f"{name}.gz").write_bytes(gzip.compress((folder / name).read_bytes()))
        (folder / name).unlink()
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(folder)
    one_line(err, f"{folder} holds compressed ATOP files (atop5_9a.csv.gz, atop5_9m.csv.gz) but no .csv or .dta",
             "gunzip atop5_9a.csv.gz")


def test_folder_without_atop_files_says_what_it_holds(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (folder / name).write_text("x")
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(folder)
    one_line(err, f"in {folder} (it holds a.txt, b.txt, c.txt, …)")


def test_unreadable_member_file_as_a_user(tmp_path):
    """Root reads anything; without CAP_DAC_OVERRIDE (as every other user) a mode-000 file cannot be
    read: one FileSystemError line naming the file, through the command line in a real process."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    if os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists():
        pytest.skip("needs root and setpriv to drop the read override")
    folder = release(tmp_path)
    (folder / "atop5_9m.csv").chmod(0)
    run = subprocess.run(["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search",
                          sys.executable, "-m", "atoplib", "counts", "--data-dir", str(folder)],
                         capture_output=True, text=True, timeout=120, env={**os.environ, "ATOP_VERIFY": "1"})
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.splitlines()[-1] == (f"atopnb: error: {folder / 'atop5_9m.csv'}: permission denied while reading the "
                                           f"ATOP release; give yourself access to it or choose another path")


def test_verification_off_is_said(tmp_path, monkeypatch):
    """ATOP_VERIFY=0: one warning names the override and the files that differ from the pinned ones."""
    from atoplib.data import locate

    monkeypatch.setattr(locate, "_told_unverified", set())
    monkeypatch.setenv("ATOP_VERIFY", "0")
    folder = release(tmp_path)
    with pytest.warns(al.AtopWarning) as caught:
        data = al.load_atop(folder)
    assert data.release.verification_on is False
    messages = [str(w.message) for w in caught if "verification is off" in str(w.message)]
    assert messages == ["checksum verification is off (ATOP_VERIFY=0): the files of ATOP 5.9 are used as they are "
                        "(none is pinned); unset ATOP_VERIFY to verify them"]
