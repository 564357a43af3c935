"""Every cached download or derived file is verified before it is used again (issue 21 case 5):
a cached file cut short or changed is made again (unpacked again, downloaded again) with one
warning that says so, and the numbers are those of the good copy.

The caches are built in tmp_path from the `mini` fixture: a zip the user points at (unpacked into
``unpacked/``), the release "downloaded" from a local zip or from a server on 127.0.0.1
(``atop-5.9/``, ``downloads/``), and hand-made COW files pinned in a temporary registry (``cow/``).
"""

from __future__ import annotations

import json
import warnings
import zipfile
from pathlib import Path

import pytest

import atoplib as al
from atoplib import paths
from atoplib.data import cache as cached, cow_files, registry
from http_fixture import serve
from support import FIXTURES, one_line

MINI = FIXTURES / "mini"
STATES = "stateabb,ccode,statenme,styear,endyear,version\nUSA,2,United States of America,1816,2016,2016\n"


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ATOP_CACHE_DIR", str(folder))
    for name in ("ATOP_DATA_DIR", "ATOP_DOWNLOAD_URL", "ATOP_ALLOW_HTTP", "COW_STATES_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(registry, "_warned", {"atop:5.9"})  # mini's unpinned warning: tested elsewhere
    return folder


def official_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(MINI.glob("*.csv")):
            zf.write(p, f"ATOP 5.9 (.csv)/{p.name}")
    return path


def cut(path: Path, keep: int = 200) -> None:
    path.write_bytes(path.read_bytes()[:keep])


def damage_warnings(caught) -> list[str]:
    return [str(w.message) for w in caught if "was damaged" in str(w.message)]


def test_unpacked_zip_cut_short_is_unpacked_again(tmp_path, cache, mini):
    archive = official_zip(tmp_path / "atop_5.9__.csv_.zip")
    first = al.load_atop(archive)
    folder = first.release.folder
    assert json.loads((folder / ".atop-cache.json").read_text())["files"]["atop5_9m.csv"]["size"] == (MINI / "atop5_9m.csv").stat().st_size
    size = (folder / "atop5_9m.csv").stat().st_size
    cut(folder / "atop5_9m.csv")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = al.load_atop(archive)
    assert damage_warnings(caught) == [
        f"the cached unpacked copy {folder} was damaged (atop5_9m.csv is 200 bytes, not the {size:,} recorded when it "
        f"was made); it was unpacked again from {archive}"]
    assert (folder / "atop5_9m.csv").read_bytes() == (MINI / "atop5_9m.csv").read_bytes()
    assert len(again.members) == 16 and al.measures.counts_by_year(again, "defense").equals(al.measures.counts_by_year(mini, "defense"))


def test_unpacked_zip_edited_in_place_is_unpacked_again(tmp_path, cache):
    """Same size, other bytes: the recorded sha256 catches it."""
    archive = official_zip(tmp_path / "atop_5.9__.csv_.zip")
    folder = al.load_atop(archive).release.folder
    text = (folder / "atop5_9a.csv").read_text()
    (folder / "atop5_9a.csv").write_text(text.replace("1003,1902,6,1,1915,12,31,0,1,1", "1003,1902,6,1,1915,12,31,0,1,0"))
    with pytest.warns(al.AtopWarning, match=r"atop5_9a.csv has sha256 [0-9a-f]{12}…, not the [0-9a-f]{12}… recorded"):
        data = al.load_atop(archive)
    assert int(data.alliances.set_index("atopid").loc[1003, "defense"]) == 1


def test_unpacked_copy_without_a_record_is_unpacked_again(tmp_path, cache):
    archive = official_zip(tmp_path / "atop_5.9__.csv_.zip")
    folder = al.load_atop(archive).release.folder
    (folder / ".atop-cache.json").unlink()  # a copy made before records existed
    with pytest.warns(al.AtopWarning, match=r"was damaged \(it has no record of its files \(.atop-cache.json\)\)"):
        al.load_atop(archive)
    assert cached.damage(folder) is None


def test_downloaded_release_cut_short_is_made_again(tmp_path, cache, monkeypatch, mini):
    archive = official_zip(tmp_path / "atop_5.9__.csv_.zip")
    monkeypatch.setenv("ATOP_DOWNLOAD_URL", str(archive))
    al.load_atop(version="5.9")
    target = cache / "atop-5.9"
    size = (target / "atop5_9a.csv").stat().st_size
    cut(target / "atop5_9a.csv")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = al.load_atop(version="5.9")
    assert damage_warnings(caught) == [
        f"the cached release {target} was damaged (atop5_9a.csv is 200 bytes, not the {size:,} recorded when it was "
        f"made); it was unpacked again from {archive}"]
    assert al.measures.counts_by_year(data, "defense").equals(al.measures.counts_by_year(mini, "defense"))


def test_damaged_release_with_no_download_known(tmp_path, cache, monkeypatch):
    archive = official_zip(tmp_path / "atop_5.9__.csv_.zip")
    al.data.download_release("5.9", url=str(archive))
    cut(cache / "atop-5.9" / "atop5_9m.csv")
    with pytest.raises(al.DownloadError) as err:
        al.load_atop(version="5.9")
    one_line(err, f"the cached release {cache / 'atop-5.9'} is damaged (atop5_9m.csv is 200 bytes",
             "no download is known for ATOP 5.9", "set ATOP_DATA_DIR")


def test_pinned_release_cached_before_records_is_adopted(tmp_path, cache, monkeypatch):
    """A cache made before records existed: checked against the pinned hashes, then recorded; no warning."""
    pinned = tmp_path / "registry.csv"
    pinned.write_text("dataset,version,file,sha256,url\n" + "".join(
        f"atop,5.9,{p.name},{registry.sha256_of(p)},\n" for p in MINI.glob("*.csv")))
    monkeypatch.setattr(paths, "REGISTRY_FILE", pinned)
    target = al.data.download_release("5.9", url=str(official_zip(tmp_path / "mini.zip")))
    (target / ".atop-cache.json").unlink()
    with warnings.catch_warnings():
        warnings.simplefilter("error", al.AtopWarning)
        assert al.data.download_release("5.9") == target
    assert cached.damage(target) is None


def test_kept_download_and_release_both_damaged_are_fetched_again(tmp_path, cache, monkeypatch, mini):
    """The zip pooch kept and the release unpacked from it are both cut short: the release is
    downloaded once more (one request), with a line for each."""
    site = tmp_path / "site"
    site.mkdir()
    official_zip(site / "atop.zip")
    monkeypatch.setenv("ATOP_ALLOW_HTTP", "1")
    with serve(site) as server:
        url = f"{server.url}/atop.zip"
        al.data.download_release("5.9", url=url)
        kept = next((cache / "downloads").glob("atop_5.9_*.zip"))
        cut(kept), cut(cache / "atop-5.9" / "atop5_9a.csv")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            target = al.data.download_release("5.9", url=url)
        assert server.requests == ["/atop.zip", "/atop.zip"]
    said = damage_warnings(caught)
    assert len(said) == 2 and said[0].startswith(f"the cached download {kept} was damaged (it is not a zip archive")
    assert said[0].endswith(f"it was downloaded again from {url}")
    assert said[1].startswith(f"the cached release {target} was damaged (atop5_9a.csv is 200 bytes")
    assert al.measures.counts_by_year(al.load_atop(target), "defense").equals(al.measures.counts_by_year(mini, "defense"))


@pytest.fixture
def cow_site(tmp_path, monkeypatch):
    """states2016.csv served on 127.0.0.1 and pinned (a hand-made file) in a temporary registry."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "states2016.csv").write_text(STATES)
    table = tmp_path / "registry.csv"
    table.write_text("dataset,version,file,sha256,url,content_sha256\n"
                     f"cow,2016,states2016.csv,{registry.sha256_of(root / 'states2016.csv')},,\n")
    monkeypatch.setattr(paths, "REGISTRY_FILE", table)
    monkeypatch.setenv("ATOP_ALLOW_HTTP", "1")
    with serve(root) as server:
        monkeypatch.setenv("COW_STATES_URL", f"{server.url}/states2016.csv")
        yield server


def test_cached_cow_file_cut_short_is_downloaded_again(cow_site, cache):
    al.data.load_states()
    path = cow_files.cached_cow_file("states")
    cut(path, 40)
    with pytest.warns(al.AtopWarning) as caught:
        states = al.data.load_states()
    said = damage_warnings(caught)
    assert len(said) == 1 and said[0].startswith(f"the cached states2016.csv {path} was damaged (sha256 ")
    assert said[0].endswith(f"it was downloaded again from {cow_site.url}/states2016.csv")
    assert path.read_text() == STATES and states["statenme"].tolist() == ["United States of America"]
    assert cow_site.requests == ["/states2016.csv", "/states2016.csv"]


def test_cached_cow_file_damaged_while_offline(cow_site, cache, monkeypatch):
    al.data.load_states()
    cut(cow_files.cached_cow_file("states"), 40)
    monkeypatch.setenv("COW_STATES_URL", str(cache / "nowhere" / "states2016.csv"))
    with pytest.raises(al.DataNotFoundError) as err:
        al.data.load_states()
    one_line(err, f"the cached states2016.csv {cow_files.cached_cow_file('states')} is damaged (sha256",
             "does not exist", "set COW_STATES_FILE to your copy of states2016.csv")


def test_record_names_every_file_with_its_size_and_hash(tmp_path):
    folder = tmp_path / "made"
    folder.mkdir()
    (folder / "atop5_9a.csv").write_bytes(b"atopid\n1\n")
    cached.record_files(folder)
    assert cached.recorded(folder) == {"atop5_9a.csv": {"size": 9, "sha256": registry.sha256_of(folder / "atop5_9a.csv")}}
    assert cached.damage(folder) is None
    (folder / "atop5_9a.csv").unlink()
    assert cached.damage(folder) == "atop5_9a.csv is missing"
