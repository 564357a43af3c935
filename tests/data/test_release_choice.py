"""Which files a release is read from (issue 21 case 4): one folder and one format, said in one
line; a mix no rule explains is refused naming both candidates; ATOP's NNA files and broken links
are named for what they are.

Every folder here is built in tmp_path from the `mini` fixture (release "5.9"); docs/errors.md
lists every message.
"""

from __future__ import annotations

import os
import shutil
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from support import MINI, one_line

import atoplib as al
from atoplib import cli

pytestmark = pytest.mark.usefixtures("quiet_unpinned")

STATE_YEARS = "state,year,version\n2,1900,5.9\n2,1920,5.9\n"


def official_folder(root: Path, nna: bool = True) -> Path:
    """`mini` laid out as ATOP's zip unpacks: ``ATOP 5.9 (.csv)/`` with the files and ``NNA/``."""
    folder = root / "ATOP 5.9 (.csv)"
    (folder / "NNA").mkdir(parents=True)
    for kind in "am":
        shutil.copy(MINI / f"atop5_9{kind}.csv", folder)
    (folder / "atop5_9sy.csv").write_text(STATE_YEARS)
    if nna:
        (folder / "NNA" / "atop5_9sy_NNA.csv").write_text(STATE_YEARS)
        (folder / "NNA" / "atop5_9ddyr_NNA.csv").write_text("statea,stateb,year\n2,200,1900\n")
    return folder


def test_release_folder_and_files_are_said(tmp_path, capsys):
    folder = official_folder(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", al.AtopWarning)  # nothing was left out: no warning
        data = al.load_atop(tmp_path)
    assert data.release.note == f"ATOP 5.9 read from {folder}: atop5_9a.csv, atop5_9m.csv, atop5_9sy.csv (CSV)"
    assert data.release.folder == folder and sorted(data.release.files) == ["a", "m", "sy"]
    assert cli.main(["info", "--data-dir", str(tmp_path)]) == 0
    assert f"files used       ATOP 5.9 read from {folder}: atop5_9a.csv, atop5_9m.csv, atop5_9sy.csv (CSV)" in capsys.readouterr().out


def test_stale_copy_outside_the_release_folder_is_not_used(tmp_path, mini):
    """Before: each kind was picked separately across folders (the shorter path won), so a scratch
    copy of the state-year file could be read with the release. Now it is left out, and said."""
    folder = official_folder(tmp_path)
    (tmp_path / "scratch").mkdir()
    (tmp_path / "scratch" / "atop5_9sy.csv").write_text("state,year,version\n2,1900,5.9\n2,2025,5.9\n")
    with pytest.warns(al.AtopWarning) as caught:
        data = al.load_atop(tmp_path)
    notes = [str(w.message) for w in caught if "read from" in str(w.message)]
    assert notes == [f"ATOP 5.9 read from {folder}: atop5_9a.csv, atop5_9m.csv, atop5_9sy.csv (CSV); not used: "
                     f"{tmp_path / 'scratch' / 'atop5_9sy.csv'} (outside the release folder)"]
    assert data.release.files["sy"] == folder / "atop5_9sy.csv" and data.coverage == mini.coverage


def test_alliance_file_in_two_folders(tmp_path):
    folder = official_folder(tmp_path)
    (tmp_path / "old").mkdir()
    shutil.copy(MINI / "atop5_9a.csv", tmp_path / "old")
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(tmp_path)
    one_line(err, f"{tmp_path} holds ATOP 5.9's alliance level file in two folders, {folder / 'atop5_9a.csv'} and "
                  f"{tmp_path / 'old' / 'atop5_9a.csv'}", "point ATOP_DATA_DIR at the folder you mean, or remove the other copy")


def test_csv_and_stata_of_one_kind_side_by_side(tmp_path):
    folder = official_folder(tmp_path, nna=False)
    pd.read_csv(MINI / "atop5_9m.csv").to_stata(folder / "atop5_9m.dta", write_index=False, version=118)
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(folder)
    one_line(err, f"{folder} holds atop5_9m.csv and atop5_9m.dta side by side", "nothing says which one is current",
             "move one format to a folder of its own")


def test_alliance_and_member_files_in_different_folders(tmp_path):
    for kind, name in (("a", "one"), ("m", "two")):
        (tmp_path / name).mkdir()
        shutil.copy(MINI / f"atop5_9{kind}.csv", tmp_path / name)
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(tmp_path)
    one_line(err, f"the alliance level file {tmp_path / 'one' / 'atop5_9a.csv'} and the member level file "
                  f"{tmp_path / 'two' / 'atop5_9m.csv'} are in different folders", "a release is one folder")


def test_alliance_and_member_files_in_different_formats(tmp_path):
    shutil.copy(MINI / "atop5_9a.csv", tmp_path)
    pd.read_csv(MINI / "atop5_9m.csv").to_stata(tmp_path / "atop5_9m.dta", write_index=False, version=118)
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(tmp_path)
    one_line(err, f"{tmp_path} holds atop5_9a.csv and atop5_9m.dta, one file in each format",
             "put both in the same format (atop5_9a.dta or atop5_9m.csv) in that folder")


def test_state_year_file_in_the_other_format_is_left_out(tmp_path):
    folder = official_folder(tmp_path, nna=False)
    (folder / "atop5_9sy.csv").unlink()
    pd.read_csv(pd.io.common.StringIO(STATE_YEARS)).to_stata(folder / "atop5_9sy.dta", write_index=False, version=118)
    with pytest.warns(al.AtopWarning, match=r"atop5_9a.csv, atop5_9m.csv \(CSV\); not used: atop5_9sy.dta \(the other format\)"):
        data = al.load_atop(folder)
    assert sorted(data.release.files) == ["a", "m"]


def test_official_layout_with_nna_folder_loads(tmp_path, mini):
    """Control: the NNA folder (and NNA files beside the release) are never part of the release."""
    folder = official_folder(tmp_path)
    (folder / "atop5_9sy_NNA.csv").write_text(STATE_YEARS)
    data = al.load_atop(tmp_path)
    assert sorted(p.name for p in data.release.files.values()) == ["atop5_9a.csv", "atop5_9m.csv", "atop5_9sy.csv"]
    assert al.measures.counts_by_year(data, "defense").equals(al.measures.counts_by_year(mini, "defense"))


def test_official_zip_with_nna_folder_loads(tmp_path, mini, monkeypatch):
    """The zip as distributed, NNA/ inside it: only the release is unpacked (an NNA file named like
    a release file would otherwise collide with it in the flat unpacked folder)."""
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))
    folder = official_folder(tmp_path / "src")
    (folder / "NNA" / "atop5_9sy.csv").write_text(STATE_YEARS)
    archive = tmp_path / "atop_5.9__.csv_.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, path.relative_to(folder.parent).as_posix())
    data = al.load_atop(archive)
    assert sorted(p.name for p in data.release.folder.iterdir()) == [".atop-cache.json", "atop5_9a.csv", "atop5_9m.csv", "atop5_9sy.csv"]
    assert al.measures.counts_by_year(data, "defense").equals(al.measures.counts_by_year(mini, "defense"))


def test_data_dir_pointing_at_the_nna_folder(tmp_path):
    """Before: 'no ATOP data files … in …/NNA (it holds atop5_9ddyr_NNA.csv, …)': now the message
    names the release folder above it."""
    folder = official_folder(tmp_path)
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(folder / "NNA")
    one_line(err, f"{folder / 'NNA'} holds only ATOP's NNA files (atop5_9ddyr_NNA.csv, atop5_9sy_NNA.csv: state-year and "
                  f"dyad files without non-aggression-only pacts)", f"point ATOP_DATA_DIR at the release folder {folder}")


def test_data_dir_holding_only_the_nna_folder(tmp_path):
    folder = tmp_path / "ATOP 5.9 (.csv)"
    (folder / "NNA").mkdir(parents=True)
    (folder / "NNA" / "atop5_9sy_NNA.csv").write_text(STATE_YEARS)
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(folder)
    one_line(err, f"{folder} holds only ATOP's NNA files (atop5_9sy_NNA.csv:",
             "the release's alliance and member files (atopX_Ya.csv, atopX_Ym.csv) sit in the folder above NNA/")


def test_data_dir_naming_an_nna_file(tmp_path):
    folder = official_folder(tmp_path)
    path = folder / "NNA" / "atop5_9sy_NNA.csv"
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(path)
    one_line(err, f"{path} is one of ATOP's NNA files", f"point ATOP_DATA_DIR at the release folder that holds "
                  f"atopX_Ya.csv and atopX_Ym.csv ({folder})")


def test_data_dir_that_is_a_broken_link(tmp_path):
    """Before: 'ATOP data folder … does not exist' for a link that exists but points nowhere."""
    link = tmp_path / "atop"
    link.symlink_to(tmp_path / "moved-away", target_is_directory=True)
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(link)
    one_line(err, f"ATOP data folder {link} is a broken symbolic link: it points at {tmp_path / 'moved-away'}, which "
                  "does not exist", "fix the link")


def test_release_file_that_is_a_broken_link(tmp_path):
    shutil.copy(MINI / "atop5_9a.csv", tmp_path)
    os.symlink(tmp_path / "elsewhere" / "atop5_9m.csv", tmp_path / "atop5_9m.csv")
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(tmp_path)
    one_line(err, f"{tmp_path / 'atop5_9m.csv'} is a broken symbolic link (it points at "
                  f"{tmp_path / 'elsewhere' / 'atop5_9m.csv'}, which does not exist)", "fix the link")
