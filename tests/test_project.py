"""The project around the package: pip and conda users get the same dependencies, the README gives
the two commands, CI runs the README's test command, and no raw ATOP or COW file is committed."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement

from atoplib import paths
import atoplib as al

ROOT = paths.PROJECT_ROOT
#: conda-forge names that differ from the PyPI names used in pyproject.toml (PyPI name -> conda name)
CONDA_NAMES: dict[str, str] = {}
#: environment.yml entries that are the environment itself, not project dependencies
CONDA_ONLY = {"python", "pip"}


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lower_bound(specifier) -> str | None:
    bounds = [s.version for s in specifier if s.operator in (">=", "==", "~=")]
    return bounds[0] if bounds else None


def pyproject_dependencies() -> dict[str, str | None]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project.get("dependencies", [])) + list(project.get("optional-dependencies", {}).get("test", []))
    out = {}
    for text in declared:
        req = Requirement(text)
        name = normalize(CONDA_NAMES.get(normalize(req.name), req.name))
        out[name] = lower_bound(req.specifier)
    return out


def conda_dependencies() -> dict[str, str | None]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    out = {}
    for entry in env["dependencies"]:
        if not isinstance(entry, str):  # the `pip:` sub-list (installs the project itself)
            continue
        match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(?:(>=|==|=)\s*([0-9][^,\s]*))?.*", entry)
        assert match, f"environment.yml: cannot read the dependency {entry!r}"
        name, op, version = match.groups()
        if normalize(name) in CONDA_ONLY:
            continue
        out[normalize(name)] = version if op else None
    return out


def test_environment_yml_matches_pyproject():
    pip, conda = pyproject_dependencies(), conda_dependencies()
    assert pip, "pyproject.toml declares no dependencies"
    only_pip = sorted(set(pip) - set(conda))
    only_conda = sorted(set(conda) - set(pip))
    assert not only_pip and not only_conda, (
        f"pyproject.toml only: {only_pip}; environment.yml only: {only_conda} — add each to the other file"
    )
    differ = {name: (pip[name], conda[name]) for name in pip if pip[name] != conda[name]}
    assert not differ, f"lower bounds differ (pyproject, environment.yml): {differ}"
    # the pieces the project cannot run without are in both
    assert {"pandas", "numpy", "matplotlib", "papermill", "pooch", "pytest", "nbval"} <= set(pip)


def test_environment_yml_installs_the_project_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_lists = [e["pip"] for e in env["dependencies"] if isinstance(e, dict) and "pip" in e]
    assert any(any(item.replace(" ", "") in ("-e.", "--editable.", ".") for item in items) for items in pip_lists)
    python = [e for e in env["dependencies"] if isinstance(e, str) and e.startswith("python")]
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert python and python[0].replace("python", "").strip() == requires.strip()


def test_readme_gives_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    if "(README in progress.)" in text:
        pytest.xfail("README.md is still the lead's placeholder")
    assert "make report" in text, "README.md must give `make report` (runs the whole collection)"
    assert "make test" in text, "README.md must give `make test` (runs every test)"


def test_makefile_has_the_readme_targets():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("report", "test", "bench"):
        assert re.search(rf"^{target}:", makefile, re.M), f"Makefile has no '{target}' target"


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.split("#")[0].strip() for line in script.splitlines()]
    assert any(re.search(r"(^|\s)make\s+test(\s|$)", line) for line in commands), ".ci/run must call `make test`"
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111, ".ci/run must be executable"


# --------------------------------------------------------------------------- no raw data in git

RAW_NAMES = re.compile(
    r"(^atop\d+_\d+[a-z]*\.(csv|dta)$)|(^atop.*\.zip$)|(^states20\d\d\.csv$)|(^system20\d\d\.csv$)"
    r"|(^majors20\d\d\.csv$)|(^nmc.*\.csv$)|(codebook.*\.pdf$)|(^nmc_documentation.*\.pdf$)",
    re.IGNORECASE,
)
#: hand-made fixtures may use ATOP's file names; they must stay small
FIXTURES = "tests/fixtures/"
MAX_FIXTURE_LINES = 200


def tracked_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: cannot list tracked files")
    result = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [name for name in result.stdout.decode().split("\0") if name]


def pinned_hashes() -> set[str]:
    lines = [line for line in (ROOT / "data" / "registry.csv").read_text().splitlines() if line and not line.startswith("#")]
    header = lines[0].split(",")
    column = header.index("sha256")
    return {line.split(",")[column].strip() for line in lines[1:]}


def test_no_raw_atop_or_cow_file_is_tracked():
    files = tracked_files()
    assert "README.md" in files  # the listing works
    named = [f for f in files if RAW_NAMES.search(f.rsplit("/", 1)[-1]) and not f.startswith(FIXTURES)]
    assert not named, f"raw data files are tracked by git: {named}; remove them (git rm --cached) and keep them in data/raw/"
    raw = [f for f in files if f.startswith("data/raw/") and f != "data/raw/.gitkeep"]
    assert not raw, f"data/raw/ is for downloads only, but git tracks {raw}"
    large = []
    for name in files:
        if name.startswith(FIXTURES) and name.endswith((".csv", ".dta")):
            with open(ROOT / name, "rb") as handle:
                if sum(1 for _ in handle) > MAX_FIXTURE_LINES:
                    large.append(name)
    assert not large, f"fixtures larger than {MAX_FIXTURE_LINES} lines look like extracts of real data: {large}"


def test_no_tracked_file_is_a_copy_of_a_pinned_release_file():
    pinned = pinned_hashes()
    assert len(pinned) >= 8  # ATOP 5.1 and 4.01 files, COW files
    copies = []
    for name in tracked_files():
        path = ROOT / name
        if path.is_file() and path.stat().st_size > 10_000:
            if hashlib.sha256(path.read_bytes()).hexdigest() in pinned:
                copies.append(name)
    assert not copies, f"tracked files are copies of official ATOP/COW files: {copies}"
