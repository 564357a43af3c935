"""Where the ATOP files come from: a folder, the official zip, or the official download.

A *release* is the set of files ATOP distributes under one version number: the alliance-level
file ``atopX_Ya``, the member-level file ``atopX_Ym``, the state-year file ``atopX_Ysy`` and
others, each as CSV or Stata ``.dta``. :func:`locate_release` finds them, reads the version from
the file names, and checks every file against the sha256 pinned in ``data/registry.csv``.

Resolution order when no folder is given: ``ATOP_DATA_DIR``, then the download cache
(``data/raw/atop-<version>/``), then the official download (5.1 only; through pooch).
"""

from __future__ import annotations

import csv
import contextlib
import hashlib
import logging
import lzma
import os
import re
import shutil
import tempfile
import warnings
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath, PureWindowsPath

from . import paths
from .errors import (
    ArchiveError,
    AtopWarning,
    ChecksumError,
    DataNotFoundError,
    DownloadError,
    ParameterError,
)

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

#: An unpacked archive larger than this is refused as a likely zip bomb (ATOP 5.1 is ~3 MB).
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200

VERIFY_ENV = "ATOP_VERIFY"  # "0" turns checksum verification off (the documented override)
DOWNLOAD_URL_ENV = "ATOP_DOWNLOAD_URL"
ALLOW_HTTP_ENV = "ATOP_ALLOW_HTTP"


@dataclass(frozen=True)
class Release:
    """The files of one ATOP release found on disk."""

    version: str
    files: dict[str, Path]
    source: str
    format: str
    checksums: dict[str, str] = field(default_factory=dict)
    verified: bool = False

    def file(self, kind: str) -> Path:
        try:
            return self.files[kind]
        except KeyError:
            raise DataNotFoundError(
                f"ATOP {self.version} at {self.source} has no {KINDS.get(kind, kind)} file "
                f"(atop{version_stem(self.version)}{kind}.csv or .dta); add it to that folder"
            ) from None


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


# --------------------------------------------------------------------------- checksums

@dataclass(frozen=True)
class PinnedFile:
    dataset: str
    version: str
    file: str
    sha256: str
    url: str


@lru_cache(maxsize=4)
def _read_registry(path: Path, mtime: float) -> tuple[PinnedFile, ...]:
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines):
            rows.append(PinnedFile(**{k: (row.get(k) or "").strip() for k in PinnedFile.__annotations__}))
    return tuple(rows)


def registry() -> tuple[PinnedFile, ...]:
    """Every pinned file in ``data/registry.csv``."""
    path = paths.REGISTRY_FILE
    if not path.exists():
        return ()
    return _read_registry(path, path.stat().st_mtime)


def pinned_hashes(version: str, dataset: str = "atop") -> dict[str, str]:
    """``{file name: sha256}`` pinned for one release (empty for a release we have not seen)."""
    return {p.file.lower(): p.sha256 for p in registry() if p.dataset == dataset and p.version == version}


def known_versions() -> list[str]:
    return sorted({p.version for p in registry() if p.dataset == "atop"}, key=lambda v: [int(x) for x in v.split(".")])


def download_url(version: str) -> str | None:
    urls = {p.url for p in registry() if p.dataset == "atop" and p.version == version and p.url}
    return next(iter(urls)) if urls else None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verification_enabled(verify: bool | None = None) -> bool:
    if verify is not None:
        return verify
    return os.environ.get(VERIFY_ENV, "1").strip().lower() not in {"0", "false", "no", "off"}


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
    unpinned = []
    for path, digest in digests.items():
        expected = pinned.get(path.name.lower())
        if expected is None:
            unpinned.append(path.name)
        elif digest != expected:
            raise ChecksumError(
                f"{path}: sha256 {digest[:12]}… differs from the pinned {dataset.upper()} {version} value "
                f"{expected[:12]}…; the file was edited or re-saved. Replace it with the official file, "
                f"or set {VERIFY_ENV}=0 (verify=False) to use it anyway"
            )
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


# --------------------------------------------------------------------------- archives

def _unsafe_entry(name: str) -> bool:
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    return (
        posix.is_absolute()
        or windows.is_absolute()
        or bool(windows.drive)
        or name.startswith(("/", "\\"))
        or ".." in posix.parts
        or ".." in windows.parts
    )


def unpack_zip(archive: Path, dest: Path, max_bytes: int = MAX_UNPACKED_BYTES) -> Path:
    """Unpack the ATOP data files of ``archive`` into ``dest`` (flat), safely and atomically.

    Refuses archives that are not zips or are truncated, encrypted, hold an entry whose path
    escapes the target folder, unpack to more than ``max_bytes``, or hold no ATOP data files.
    Nothing is written to ``dest`` unless every check passes.
    """
    archive = Path(archive)
    if not zipfile.is_zipfile(archive):
        raise ArchiveError(
            f"{archive} is not a zip archive (or is truncated); download the release again "
            f"or point ATOP_DATA_DIR at the unpacked folder"
        )
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            for info in infos:
                if _unsafe_entry(info.filename):
                    raise ArchiveError(
                        f"{archive}: entry '{info.filename}' would be written outside the target "
                        f"folder; the archive is refused (use the official ATOP zip)"
                    )
            wanted = [i for i in infos if not i.is_dir() and FILE_PATTERN.match(PurePosixPath(i.filename).name)]
            if not wanted:
                raise ArchiveError(
                    f"{archive} holds no ATOP data files (atopX_Ya.csv, atopX_Ym.csv, … or .dta); "
                    f"use the official ATOP zip"
                )
            for info in wanted:
                if info.flag_bits & 0x1:
                    raise ArchiveError(
                        f"{archive}: entry '{info.filename}' is password-protected; "
                        f"unpack it yourself and point ATOP_DATA_DIR at the folder"
                    )
            declared = sum(i.file_size for i in wanted)
            compressed = sum(max(i.compress_size, 1) for i in wanted)
            if declared > max_bytes or declared / compressed > MAX_COMPRESSION_RATIO and declared > 50 * 2**20:
                raise ArchiveError(
                    f"{archive} would unpack to {declared / 2**20:,.0f} MiB (compression ratio "
                    f"{declared / compressed:,.0f}:1); refused as a likely zip bomb"
                )
            names = [PurePosixPath(i.filename).name for i in wanted]
            duplicated = sorted({n for n in names if names.count(n) > 1})
            if duplicated:
                raise ArchiveError(
                    f"{archive} holds {duplicated[0]} more than once; unpack the folder you want "
                    f"and point ATOP_DATA_DIR at it"
                )
            dest.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.partial-", dir=dest.parent))
            try:
                written = 0
                for info, name in zip(wanted, names):
                    with zf.open(info) as src, open(staging / name, "wb") as out:
                        for block in iter(lambda: src.read(1 << 20), b""):
                            written += len(block)
                            if written > max_bytes:
                                raise ArchiveError(
                                    f"{archive} unpacks to more than {max_bytes / 2**20:,.0f} MiB; "
                                    f"refused as a likely zip bomb"
                                )
                            out.write(block)
                if dest.exists():
                    shutil.rmtree(dest)
                os.replace(staging, dest)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
    except ArchiveError:
        raise
    except RuntimeError as err:  # zipfile raises RuntimeError for encrypted entries
        raise ArchiveError(f"{archive}: {err}; unpack it yourself and point ATOP_DATA_DIR at the folder") from None
    except NotImplementedError as err:  # e.g. Deflate64, which zipfile cannot read
        raise ArchiveError(
            f"{archive} uses a compression method Python cannot read ({err}); unpack it yourself "
            f"and point ATOP_DATA_DIR at the folder"
        ) from None
    except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile, zlib.error, lzma.LZMAError) as err:
        raise ArchiveError(
            f"{archive} is damaged ({err}); download the release again"
        ) from None
    return dest


@contextlib.contextmanager
def _folder_lock(folder: Path, timeout: float = 600.0):
    """Serialize work on ``folder`` across processes (two report runs unpacking one zip)."""
    from filelock import FileLock, Timeout

    folder.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder.parent / f".{folder.name}.lock"))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise ArchiveError(
            f"another process has held the lock on {folder} for {timeout:.0f} s; if none is running, "
            f"delete {lock.lock_file} and try again"
        ) from None
    try:
        yield
    finally:
        lock.release()


def _unpacked_dir_for(archive: Path) -> Path:
    return paths.cache_dir() / "unpacked" / f"{archive.stem}-{sha256_of(archive)[:16]}"


def _ensure_unpacked(archive: Path) -> Path:
    target = _unpacked_dir_for(archive)
    if target.is_dir() and any(target.iterdir()):
        return target
    with _folder_lock(target):  # another process may be unpacking the same zip right now
        if target.is_dir() and any(target.iterdir()):
            return target
        return unpack_zip(archive, target)


# --------------------------------------------------------------------------- locating

def _scan(folder: Path) -> dict[str, dict[str, list[Path]]]:
    """``{version: {kind: [paths]}}`` for every ATOP data file below ``folder``."""
    found: dict[str, dict[str, list[Path]]] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        match = FILE_PATTERN.match(path.name)
        if match and match["kind"].lower() in KINDS:
            version = f"{int(match['major'])}.{match['minor']}"
            found.setdefault(version, {}).setdefault(match["kind"].lower(), []).append(path)
    return found


def _pick(paths_: list[Path]) -> Path:
    """Prefer CSV over Stata when a release folder holds both."""
    return sorted(paths_, key=lambda p: (p.suffix.lower() != ".csv", len(p.parts), str(p)))[0]


def _release_from_folder(folder: Path, version: str | None, source: str) -> Release:
    found = _scan(folder)
    if not found:
        zips = sorted(p for p in folder.rglob("*.zip") if p.is_file())
        if zips:
            return _release_from_folder(_ensure_unpacked(zips[0]), version, f"{zips[0]}")
        raise DataNotFoundError(
            f"no ATOP data files (atopX_Ya.csv, atopX_Ym.csv, … or .dta) in {source}; point "
            f"ATOP_DATA_DIR at the folder or zip of an ATOP release"
        )
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


def locate_release(
    data_dir: str | os.PathLike | None = None,
    version: str | None = None,
    verify: bool | None = None,
    download: bool = True,
) -> Release:
    """Find (and if need be unpack or download) an ATOP release and verify its files.

    ``data_dir`` may be a folder (searched recursively, so the official zip's inner folder such as
    ``ATOP 5.1 (.csv)/`` is found), the official zip, or one of the release's files. Without it,
    ``ATOP_DATA_DIR`` is used, then the cache in ``data/raw/``, then the official download.
    """
    if data_dir is None or str(data_dir).strip() == "":
        data_dir = paths.env_data_dir()
    if data_dir is None:
        wanted = normalize_version(version or DEFAULT_VERSION)
        cached = paths.cache_dir() / f"atop-{wanted}"
        if not _holds_release(cached, wanted):
            if not download:
                raise DataNotFoundError(
                    f"no ATOP {wanted} data found: set ATOP_DATA_DIR to the release's folder or zip "
                    f"(or place the zip in {cached})"
                )
            cached = download_release(wanted)
        release = _release_from_folder(cached, wanted, str(cached))
    else:
        path = Path(data_dir).expanduser()
        if not path.exists():
            raise DataNotFoundError(
                f"ATOP data folder {path} does not exist; set ATOP_DATA_DIR (or --data-dir / data_dir) "
                f"to the folder or zip of an ATOP release"
            )
        if path.is_file():
            if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
                release = _release_from_folder(_ensure_unpacked(path), version, str(path))
            elif FILE_PATTERN.match(path.name):
                release = _release_from_folder(path.parent, version or version_from_filename(path.name), str(path.parent))
            else:
                raise DataNotFoundError(
                    f"{path} is neither a folder, a zip, nor an ATOP data file; point ATOP_DATA_DIR at "
                    f"the release's folder or zip"
                )
        elif not any(path.iterdir()):
            raise DataNotFoundError(
                f"ATOP data folder {path} is empty; put the release's files (or its zip) there"
            )
        else:
            release = _release_from_folder(path, version, str(path))
    digests = verify_files([p for _, p in sorted(release.files.items())], release.version, verify=verify)
    checksums = {kind: digests[p] for kind, p in sorted(release.files.items())}
    pinned = pinned_hashes(release.version)
    verified = verification_enabled(verify) and all(p.name.lower() in pinned for p in release.files.values())
    return Release(
        version=release.version,
        files=release.files,
        source=release.source,
        format=release.format,
        checksums=checksums,
        verified=verified,
    )


# --------------------------------------------------------------------------- download

def _holds_release(folder: Path, version: str) -> bool:
    """True if ``folder`` holds files of ``version`` or a zip (the user placed the official zip there)."""
    if not folder.is_dir():
        return False
    return version in _scan(folder) or any(p.is_file() for p in folder.glob("*.zip"))


def _local_archive(url: str) -> Path | None:
    """A ``file://`` URL or a plain path (no scheme): the zip is taken from disk, no download."""
    if url.lower().startswith("file://"):
        from urllib.parse import unquote, urlparse

        return Path(unquote(urlparse(url).path))
    if "://" not in url:
        return Path(url).expanduser()
    return None


def _download_reason(err: BaseException, timeout: float) -> str:
    """What went wrong, in words a user acts on (requests' and pooch's exceptions vary)."""
    import requests

    text = " ".join(str(err).split())
    lowered = text.lower()
    response = getattr(err, "response", None)
    if isinstance(err, requests.HTTPError) and response is not None:
        return (
            f"the server answered HTTP {response.status_code} {response.reason or ''}".rstrip()
            + ": the address is wrong or the file has moved"
        )
    if isinstance(err, requests.exceptions.SSLError):
        return f"the secure (TLS) connection failed ({text[:120]})"
    if isinstance(err, requests.Timeout) or "timed out" in lowered:
        return f"the server did not answer within {timeout:g} s"
    if isinstance(err, requests.exceptions.ChunkedEncodingError) or "incompleteread" in lowered:
        return "the transfer was cut short (fewer bytes arrived than the server announced)"
    if any(t in lowered for t in ("failed to resolve", "name or service not known", "name resolution", "nodename nor servname")):
        return "the host name could not be resolved (offline?)"
    if isinstance(err, requests.ConnectionError):
        return "no connection could be made (refused or unreachable: offline?)"
    return f"{type(err).__name__}: {text[:160]}"


def _fetch(url: str, version: str, timeout: float) -> Path:
    """Download ``url`` into the cache through pooch; a partial transfer is never kept."""
    import pooch  # imported here: only downloads need it

    downloads = paths.cache_dir() / "downloads"
    fname = f"atop_{version}_{hashlib.sha256(url.encode()).hexdigest()[:8]}.zip"
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)  # pooch's "Downloading…" and "SHA256 hash…" lines are noise here
    try:
        return Path(
            pooch.retrieve(
                url,
                known_hash=None,  # the zip's hash is not published: its files are verified after unpacking
                fname=fname,
                path=downloads,
                progressbar=False,
                downloader=pooch.HTTPDownloader(timeout=timeout, progressbar=False),
            )
        )
    except Exception as err:
        # pooch writes into a temporary file and moves it into place only when complete; remove
        # anything under our name all the same
        for leftover in downloads.glob(f"*{fname}*"):
            leftover.unlink(missing_ok=True)
        raise DownloadError(
            f"could not download ATOP {version} from {url}: {_download_reason(err, timeout)}; set "
            f"ATOP_DATA_DIR to the release's folder or zip, or place the zip in "
            f"{paths.cache_dir() / f'atop-{version}'}"
        ) from None
    finally:
        logger.setLevel(level)


def _install_archive(archive: Path, target: Path, version: str, url: str, downloaded: bool) -> None:
    """Unpack ``archive`` beside ``target``, verify every file, and only then move it into place."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.verify-", dir=target.parent))
    unpacked = staging / "release"
    pinned = pinned_hashes(version)
    try:
        if not zipfile.is_zipfile(archive):
            raise ArchiveError("it is not a zip archive (an error page, or a transfer cut short)")
        unpack_zip(archive, unpacked)
        release = _release_from_folder(unpacked, version, url)
        for path in release.files.values():
            digest, expected = sha256_of(path), pinned.get(path.name.lower())
            if expected is not None and digest != expected:
                raise ChecksumError(f"{path.name} has sha256 {digest[:12]}…, not the pinned {expected[:12]}…")
        verify_files(release.files.values(), version, verify=True)  # the one warning if nothing is pinned
        if target.exists():
            shutil.rmtree(target)
        os.replace(unpacked, target)
    except (ArchiveError, ChecksumError, DataNotFoundError) as err:
        if downloaded:
            archive.unlink(missing_ok=True)
        reason = str(err).replace(f"{archive} ", "the zip ").replace(f"{archive}: ", "the zip: ")
        raise DownloadError(
            f"the file {'downloaded from' if downloaded else 'at'} {url} is not the official ATOP "
            f"{version} release ({reason}); {'it was deleted: try again later or ' if downloaded else ''}"
            f"set ATOP_DATA_DIR to a copy you trust"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def download_release(version: str = DEFAULT_VERSION, url: str | None = None, timeout: float = 60.0) -> Path:
    """Download the official zip of ``version`` once (pooch), unpack it, verify every file.

    ``url`` (or ``ATOP_DOWNLOAD_URL``) overrides the address pinned in ``data/registry.csv``; only
    ``https://`` is accepted, plain ``http://`` only with ``ATOP_ALLOW_HTTP=1``, and a local zip
    (a path or ``file://`` URL) is unpacked without a download. ``timeout`` (seconds) bounds the
    wait for the server at each step.

    The cache never keeps a partial or wrong file: pooch moves the zip into place only when the
    transfer is complete; the zip is unpacked and verified in a temporary folder that replaces
    ``data/raw/atop-<version>/`` only when every file matches its pinned hash; a downloaded zip
    whose files do not match is deleted.
    """
    version = normalize_version(version)
    url = (url or os.environ.get(DOWNLOAD_URL_ENV, "").strip() or download_url(version) or "").strip()
    if not url:
        raise DownloadError(
            f"no download is known for ATOP {version}; download it from atopdata.org and set "
            f"ATOP_DATA_DIR to the folder or zip"
        )
    local = _local_archive(url)
    if local is None:
        allow_http = os.environ.get(ALLOW_HTTP_ENV, "").strip().lower() in {"1", "true", "yes"}
        scheme = url.split("://", 1)[0].lower() if "://" in url else ""
        if not (scheme == "https" or (allow_http and scheme == "http")):
            raise DownloadError(
                f"refusing to download ATOP from {url}: only https URLs or a local zip are accepted "
                f"(set {ALLOW_HTTP_ENV}=1 to allow plain http, or point ATOP_DATA_DIR at a local file)"
            )
    elif not local.is_file():
        raise DownloadError(f"{local} does not exist; give the path of the release's zip (url= or {DOWNLOAD_URL_ENV})")
    target = paths.cache_dir() / f"atop-{version}"
    with _folder_lock(target):  # two runs asking for the same release download it once
        if target.is_dir() and version in _scan(target):
            return target
        archive = local if local is not None else _fetch(url, version, timeout)
        _install_archive(archive, target, version, url, downloaded=local is None)
    return target
