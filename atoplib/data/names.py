"""ATOP release names: the file-name pattern (``atop5_1a.csv``), the kinds of file, and release numbers."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ParameterError

DEFAULT_VERSION = "5.1"

#: File kinds of an ATOP release, by the suffix after ``atopX_Y``.
KINDS = {
    "a": "alliance level",
    "m": "member level",
    "sy": "state-year",
    "aph": "alliance-phase level",
    "dy": "dyad-year",
    "ddyr": "directed dyad-year",
}
REQUIRED_KINDS = ("a", "m")

FILE_PATTERN = re.compile(
    r"^atop(?P<major>\d+)_(?P<minor>\d+)(?P<kind>[a-z]+)\.(?P<ext>csv|dta)$", re.IGNORECASE
)


#: ATOP's NNA files (``atop5_1sy_NNA.csv``): derived files without non-aggression-only pacts.
NNA_PATTERN = re.compile(r"^atop\d+_\d+[a-z]+_nna\.(csv|dta)$", re.IGNORECASE)


def is_nna(path: Path, root: Path | None = None) -> bool:
    """True for one of ATOP's NNA files: named ``…_NNA.csv``, or inside a folder named ``NNA``
    (``root`` itself or a folder below it, when ``root`` is given; else the file's own folder)."""
    if NNA_PATTERN.match(path.name):
        return True
    if root is None or not path.is_relative_to(root):
        return path.parent.name.lower() == "nna"
    return any(part.lower() == "nna" for part in (root.name, *path.relative_to(root).parts[:-1]))


def version_from_filename(name: str) -> str | None:
    """``atop5_1a.csv`` -> ``"5.1"``; ``atop4_01m.dta`` -> ``"4.01"``; anything else -> None."""
    match = FILE_PATTERN.match(Path(name).name)
    return f"{int(match['major'])}.{match['minor']}" if match else None


def version_stem(version: str) -> str:
    """``"5.1"`` -> ``"5_1"``, the form used in ATOP file names."""
    return version.replace(".", "_")


def normalize_version(value: object) -> str:
    """Release numbers as ATOP writes them: ``5.1``, ``4.01`` (also accepts ``5_1``, ``v5.1``)."""
    text = str(value).strip().lower().removeprefix("v").replace("_", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ParameterError(f"'{value}' is not an ATOP release number; use a form such as 5.1 or 4.01")
    return text
