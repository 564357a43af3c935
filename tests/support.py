"""Helpers the tests import (`from support import FIXTURES, real_dir, cow_file`).

They live here, not in conftest.py, because notebooks/ has a conftest.py of its own and two
modules named `conftest` cannot both be imported by name.
"""

from __future__ import annotations

import os
from pathlib import Path

from atoplib import paths

FIXTURES = Path(__file__).parent / "fixtures"
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
