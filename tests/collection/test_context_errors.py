"""Notebook parameters (years, release, output folder) that cannot be used: one line naming the
parameter and the fix.

Bad inputs are built at test time in tmp_path from the `mini` fixture (or, for checksums, from a
copy of the real 5.1 files); docs/errors.md lists every message.
"""

from __future__ import annotations

import pytest
from support import MINI, one_line

import atoplib as al

pytestmark = pytest.mark.usefixtures("quiet_unpinned")


def context(tmp_path, **kw):
    kw.setdefault("data_dir", str(MINI))
    kw.setdefault("output_dir", str(tmp_path / "out"))
    return al.notebook_context(**kw)


def test_start_year_after_end_year(tmp_path):
    with pytest.raises(al.ParameterError) as err:
        context(tmp_path, start_year=1915, end_year=1905)
    one_line(err, "start_year 1915 is after end_year 1905", "swap them")


def test_year_range_outside_coverage(tmp_path):
    with pytest.raises(al.ParameterError) as err:
        context(tmp_path, start_year=1900, end_year=1950)
    one_line(err, "years 1900-1950", "ATOP 5.9's coverage 1815-1920", "choose years inside it")


def test_year_of_the_wrong_type(tmp_path):
    with pytest.raises(al.ParameterError) as err:
        context(tmp_path, start_year="1905")
    one_line(err, "start_year must be a whole year", "'1905'")


def test_release_of_the_wrong_type(tmp_path):
    with pytest.raises(al.ParameterError) as err:
        context(tmp_path, atop_version=["5.9"])
    one_line(err, "atop_version must be a string", "list ['5.9']")


def test_release_given_as_a_number_is_read_as_the_release(tmp_path):
    """`papermill -p atop_version 5.9` passes a float; it names release 5.9."""
    assert context(tmp_path, atop_version=5.9).version == "5.9"


def test_unknown_release_in_folder(tmp_path):
    with pytest.raises(al.DataNotFoundError) as err:
        context(tmp_path, atop_version="9.9")
    one_line(err, "holds ATOP 5.9, not 9.9")


def test_release_that_is_not_a_release_number(tmp_path):
    with pytest.raises(al.ParameterError) as err:
        context(tmp_path, atop_version="latest")
    one_line(err, "'latest' is not an ATOP release number", "5.1 or 4.01")


def test_unknown_release_without_data_and_no_download(monkeypatch):
    monkeypatch.delenv("ATOP_DATA_DIR", raising=False)
    monkeypatch.delenv("ATOP_DOWNLOAD_URL", raising=False)
    with pytest.raises(al.DownloadError) as err:
        al.load_atop(version="9.9")
    one_line(err, "no download is known for ATOP 9.9", "set ATOP_DATA_DIR")


def test_no_data_and_downloads_off(monkeypatch, tmp_path):
    monkeypatch.delenv("ATOP_DATA_DIR", raising=False)
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(al.DataNotFoundError) as err:
        al.data.locate_release(version="5.1", download=False)
    one_line(err, "no ATOP 5.1 data found", "set ATOP_DATA_DIR", str(tmp_path / "cache" / "atop-5.1"))


def test_zip_placed_in_the_cache_folder_is_used(monkeypatch, tmp_path):
    """What the two messages above advise: a zip in data/raw/atop-<v>/ is found, no download."""
    import zipfile

    monkeypatch.delenv("ATOP_DATA_DIR", raising=False)
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))
    place = tmp_path / "cache" / "atop-5.9"
    place.mkdir(parents=True)
    with zipfile.ZipFile(place / "atop_5.9__.csv_.zip", "w") as zf:
        for p in sorted(MINI.glob("*.csv")):
            zf.write(p, f"ATOP 5.9 (.csv)/{p.name}")
    data = al.load_atop(version="5.9")
    assert len(data.alliances) == 6 and data.coverage == (1815, 1920)


def test_output_folder_that_cannot_be_written(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(al.ParameterError) as err:
        context(tmp_path, output_dir=str(blocker / "report"))
    one_line(err, f"output_dir {blocker / 'report'} cannot be written", "choose a folder you can write to")
