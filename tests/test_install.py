"""A real install, as a user of the package makes it (issue 20 item 6): the wheel built from this
checkout without a warning, installed into a fresh venv outside the checkout with its declared
dependencies at the versions pinned in requirements.lock (pip checks every file's sha256) and
without the optional extras, then run from a folder that is not the checkout.

Only the wheel's own dependencies are installed: a runtime import that pyproject.toml does not
declare (jinja2, which pandas' ``.style`` needs, was one) fails here. The registry and the
notebooks come from the package data; the report is written under the current folder; without
the `site` extra the website is skipped in one line while every notebook still runs.

Marked slow: it installs about 80 packages (from pip's cache when warm) and runs the whole
collection on the real data, every input set.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from atoplib import paths
from support import complete_inputs, need_real_dir

pytestmark = pytest.mark.slow

#: A build or install line that is a warning (setuptools' own or Python's), in pip's verbose output.
WARNING = re.compile(r"\bwarning\b|Warning:", re.IGNORECASE)
#: Lines of pip's verbose output that say "warning" about this machine, not about the project:
#: pip's configured extra index folders that do not exist here.
MACHINE_NOTES = re.compile(r"Location '.*' is ignored")


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


def _warnings(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if WARNING.search(line) and not MACHINE_NOTES.search(line)]


def _pip(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # else distutils says so
    return subprocess.run([sys.executable, "-m", "pip", *args], cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=900)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The fresh venv (outside the checkout) holding the wheel and its locked dependencies."""
    if shutil.which("git") is None or not (paths.PROJECT_ROOT / ".git").exists():
        pytest.skip("not a git checkout: cannot list the files to build the wheel from")
    base = tmp_path_factory.mktemp("install")
    source = _source_copy(base / "src")
    # the build: setuptools from the index, in pip's isolated build environment, as for any user
    built = _pip("wheel", "--verbose", "--no-deps", "-w", str(base / "dist"), str(source), cwd=base)
    assert built.returncode == 0, built.stderr[-3000:]
    assert _warnings(built.stdout + built.stderr) == [], "building the wheel warns"
    wheel = next((base / "dist").glob("atop_notebooks-*.whl"))
    # the install: the wheel by its hash, its dependencies pinned (and hash-checked) by the lock
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    (base / "wheel.txt").write_text(f"atop-notebooks @ {wheel.as_uri()} --hash=sha256:{digest}\n")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    install = _pip("--python", str(python), "install", "--verbose", "-r", str(base / "wheel.txt"),
                   "-c", str(paths.PROJECT_ROOT / "requirements.lock"), cwd=base)
    assert install.returncode == 0, install.stderr[-3000:]
    assert _warnings(install.stderr) == [], "installing the wheel warns"
    return env_dir


def _run(env_dir: Path, args: list[str], cwd: Path, **env) -> subprocess.CompletedProcess:
    """``atopnb`` of the fresh venv with none of the project's variables but ``env``, a HOME of its own."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ATOP_", "COW_"))}
    return subprocess.run([str(env_dir / "bin" / "atopnb"), *args], cwd=cwd, capture_output=True, text=True,
                          env={**clean, "HOME": str(cwd / "home"), **env}, timeout=900)


def test_the_wheel_carries_the_registry_and_the_notebooks_and_no_extra(installed, tmp_path):
    code = ("import atoplib, atoplib.paths as p, importlib.util as u; print(atoplib.__file__); print(p.IN_CHECKOUT); "
            "print(p.REGISTRY_FILE.is_file()); print(sorted(x.name for x in p.NOTEBOOKS_DIR.glob('*.ipynb'))); "
            "print([m for m in ('jinja2', 'pyarrow', 'nbval', 'sphinx', 'myst_nb', 'jupyterlab', 'xdist', 'playwright') "
            "if u.find_spec(m)])")
    out = subprocess.run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert out[0].startswith(str(installed)) and out[1:3] == ["False", "True"]
    assert eval(out[3]) == sorted(p.name for p in paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    # runtime dependencies in (nbval, for `atopnb report --force`, brings pytest); the extras (site, lab, test) out
    assert eval(out[4]) == ["jinja2", "pyarrow", "nbval"]


def test_atopnb_report_from_the_wheel_runs_every_notebook_and_says_why_there_is_no_website(installed, tmp_path):
    """`atopnb report` on the real data, every input given by its variable, from an empty folder."""
    inputs = {variable: str(path) for variable, path in complete_inputs().items()}
    result = _run(installed, ["report", "--no-progress"], tmp_path, ATOP_CACHE_DIR=str(tmp_path / "cache"),
                  MPLBACKEND="Agg", **inputs)
    assert result.returncode == 0, result.stderr[-3000:]
    report = tmp_path / "reports" / "atop-5.1"
    manifest = json.loads((report / "manifest.json").read_text())
    names = sorted(p.name for p in paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    assert [n["name"] for n in manifest["notebooks"]] == names and len(names) >= 12
    assert manifest["status"] == "ok" and {n["status"] for n in manifest["notebooks"]} == {"ok"}
    assert all((report / name).is_file() for name in names)
    # Figure 1 from the wheel: the same counts as the raw file read with plain pandas
    import pandas as pd

    raw = pd.read_csv(next(Path(inputs["ATOP_DATA_DIR"]).rglob("atop5_1a.csv")))
    fig1 = pd.read_csv(report / "figures" / "fig1-defense-pacts.csv").set_index("year")["count"]
    end = raw["endyr"].replace(0, 2018)
    for year in (1914, 1991, 2018):
        assert fig1[year] == ((raw["defense"] == 1) & (raw["begyr"] <= year) & (end >= year)).sum(), year
    # no website without the `site` extra, said in one line; nothing else is said
    assert not (report / "site").exists() and manifest.get("site") is None
    said = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(said) == 1 and "website" in said[0] and "'site' extra" in said[0], said
    assert "Traceback" not in result.stderr


def test_atopnb_info_verifies_a_release_from_any_folder(installed, tmp_path):
    folder = need_real_dir("5.1")
    result = _run(installed, ["info", "--data-dir", str(folder)], tmp_path, ATOP_CACHE_DIR=str(tmp_path / "cache"))
    assert result.returncode == 0, result.stderr
    assert "verified against" in result.stdout and "NOT verified" not in result.stdout
    assert "no pinned checksums" not in result.stderr
    assert "eafd146fa5c5bc2737ae829288c87d01c990a55fbc82dcc2dc08b94c0d7b5b7d" in result.stdout  # atop5_1a.csv


def test_a_one_notebook_report_goes_to_the_output_root(installed, tmp_path):
    folder = need_real_dir("5.1")
    result = _run(installed, ["report", "--data-dir", str(folder), "--notebook", "00-overview", "--no-progress",
                              "--output-root", str(tmp_path / "out")], tmp_path, ATOP_CACHE_DIR=str(tmp_path / "cache"),
                  MPLBACKEND="Agg")
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").glob("*/manifest.json"))
    assert len(written) == 1 and written[0].startswith("atop-5.1"), written
    assert not (tmp_path / "reports").exists()
