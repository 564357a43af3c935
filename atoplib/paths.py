"""Every path the project uses (nothing else spells out a path).

The package runs two ways: from a source checkout (``make report``; an editable install) and
installed from a wheel (``pip install .``), where there is no project folder. The files the package
needs — the checksum registry and the notebooks — are read from the checkout when there is one and
otherwise from the package data (``importlib.resources``: ``atoplib.pinned``, ``atoplib.notebooks``).
Downloads go to a user cache; reports are written under the current folder.

Environment variables a user may set:

``ATOP_DATA_DIR``    a folder or the official zip holding an ATOP release (CSV or Stata).
``ATOP_CACHE_DIR``   where downloads and unpacked zips are kept (default: the user cache,
                     e.g. ``~/.cache/atop-notebooks`` on Linux).
``COW_STATES_FILE``  a COW state-system file (``states2016.csv``) for state names.
``COW_NMC_FILE``     the COW National Material Capabilities file (``NMC-60-abridged.csv``).
``COW_MAJORS_FILE``  the COW major-powers file (``majors2016.csv``).
``ATOP_REPORTS_DIR`` where report folders ``atop-<version>/`` are written (default ``reports/`` of
                     the checkout, or of the current folder when installed).
"""

from __future__ import annotations

import os
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


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def user_cache_dir() -> Path:
    """The per-user cache of the platform (``~/.cache/atop-notebooks`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Folder for downloads and unpacked archives: ``ATOP_CACHE_DIR``, else the user cache."""
    return _env_path("ATOP_CACHE_DIR") or user_cache_dir()


def reports_dir() -> Path:
    """Folder holding one ``atop-<version>/`` report per release: ``ATOP_REPORTS_DIR``, else
    ``reports/`` of the checkout, else ``reports/`` under the current folder (an installed package)."""
    return _env_path("ATOP_REPORTS_DIR") or (PROJECT_ROOT / "reports" if IN_CHECKOUT else Path.cwd() / "reports")


def report_dir(version: str) -> Path:
    """The report folder of one release, e.g. ``reports/atop-5.1``."""
    return reports_dir() / f"atop-{version}"


def interactive_dir(version: str) -> Path:
    """Where a notebook run by hand (JupyterLab, papermill) writes when no output_dir is given;
    ``reports/atop-<version>/`` belongs to report runs, which replace it whole."""
    return reports_dir() / "interactive" / f"atop-{version}"


def env_data_dir() -> Path | None:
    return _env_path("ATOP_DATA_DIR")


def env_states_file() -> Path | None:
    return _env_path("COW_STATES_FILE")


def env_nmc_file() -> Path | None:
    return _env_path("COW_NMC_FILE")


def env_majors_file() -> Path | None:
    return _env_path("COW_MAJORS_FILE")
