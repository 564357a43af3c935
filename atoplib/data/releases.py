"""What a release is: the files ATOP distributes under one version number, found in a folder.

A *release* is the alliance-level file ``atopX_Ya``, the member-level file ``atopX_Ym``, the
state-year file ``atopX_Ysy`` and others, each as CSV or Stata ``.dta``. :class:`Release` records
where each file is, its version (read from the file names) and whether its checksums were verified
against ``data/registry.csv``. A folder is searched recursively; an incomplete one is refused with
a message that names what is there and what is missing.

**One folder, one format.** A release is read from ONE folder (the one holding its alliance and
member files) in ONE format (theirs). Its other files are taken from that folder in that format;
copies elsewhere (a scratch folder) or in the other format are not used, and a warning names
them. What cannot be explained is refused, naming both candidates and the fix: the alliance or
member file in two folders, the two in different folders or formats, or a ``.csv`` and a ``.dta``
of one kind side by side. ATOP's ``NNA`` files (the state-year and dyad files without
non-aggression-only pacts: ``atop5_1sy_NNA.csv``, in the official zip's ``NNA/`` folder) are never
part of a release; a folder holding only them is answered with the release folder to use.
:attr:`Release.note` says in one line which files were used (``atopnb info`` prints it).
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AtopWarning, DataNotFoundError
from .archives import _ensure_unpacked
from .names import FILE_PATTERN, KINDS, REQUIRED_KINDS, is_nna, normalize_version, version_stem


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
    #: One line: the folder and the files used, and any candidate left out (and why).
    note: str = ""

    @property
    def folder(self) -> Path:
        """The one folder the release's files are read from."""
        return self.files["a"].parent if "a" in self.files else next(iter(self.files.values())).parent

    def file(self, kind: str) -> Path:
        try:
            return self.files[kind]
        except KeyError:
            raise DataNotFoundError(
                f"ATOP {self.version} at {self.source} has no {KINDS.get(kind, kind)} file "
                f"(atop{version_stem(self.version)}{kind}.csv or .dta); add it to that folder"
            ) from None


# --------------------------------------------------------------------------- locating

FORMATS = {".csv": "CSV", ".dta": "Stata .dta"}


def _scan(folder: Path) -> dict[str, dict[str, list[Path]]]:
    """``{version: {kind: [paths]}}`` for every ATOP data file below ``folder`` (NNA files aside)."""
    found: dict[str, dict[str, list[Path]]] = {}
    for path in _walk(folder):
        if is_nna(path, folder):
            continue
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
    nna = [p for p in files if is_nna(p, folder)]
    if nna:
        named = ", ".join(p.name for p in nna[:2]) + (", …" if len(nna) > 2 else "")
        nna_folder = folder if folder.name.lower() == "nna" else nna[0].parent
        above = nna_folder.parent if nna_folder.name.lower() == "nna" else folder.parent
        holds = above.is_dir() and any(FILE_PATTERN.match(p.name) for p in above.iterdir() if p.is_file())
        where = (f"point ATOP_DATA_DIR at the release folder {above}" if holds and above != folder else
                 "in the official zip the release's alliance and member files (atopX_Ya.csv, atopX_Ym.csv) sit in "
                 "the folder above NNA/: point ATOP_DATA_DIR at that folder, or at the zip")
        return DataNotFoundError(
            f"{source} holds only ATOP's NNA files ({named}: state-year and dyad files without non-aggression-only "
            f"pacts), not a release's alliance and member files; {where}"
        )
    shown = ", ".join(p.name for p in files[:3]) + (", …" if len(files) > 3 else "")
    links = [p for p in folder.iterdir() if p.is_symlink() and not p.exists()]
    found = f" (it holds {shown})" if files else (f" (its link {links[0].name} points nowhere)" if links else "")
    return DataNotFoundError(
        f"no ATOP data files (atopX_Ya.csv, atopX_Ym.csv, … or .dta) in {source}{found}; point "
        f"ATOP_DATA_DIR at the folder or zip of an ATOP release"
    )


def _choose(version: str, kinds: dict[str, list[Path]], source: str) -> tuple[dict[str, Path], str, list[str]]:
    """One folder and one format for ``version``: ``(files by kind, format, what was left out)``.
    Refuses (one line naming both candidates and the fix) what no rule explains."""
    stem = version_stem(version)
    for kind in REQUIRED_KINDS:
        paths_ = sorted(kinds[kind], key=lambda p: (len(p.parts), str(p)))
        folders = sorted({p.parent for p in paths_}, key=lambda f: (len(f.parts), str(f)))
        if len(folders) > 1:
            one, two = (next(p for p in paths_ if p.parent == f) for f in folders[:2])
            raise DataNotFoundError(
                f"{source} holds ATOP {version}'s {KINDS[kind]} file in two folders, {one} and {two}; a release is "
                f"one folder and nothing says which copy is current: point ATOP_DATA_DIR at the folder you mean, or "
                f"remove the other copy"
            )
        if len(paths_) > 1:
            names = " and ".join(p.name for p in paths_[:2])
            raise DataNotFoundError(
                f"{folders[0]} holds {names} side by side; a release is read in one format and nothing says which "
                f"one is current: move one format to a folder of its own (as ATOP's zips do: 'ATOP {version} (.csv)', "
                f"'ATOP {stem} (dta)') and point ATOP_DATA_DIR at it"
            )
    a, m = kinds["a"][0], kinds["m"][0]
    if a.parent != m.parent:
        raise DataNotFoundError(
            f"{source}: the {KINDS['a']} file {a} and the {KINDS['m']} file {m} are in different folders; a release "
            f"is one folder: put the release's files together and point ATOP_DATA_DIR at that folder"
        )
    if a.suffix.lower() != m.suffix.lower():
        raise DataNotFoundError(
            f"{a.parent} holds {a.name} and {m.name}, one file in each format; a release is read in one format: put "
            f"both in the same format ({a.stem}{m.suffix.lower()} or {m.stem}{a.suffix.lower()}) in that folder"
        )
    folder, suffix = a.parent, a.suffix.lower()
    files, left_out = {}, []
    for kind, paths_ in kinds.items():
        chosen = [p for p in paths_ if p.parent == folder and p.suffix.lower() == suffix]
        if chosen:
            files[kind] = chosen[0]
        for p in paths_:
            if p.parent != folder:
                left_out.append(f"{p} (outside the release folder)")
            elif p.suffix.lower() != suffix:
                left_out.append(f"{p.name} (the other format)")
    return files, FORMATS.get(suffix, suffix), left_out


def describe_choice(version: str, files: dict[str, Path], fmt: str, left_out: list[str]) -> str:
    """The one line that says which files a release is read from."""
    order = list(KINDS)
    names = ", ".join(files[k].name for k in sorted(files, key=lambda k: order.index(k) if k in order else len(order)))
    text = f"ATOP {version} read from {next(iter(files.values())).parent}: {names} ({fmt})"
    if left_out:
        text += f"; not used: {', '.join(left_out)}"
    return text


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
    files, fmt, left_out = _choose(version, found[version], source)
    note = describe_choice(version, files, fmt, left_out)
    if left_out:
        warnings.warn(note, AtopWarning, stacklevel=4)
    return Release(version=version, files=files, source=source, format=files["a"].suffix.lower().lstrip("."), note=note)


def _raise_incomplete(found: dict[str, dict[str, list[Path]]], source: str) -> None:
    version, kinds = next(iter(found.items()))
    missing = [k for k in REQUIRED_KINDS if k not in kinds]
    present = ", ".join(p.name for ps in kinds.values() for p in ps)
    holders = sorted({p.parent for ps in kinds.values() for p in ps}, key=lambda f: (len(f.parts), str(f)))
    stem = version_stem(version)
    for kind in missing:
        for folder in holders:
            for suffix in (".csv", ".dta"):
                link = folder / f"atop{stem}{kind}{suffix}"
                if link.is_symlink() and not link.exists():
                    raise DataNotFoundError(
                        f"{link} is a broken symbolic link (it points at {os.readlink(link)}, which does not exist); "
                        f"fix the link or put ATOP {version}'s {KINDS[kind]} file there"
                    )
    if len(holders) == 1 and str(holders[0]) != str(source):
        source = str(holders[0])  # name the folder the files are in, not the one above it
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
