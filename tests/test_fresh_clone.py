"""What a new user does on a fresh machine, without network: clone the repository into a folder with
no ``../shared`` beside it and run ``make report`` with only the download addresses pointed at a
local server. Every input is then downloaded, verified and cached on first use; every notebook
succeeds (07 says plainly that the comparison was skipped: ATOP 4.01 has no download), and the
run, lacking the base release, is written as ``reports/atop-5.1.partial/`` beside the committed
report, which it leaves untouched; the manifest holds no local path.

The server (127.0.0.1) mirrors the official paths: ATOP's zip
(``uploads/6/9/1/3/69134503/atop_5.1__.csv_.zip``, with the release in ``ATOP 5.1 (.csv)/``) and
COW's ``wp-content/uploads/`` (``states2016.csv``, ``majors2016.csv``, and NMC inside
``NMC-60-abridged.zip`` inside ``NMC_Documentation-6.0.zip``). Two sets of files are served:

* hand-made files built in the test (``fresh_clone_fixture.py``), pinned through a registry of the
  test's own (``ATOP_REGISTRY_FILE``: they cannot match the official checksums);
* the real ATOP 5.1 and COW files beside the project, packed at test time (never committed), so the
  official pins are checked for real (marked ``realdata``, skipped without them).

Offline-safe: instead of installing requirements.lock from PyPI, the clone's ``.venv`` reuses this
environment's packages (a ``.pth`` file) with the clone's own code first, and is marked installed
for ``make`` — the lock install itself is measured and checked separately (README, run time).
Marked slow: it runs the whole collection (about 1-2 minutes on 2 cores).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from atoplib import paths
from http_fixture import serve
from support import COW_NAMES, clone_checkout, need_cow_file, need_real_dir, offline_venv

pytestmark = pytest.mark.slow

ATOP_PATH = "uploads/6/9/1/3/69134503/atop_5.1__.csv_.zip"
COW_PATH = "wp-content/uploads"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _official_site(root: Path, release: Path, cow: dict[str, Path]) -> Path:
    """The official download layout, packed from the files beside the project."""
    (root / ATOP_PATH).parent.mkdir(parents=True)
    files = {f"ATOP 5.1 (.csv)/{p.name}": p.read_bytes() for p in sorted(release.glob("atop5_1*.csv"))}
    (root / ATOP_PATH).write_bytes(_zip({**files, "ATOP 5.1 (.csv)/atop_5_1_codebook.pdf": b"%PDF placeholder"}))
    uploads = root / COW_PATH
    uploads.mkdir(parents=True)
    shutil.copyfile(cow["states"], uploads / "states2016.csv")
    shutil.copyfile(cow["majors"], uploads / "majors2016.csv")
    (uploads / "NMC_Documentation-6.0.zip").write_bytes(_zip({
        "NMC_Documentation_v6_0_final.pdf": b"%PDF placeholder",
        "NMC-60-wsupplementary.zip": _zip({"NMC-60-wsupplementary.dta": b"not used here"}),
        "NMC-60-abridged.zip": _zip({"NMC-60-abridged.csv": cow["nmc"].read_bytes()}),
    }))
    return root


def _handmade_site(root: Path, registry: Path) -> Path:
    """The hand-made release and COW files at the official paths; their sha256 pinned in ``registry``."""
    import hashlib

    import fresh_clone_fixture as fixture

    alliances, members = fixture.tables()
    files = {name: frame.to_csv(index=False, lineterminator="\r\n").encode()
             for name, frame in (("atop5_1a.csv", alliances), ("atop5_1m.csv", members))}
    (root / ATOP_PATH).parent.mkdir(parents=True)
    (root / ATOP_PATH).write_bytes(_zip({f"ATOP 5.1 (.csv)/{name}": data for name, data in files.items()}))
    uploads = root / COW_PATH
    uploads.mkdir(parents=True)
    cow = {name: frame.to_csv(index=False, lineterminator="\r\n").encode() for name, frame in fixture.cow_tables().items()}
    (uploads / "states2016.csv").write_bytes(cow["states"])
    (uploads / "majors2016.csv").write_bytes(cow["majors"])
    (uploads / "NMC_Documentation-6.0.zip").write_bytes(_zip({"NMC-60-abridged.zip": _zip({"NMC-60-abridged.csv": cow["nmc"]})}))
    pins = [("atop", "5.1", name, data) for name, data in files.items()] + [
        ("cow", "2016", "states2016.csv", cow["states"]), ("cow", "2016", "majors2016.csv", cow["majors"]),
        ("cow", "6.0", "NMC-60-abridged.csv", cow["nmc"])]
    registry.write_text("dataset,version,file,sha256,url,content_sha256\n" + "".join(
        f"{d},{v},{name},{hashlib.sha256(data).hexdigest()},,\n" for d, v, name, data in pins))
    return root


def _make_report(tmp_path: Path, site: Path, extra_env: dict[str, str]) -> tuple[Path, dict, str]:
    """Clone, serve ``site``, run ``make report`` with only the addresses (and ``extra_env``) set.
    Without a base release the run lacks an input: it writes ``reports/atop-5.1.partial/`` and says
    so first, and the committed report is left as it is."""
    clone = clone_checkout(tmp_path / "box")
    assert not (tmp_path / "box" / "shared").exists()
    offline_venv(clone)
    home = tmp_path / "home"  # the user cache (platformdirs) lands here: a fresh machine's empty cache
    with serve(site) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ATOP_", "COW_", "XDG_"))}
        env.update(
            HOME=str(home), MPLBACKEND="Agg", ATOP_ALLOW_HTTP="1",  # the local server speaks plain http
            ATOP_DOWNLOAD_URL=f"{server.url}/{ATOP_PATH}",
            COW_STATES_URL=f"{server.url}/{COW_PATH}/states2016.csv",
            COW_MAJORS_URL=f"{server.url}/{COW_PATH}/majors2016.csv",
            COW_NMC_URL=f"{server.url}/{COW_PATH}/NMC_Documentation-6.0.zip",
            **extra_env,
        )
        result = subprocess.run(["make", "report"], cwd=clone, env=env, capture_output=True, text=True, timeout=900)
        requests = list(server.requests)
    assert result.returncode == 0, result.stderr[-3000:]
    # each input downloaded exactly once, from the official paths
    assert sorted(requests) == sorted([f"/{ATOP_PATH}", f"/{COW_PATH}/states2016.csv", f"/{COW_PATH}/majors2016.csv",
                                       f"/{COW_PATH}/NMC_Documentation-6.0.zip"])
    cache = home / ".cache" / "atop-notebooks"
    assert (cache / "atop-5.1").is_dir() and (cache / "cow" / "NMC-60-abridged.csv").is_file()
    assert result.stderr.splitlines()[0].startswith("partial run, written to ")
    assert "it lacks the base release (--base-data-dir or ATOP_BASE_DATA_DIR)" in result.stderr.splitlines()[0]
    committed = subprocess.run(["git", "status", "--porcelain", "--", "reports/atop-5.1"], cwd=clone,
                               capture_output=True, text=True, check=True).stdout
    assert committed == "", "a partial run must leave the committed report as it is"
    report = clone / "reports" / "atop-5.1.partial"
    manifest_text = (report / "manifest.json").read_text()
    manifest = json.loads(manifest_text)
    expected = sorted(p.name for p in (clone / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert [n["name"] for n in manifest["notebooks"]] == expected and len(expected) >= 9
    assert manifest["status"] == "ok" and all(n["status"] == "ok" for n in manifest["notebooks"])
    assert manifest["complete"] is False and manifest["lacks"] == ["the base release (--base-data-dir or ATOP_BASE_DATA_DIR)"]
    assert manifest["data"]["checksums_verified"] is True
    assert {f["name"] for i in manifest["inputs"] for f in i["files"]} == {"states2016.csv", "NMC-60-abridged.csv", "majors2016.csv"}
    assert manifest["skipped"]["base"].startswith("no base release to compare with (no ATOP 4.01 release was found)")
    for local in (str(tmp_path), str(home), str(clone), str(Path.home())):
        assert local not in manifest_text, f"manifest.json holds the local path {local}"
    assert manifest["packages"]["pandas"] and len(manifest["packages"]) > 50  # every installed package
    # 07 says plainly that it compared nothing, and why
    seven = json.loads((report / "07-what-changed.ipynb").read_text())
    printed = "".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                      for c in seven["cells"] for o in c.get("outputs", []))
    assert "Comparison skipped: no ATOP 4.01 release found to compare with" in printed
    assert "added 0" not in printed and "no alliance removed, recoded or ended" not in printed
    injected = [c for c in seven["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and str(tmp_path) not in "".join(injected[0]["source"])
    return report, manifest, manifest_text


def test_make_report_on_a_fresh_clone_with_hand_made_files(tmp_path):
    if shutil.which("git") is None or shutil.which("make") is None or not (paths.PROJECT_ROOT / ".git").exists():
        pytest.skip("needs git, make and a git checkout")
    registry = tmp_path / "fixture-registry.csv"
    site = _handmade_site(tmp_path / "site", registry)
    report, manifest, _ = _make_report(tmp_path, site, {"ATOP_REGISTRY_FILE": str(registry)})
    assert manifest["coverage"] == {"first_year": 1815, "last_year": 2018}  # ATOP coverage starts 1815; the last pact ends 2018
    treaties = (report / "figures" / "us-treaties.csv").read_text()
    assert "North Atlantic Treaty (NATO)" in treaties and "ANZUS" in treaties


@pytest.mark.realdata
def test_make_report_on_a_fresh_clone_with_the_official_files(tmp_path):
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.skip("needs git and make")
    release = need_real_dir("5.1")
    cow = {kind: need_cow_file(name) for kind, name in COW_NAMES.items()}
    site = _official_site(tmp_path / "site", release, cow)
    _, manifest, manifest_text = _make_report(tmp_path, site, {})
    assert str(release) not in manifest_text
    assert {f["sha256"] for f in manifest["data"]["files"]} >= {
        "eafd146fa5c5bc2737ae829288c87d01c990a55fbc82dcc2dc08b94c0d7b5b7d"}  # the official atop5_1a.csv
