"""Every bad input a user can hand the library gets ONE line that names the file, row or field at
fault and says what to do (issue 7). Bad inputs are built at test time in tmp_path from the `mini`
fixture (or, for checksums, from a copy of the real 5.1 files; nothing of it is committed).

Each test asserts the exception class, that the message is one line, and the parts a user needs:
the file (or parameter), the row/column, and the fix. docs/errors.md lists the messages.
"""

from __future__ import annotations

import importlib
import shutil
import warnings
from pathlib import Path

import pytest

import atoplib as al
from atoplib import paths, sources

from support import FIXTURES, one_line, real_dir

MINI = FIXTURES / "mini"
PROVISIONS = importlib.import_module("atoplib.provisions")  # the module (atoplib.provisions is the function)


def release(tmp_path: Path, name: str = "rel", a=None, m=None, a_name="atop5_9a.csv", m_name="atop5_9m.csv") -> Path:
    """A copy of `mini` in ``tmp_path/name``; ``a``/``m`` edit the text of each file (None: drop it)."""
    folder = tmp_path / name
    folder.mkdir()
    for kind, edit, fname in (("a", a, a_name), ("m", m, m_name)):
        text = (MINI / f"atop5_9{kind}.csv").read_text()
        if edit is not None:
            text = edit(text)
            if text is None:
                continue
        (folder / fname).write_text(text)
    return folder


def drop(_text):
    return None


@pytest.fixture(autouse=True)
def _quiet_unpinned(monkeypatch):
    """`mini` (release 5.9) has no pinned hashes: its one warning is tested on purpose below."""
    monkeypatch.setattr(sources, "_warned", {"atop:5.9"})


# --------------------------------------------------------------------------- the data folder

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


# --------------------------------------------------------------------------- checksums

def _real_51_copy(tmp_path: Path) -> Path:
    folder = real_dir("5.1")
    if folder is None:
        pytest.skip("real ATOP 5.1 files not found (set ATOP_DATA_DIR or provide ../shared/data/atop/5.1)")
    copy = tmp_path / "atop51"
    copy.mkdir()
    for name in ("atop5_1a.csv", "atop5_1m.csv"):
        shutil.copy(next(folder.rglob(name)), copy / name)
    return copy


def test_tampered_real_file_refused_with_override(tmp_path, monkeypatch):
    folder = _real_51_copy(tmp_path)
    target = folder / "atop5_1a.csv"
    data = bytearray(target.read_bytes())
    position = data.index(b"\n3180,3521,227,1949,") + len(b"\n3180,3521,227,")  # NATO's begyr
    assert data[position:position + 4] == b"1949"
    data[position + 3] = ord("8")  # 1949 -> 1948: one byte
    target.write_bytes(bytes(data))
    with pytest.raises(al.ChecksumError) as err:
        al.load_atop(folder)
    one_line(err, str(target), "differs from the pinned ATOP 5.1 value", "ATOP_VERIFY=0", "verify=False")
    # the documented overrides load the edited file, and the edit shows
    edited = al.load_atop(folder, verify=False)
    assert int(edited.alliances.set_index("atopid").loc[3180, "begyr"]) == 1948
    monkeypatch.setenv("ATOP_VERIFY", "0")
    assert al.load_atop(folder).release.verified is False


def test_resaved_real_file_refused(tmp_path):
    folder = _real_51_copy(tmp_path)
    target = folder / "atop5_1m.csv"
    target.write_bytes(target.read_bytes().replace(b"\r\n", b"\n"))  # what an editor's "save" does
    with pytest.raises(al.ChecksumError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_1m.csv", "edited or re-saved", "ATOP_VERIFY=0")


def test_pinned_fixture_release_tampered(tmp_path, monkeypatch):
    """The same refusal without real data: pin `mini`'s hashes in a temporary registry."""
    folder = release(tmp_path)
    registry = tmp_path / "registry.csv"
    rows = [f"atop,5.9,{p.name},{sources.sha256_of(p)}," for p in sorted(folder.iterdir())]
    registry.write_text("dataset,version,file,sha256,url\n" + "\n".join(rows) + "\n")
    monkeypatch.setattr(paths, "REGISTRY_FILE", registry)
    assert al.load_atop(folder).release.verified is True
    target = folder / "atop5_9m.csv"
    target.write_text(target.read_text().replace("1003,220,1902", "1003,220,1903"))
    with pytest.raises(al.ChecksumError) as err:
        al.load_atop(folder)
    one_line(err, str(target), "differs from the pinned ATOP 5.9 value", "ATOP_VERIFY=0")


def test_release_without_pinned_hashes_warns_exactly_once(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "_warned", set())
    folder = release(tmp_path)
    (folder / "atop5_9sy.csv").write_text("state,year,version\n2,1920,5.9\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = al.load_atop(folder)
        al.load_atop(folder)  # a second load in the same process: no second warning
    atop = [w for w in caught if issubclass(w.category, al.AtopWarning)]
    assert len(atop) == 1, [str(w.message) for w in atop]
    assert "ATOP 5.9 has no pinned checksums" in str(atop[0].message)
    assert data.release.verified is False and len(data.alliances) == 6


# --------------------------------------------------------------------------- CSV problems

def drop_column(name):
    def edit(text):
        lines = text.splitlines()
        index = lines[0].split(",").index(name)
        return "\n".join(",".join(v for i, v in enumerate(line.split(",")) if i != index) for line in lines) + "\n"
    return edit


def test_required_column_missing(tmp_path):
    folder = release(tmp_path, m=drop_column("yrexit"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    message = one_line(err, "atop5_9m.csv", "required column 'yrexit' is missing", "use the unmodified file")
    assert "found" not in message  # dayexit/moexit are ATOP's own columns, not a renamed yrexit


def test_required_column_renamed(tmp_path):
    folder = release(tmp_path, a=lambda t: t.replace(",defense,", ",defence,", 1))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "required column 'defense' is missing", "found 'defence': rename it back")


def test_non_numeric_code(tmp_path):
    folder = release(tmp_path, m=lambda t: t.replace("1003,220,1902", "1003,220,19O2"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv", "column 'yrent'", "non-numeric value '19O2'", "data row 8 (line 9)", "fix or re-download")


def test_empty_file(tmp_path):
    folder = release(tmp_path, a=lambda t: "")
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv is empty", "replace it with the file from the ATOP release")


def test_header_without_rows(tmp_path):
    folder = release(tmp_path, m=lambda t: t.splitlines()[0] + "\n")
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv has a header but no rows", "replace it")


@pytest.mark.parametrize("sep", [";", "\t"])
def test_wrong_delimiter(tmp_path, sep):
    folder = release(tmp_path, a=lambda t: t.replace(",", sep))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv is not comma-separated", f"split by {sep!r}", "save it as CSV with commas")


def test_duplicated_atopid(tmp_path):
    folder = release(tmp_path, a=lambda t: t + t.splitlines()[2] + "\n")
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "ATOPID 1002 appears more than once", "use the unmodified file")


def test_begyr_after_endyr(tmp_path):
    folder = release(tmp_path, a=lambda t: t.replace("1003,1902,6,1,1915", "1003,1916,6,1,1915"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "ATOPID 1003 has begyr 1916 after endyr 1915", "fix the dates")


def test_year_before_coverage(tmp_path):
    folder = release(tmp_path, a=lambda t: t.replace("1003,1902", "1003,1702"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "column 'begyr' has year 1702 in data row 3", "coverage 1815-1920", "fix the year")


def test_year_after_coverage_of_state_year_file(tmp_path):
    """With the release's state-year file present, coverage ends where it ends (here 1920)."""
    folder = release(tmp_path, m=lambda t: t.replace("1003,220,1902,6,1,1915", "1003,220,1902,6,1,1925"))
    (folder / "atop5_9sy.csv").write_text("state,year,version\n2,1919,5.9\n2,1920,5.9\n")
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv", "column 'yrexit' has year 1925 in data row 8", "coverage 1815-1920")


def test_year_in_the_future(tmp_path):
    folder = release(tmp_path, a=lambda t: t.replace("1003,1902,6,1,1915", "1003,1902,6,1,2999"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "column 'endyr' has year 2999 in data row 3", "in the future")


def test_member_atopid_not_in_alliance_file(tmp_path):
    extra = "9999,2,1900,1,1,1900,1,1,0,0,1,0,0,0,0,0,1,1,5.9\n"
    folder = release(tmp_path, m=lambda t: t + extra)
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv", "data row 17 has ATOPID 9999", "not in the alliance file atop5_9a.csv")


def test_stata_file_that_is_not_stata(tmp_path):
    folder = release(tmp_path, a_name="atop5_9a.dta")  # a CSV under a .dta name
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.dta is not a Stata .dta file", "use the release's CSV files")


def test_blank_entry_year(tmp_path):
    folder = release(tmp_path, m=lambda t: t.replace("1003,220,1902", "1003,220,"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv", "column 'yrent' is blank in data row 8", "fill it in")


def test_blank_end_year_is_not_read_as_still_in_force(tmp_path):
    folder = release(tmp_path, a=lambda t: t.replace("1003,1902,6,1,1915", "1003,1902,6,1,"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "column 'endyr' is blank in data row 3", "ATOP writes 0 for 'still in force'")


def test_obligation_code_not_0_or_1(tmp_path):
    row = "1003,1902,6,1,1915,12,31,0,1,1"
    folder = release(tmp_path, a=lambda t: t.replace(row, row[:-1] + "7"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "column 'defense' has the code 7 in data row 3 (ATOPID 1003)", "0 or 1")


def test_code_that_is_not_a_whole_number(tmp_path):
    row = "1003,1902,6,1,1915,12,31,0,1,1"
    folder = release(tmp_path, a=lambda t: t.replace(row, row[:-1] + "0.5"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "column 'defense' has the value 0.5 in data row 3", "whole numbers")


def test_member_leaves_before_joining(tmp_path):
    folder = release(tmp_path, m=lambda t: t.replace("1003,220,1902,6,1,1915", "1003,220,1902,6,1,1901"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv", "data row 8 (ATOPID 1003, member 220) has yrexit 1901 before yrent 1902")


def test_membership_row_repeated(tmp_path):
    folder = release(tmp_path, m=lambda t: t + t.splitlines()[5] + "\n")
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv", "data row 17 repeats data row 5 (ATOPID 1002, member 710", "delete the copy")


def test_excel_byte_order_mark_is_harmless(tmp_path, mini):
    """Not an error: a file saved as Excel's "CSV UTF-8" starts with a BOM; it loads the same."""
    folder = release(tmp_path, a=lambda t: "\ufeff" + t)
    data = al.load_atop(folder)
    assert data.alliances["atopid"].tolist() == mini.alliances["atopid"].tolist()
    assert al.counts_by_year(data, "defense").equals(al.counts_by_year(mini, "defense"))


# --------------------------------------------------------------------------- provisions

def test_unknown_provision(mini):
    with pytest.raises(al.ParameterError) as err:
        al.counts_by_year(mini, "defence-pact-ish")
    one_line(err, "unknown provision 'defence-pact-ish'", "known: any, consul", "register_provision")


def test_user_provision_naming_a_missing_column(mini, monkeypatch):
    monkeypatch.setattr(PROVISIONS, "_REGISTRY", dict(PROVISIONS._REGISTRY))
    al.register_provision("art5-lite", {"defense": 1, "defcon": 0}, "Unconditional defense")
    with pytest.raises(al.ParameterError) as err:
        al.counts_by_year(mini, "art5-lite")
    one_line(err, "provision 'art5-lite' needs column 'defcon'", "alliance file of ATOP 5.9", "redefine the provision")


def test_user_provision_with_a_non_integer_code():
    with pytest.raises(al.ParameterError) as err:
        al.register_provision("odd", {"defense": "yes"})
    one_line(err, "provision 'odd'", "'defense': 'yes'", "integer code")


# --------------------------------------------------------------------------- notebook parameters

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
        al.locate_release(version="5.1", download=False)
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


# --------------------------------------------------------------------------- the command line

def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def _mini_entries() -> dict[str, bytes]:
    return {f"ATOP 5.9 (.csv)/{p.name}": p.read_bytes() for p in sorted(MINI.glob("*.csv"))}


def _locked_zip(tmp_path: Path) -> Path:
    path = _zip(tmp_path / "locked.zip", _mini_entries())
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set the "encrypted" flag bit
        at = data.find(signature)
        while at != -1:
            data[at + offset] |= 1
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def _closed_port() -> int:
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


#: (case, data folder or zip built in tmp_path, extra arguments, environment, part of the message)
CLI_CASES = [
    ("folder-missing", lambda t: t / "nowhere", [], {}, "does not exist"),
    ("folder-empty", lambda t: (t / "empty").mkdir() or t / "empty", [], {}, "is empty"),
    ("member-file-missing", lambda t: release(t, m=drop), [], {}, "no member level file atop5_9m.csv"),
    ("mixed-releases", lambda t: release(t, m_name="atop5_8m.csv"), [], {}, "mixes releases"),
    ("not-a-zip", lambda t: (t / "a.zip").write_text("<html>") and t / "a.zip", [], {}, "is not a zip archive"),
    ("zip-password", _locked_zip, [], {}, "is password-protected"),
    ("zip-escape", lambda t: _zip(t / "evil.zip", {**_mini_entries(), "../x.csv": b"1"}), [], {},
     "entry '../x.csv' would be written outside the target folder"),
    ("zip-no-atop", lambda t: _zip(t / "other.zip", {"readme.txt": b"hi"}), [], {}, "holds no ATOP data files"),
    ("non-numeric", lambda t: release(t, m=lambda s: s.replace("1003,220,1902", "1003,220,19O2")), [], {},
     "non-numeric value '19O2' in data row 8"),
    ("delimiter", lambda t: release(t, a=lambda s: s.replace(",", ";")), [], {}, "is not comma-separated"),
    ("duplicate-atopid", lambda t: release(t, a=lambda s: s + s.splitlines()[2] + "\n"), [], {},
     "ATOPID 1002 appears more than once"),
    ("begyr-after-endyr", lambda t: release(t, a=lambda s: s.replace("1003,1902,6,1,1915", "1003,1916,6,1,1915")),
     [], {}, "begyr 1916 after endyr 1915"),
    ("orphan-member", lambda t: release(t, m=lambda s: s + "9999,2,1900,1,1,1900,1,1,0,0,1,0,0,0,0,0,1,1,5.9\n"),
     [], {}, "ATOPID 9999, which is not in the alliance file"),
    ("fake-dta", lambda t: release(t, a_name="atop5_9a.dta"), [], {}, "is not a Stata .dta file"),
    ("years-outside", lambda t: MINI, ["--start-year", "1700"], {}, "fall outside ATOP 5.9's coverage 1815-1920"),
    ("unknown-release", lambda t: MINI, ["--version", "9.9"], {}, "holds ATOP 5.9, not 9.9"),
    ("offline", lambda t: None, ["--version", "5.9"],
     {"ATOP_DOWNLOAD_URL": "http://127.0.0.1:{port}/atop.zip", "ATOP_ALLOW_HTTP": "1"}, "could not download ATOP 5.9"),
    ("http-refused", lambda t: None, ["--version", "5.9"], {"ATOP_DOWNLOAD_URL": "http://127.0.0.1:{port}/atop.zip"},
     "only https URLs or a local zip are accepted"),
]


def _cli_argv(build, extra, environment, tmp_path, monkeypatch) -> list[str]:
    monkeypatch.delenv("ATOP_DATA_DIR", raising=False)
    monkeypatch.delenv("ATOP_ALLOW_HTTP", raising=False)
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))
    port = _closed_port()
    for name, value in environment.items():
        monkeypatch.setenv(name, value.format(port=port))
    target = build(tmp_path)
    return ["counts", *(["--data-dir", str(target)] if target is not None else []), *extra]


@pytest.mark.parametrize("case, build, extra, environment, part", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_cli_one_line_exit_2(case, build, extra, environment, part, tmp_path, monkeypatch, capsys):
    from atoplib import cli

    argv = _cli_argv(build, extra, environment, tmp_path, monkeypatch)
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("atop: error: ") and part in lines[0], lines


@pytest.mark.parametrize("case", ["non-numeric", "zip-password", "offline"])
def test_cli_process_prints_one_line_and_no_traceback(case, tmp_path, monkeypatch):
    """The same through a real process: exactly one line on stderr, status 2, nothing on stdout."""
    import os
    import subprocess
    import sys

    _, build, extra, environment, part = next(c for c in CLI_CASES if c[0] == case)
    argv = _cli_argv(build, extra, environment, tmp_path, monkeypatch)
    monkeypatch.setenv("ATOP_VERIFY", "0")  # no "unpinned release" warning line for mini
    run = subprocess.run([sys.executable, "-m", "atoplib", *argv], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ))
    assert run.returncode == 2 and run.stdout == ""
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("atop: error: ") and part in lines[0], lines


# --------------------------------------------------------------------------- report parameters (command line)

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
    assert len(lines) == 1 and lines[0].startswith("atop: error: ") and part in lines[0], lines
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").iterdir())  # nothing ran


# --------------------------------------------------------------------------- the record

def test_docs_list_every_case():
    """docs/errors.md names every test of the hardening files, so the table stays complete."""
    import ast

    from atoplib import paths as project

    doc = (project.PROJECT_ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    missing = []
    for name in ("test_errors.py", "test_archives.py", "test_download.py", "test_report_safety.py"):
        tree = ast.parse((Path(__file__).parent / name).read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_") and node.name != "test_docs_list_every_case":
                if node.name not in doc:
                    missing.append(f"{name}::{node.name}")
    assert missing == [], f"add these cases to docs/errors.md: {missing}"
