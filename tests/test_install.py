"""A real install: the wheel built from this checkout, installed into a fresh venv, runs from a
folder that is not the checkout — the registry and the notebooks come from the package data, the
report is written under the current folder.

The fresh venv gets the wheel alone (``--no-deps``) and reuses this environment's packages through a
``.pth`` file, so the test needs no network and takes seconds. Marked slow (it runs one notebook).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from atoplib import paths
from support import real_dir

pytestmark = pytest.mark.slow


def _source_copy(target: Path) -> Path:
    """The checkout's files as they are now (tracked and new, not ignored), without build leftovers."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=paths.PROJECT_ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = paths.PROJECT_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    if shutil.which("git") is None or not (paths.PROJECT_ROOT / ".git").exists():
        pytest.skip("not a git checkout: cannot list the files to build the wheel from")
    base = tmp_path_factory.mktemp("install")
    source = _source_copy(base / "src")
    dist = base / "dist"
    try:
        import setuptools

        modern = int(setuptools.__version__.split(".")[0]) >= 77
    except ImportError:
        modern = False
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(source)]
    subprocess.run(build + ([] if not modern else ["--no-build-isolation"]), check=True, capture_output=True)
    wheel = next(dist.glob("atop_notebooks-*.whl"))
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, capture_output=True)
    # this environment's packages (pandas, papermill, …) without a download; the wheel's atoplib comes first
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "_reuse_outer_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env_dir


def _run(env_dir: Path, args: list[str], cwd: Path, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ATOP_", "COW_"))}
    return subprocess.run([str(env_dir / "bin" / "atopnb"), *args], cwd=cwd, capture_output=True, text=True,
                          env={**clean, **env}, timeout=300)


def test_the_wheel_carries_the_registry_and_the_notebooks(installed, tmp_path):
    code = ("import atoplib, atoplib.paths as p; print(atoplib.__file__); print(p.IN_CHECKOUT); "
            "print(p.REGISTRY_FILE.is_file()); print(sorted(x.name for x in p.NOTEBOOKS_DIR.glob('*.ipynb')))")
    out = subprocess.run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert out[0].startswith(str(installed)) and out[1:3] == ["False", "True"]
    assert eval(out[3]) == sorted(p.name for p in paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))


def test_atopnb_info_verifies_a_release_from_any_folder(installed, tmp_path):
    folder = real_dir("5.1")
    if folder is None:
        pytest.skip("real ATOP 5.1 files not found (set ATOP_DATA_DIR or provide ../shared/data/atop/5.1)")
    result = _run(installed, ["info", "--data-dir", str(folder)], tmp_path, ATOP_CACHE_DIR=str(tmp_path / "cache"))
    assert result.returncode == 0, result.stderr
    assert "verified against" in result.stdout and "NOT verified" not in result.stdout
    assert "no pinned checksums" not in result.stderr
    assert "eafd146fa5c5bc2737ae829288c87d01c990a55fbc82dcc2dc08b94c0d7b5b7d" in result.stdout  # atop5_1a.csv


def test_a_one_notebook_report_is_written_under_the_current_folder(installed, tmp_path):
    folder = real_dir("5.1")
    if folder is None:
        pytest.skip("real ATOP 5.1 files not found (set ATOP_DATA_DIR or provide ../shared/data/atop/5.1)")
    result = _run(installed, ["report", "--data-dir", str(folder), "--notebook", "00-overview", "--no-progress"],
                  tmp_path, ATOP_CACHE_DIR=str(tmp_path / "cache"))
    assert result.returncode == 0, result.stderr
    report = tmp_path / "reports" / "atop-5.1"
    manifest = json.loads((report / "manifest.json").read_text())
    assert manifest["status"] == "ok" and [n["status"] for n in manifest["notebooks"]] == ["ok"]
    assert (report / "00-overview.ipynb").is_file()
    elsewhere = _run(installed, ["report", "--data-dir", str(folder), "--notebook", "00-overview", "--no-progress",
                                 "--output-root", str(tmp_path / "out")], tmp_path, ATOP_CACHE_DIR=str(tmp_path / "cache"))
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert (tmp_path / "out" / "atop-5.1" / "manifest.json").is_file()
