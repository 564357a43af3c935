"""Every path the project uses, computed from the project root (nothing else spells out a path).

Environment variables a user may set:

``ATOP_DATA_DIR``   a folder or the official zip holding an ATOP release (CSV or Stata).
``ATOP_CACHE_DIR``  where downloads and unpacked zips are kept (default ``data/raw/``).
``COW_STATES_FILE`` a COW state-system file (``states2016.csv``) for state names.
``COW_NMC_FILE``    the COW National Material Capabilities file (``NMC-60-abridged.csv``).
``ATOP_REPORTS_DIR`` where report folders ``atop-<version>/`` are written (default ``reports/``).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
DATA_DIR = PROJECT_ROOT / "data"
REGISTRY_FILE = DATA_DIR / "registry.csv"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def cache_dir() -> Path:
    """Folder for downloads and unpacked archives (git-ignored)."""
    return _env_path("ATOP_CACHE_DIR") or DATA_DIR / "raw"


def reports_dir() -> Path:
    """Folder holding one ``atop-<version>/`` report per release."""
    return _env_path("ATOP_REPORTS_DIR") or PROJECT_ROOT / "reports"


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
