"""Zip archives a user may point at: damaged, encrypted, empty of ATOP files, unsafe (paths that
escape the target folder, absurd unpacked sizes). Each is refused with one line naming the archive
(and the entry) and what to do, and nothing is written outside, or left half-written inside, the
cache. Archives are built at test time from the `mini` fixture."""

from __future__ import annotations

import shutil
import subprocess
import threading
import warnings
import zipfile
from pathlib import Path

import pytest

import atoplib as al
from atoplib.data import registry

from support import FIXTURES, one_line

MINI = FIXTURES / "mini"


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    """A cache of this test's own, so 'nothing written' can be checked file by file."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ATOP_CACHE_DIR", str(folder))
    monkeypatch.setattr(registry, "_warned", {"atop:5.9"})  # mini's unpinned warning: tested elsewhere
    return folder


def official_zip(path: Path, extra: dict[str, bytes] | None = None, compression=zipfile.ZIP_DEFLATED) -> Path:
    """`mini` laid out like ATOP's own zip: ``ATOP 5.9 (.csv)/atop5_9a.csv`` …"""
    with zipfile.ZipFile(path, "w", compression) as zf:
        for p in sorted(MINI.glob("*.csv")):
            zf.write(p, f"ATOP 5.9 (.csv)/{p.name}")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def files_under(folder: Path) -> list[str]:
    """Every file below ``folder`` except lock files (which carry no data)."""
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".lock"))


def test_official_layout_loads(tmp_path, mini):
    """Control: the well-formed zip loads and counts like the folder."""
    archive = official_zip(tmp_path / "atop_5.9__.csv_.zip")
    data = al.load_atop(archive)
    assert data.version == "5.9" and len(data.alliances) == 6 and len(data.members) == 16
    assert al.measures.counts_by_year(data, "defense").equals(al.measures.counts_by_year(mini, "defense"))


def test_not_a_zip(tmp_path, cache):
    archive = tmp_path / "atop_5.9__.csv_.zip"
    archive.write_text("<html>Page not found</html>")  # what a failed browser download saves
    with pytest.raises(al.ArchiveError) as err:
        al.load_atop(archive)
    one_line(err, str(archive), "is not a zip archive", "download the release again")
    assert files_under(cache) == []


def test_truncated_zip(tmp_path, cache):
    whole = official_zip(tmp_path / "whole.zip").read_bytes()
    archive = tmp_path / "atop_5.9__.csv_.zip"
    archive.write_bytes(whole[: len(whole) // 2])  # a download cut in half
    with pytest.raises(al.ArchiveError) as err:
        al.load_atop(archive)
    one_line(err, str(archive), "is not a zip archive (or is truncated)")
    assert files_under(cache) == []


def test_damaged_compressed_data(tmp_path, cache):
    """The directory is intact but the deflate stream is not: zlib's error becomes one line."""
    data = bytearray(official_zip(tmp_path / "whole.zip").read_bytes())
    start = data.index(b"atop5_9a.csv") + len("atop5_9a.csv")  # first entry's compressed bytes
    for i in range(start + 10, start + 60):
        data[i] ^= 0xFF
    archive = tmp_path / "damaged.zip"
    archive.write_bytes(bytes(data))
    with pytest.raises(al.ArchiveError) as err:
        al.load_atop(archive)
    one_line(err, str(archive), "is damaged", "download the release again")
    assert files_under(cache) == []  # the partly written staging folder is gone


def test_zip_lying_about_its_sizes(tmp_path, cache):
    """A stored entry whose headers claim 10 bytes: zipfile reads 10, the CRC fails, refused."""
    archive = official_zip(tmp_path / "liar.zip", compression=zipfile.ZIP_STORED)
    info = zipfile.ZipFile(archive).getinfo("ATOP 5.9 (.csv)/atop5_9a.csv")
    data = bytearray(archive.read_bytes())
    real = info.file_size.to_bytes(4, "little")
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed-size fields
        at = data.index(signature, info.header_offset if signature == b"PK\x03\x04" else 0)
        while data[at + offset:at + offset + 4] != real:
            at = data.index(signature, at + 1)
        data[at + offset:at + offset + 4] = (10).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    with pytest.raises(al.ArchiveError) as err:
        al.load_atop(archive)
    one_line(err, str(archive), "is damaged")
    assert files_under(cache) == []


def _set_encrypted_flag(path: Path) -> None:
    """Mark every entry as encrypted (general-purpose flag bit 0) in its local and central headers,
    which is what an encrypting zip tool writes; Python's zipfile cannot write encrypted entries."""
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at != -1:
            data[at + offset] |= 0x01
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def test_password_protected_zip(tmp_path, cache):
    archive = official_zip(tmp_path / "locked.zip", compression=zipfile.ZIP_STORED)
    _set_encrypted_flag(archive)
    assert all(i.flag_bits & 1 for i in zipfile.ZipFile(archive).infolist())
    with pytest.raises(al.ArchiveError) as err:
        al.load_atop(archive)
    one_line(err, str(archive), "entry 'ATOP 5.9 (.csv)/atop5_9a.csv' is password-protected", "unpack it yourself")
    assert files_under(cache) == []


@pytest.mark.skipif(shutil.which("zip") is None, reason="the `zip` program is not installed (apt-get install zip)")
def test_password_protected_zip_made_by_zip_tool(tmp_path, cache):
    work = tmp_path / "src"
    work.mkdir()
    for p in MINI.glob("*.csv"):
        shutil.copy(p, work)
    archive = tmp_path / "locked.zip"
    subprocess.run(["zip", "-q", "-P", "secret", str(archive), "atop5_9a.csv", "atop5_9m.csv"], cwd=work, check=True)
    with pytest.raises(al.ArchiveError) as err:
        al.load_atop(archive)
    one_line(err, "password-protected", "point ATOP_DATA_DIR at the folder")
    assert files_under(cache) == []


def test_zip_without_atop_files(tmp_path, cache):
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "nothing here")
        zf.writestr("ATOP 5.9 (.csv)/codebook.pdf", b"%PDF-1.4")
    with pytest.raises(al.ArchiveError) as err:
        al.load_atop(archive)
    one_line(err, str(archive), "holds no ATOP data files", "use the official ATOP zip")
    assert files_under(cache) == []


@pytest.mark.parametrize(
    "entry",
    ["../escaped.csv", "ATOP 5.9 (.csv)/../../escaped.csv", "/tmp/escaped-atop.csv", "..\\escaped.csv", "C:\\escaped.csv"],
)
def test_entry_escaping_the_target_folder(tmp_path, cache, entry):
    archive = official_zip(tmp_path / "evil.zip", extra={entry: b"atopid\n1\n"})
    before = set(Path("/tmp").glob("escaped*"))
    with pytest.raises(al.ArchiveError) as err:
        al.load_atop(archive)
    one_line(err, str(archive), f"entry '{entry}' would be written outside the target folder", "refused")
    # nothing written anywhere: not beside the archive, not in the cache, not at the absolute path
    assert files_under(tmp_path) == ["evil.zip"]
    assert set(Path("/tmp").glob("escaped*")) == before


def test_zip_bomb_refused_by_declared_size(tmp_path, cache):
    """64 MiB of zeros packed into ~64 KiB (ratio ~1000:1): refused before anything is written."""
    archive = official_zip(tmp_path / "bomb.zip")
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("ATOP 5.9 (.csv)/atop5_9sy.csv", "w", force_zip64=True) as out:
            block = b"0" * (1 << 20)
            for _ in range(64):
                out.write(block)
    assert archive.stat().st_size < 1 << 20
    with pytest.raises(al.ArchiveError) as err:
        al.load_atop(archive)
    one_line(err, str(archive), "would unpack to 64 MiB", "refused as a likely zip bomb")
    assert files_under(cache) == []


def test_unpacked_size_limit(tmp_path):
    """The absolute limit (512 MiB by default) as a parameter: a 3 MiB archive against 1 MiB."""
    archive = official_zip(tmp_path / "big.zip", extra={"ATOP 5.9 (.csv)/atop5_9sy.csv": b"1" * (3 << 20)})
    dest = tmp_path / "out" / "release"
    with pytest.raises(al.ArchiveError) as err:
        al.data.unpack_zip(archive, dest, max_bytes=1 << 20)
    one_line(err, "would unpack to 3 MiB", "likely zip bomb")
    assert not dest.exists() and files_under(tmp_path / "out") == []


def test_entry_names_repeated(tmp_path, cache):
    archive = official_zip(tmp_path / "twice.zip")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate name
        with zipfile.ZipFile(archive, "a") as zf:
            zf.write(MINI / "atop5_9a.csv", "other/atop5_9a.csv")
    with pytest.raises(al.ArchiveError) as err:
        al.load_atop(archive)
    one_line(err, "holds atop5_9a.csv more than once", "point ATOP_DATA_DIR at it")


def test_folder_holding_only_a_bad_zip(tmp_path, cache):
    folder = tmp_path / "download"
    folder.mkdir()
    (folder / "atop_5.9__.csv_.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(al.ArchiveError) as err:
        al.load_atop(folder)
    one_line(err, "atop_5.9__.csv_.zip is not a zip archive")


def test_refused_archive_keeps_an_earlier_unpacked_release(tmp_path):
    """unpack_zip replaces ``dest`` only when every check passed."""
    dest = tmp_path / "release"
    al.data.unpack_zip(official_zip(tmp_path / "good.zip"), dest)
    before = {p.name: p.read_bytes() for p in dest.iterdir()}
    with pytest.raises(al.ArchiveError):
        al.data.unpack_zip(official_zip(tmp_path / "evil.zip", extra={"../x.csv": b"1"}), dest)
    assert {p.name: p.read_bytes() for p in dest.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.zip", "good.zip", "release"]


def test_same_zip_unpacked_by_several_threads_at_once(tmp_path, cache):
    """Two report notebooks (or runs) opening one zip at the same moment both get the release."""
    archive = official_zip(tmp_path / "atop_5.9__.csv_.zip")
    barrier = threading.Barrier(8)
    results, errors = [], []

    def load():
        barrier.wait()
        try:
            results.append(al.data.locate_release(archive))
        except Exception as err:  # noqa: BLE001 - recorded and asserted below
            errors.append(repr(err))

    threads = [threading.Thread(target=load) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(results) == 8
    assert len({r.files["a"] for r in results}) == 1
    unpacked = [p for p in (cache / "unpacked").iterdir() if not p.name.endswith(".lock")]
    assert len(unpacked) == 1 and sorted(p.name for p in unpacked[0].iterdir()) == [".atop-cache.json", "atop5_9a.csv", "atop5_9m.csv"]


# --------------------------------------------------------------------------- issue 13

def test_zip_inside_a_zip(tmp_path):
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as zf:
        for kind in "am":
            zf.write(FIXTURES / "mini" / f"atop5_9{kind}.csv", f"atop5_9{kind}.csv")
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.write(inner, "inner.zip")
    with pytest.raises(al.ArchiveError) as err:
        al.load_atop(outer)
    one_line(err, f"{outer} holds another zip (inner.zip) but no ATOP data files", "point ATOP_DATA_DIR at inner.zip")


def test_cache_folder_that_cannot_be_written(tmp_path, monkeypatch):
    """A zip is unpacked into the cache: a cache 'folder' below a file is one line naming ATOP_CACHE_DIR."""
    archive = tmp_path / "mini.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for kind in "am":
            zf.write(FIXTURES / "mini" / f"atop5_9{kind}.csv", f"atop5_9{kind}.csv")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ATOP_CACHE_DIR", str(blocker / "cache"))
    with pytest.raises(al.FileSystemError) as err:
        al.load_atop(archive)
    one_line(err, f"the cache folder {blocker / 'cache' / 'unpacked'} cannot be written (a part of the path is not a folder)",
             "set ATOP_CACHE_DIR to a folder you can write to")
