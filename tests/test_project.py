"""The project around the package: pip and conda users get the same dependencies, the lock pins
versions inside pyproject's ranges, the README gives the two commands, CI runs the README's test
command, one kernel name everywhere, citation and licence files, and no raw ATOP or COW file is
committed."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from atoplib import paths
import atoplib as al

ROOT = paths.PROJECT_ROOT
#: conda-forge names that differ from the PyPI names used in pyproject.toml (PyPI name -> conda name)
CONDA_NAMES: dict[str, str] = {}
#: environment.yml entries that are the environment itself, not project dependencies
CONDA_ONLY = {"python", "pip"}
#: the extras locked into requirements.lock (and listed in environment.yml) with the dependencies
LOCKED_EXTRAS = ("test", "site", "lab")
LOCK_FILE = ROOT / "requirements.lock"


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lower_bound(specifier) -> str | None:
    bounds = [s.version for s in specifier if s.operator in (">=", "==", "~=")]
    return bounds[0] if bounds else None


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def declared_requirements() -> list[Requirement]:
    """pyproject's dependencies and its locked extras (test, site, lab)."""
    project = pyproject()
    extras = project.get("optional-dependencies", {})
    missing = [extra for extra in LOCKED_EXTRAS if extra not in extras]
    assert not missing, f"pyproject.toml has no optional-dependencies '{missing[0]}'"
    declared = list(project.get("dependencies", []))
    for extra in LOCKED_EXTRAS:
        declared += extras[extra]
    return [Requirement(text) for text in declared]


def pyproject_dependencies() -> dict[str, str | None]:
    out = {}
    for req in declared_requirements():
        name = normalize(CONDA_NAMES.get(normalize(req.name), req.name))
        out[name] = lower_bound(req.specifier)
    return out


def conda_specifiers() -> dict[str, SpecifierSet]:
    """``{name: specifier}`` of environment.yml's dependencies (conda's ``=1.2`` read as ``==1.2.*``)."""
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
        spec = "" if not op else f"=={version}.*" if op == "=" else f"{op}{version}"
        out[normalize(name)] = SpecifierSet(spec)
    return out


def conda_dependencies() -> dict[str, str | None]:
    return {name: lower_bound(spec) for name, spec in conda_specifiers().items()}


def locked_pins() -> dict[str, tuple[str, int]]:
    """``{name: (version, number of sha256 hashes)}`` of requirements.lock."""
    assert LOCK_FILE.is_file(), "requirements.lock is missing; create it with `make lock`"
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for number, line in enumerate(LOCK_FILE.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith("--hash=sha256:"):
            assert current, f"requirements.lock line {number}: a hash before any package"
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(;[^\\]*)?\\?", text)
        assert match, f"requirements.lock line {number}: {text!r} is not `name==version`; regenerate it with `make lock`"
        current = normalize(match[1])
        assert current not in pins, f"requirements.lock pins {current} twice (line {number})"
        pins[current] = (match[2], 0)
    return pins


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
    # the pieces the project cannot run without are in both, and JupyterLab (make lab)
    assert {"pandas", "numpy", "matplotlib", "papermill", "pooch", "pytest", "nbval", "jupyterlab"} <= set(pip)


def test_environment_yml_installs_the_project_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_lists = [e["pip"] for e in env["dependencies"] if isinstance(e, dict) and "pip" in e]
    assert any(any(item.replace(" ", "") in ("-e.", "--editable.", ".") for item in items) for items in pip_lists)
    python = [e for e in env["dependencies"] if isinstance(e, str) and e.startswith("python")]
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert python and python[0].replace("python", "").strip() == requires.strip()


# --------------------------------------------------------------------------- the lock

def test_lock_pins_every_declared_dependency_inside_its_range():
    pins = locked_pins()
    declared = declared_requirements()
    assert len(declared) >= 20 and len(pins) >= len(declared)
    missing = sorted(normalize(r.name) for r in declared if normalize(r.name) not in pins)
    outside = {
        str(r): pins[normalize(r.name)][0]
        for r in declared
        if normalize(r.name) in pins and not r.specifier.contains(pins[normalize(r.name)][0], prereleases=True)
    }
    assert not missing and not outside, (
        f"requirements.lock and pyproject.toml disagree: not locked {missing}; locked outside the range "
        f"(range: locked version) {outside}; run `make lock`"
    )


def test_environment_yml_admits_the_locked_versions():
    pins = locked_pins()
    conda = conda_specifiers()
    refused = {name: (str(spec), pins[name][0]) for name, spec in conda.items() if not spec.contains(pins[name][0], prereleases=True)}
    assert not refused, f"environment.yml excludes the versions pinned in requirements.lock (bound, locked): {refused}"


def test_lock_pins_each_package_with_its_hashes_and_nothing_local():
    pins = locked_pins()
    unhashed = sorted(name for name, (_, hashes) in pins.items() if hashes == 0)
    # pip's hash-checking mode refuses the whole file if one package has no hash
    assert not unhashed, f"requirements.lock pins {unhashed} without a sha256; regenerate it with `make lock`"
    text = LOCK_FILE.read_text(encoding="utf-8")
    assert not re.search(r"^\s*-e\s|file:|/tmp/|/home/|/root/", text, re.M), "requirements.lock names a local path or an editable install"
    assert "atop-notebooks" not in pins, "the project itself is installed from the checkout (pip install --no-deps -e .), not from the lock"


def test_lock_holds_the_dependencies_of_every_locked_package_installed_here():
    """pip installs the lock with --require-hashes: a dependency missing from it would stop the install.
    Checked with the metadata of each locked package installed in this environment at its locked version."""
    pins = locked_pins()
    checked, missing = 0, {}
    for name, (version, _) in pins.items():
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if dist.version != version:
            continue
        checked += 1
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            if normalize(req.name) not in pins:
                missing.setdefault(name, []).append(req.name)
    if checked < 20:
        pytest.skip(f"only {checked} locked packages are installed here at their locked version")
    assert not missing, f"requirements.lock lacks dependencies of locked packages (package: missing): {missing}; run `make lock`"


def test_makefile_installs_from_the_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^LOCK\s*:?=\s*requirements\.lock\s*$", makefile, re.M)
    stamp = re.search(r"^\$\(STAMP\):(.*)\n((?:\t.*\n)+)", makefile, re.M)
    assert stamp and "$(LOCK)" in stamp[1], "the install step must depend on the lock (re-run when it changes)"
    recipe = stamp[2]
    assert re.search(r"pip install .*-r \$\(LOCK\)", recipe), "the install step must `pip install -r requirements.lock`"
    assert re.search(r"pip install .*--no-deps -e \.", recipe), "the project must go in with --no-deps (the lock has its dependencies)"
    for target in ("report", "test"):
        assert re.search(rf"^{target}:.*\$\(STAMP\)", makefile, re.M), f"`make {target}` must install from the lock first"
    assert re.search(r"^lab:.*\$\(STAMP\)", makefile, re.M) and "--allow-root" in makefile


# --------------------------------------------------------------------------- one kernel name

def makefile_kernel() -> tuple[str, str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    name = re.search(r"^KERNEL_NAME\s*:?=\s*(.+?)\s*$", makefile, re.M)
    display = re.search(r"^KERNEL_DISPLAY\s*:?=\s*(.+?)\s*$", makefile, re.M)
    assert name and display, "Makefile defines no KERNEL_NAME / KERNEL_DISPLAY"
    install = [line for line in makefile.splitlines() if "ipykernel install" in line]
    assert install and all('--name $(KERNEL_NAME) --display-name "$(KERNEL_DISPLAY)"' in line for line in install)
    return name[1], display[1]


def test_the_installed_kernel_is_the_one_every_committed_notebook_names():
    """JupyterLab writes the running kernel's name and display name into a notebook it saves: if they
    differ from the committed metadata, opening a notebook dirties `git status`."""
    name, display = makefile_kernel()
    notebooks = [f for f in tracked_files() if f.endswith(".ipynb")]
    assert any(f.startswith("notebooks/") for f in notebooks)
    differ = {}
    for path in notebooks:
        spec = json.loads((ROOT / path).read_text(encoding="utf-8"))["metadata"].get("kernelspec", {})
        if (spec.get("name"), spec.get("display_name")) != (name, display):
            differ[path] = (spec.get("name"), spec.get("display_name"))
    first = next(iter(differ), None)
    assert not differ, (
        f"{len(differ)} notebooks name another kernel than the Makefile installs ({name!r}, {display!r}), "
        f"e.g. {first}: {differ.get(first)}; make KERNEL_DISPLAY in the Makefile and the notebooks agree"
    )


# --------------------------------------------------------------------------- citation and licence

def test_citation_cff_cites_the_collection_and_what_it_rests_on():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors"):
        assert cff.get(key), f"CITATION.cff has no '{key}' (required by CFF 1.2.0)"
    project = pyproject()
    assert (str(cff["version"]), cff["license"], cff["type"]) == (project["version"], project["license"], "software"), (
        "CITATION.cff's version and license must be pyproject.toml's, its type 'software'"
    )

    def named(person: dict) -> bool:
        return bool(person.get("name") or (person.get("family-names") and person.get("given-names")))

    assert all(named(a) for a in cff["authors"])
    references = cff["references"]
    for ref in references:
        assert ref.get("type") and ref.get("title") and ref.get("authors"), f"CITATION.cff reference without type, title or authors: {ref}"
        assert all(named(a) for a in ref["authors"]), f"CITATION.cff: an author of '{ref['title']}' has no name"

    def cited(family: str, year: int, words: str) -> bool:
        return any(
            ref.get("year") == year and words.lower() in ref["title"].lower()
            and any(a.get("family-names", a.get("name")) == family for a in ref["authors"])
            for ref in references
        )

    assert cited("Poast", 2026, "Persistent Outlier"), "CITATION.cff does not cite the memo (Poast 2026)"
    assert cited("Leeds", 2002, "Alliance Treaty Obligations and Provisions"), "CITATION.cff does not cite ATOP (Leeds et al. 2002)"
    assert cited("Leeds", 2022, "Version 5.1"), "CITATION.cff does not cite the ATOP 5.1 codebook (Leeds 2022)"
    assert cited("Correlates of War Project", 2017, "State System Membership"), "CITATION.cff does not cite the COW state-system list (2017)"
    assert cited("Singer", 1972, "Capability Distribution") and cited("Greig", 2021, "National Material Capabilities"), "CITATION.cff does not cite NMC (Singer, Bremer and Stuckey 1972; Greig and Enterline 2021)"


def test_licence_is_mit_and_leaves_the_data_out():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and pyproject()["license"] == "MIT"
    assert "does not cover the ATOP or COW data" in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "LICENSE" in readme and re.search(r"licen[cs]e[^.]*does not cover[^.]*data", readme, re.I | re.S), (
        "README.md must say that the code's licence does not cover the ATOP and COW data"
    )


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


def test_every_subpackage_and_shipped_folder_is_in_the_wheel():
    """pyproject lists atoplib's packages by hand (the registry and the notebooks are mapped in from
    data/ and notebooks/): a new subpackage left out would be missing from `pip install .`."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(tool["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "atoplib").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(found - listed)}"
    assert tool["package-dir"] == {"atoplib.pinned": "data", "atoplib.notebooks": "notebooks"}
    assert "registry.csv" in tool["package-data"]["atoplib.pinned"] and "*.ipynb" in tool["package-data"]["atoplib.notebooks"]


def test_the_manifest_records_every_installed_package():
    """manifest.json's `packages`: every installed distribution (pip-freeze-like), so a report names
    the environment it was made in — compared here with the distributions pip sees."""
    from atoplib.report.manifest import package_versions

    recorded = package_versions()
    listed = subprocess.run([sys.executable, "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
                            capture_output=True, text=True, check=True).stdout
    installed = {normalize(d["name"]): d["version"] for d in json.loads(listed) if normalize(d["name"]) != "atop-notebooks"}
    missing = {name: version for name, version in installed.items() if recorded.get(name) != version}
    assert not missing, f"manifest packages miss or misstate {missing}"
    assert recorded["pandas"] == metadata.version("pandas") and "python" in recorded and "atoplib" in recorded


def test_readme_links_resolve_and_ledger_outputs_exist():
    """Every relative link of the README opens a file of the project (the website's pages are
    committed), and every output file a ledger claim names is in the committed 5.1 report."""
    import re

    from atoplib.memo.claims import REGISTRY

    root = paths.PROJECT_ROOT
    text = (root / "README.md").read_text(encoding="utf-8")
    targets = {t.split("#")[0] for t in re.findall(r"\]\(([^)]+)\)", text) if not t.startswith(("http", "#", "mailto"))}
    missing = sorted(t for t in targets if t and not (root / t).exists())
    assert missing == [], f"README links to missing files: {missing}"
    assert "reports/atop-5.1/site/index.html" in targets
    figures = root / "reports" / "atop-5.1" / "figures"
    absent = sorted({name for claim in REGISTRY.values() for name in claim.outputs if not (figures / name).exists()
                     and not (figures.parent / name).exists()})
    assert absent == [], f"ledger claims name outputs the report lacks: {absent}"


def test_committed_notebooks_and_report_hold_no_machine_path():
    """What readers see (the notebooks, the canonical report, its website) names no folder of the
    machine that ran it: no data folder beside the checkout, no home, temporary or work folder."""
    import re

    root = paths.PROJECT_ROOT
    pattern = re.compile(r"\.\./shared|/work/|/tmp/|/home/|/root/|/Users/|[A-Z]:\\\\Users")
    files = [*sorted((root / "notebooks").glob("*.ipynb"))]
    for suffix in ("*.ipynb", "*.json", "*.csv", "*.html"):
        files += sorted((root / "reports" / "atop-5.1").rglob(suffix))
    found = [f"{p.relative_to(root)}: {m.group(0)}" for p in files
             for m in [pattern.search(p.read_text(encoding="utf-8", errors="replace"))] if m]
    assert found == [], f"machine paths in committed outputs: {found}"


# --------------------------------------------------------------------------- declared imports, one lookup of inputs

def _imported_names(source: str) -> set[str]:
    import ast

    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_every_third_party_import_of_atoplib_and_the_notebooks_is_a_declared_dependency():
    """What atoplib and the notebooks import is in pyproject's runtime dependencies (not only
    brought by another package or an extra): `pip install .` alone must run the report. pandas'
    DataFrame.style needs Jinja2 without importing it by name, so it is asked for explicitly."""
    imported: dict[str, str] = {}
    sources = [p for p in (ROOT / "atoplib").rglob("*.py") if "site_template" not in p.parts]
    for path in sources:
        for name in _imported_names(path.read_text(encoding="utf-8")):
            imported.setdefault(name, str(path.relative_to(ROOT)))
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                code = "\n".join(line for line in "".join(cell["source"]).splitlines()
                                 if not line.lstrip().startswith(("%", "!")))
                for name in _imported_names(code):
                    imported.setdefault(name, str(path.relative_to(ROOT)))
    third_party = {name: where for name, where in imported.items() if name not in sys.stdlib_module_names and name != "atoplib"}
    assert {"pandas", "matplotlib", "papermill"} <= set(third_party)
    runtime = {normalize(Requirement(text).name) for text in pyproject()["dependencies"]}
    providers = metadata.packages_distributions()
    undeclared = {name: where for name, where in third_party.items()
                  if not {normalize(d) for d in providers.get(name, [name])} & runtime}
    assert not undeclared, f"imported but not in pyproject.toml's dependencies (module: first importer): {undeclared}"
    if any(".style." in p.read_text(encoding="utf-8") for p in sources):
        assert "jinja2" in runtime, "pandas' DataFrame.style needs jinja2 at run time: declare it"


def test_make_finds_the_inputs_in_one_place_and_ci_runs_both_test_commands():
    """One Makefile function fills unset input variables from ../shared/data for make test,
    test-slow, lab and bench (issue 20: lab found the COW files but not the releases); CI runs
    `make test` and then `make test-slow`."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert makefile.count("shared/data") == 1, "the data folder beside the project is named once (SHARED)"
    inputs = re.search(r"^SHARED_INPUTS\s*:?=\s*((?:.*\\\n)*.*)$", makefile, re.M)[1]
    assert sorted(re.findall(r"([A-Z_]+)=", inputs)) == sorted(
        ["ATOP_DATA_DIR", "ATOP_BASE_DATA_DIR", "COW_STATES_FILE", "COW_NMC_FILE", "COW_MAJORS_FILE"])
    for target in ("test", "test-slow", "lab", "bench"):
        recipe = re.search(rf"^{re.escape(target)}:.*\n\t@?(.*)", makefile, re.M)
        assert recipe and recipe[1].startswith("$(INPUT_ENV);"), f"`make {target}` must find the inputs with INPUT_ENV"
    assert re.search(r'-m "not slow"', makefile) and re.search(r"^test-slow:.*\n.*-m slow", makefile, re.M)
    assert re.search(r"^\s*\$\(PYTEST\)|-n \$\(TEST_JOBS\)", makefile, re.M)
    commands = [line.split("#")[0].strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    runs = [c for c in commands if re.search(r"\bmake (test|test-slow)\s*$", c)]
    assert [c.split()[-1] for c in runs] == ["test", "test-slow"], runs
