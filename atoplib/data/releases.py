"""What a release is: the files ATOP distributes under one version number, found in a folder.

A *release* is the alliance-level file ``atopX_Ya``, the member-level file ``atopX_Ym``, the
state-year file ``atopX_Ysy`` and others, each as CSV or Stata ``.dta``. :class:`Release` records
where each file is, its version (read from the file names) and whether its checksums were verified
against ``data/registry.csv``. A folder is searched recursively; an incomplete one is refused with
a message that names what is there and what is missing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataNotFoundError
from .archives import _ensure_unpacked
from .names import FILE_PATTERN, KINDS, REQUIRED_KINDS, normalize_version, version_stem


@dataclass(frozen=True)
class Release:
    """The files of one ATOP release found on disk."""

    version: str
    files: dict[str, Path]
    source: str
    format: str
    checksums: dict[str, str] = field(default_factory=dict)
    verified: bool = False
    #: False when checksum verification was turned off (``ATOP_VERIFY=0`` / ``verify=False``):
    #: then the consistency rules that an intended edit may break warn instead of refusing.
    verification_on: bool = True

    def file(self, kind: str) -> Path:
        try:
            return self.files[kind]
        except KeyError:
            raise DataNotFoundError(
                f"ATOP {self.version} at {self.source} has no {KINDS.get(kind, kind)} file "
                f"(atop{version_stem(self.version)}{kind}.csv or .dta); add it to that folder"
            ) from None


# --------------------------------------------------------------------------- locating

def _scan(folder: Path) -> dict[str, dict[str, list[Path]]]:
    """``{version: {kind: [paths]}}`` for every ATOP data file below ``folder``."""
    found: dict[str, dict[str, list[Path]]] = {}
    for path in _walk(folder):
        match = FILE_PATTERN.match(path.name)
        if match and match["kind"].lower() in KINDS:
            version = f"{int(match['major'])}.{match['minor']}"
            found.setdefault(version, {}).setdefault(match["kind"].lower(), []).append(path)
    return found


def _walk(folder: Path) -> list[Path]:
    """Every file below ``folder``, following links to folders (a folder holding only a link to
    the release is the release), each real folder once (no loop through a link to a parent)."""
    files, seen = [], set()
    for root, dirs, names in os.walk(folder, followlinks=True):
        try:
            key = (os.stat(root).st_dev, os.stat(root).st_ino)
        except OSError:
            dirs[:] = []
            continue
        if key in seen:
            dirs[:] = []
            continue
        seen.add(key)
        files += [Path(root) / n for n in names if (Path(root) / n).is_file()]
    return sorted(files)


COMPRESSED = re.compile(r"^atop\d+_\d+[a-z]+\.(csv|dta)\.(gz|bz2|xz|7z|rar)$", re.IGNORECASE)


def _nothing_found(folder: Path, source: str) -> DataNotFoundError:
    """What a folder without ATOP data files holds, and what to do with it."""
    files = _walk(folder)
    compressed = [p.name for p in files if COMPRESSED.match(p.name)]
    if compressed:
        return DataNotFoundError(
            f"{source} holds compressed ATOP files ({', '.join(compressed[:3])}) but no .csv or .dta; "
            f"unpack them (e.g. gunzip {compressed[0]}) and point ATOP_DATA_DIR at the folder again"
        )
    shown = ", ".join(p.name for p in files[:3]) + (", …" if len(files) > 3 else "")
    links = [p for p in folder.iterdir() if p.is_symlink() and not p.exists()]
    found = f" (it holds {shown})" if files else (f" (its link {links[0].name} points nowhere)" if links else "")
    return DataNotFoundError(
        f"no ATOP data files (atopX_Ya.csv, atopX_Ym.csv, … or .dta) in {source}{found}; point "
        f"ATOP_DATA_DIR at the folder or zip of an ATOP release"
    )


def _pick(paths_: list[Path]) -> Path:
    """Prefer CSV over Stata when a release folder holds both."""
    return sorted(paths_, key=lambda p: (p.suffix.lower() != ".csv", len(p.parts), str(p)))[0]


def _release_from_folder(folder: Path, version: str | None, source: str) -> Release:
    found = _scan(folder)
    if not found:
        zips = [p for p in _walk(folder) if p.suffix.lower() == ".zip"]
        if zips:
            return _release_from_folder(_ensure_unpacked(zips[0]), version, f"{zips[0]}")
        raise _nothing_found(folder, source)
    if version is not None:
        version = normalize_version(version)
    complete = {v: kinds for v, kinds in found.items() if all(k in kinds for k in REQUIRED_KINDS)}
    if version is None:
        if len(complete) > 1:
            raise DataNotFoundError(
                f"{source} holds several ATOP releases ({', '.join(sorted(complete))}); pass the "
                f"version (--version / atop_version) or point at one release's folder"
            )
        if len(complete) == 0:
            _raise_incomplete(found, source)
        version = next(iter(complete))
    if version not in found:
        raise DataNotFoundError(
            f"{source} holds ATOP {', '.join(sorted(found))}, not {version}; point at the "
            f"{version} folder or ask for the release it holds"
        )
    if version not in complete:
        _raise_incomplete({version: found[version]} | {v: k for v, k in found.items() if v != version}, source)
    files = {kind: _pick(paths_) for kind, paths_ in found[version].items()}
    formats = {files[k].suffix.lower().lstrip(".") for k in REQUIRED_KINDS}
    return Release(version=version, files=files, source=source, format="+".join(sorted(formats)))


def _raise_incomplete(found: dict[str, dict[str, list[Path]]], source: str) -> None:
    version, kinds = next(iter(found.items()))
    missing = [k for k in REQUIRED_KINDS if k not in kinds]
    present = ", ".join(p.name for ps in kinds.values() for p in ps)
    others = [
        f"{p.name} ({v})" for v, ks in found.items() if v != version for k in missing for p in ks.get(k, [])
    ]
    if others:
        raise DataNotFoundError(
            f"{source} mixes releases: {present} ({version}) with {', '.join(others)}; the alliance "
            f"and member files must come from one release"
        )
    stem = version_stem(version)
    raise DataNotFoundError(
        f"{source} holds {present} but no {' or '.join(KINDS[k] + ' file atop' + stem + k + '.csv' for k in missing)}; "
        f"add the missing file(s) of ATOP {version}"
    )
