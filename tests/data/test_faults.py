"""Fault injection (issue 21): every data case of the issue, run through the real command line in
a temporary folder, and through the library where that is how it is reached.

Each case builds a small damaged copy in tmp_path (from the `mini` fixture; the headline state-year
case from a copy of the real 5.1 files) and runs ``atopnb info --data-dir <copy>`` and
``atopnb counts --data-dir <copy> -o <out>`` in a child process, where ``<out>`` already holds an
earlier good result. For each it asserts: exit status 2; exactly one stderr line, ``atopnb:
error: …``, naming the file or field at fault (no traceback, nothing on stdout); the earlier output
byte for byte unchanged; every input file unchanged (sha256 before and after); and the library call
``load_atop`` raising the same line as the documented exception.

So that the one line is the only line, each case pins its files as they are in a registry of its
own (``ATOP_REGISTRY_FILE``, the documented override): the checksum check passes and the schema
speaks. Cases that use ``ATOP_VERIFY=0`` also print the one verification-off warning, which is
allowed and checked.

Cases that are not failures are run the same way and checked for their one warning line and an
unchanged result: a stale copy outside the release folder, a cached unpacked zip cut short. The
argument cases (an ATOPID as text, None for a release) have no command line; their library calls
are in ``test_argument_errors.py``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import pytest
from support import MINI, real_dir

import atoplib as al
from atoplib.data import locate as release_locate
from atoplib.data import registry as checksum_registry

ROW_1003 = "1003,1902,6,1,1915,12,31"
STATE_YEARS = "state,year,version\n2,1900,5.9\n2,1920,5.9\n"


# --------------------------------------------------------------------------- building damaged copies

def mini_copy(root: Path, name: str = "rel", a: Callable[[str], str] | None = None,
              m: Callable[[str], str] | None = None, extra: dict[str, str] | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for kind, edit in (("a", a), ("m", m)):
        text = (MINI / f"atop5_9{kind}.csv").read_text()
        (folder / f"atop5_9{kind}.csv").write_text(edit(text) if edit else text)
    for file, text in (extra or {}).items():
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / file).write_text(text)
    return folder


def blank_column(name: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        lines = text.splitlines()
        index = lines[0].split(",").index(name)
        return "\n".join([lines[0]] + [",".join("" if i == index else v for i, v in enumerate(line.split(",")))
                                       for line in lines[1:]]) + "\n"
    return edit


def real_51_with_2025(root: Path) -> Path:
    source = real_dir("5.1") or pytest.skip("real ATOP 5.1 files not found")
    folder = root / "atop51"
    folder.mkdir()
    for kind in ("a", "m"):
        shutil.copy(source / f"atop5_1{kind}.csv", folder)
    raw = (source / "atop5_1sy.csv").read_bytes()
    header = raw.split(b"\r\n", 1)[0].decode().split(",")
    last = raw.rstrip(b"\r\n").rsplit(b"\r\n", 1)[1].decode().split(",")
    last[header.index("year")] = "2025"
    (folder / "atop5_1sy.csv").write_bytes(raw + ",".join(last).encode() + b"\r\n")
    return folder


def stata_pair(root: Path, cut: int = 0) -> Path:
    folder = root / "dta"
    folder.mkdir()
    for kind in "am":
        pd.read_csv(MINI / f"atop5_9{kind}.csv").to_stata(folder / f"atop5_9{kind}.dta", write_index=False, version=118)
    whole = (folder / "atop5_9m.dta").read_bytes()
    (folder / "atop5_9m.dta").write_bytes(whole[:-cut] if cut else whole)
    return folder


def two_folders(root: Path) -> Path:
    mini_copy(root / "data", "ATOP 5.9 (.csv)")
    (root / "data" / "old").mkdir()
    shutil.copy(MINI / "atop5_9a.csv", root / "data" / "old")
    return root / "data"


def csv_beside_dta(root: Path) -> Path:
    folder = mini_copy(root)
    pd.read_csv(MINI / "atop5_9a.csv").to_stata(folder / "atop5_9a.dta", write_index=False, version=118)
    return folder


def split_release(root: Path) -> Path:
    for kind, name in (("a", "one"), ("m", "two")):
        (root / "data" / name).mkdir(parents=True)
        shutil.copy(MINI / f"atop5_9{kind}.csv", root / "data" / name)
    return root / "data"


def nna_folder(root: Path) -> Path:
    release = mini_copy(root, "ATOP 5.9 (.csv)", extra={"NNA/atop5_9sy_NNA.csv": STATE_YEARS})
    return release / "NNA"


def broken_link(root: Path) -> Path:
    link = root / "atop"
    link.symlink_to(root / "moved-away", target_is_directory=True)
    return link


# --------------------------------------------------------------------------- the cases

@dataclass
class Fault:
    name: str
    build: Callable[[Path], Path]
    error: type
    #: parts of the one line; "{dir}" is the data folder (or link) given
    says: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)


FAULTS = [
    # case 1: coverage comes from the alliance and member files
    Fault("sy-row-for-2025-real-51", real_51_with_2025, al.SchemaError,
          ("{dir}/atop5_1sy.csv: data row 11924 has year 2025, past the last year 2018 of the alliance and member "
           "files (atop5_1a.csv, atop5_1m.csv)", "not one release")),
    Fault("sy-row-for-2025", lambda t: mini_copy(t, extra={"atop5_9sy.csv": STATE_YEARS + "2,2025,5.9\n"}),
          al.SchemaError, ("{dir}/atop5_9sy.csv: data row 3 has year 2025, past the last year 1920",)),
    Fault("sy-short", lambda t: mini_copy(t, extra={"atop5_9sy.csv": "state,year,version\n2,1900,5.9\n2,1915,5.9\n"}),
          al.SchemaError, ("{dir}/atop5_9sy.csv: its years stop at 1915 (data row 2), short of the last year 1920",)),
    Fault("aph-past-coverage", lambda t: mini_copy(t, extra={"atop5_9aph.csv": "atopid,phase,begyr,endyr,version\n"
                                                                               "1001,1,1900,1900,5.9\n1003,1,1902,1925,5.9\n"}),
          al.SchemaError, ("{dir}/atop5_9aph.csv: data row 2 has year 1925, past the last year 1920",)),
    # case 2: dates against the codebook
    Fault("endmo-99", lambda t: mini_copy(t, a=lambda s: s.replace(ROW_1003, "1003,1902,6,1,1915,99,31")), al.SchemaError,
          ("{dir}/atop5_9a.csv: column 'endmo' has 99 in data row 3 (ATOPID 1003); months are 1-12",)),
    Fault("begmo-13", lambda t: mini_copy(t, a=lambda s: s.replace(ROW_1003, "1003,1902,13,1,1915,12,31")), al.SchemaError,
          ("{dir}/atop5_9a.csv: column 'begmo' has 13 in data row 3 (ATOPID 1003); months are 1-12",)),
    Fault("dayexit-31-in-june", lambda t: mini_copy(t, m=lambda s: s.replace("1003,200,1902,6,1,1906,4,1", "1003,200,1902,6,1,1906,6,31")),
          al.SchemaError, ("{dir}/atop5_9m.csv: column 'dayexit' has 31 in data row 6 (ATOPID 1003); June 1906 has 30 days",)),
    # case 3: a file cut off
    Fault("member-csv-cut-mid-row", lambda t: mini_copy(t, m=lambda s: s.rstrip("\n")[:-20]), al.SchemaError,
          ("{dir}/atop5_9m.csv: line 17 (data row 16) has 10 of the header's 19 fields", "cut off mid-row")),
    Fault("member-dta-cut-short", lambda t: stata_pair(t, cut=600), al.SchemaError,
          ("{dir}/atop5_9m.dta: the file is cut short: its header declares 16 rows but it ends in data row",)),
    # case 4: one folder, one format
    Fault("alliance-file-in-two-folders", two_folders, al.DataNotFoundError,
          ("{dir} holds ATOP 5.9's alliance level file in two folders", "{dir}/old/atop5_9a.csv")),
    Fault("csv-beside-dta", csv_beside_dta, al.DataNotFoundError, ("{dir} holds atop5_9a.csv and atop5_9a.dta side by side",)),
    Fault("alliance-and-member-files-apart", split_release, al.DataNotFoundError,
          ("{dir}/one/atop5_9a.csv and the member level file {dir}/two/atop5_9m.csv are in different folders",)),
    # verification off never skips the schema (bar 13)
    Fault("defense-wholly-blank-unverified", lambda t: mini_copy(t, a=blank_column("defense"), m=blank_column("defense")),
          al.SchemaError, ("{dir}/atop5_9a.csv: column 'defense' is blank in every row",), env={"ATOP_VERIFY": "0"}),
    # poor handling
    Fault("columns-differing-in-case", lambda t: mini_copy(t, a=lambda s: "\n".join(
        [line + (",Defense" if i == 0 else ",1") for i, line in enumerate(s.splitlines())]) + "\n"), al.SchemaError,
          ("{dir}/atop5_9a.csv: column 20 'Defense' differs only in case from column 10 'defense'",)),
    Fault("nna-folder", nna_folder, al.DataNotFoundError,
          ("{dir} holds only ATOP's NNA files (atop5_9sy_NNA.csv:", "point ATOP_DATA_DIR at the release folder")),
    Fault("data-dir-broken-link", broken_link, al.DataNotFoundError, ("ATOP data folder {dir} is a broken symbolic link",)),
    Fault("trailing-comma-in-header", lambda t: mini_copy(t, m=lambda s: s.replace("version\n", "version,\n", 1)),
          al.SchemaError, ("{dir}/atop5_9m.csv: the header (line 1) ends with a comma: column 20 (after 'version')",)),
]


# --------------------------------------------------------------------------- running them

def inputs_of(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (links followed; a broken link is recorded as such)."""
    if not folder.exists():
        return {str(folder): "broken link" if folder.is_symlink() else "absent"}
    files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def pin(folder: Path, registry: Path) -> None:
    """Pin the ATOP files under ``folder`` as they are (so that the schema, not the checksum, speaks)."""
    rows = ["dataset,version,file,sha256,url"]
    for path in sorted(folder.rglob("atop*_*")) if folder.is_dir() else []:
        version = al.data.names.version_from_filename(path.name)
        if version and path.is_file():
            rows.append(f"atop,{version},{path.name},{hashlib.sha256(path.read_bytes()).hexdigest()},")
    registry.write_text("\n".join(rows) + "\n")


def atopnb(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "atoplib", *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=120)


@pytest.fixture
def workplace(tmp_path, mini):
    """A folder with an earlier good result (``out.csv``: defense counts of mini, as ``atopnb counts``
    writes them) and the environment the child processes run in."""
    out = tmp_path / "out.csv"
    al.measures.counts_by_year(mini, "defense").to_csv(out, index=False, lineterminator="\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATOP_")}
    env.update({"ATOP_CACHE_DIR": str(tmp_path / "cache"), "ATOP_REGISTRY_FILE": str(tmp_path / "pins.csv"),
                "PYTHONWARNINGS": "ignore::DeprecationWarning"})
    return tmp_path, out, env


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_is_one_line_and_loses_nothing(fault, workplace, monkeypatch):
    tmp_path, out, env = workplace
    (tmp_path / "case").mkdir()
    data_dir = fault.build(tmp_path / "case")
    pin(data_dir, tmp_path / "pins.csv")
    env = {**env, **fault.env}
    said = [part.replace("{dir}", str(data_dir)) for part in fault.says]
    inputs, earlier = inputs_of(data_dir), out.read_bytes()

    for args in (["info", "--data-dir", str(data_dir)], ["counts", "--data-dir", str(data_dir), "-o", str(out)]):
        run = atopnb(args, env, tmp_path)
        lines = run.stderr.splitlines()
        if fault.env.get("ATOP_VERIFY") == "0":  # the one warning verification-off always gives
            assert lines[0].startswith("atopnb: warning: checksum verification is off (ATOP_VERIFY=0)"), run.stderr
            lines = lines[1:]
        assert run.returncode == 2, (args, run.stderr)
        assert len(lines) == 1 and lines[0].startswith("atopnb: error: "), run.stderr
        assert "Traceback" not in run.stderr and run.stdout == ""
        for part in said:
            assert part in lines[0], (part, lines[0])
    assert out.read_bytes() == earlier  # the earlier good output is untouched
    assert inputs_of(data_dir) == inputs  # so is every input file

    # the library: the same line, as the documented exception
    for key, value in {"ATOP_REGISTRY_FILE": str(tmp_path / "pins.csv"), **fault.env}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))
    # a release warns once per process: forget what earlier tests in this worker were told
    monkeypatch.setattr(checksum_registry, "_warned", set())
    monkeypatch.setattr(release_locate, "_told_unverified", set())
    with pytest.raises(fault.error) as err:
        with pytest.warns() if fault.env else _nothing():
            al.load_atop(data_dir)
    assert f"atopnb: error: {err.value}" == lines[0]


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


# --------------------------------------------------------------------------- not failures: one warning, same result

def test_stale_copy_outside_the_release_folder_is_named_and_not_used(workplace):
    tmp_path, out, env = workplace
    release = mini_copy(tmp_path / "data", "ATOP 5.9 (.csv)")
    mini_copy(tmp_path / "data", "scratch", extra={"x.txt": ""})
    (tmp_path / "data" / "scratch" / "atop5_9a.csv").unlink()
    (tmp_path / "data" / "scratch" / "atop5_9m.csv").unlink()
    (tmp_path / "data" / "scratch" / "atop5_9sy.csv").write_text("state,year,version\n2,1900,5.9\n2,2025,5.9\n")
    pin(tmp_path / "data", tmp_path / "pins.csv")
    earlier, inputs = out.read_bytes(), inputs_of(tmp_path / "data")
    run = atopnb(["counts", "--data-dir", str(tmp_path / "data"), "-o", str(out)], env, tmp_path)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [
        f"atopnb: warning: ATOP 5.9 read from {release}: atop5_9a.csv, atop5_9m.csv (CSV); not used: "
        f"{tmp_path / 'data' / 'scratch' / 'atop5_9sy.csv'} (outside the release folder)",
        f"atopnb: wrote {out} ({len(pd.read_csv(out))} rows)"]
    assert out.read_bytes() == earlier and inputs_of(tmp_path / "data") == inputs  # the same counts: 2025 never read


def test_cached_unpacked_zip_cut_short_is_unpacked_again(workplace):
    tmp_path, out, env = workplace
    archive = tmp_path / "atop_5.9__.csv_.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(MINI.glob("*.csv")):
            zf.write(p, f"ATOP 5.9 (.csv)/{p.name}")
    pin(MINI, tmp_path / "pins.csv")
    assert atopnb(["info", "--data-dir", str(archive)], env, tmp_path).returncode == 0
    unpacked = next((tmp_path / "cache" / "unpacked").glob("atop_5.9__.csv_-*"))
    (unpacked / "atop5_9m.csv").write_bytes((unpacked / "atop5_9m.csv").read_bytes()[:300])
    earlier, zipped = out.read_bytes(), inputs_of(archive)
    run = atopnb(["counts", "--data-dir", str(archive), "-o", str(out)], env, tmp_path)
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    assert lines[0].startswith(f"atopnb: warning: the cached unpacked copy {unpacked} was damaged (atop5_9m.csv is 300 bytes")
    assert lines[0].endswith(f"it was unpacked again from {archive}") and len(lines) == 2
    assert out.read_bytes() == earlier and inputs_of(archive) == zipped
