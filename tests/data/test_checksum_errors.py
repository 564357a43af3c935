"""Files whose sha256 differs from the pinned one: refused, named, with the override.

Bad inputs are built at test time in tmp_path from the `mini` fixture (or, for checksums, from a
copy of the real 5.1 files); docs/errors.md lists every message.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
from support import one_line, real_dir, release

import atoplib as al
from atoplib import paths
from atoplib.data import registry

pytestmark = pytest.mark.usefixtures("quiet_unpinned")


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


def test_resaved_real_file_accepted_by_its_content(tmp_path, monkeypatch):
    """CRLF -> LF (what an editor's "save" or a server does): the bytes differ, the content hash
    pinned beside the sha256 matches, so the file is used as verified, with one warning saying so;
    the same file with one value changed is refused."""
    monkeypatch.setattr(registry, "_warned", set())
    folder = _real_51_copy(tmp_path)
    target = folder / "atop5_1m.csv"
    original = target.read_bytes()
    target.write_bytes(original.replace(b"\r\n", b"\n"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = al.load_atop(folder)
    assert data.release.verified is True and len(data.members) == 2510
    messages = [str(w.message) for w in caught if issubclass(w.category, al.AtopWarning)]
    assert len(messages) == 1 and messages[0].startswith("atop5_1m.csv: its bytes differ from the official ATOP 5.1 file")
    assert "its content matches the pinned content hash" in messages[0]
    edited = original.replace(b"\r\n", b"\n").replace(b"\n3180,", b"\n3181,", 1)
    assert edited != original.replace(b"\r\n", b"\n")
    target.write_bytes(edited)
    with pytest.raises(al.ChecksumError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_1m.csv", "edited or re-saved", "ATOP_VERIFY=0")


def test_pinned_fixture_release_tampered(tmp_path, monkeypatch):
    """The same refusal without real data: pin `mini`'s hashes in a temporary registry."""
    folder = release(tmp_path)
    pinned = tmp_path / "registry.csv"
    rows = [f"atop,5.9,{p.name},{registry.sha256_of(p)}," for p in sorted(folder.iterdir())]
    pinned.write_text("dataset,version,file,sha256,url\n" + "\n".join(rows) + "\n")
    monkeypatch.setattr(paths, "REGISTRY_FILE", pinned)
    assert al.load_atop(folder).release.verified is True
    target = folder / "atop5_9m.csv"
    target.write_text(target.read_text().replace("1003,220,1902", "1003,220,1903"))
    with pytest.raises(al.ChecksumError) as err:
        al.load_atop(folder)
    one_line(err, str(target), "differs from the pinned ATOP 5.9 value", "ATOP_VERIFY=0")


def test_release_without_pinned_hashes_warns_exactly_once(tmp_path, monkeypatch):
    monkeypatch.setattr(registry, "_warned", set())
    folder = release(tmp_path)
    (folder / "atop5_9sy.csv").write_text("state,year,version\n2,1900,5.9\n2,1920,5.9\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = al.load_atop(folder)
        al.load_atop(folder)  # a second load in the same process: no second warning
    atop = [w for w in caught if issubclass(w.category, al.AtopWarning)]
    assert len(atop) == 1, [str(w.message) for w in atop]
    assert "ATOP 5.9 has no pinned checksums" in str(atop[0].message)
    assert data.release.verified is False and len(data.alliances) == 6


def test_file_of_another_pinned_release(tmp_path):
    """ATOP 4.01's alliance file saved under 5.1's name: the message names the release it belongs to."""
    folder = _real_51_copy(tmp_path)
    base = real_dir("4.01") or pytest.skip("real ATOP 4.01 files not found")
    shutil.copy(next(base.rglob("atop4_01a.csv")), folder / "atop5_1a.csv")
    with pytest.raises(al.ChecksumError) as err:
        al.load_atop(folder)
    one_line(err, f"{folder / 'atop5_1a.csv'} is the official ATOP 4.01 file atop4_01a.csv",
             "not ATOP 5.1's atop5_1a.csv", "point at the 4.01 folder")


def test_edited_real_file_inconsistent_with_verification_off(tmp_path, monkeypatch):
    """Issue 13 case 1: 2270's defense 1 -> 0 with ATOP_VERIFY=0 is no longer silent: a warning names
    the file, the ATOPID and the column, and the 1950 count that it changes (33 -> 32)."""
    folder = _real_51_copy(tmp_path)
    target = folder / "atop5_1a.csv"
    text = target.read_bytes().decode()
    lines = text.split("\r\n" if "\r\n" in text else "\n")
    column = lines[0].split(",").index("defense")
    row = next(i for i, line in enumerate(lines) if line.startswith("2270,"))
    fields = lines[row].split(",")
    assert fields[column] == "1"
    fields[column] = "0"
    lines[row] = ",".join(fields)
    target.write_bytes(("\r\n" if "\r\n" in text else "\n").join(lines).encode())
    monkeypatch.setenv("ATOP_VERIFY", "0")
    with pytest.warns(al.AtopWarning) as caught:
        data = al.load_atop(folder)
    warning = next(str(w.message) for w in caught if "ATOPID 2270" in str(w.message))
    assert warning.startswith(f"{target}: ATOPID 2270 has defense 0, but the maximum over its member rows in atop5_1m.csv is 1")
    assert "used as it is because ATOP_VERIFY=0" in warning
    assert data.consistency_note == "NOT consistent: 1 finding(s) (1 code); see the warnings"
    assert int(al.measures.counts_by_year(data, "defense", 1950, 1950)["count"].iloc[0]) == 32
    monkeypatch.setenv("ATOP_VERIFY", "1")
    with pytest.raises(al.ChecksumError):  # verification on: the hash refuses it first
        al.load_atop(folder)
