"""COW files fetched on first use: the states list as a plain file, NMC from the zip inside the
documentation zip, both verified (bytes, or content when only line endings differ) before the
cache keeps them. Served from hand-made files on 127.0.0.1; the registry pins the fixtures."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pytest

import atoplib as al
from atoplib import paths
from atoplib.data import cow_files, registry
from http_fixture import serve
from support import one_line

STATES = "stateabb,ccode,statenme,styear,endyear,version\nUSA,2,United States of America,1816,2016,2016\nCAN,20,Canada,1920,2016,2016\n"
NMC = "stateabb,ccode,year,milex,milper,irst,pec,tpop,upop,cinc,version\nUSA,2,1950,100,10,50,-9,1000,200,.3,2021\nCAN,20,1950,5,1,2,3,100,20,2.0e-02,2021\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def site(tmp_path, monkeypatch):
    """COW's paths on a local server; the registry pins the hand-made files (LF line ends)."""
    root = tmp_path / "site" / "wp-content" / "uploads"
    root.mkdir(parents=True)
    (root / "states2016.csv").write_text(STATES)
    inner = _zip({"NMC-60-abridged.csv": NMC.encode()})
    (root / "NMC_Documentation-6.0.zip").write_bytes(_zip({
        "NMC_Documentation_v6_0_final.pdf": b"%PDF-1.4 not a real codebook",
        "NMC-60-wsupplementary.zip": _zip({"NMC-60-wsupplementary.dta": b"not stata"}),
        "NMC-60-abridged.zip": inner,
    }))
    pinned_states, pinned_nmc = tmp_path / "pin-states.csv", tmp_path / "pin-nmc.csv"
    pinned_states.write_text(STATES), pinned_nmc.write_text(NMC)
    table = tmp_path / "registry.csv"
    table.write_text(
        "dataset,version,file,sha256,url,content_sha256\n"
        f"cow,2016,states2016.csv,{registry.sha256_of(pinned_states)},,{registry.content_sha256_of(pinned_states)}\n"
        f"cow,6.0,NMC-60-abridged.csv,{registry.sha256_of(pinned_nmc)},,{registry.content_sha256_of(pinned_nmc)}\n"
    )
    monkeypatch.setattr(paths, "REGISTRY_FILE", table)
    monkeypatch.setattr(registry, "_warned", set())
    monkeypatch.setenv("ATOP_ALLOW_HTTP", "1")
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))  # each test starts with an empty cache
    for name in ("COW_STATES_FILE", "COW_NMC_FILE", "COW_MAJORS_FILE"):
        monkeypatch.delenv(name, raising=False)
    with serve(tmp_path / "site") as server:
        monkeypatch.setenv("COW_STATES_URL", f"{server.url}/wp-content/uploads/states2016.csv")
        monkeypatch.setenv("COW_NMC_URL", f"{server.url}/wp-content/uploads/NMC_Documentation-6.0.zip")
        yield root, server


def test_nmc_comes_from_the_zip_inside_the_documentation_zip_once(site):
    root, server = site
    nmc = al.data.load_nmc()
    assert nmc.set_index(["ccode", "year"]).loc[(2, 1950), "cinc"] == 0.3
    assert nmc["pec"].isna().sum() == 1  # COW's -9 is missing
    assert cow_files.cached_cow_file("nmc").read_text() == NMC  # only the table is kept, byte for byte
    al.data.load_nmc()
    assert server.requests == ["/wp-content/uploads/NMC_Documentation-6.0.zip"]  # downloaded once


def test_states_resaved_with_other_line_endings_are_accepted_and_say_so(site):
    root, server = site
    (root / "states2016.csv").write_bytes(STATES.replace("\n", "\r\n").encode())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        states = al.data.load_states()
    assert states.set_index("ccode").loc[20, "statenme"] == "Canada"
    messages = [str(w.message) for w in caught if issubclass(w.category, al.AtopWarning)]
    assert len(messages) == 1 and "content matches the pinned content hash" in messages[0], messages


def test_states_with_other_values_are_refused_and_not_cached(site):
    root, server = site
    (root / "states2016.csv").write_text(STATES.replace("Canada", "Kanada"))
    with pytest.raises(al.DownloadError) as err:
        al.data.load_states()
    one_line(err, "states2016.csv", "is not the official states2016.csv", "it was deleted", "COW_STATES_FILE")
    assert not cow_files.cached_cow_file("states").exists()


def test_a_documentation_zip_without_the_table_is_refused(site):
    root, server = site
    (root / "NMC_Documentation-6.0.zip").write_bytes(_zip({"readme.txt": b"nothing here"}))
    with pytest.raises(al.DownloadError) as err:
        al.data.load_nmc()
    one_line(err, "holds no NMC-60-abridged.csv, even in the zips inside it", "COW_NMC_FILE")


def test_a_named_file_that_does_not_exist_says_which_variable(site, tmp_path, monkeypatch):
    monkeypatch.setenv("COW_MAJORS_FILE", str(tmp_path / "nowhere" / "majors2016.csv"))
    with pytest.raises(al.DataNotFoundError) as err:
        cow_files.cow_file("majors")
    one_line(err, "COW_MAJORS_FILE names", "does not exist", "majors2016.csv")


def test_plain_http_is_refused_unless_allowed(site, monkeypatch):
    monkeypatch.delenv("ATOP_ALLOW_HTTP")
    with pytest.raises(al.DownloadError) as err:
        al.data.load_states()
    one_line(err, "refusing to download COW state-system list", "ATOP_ALLOW_HTTP=1", "COW_STATES_FILE")


def test_a_registry_of_your_own_pins_a_release_and_wins(site, tmp_path, monkeypatch):
    """ATOP_REGISTRY_FILE: pins read after the shipped registry; a row for an already pinned file
    replaces it (here the served states file, changed, is pinned anew and accepted)."""
    root, server = site
    changed = STATES.replace("Canada", "Kanada")
    (root / "states2016.csv").write_text(changed)
    own = tmp_path / "own.csv"
    (tmp_path / "pin.csv").write_text(changed)
    own.write_text("dataset,version,file,sha256,url\n"
                   f"cow,2016,states2016.csv,{registry.sha256_of(tmp_path / 'pin.csv')},\n")
    monkeypatch.setenv("ATOP_REGISTRY_FILE", str(own))
    assert al.data.load_states().set_index("ccode").loc[20, "statenme"] == "Kanada"
    assert registry.pinned_hashes("6.0", "cow")  # the other pins are still there
    monkeypatch.setenv("ATOP_REGISTRY_FILE", str(tmp_path / "missing.csv"))
    with pytest.raises(al.ChecksumError) as err:
        registry.registry()
    one_line(err, "ATOP_REGISTRY_FILE names", "missing.csv", "does not exist")
