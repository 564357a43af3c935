"""Helpers the tests import (`from support import FIXTURES, real_dir, cow_file`).

The real data are found through :class:`atoplib.settings.Settings`, as the command line finds them
(`need_real_dir`, `need_cow_file` skip with the one variable to set); `once_per_session` shares an
expensive result (an executed collection) between pytest-xdist workers.

They live here, not in conftest.py, because notebooks/ has a conftest.py of its own and two
modules named `conftest` cannot both be imported by name.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sysconfig
import tempfile
import venv
from pathlib import Path
from typing import Callable, TypeVar

import pytest
from filelock import FileLock

from atoplib import paths
from atoplib.settings import PATH_VARIABLES, Settings

T = TypeVar("T")

#: The hand-made fixtures as committed. Their data files are named ``*.fixture.csv`` so that
#: nothing in git looks like (or could be mistaken for) a real ATOP file.
FIXTURE_SOURCES = Path(__file__).parent / "fixtures"


def _materialize_fixtures() -> Path:
    """Copy the fixtures to a temporary folder under ATOP's file names (``atop5_9a.csv``, …),
    which is how the loader finds a release; tests use (and may freely damage) the copies."""
    target = Path(tempfile.mkdtemp(prefix="atop-fixtures-"))
    atexit.register(shutil.rmtree, target, True)
    for source in FIXTURE_SOURCES.rglob("*"):
        if source.is_file():
            dest = target / source.relative_to(FIXTURE_SOURCES).parent / source.name.replace(".fixture.csv", ".csv")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest)
    return target


FIXTURES = _materialize_fixtures()
#: The workplace's folder beside the project. Tests find the data through the settings below, never
#: here (`make test` exports the variables from it); only the memo's text is read from it.
SHARED = paths.PROJECT_ROOT.parent / "shared" / "data"


# --------------------------------------------------------------------------- the real data, through the settings
# Tests read ATOP_DATA_DIR, ATOP_BASE_DATA_DIR and COW_*_FILE exactly as the command line does:
# atoplib.settings.Settings.resolve() (relative paths made absolute, blank values ignored).

#: The setting (and so the environment variable) that holds each real release the tests use: the
#: release under study, and the base release notebook 07 compares it with.
RELEASE_SETTINGS = {"5.1": "data_dir", "4.01": "base_data_dir"}
#: COW's official file names, by the kind `Settings.cow_file` takes.
COW_NAMES = {"states": "states2016.csv", "nmc": "NMC-60-abridged.csv", "majors": "majors2016.csv"}
#: How `make test` fills an unset variable (Makefile: SHARED_INPUTS), for the skip hints.
MAKE_FINDS = "make test sets it itself when ../shared/data holds the file"


def settings_now() -> Settings:
    """The settings of this test process: the environment, resolved as ``atopnb`` resolves it."""
    return Settings.resolve()


def _variable(field: str) -> str:
    return PATH_VARIABLES[field]


def _holds_release(folder: Path, version: str) -> bool:
    stem = "atop" + version.replace(".", "_") + "a"
    return folder.is_dir() and any(p.stem.lower() == stem for p in folder.rglob("*.csv"))


def real_dir(version: str) -> Path | None:
    """The folder of the real ATOP ``version`` the settings name (``ATOP_DATA_DIR`` or
    ``ATOP_BASE_DATA_DIR``, whichever holds it), or None."""
    settings = settings_now()
    for field in ("data_dir", "base_data_dir"):
        folder = getattr(settings, field)
        if folder is not None and _holds_release(folder, version):
            return folder
    return None


def real_dir_hint(version: str) -> str:
    """Why :func:`real_dir` found no ATOP ``version``, and the one variable that would supply it."""
    field = RELEASE_SETTINGS.get(version, "data_dir")
    variable, given = _variable(field), getattr(settings_now(), field)
    fix = f"set {variable} to the folder of the ATOP {version} CSV files ({MAKE_FINDS})"
    if given is None:
        return f"real ATOP {version} files not found: {variable} is not set; {fix}"
    return f"real ATOP {version} files not found in {variable}={given}; {fix}"


def need_real_dir(version: str) -> Path:
    """:func:`real_dir`, or skip the test with :func:`real_dir_hint`."""
    folder = real_dir(version)
    if folder is None:
        pytest.skip(real_dir_hint(version))
    return folder


def _cow_kind(name: str) -> str:
    kinds = {file: kind for kind, file in COW_NAMES.items()}
    if name not in kinds:
        raise ValueError(f"no COW file is named {name!r}; expected one of {sorted(kinds)}")
    return kinds[name]


def cow_file(name: str, env: str | None = None) -> Path | None:
    """COW's file ``name`` (e.g. ``states2016.csv``) as the settings give it (``COW_STATES_FILE``,
    ``COW_NMC_FILE``, ``COW_MAJORS_FILE``), or None. ``env``, the variable, is checked, not read."""
    kind = _cow_kind(name)
    field = f"{kind}_file"
    if env is not None and env != _variable(field):
        raise ValueError(f"COW's {name} is set by {_variable(field)}, not {env}")
    path = settings_now().cow_file(kind)
    return path if path is not None and path.is_file() else None


def cow_file_hint(name: str) -> str:
    """Why :func:`cow_file` found no COW ``name``, and the variable that would supply it."""
    variable = _variable(f"{_cow_kind(name)}_file")
    given = settings_now().cow_file(_cow_kind(name))
    where = f"{variable} is not set" if given is None else f"{variable}={given} is not a file"
    return f"COW {name} not found: {where}; set {variable} to COW's {name} ({MAKE_FINDS})"


def need_cow_file(name: str) -> Path:
    """:func:`cow_file`, or skip the test with :func:`cow_file_hint`."""
    path = cow_file(name)
    if path is None:
        pytest.skip(cow_file_hint(name))
    return path


def complete_inputs() -> dict[str, Path]:
    """Every real input of a complete report run (the 5.1 and 4.01 releases, the three COW files)
    as environment variables, or skip with the first missing one's hint."""
    out = {"ATOP_DATA_DIR": need_real_dir("5.1"), "ATOP_BASE_DATA_DIR": need_real_dir("4.01")}
    for kind, name in COW_NAMES.items():
        out[_variable(f"{kind}_file")] = need_cow_file(name)
    return out


# --------------------------------------------------------------------------- once per session, across workers

def once_per_session(tmp_path_factory, name: str, build: Callable[[Path], T]) -> T:
    """``build(folder)`` run once for the whole test session, also under pytest-xdist: the first
    worker to ask builds into a folder shared by all workers (under a file lock) and records the
    JSON result; the others wait and read it. A failed build is recorded too, so the other
    workers fail with its message instead of building again."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    base = tmp_path_factory.getbasetemp()
    root = base.parent if worker else base  # xdist: <basetemp>/popen-gwN; the session's folder is its parent
    folder, record = root / f"once-{name}", root / f"once-{name}.json"
    with FileLock(str(root / f"once-{name}.lock")):
        if not record.exists():
            try:
                folder.mkdir(exist_ok=True)
                result = {"ok": build(folder)}
            except pytest.skip.Exception as skip:
                record.write_text(json.dumps({"skip": str(skip)}))
                raise
            except Exception as err:  # recorded for the other workers, then raised here
                record.write_text(json.dumps({"error": f"{type(err).__name__}: {err}"}))
                raise
            record.write_text(json.dumps(result, default=str))
    answer = json.loads(record.read_text())
    if "skip" in answer:
        pytest.skip(answer["skip"])
    if "error" in answer:
        pytest.fail(f"{name}, built once for the session by another worker, failed: {answer['error']}")
    return answer["ok"]


# --------------------------------------------------------------------------- a clone of the checkout

def clone_checkout(box: Path) -> Path:
    """A git clone of this checkout's committed HEAD in ``box/atop-notebooks`` (no ``../shared``
    beside it)."""
    clone = box / "atop-notebooks"
    subprocess.run(["git", "clone", "--quiet", str(paths.PROJECT_ROOT), str(clone)], check=True, capture_output=True)
    return clone


def offline_venv(clone: Path) -> Path:
    """``clone/.venv`` for `make` that needs no download: the clone's code first, then this
    environment's packages (a ``.pth`` file); ``atopnb`` as a script; the install stamp `make`
    checks, so it does not reinstall. Returns the folder."""
    env_dir = clone / ".venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "_offline_clone.pth").write_text(f"{clone}\n{sysconfig.get_paths()['purelib']}\n")
    script = env_dir / "bin" / "atopnb"
    script.write_text(f"#!{python}\nimport sys\nfrom atoplib.cli import main\n\nif __name__ == '__main__':\n    sys.exit(main())\n")
    script.chmod(0o755)
    stamp = subprocess.run("cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1", shell=True, cwd=clone,
                           capture_output=True, text=True, check=True).stdout.strip()
    (env_dir / f".installed-{stamp}").touch()
    return env_dir


def one_line(err, *parts: str) -> str:
    """The message of a raised error is one line holding every one of ``parts``; returns it."""
    message = str(err.value)
    assert "\n" not in message and message == message.strip()
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"
    return message


MINI = FIXTURES / "mini"


def release(tmp_path: Path, name: str = "rel", a=None, m=None, a_name="atop5_9a.csv", m_name="atop5_9m.csv") -> Path:
    """A copy of `mini` in ``tmp_path/name``; ``a``/``m`` edit the text of each file (None: drop it)."""
    folder = tmp_path / name
    folder.mkdir()
    for kind, edit, fname in (("a", a, a_name), ("m", m, m_name)):
        text = (MINI / f"atop5_9{kind}.csv").read_text()
        if edit is not None:
            text = edit(text)
            if text is None:
                continue
        (folder / fname).write_text(text)
    return folder


def drop(_text):
    """An edit for :func:`release` that leaves the file out."""
    return None
