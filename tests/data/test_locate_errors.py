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
