"""Where the project's own files are: the checkout or the installed package (nothing else spells
out one of these paths). Paths a user chooses are settings (:mod:`atoplib.settings`).

The package runs two ways: from a source checkout (``make report``; an editable install) and
installed from a wheel (``pip install .``), where there is no project folder. The files the package
needs — the checksum registry and the notebooks — are read from the checkout when there is one and
otherwise from the package data (``importlib.resources``: ``atoplib.pinned``, ``atoplib.notebooks``).
Downloads go to a user cache; reports are written under the current folder.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
#: True when the package runs from a source checkout (not from an installed wheel).
IN_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "notebooks").is_dir()
DATA_DIR = PROJECT_ROOT / "data"
APP_NAME = "atop-notebooks"


def _shipped_folder(package: str, checkout: Path) -> Path:
    """``checkout`` in a source checkout, else the folder of the installed package data ``package``
    (a data-only package: importlib.resources gives a MultiplexedPath, whose entries are files)."""
    if IN_CHECKOUT:
        return checkout
    try:
        folder = resources.files(package)
    except ModuleNotFoundError:  # neither a checkout nor the package data: report the usual place
        return checkout
    if isinstance(folder, Path):
        return folder
    entries = [Path(str(entry)) for entry in folder.iterdir()]
    return entries[0].parent if entries else checkout


REGISTRY_FILE = _shipped_folder("atoplib.pinned", DATA_DIR) / "registry.csv"
NOTEBOOKS_DIR = _shipped_folder("atoplib.notebooks", PROJECT_ROOT / "notebooks")

#: Files of the package that are not its code.
_NOT_CODE = ("__pycache__", ".pyc", ".ipynb_checkpoints", ".DS_Store")


def code_fingerprint() -> str:
    """sha256 over every file of the atoplib package (relative path and content): what a cached
    result computed by this code is keyed by."""
    files = sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and not any(part in str(p) for part in _NOT_CODE))
    listing = [(p.relative_to(PACKAGE_DIR).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest()) for p in files]
    return hashlib.sha256(json.dumps(listing).encode("utf-8")).hexdigest()
