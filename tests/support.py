"""Helpers the tests import (`from support import FIXTURES, real_dir, cow_file`).

They live here, not in conftest.py, because notebooks/ has a conftest.py of its own and two
modules named `conftest` cannot both be imported by name.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from atoplib import paths
import atoplib as al

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
SHARED = paths.PROJECT_ROOT.parent / "shared" / "data"


def real_dir(version: str) -> Path | None:
    """The real ATOP release folder: ATOP_DATA_DIR when it holds `version`, else ../shared/data."""
    env = os.environ.get("ATOP_DATA_DIR")
    stem = "atop" + version.replace(".", "_") + "a"
    for candidate in ([Path(env)] if env else []) + [SHARED / "atop" / version]:
        if candidate.is_dir() and any(p.stem.lower() == stem for p in candidate.rglob("*")):
            return candidate
    return None


def cow_file(name: str, env: str) -> Path | None:
    for candidate in (os.environ.get(env), SHARED / "cow" / name):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


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
