"""The checksum registry: the sha256 of every file of the releases we know (``data/registry.csv``,
shipped in the wheel as ``atoplib.pinned``).

Each CSV file is pinned twice: by the sha256 of its bytes, and by the sha256 of its *content* (the
table read as text and written canonically: UTF-8 without BOM, ``\n`` line ends, fields without
surrounding blanks, minimal quoting, blank rows dropped). A file whose bytes match is verified; one
whose bytes differ but whose content matches (a server or an editor re-saved it with other line
endings) is accepted with one warning that says so; any other difference is refused (override:
``ATOP_VERIFY=0``). A release not pinned yet loads with one warning. The registry also holds the
official download URL where one is known.
"""

from __future__ import annotations

import csv
import hashlib
import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import paths, settings
from ..errors import AtopWarning, ChecksumError
from ..files import sha256_of  # noqa: F401  (the release's hashes; imported from here by the data layer)

VERIFY_ENV = settings.VERIFY_ENV  # "0" turns checksum verification off (the documented override)


# --------------------------------------------------------------------------- checksums

@dataclass(frozen=True)
class PinnedFile:
    dataset: str
    version: str
    file: str
    sha256: str
    url: str
    content_sha256: str = ""


@lru_cache(maxsize=4)
def _read_registry(path: Path, mtime: float) -> tuple[PinnedFile, ...]:
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines):
            rows.append(PinnedFile(**{k: (row.get(k) or "").strip() for k in PinnedFile.__annotations__}))
    return tuple(rows)


#: A registry of your own (same columns), read after the shipped one: its rows add releases, and a
#: row for a file the shipped registry pins replaces that pin. For pinning a release without editing
#: the package (an installed wheel), and for tests that serve hand-made releases.
EXTRA_REGISTRY_ENV = settings.PATH_VARIABLES["registry_file"]


def registry() -> tuple[PinnedFile, ...]:
    """Every pinned file in ``data/registry.csv``, then in ``ATOP_REGISTRY_FILE`` (which wins)."""
    path = paths.REGISTRY_FILE
    rows = _read_registry(path, path.stat().st_mtime) if path.exists() else ()
    extra = str(settings.current().registry_file or "")
    if not extra:
        return rows
    extra_path = Path(extra).expanduser()
    if not extra_path.is_file():
        raise ChecksumError(f"{EXTRA_REGISTRY_ENV} names {extra_path}, which does not exist; point it at a CSV "
                            f"with the columns of data/registry.csv, or unset it")
    own = _read_registry(extra_path, extra_path.stat().st_mtime)
    replaced = {(p.dataset, p.version, p.file.lower()) for p in own}
    return tuple(p for p in rows if (p.dataset, p.version, p.file.lower()) not in replaced) + own


def pinned_hashes(version: str, dataset: str = "atop") -> dict[str, str]:
    """``{file name: sha256}`` pinned for one release (empty for a release we have not seen)."""
    return {p.file.lower(): p.sha256 for p in registry() if p.dataset == dataset and p.version == version}


def pinned_content_hashes(version: str, dataset: str = "atop") -> dict[str, str]:
    """``{file name: content sha256}`` pinned for one release (CSV files only)."""
    return {p.file.lower(): p.content_sha256 for p in registry()
            if p.dataset == dataset and p.version == version and p.content_sha256}


def pinned_file(dataset: str, version: str, name: str) -> PinnedFile | None:
    """The registry row of one file, or None."""
    return next((p for p in registry() if (p.dataset, p.version, p.file.lower()) == (dataset, version, name.lower())), None)


def download_url(version: str) -> str | None:
    urls = {p.url for p in registry() if p.dataset == "atop" and p.version == version and p.url}
    return next(iter(urls)) if urls else None


def content_sha256_of(path: Path) -> str | None:
    """sha256 of the table in a CSV file written canonically (see the module docstring); None for a
    file that is not a readable UTF-8 CSV. Equal for two files that differ only in line endings,
    a byte-order mark, blanks around fields, quoting or blank lines."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            fields = [field.strip() for field in row]
            if any(fields):
                writer.writerow(fields)
    except csv.Error:
        return None
    return hashlib.sha256(out.getvalue().encode("utf-8")).hexdigest()


def verification_enabled(verify: bool | None = None) -> bool:
    if verify is not None:
        return verify
    return settings.current().verify


_warned: set[str] = set()


def _warn_once(key: str, message: str) -> None:
    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, AtopWarning, stacklevel=3)


def verify_files(
    files: Iterable[Path], version: str, dataset: str = "atop", verify: bool | None = None
) -> dict[Path, str]:
    """Check each file against the sha256 pinned for ``version``; return ``{path: sha256}``.

    A differing hash raises :class:`ChecksumError` (naming the file and the override). Files with
    no pinned hash are used with ONE warning for the whole set (and each release warns once per
    process), however many files it holds.
    """
    files = [Path(f) for f in files]
    digests = {path: sha256_of(path) for path in files}
    if not verification_enabled(verify):
        return digests
    pinned = pinned_hashes(version, dataset)
    contents = pinned_content_hashes(version, dataset)
    unpinned = []
    for path, digest in digests.items():
        expected = pinned.get(path.name.lower())
        if expected is None:
            unpinned.append(path.name)
        elif digest != expected and contents.get(path.name.lower()) and content_sha256_of(path) == contents[path.name.lower()]:
            _warn_once(
                f"{dataset}:{version}:{path.name}:content",
                f"{path.name}: its bytes differ from the official {dataset.upper()} {version} file (sha256 "
                f"{digest[:12]}…, pinned {expected[:12]}…) but its content matches the pinned content hash "
                f"(re-saved with other line endings or quoting); used as verified",
            )
        elif digest != expected:
            raise ChecksumError(
                f"{path}: sha256 {digest[:12]}… differs from the pinned {dataset.upper()} {version} value "
                f"{expected[:12]}…; the file was edited or re-saved. Replace it with the official file, "
                f"or set {VERIFY_ENV}=0 (verify=False) to use it anyway"
            )
    if unpinned and pinned and dataset != "atop":
        # a COW version's files are all known: a file under another name must be one of them,
        # by its bytes or its content (a renamed copy), else it is refused like an edited file
        by_digest = {digest: name for name, digest in pinned.items()}
        by_content = {digest: name for name, digest in contents.items() if digest}
        for path in [p for p in files if p.name in unpinned]:
            twin = by_digest.get(digests[path]) or by_content.get(content_sha256_of(path))
            if twin is None:
                raise ChecksumError(
                    f"{path}: not an official {dataset.upper()} {version} file: its sha256 {digests[path][:12]}… "
                    f"and its content match none of the pinned {', '.join(sorted(pinned))}; use the official "
                    f"file, or set {VERIFY_ENV}=0 (verify=False) to use it anyway"
                )
            _warn_once(f"{dataset}:{version}:{path.name}:renamed",
                       f"{path.name} is the official {dataset.upper()} {version} file {twin} under another name; "
                       f"used as verified")
        unpinned = []
    if unpinned and not pinned:
        _warn_once(
            f"{dataset}:{version}",
            f"{dataset.upper()} {version} has no pinned checksums in data/registry.csv; "
            f"its files are used unverified (add their sha256 there once the release is confirmed)",
        )
    elif unpinned:
        names = ", ".join(sorted(unpinned))
        _warn_once(
            f"{dataset}:{version}:{names}",
            f"{names} {'has' if len(unpinned) == 1 else 'have'} no pinned checksum for "
            f"{dataset.upper()} {version} (only the official CSV files are pinned); used unverified",
        )
    return digests


def verify_file(path: Path, version: str, dataset: str = "atop", verify: bool | None = None) -> str:
    """Check ``path`` against the sha256 pinned for ``version``; return its sha256.

    A differing hash raises :class:`ChecksumError`; a file with no pinned hash warns once.
    """
    return verify_files([path], version, dataset, verify)[Path(path)]
