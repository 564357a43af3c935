"""The official download: the release zip fetched once with pooch, verified, unpacked into the cache.

Only https is accepted (or a local zip; ``ATOP_ALLOW_HTTP=1`` allows plain http); the URL can be
overridden with ``ATOP_DOWNLOAD_URL``. Every extracted file is checked against the pinned sha256
before the cache holds it; a failed or wrong download leaves no partial file behind. The cached
release is checked against its record and the pinned hashes before every reuse; a damaged one is
unpacked again (and a damaged kept zip downloaded again), with one warning that says so.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import warnings
import zipfile
from pathlib import Path

from .. import settings
from ..errors import ArchiveError, ChecksumError, DataNotFoundError, DownloadError
from .archives import _folder_lock, unpack_zip
from .cache import RECORD, damage, record_files, recorded, remade
from .names import DEFAULT_VERSION, normalize_version
from .registry import download_url, pinned_hashes, sha256_of, verify_files
from .releases import _release_from_folder, _scan

DOWNLOAD_URL_ENV = settings.DOWNLOAD_URL_ENV
ALLOW_HTTP_ENV = settings.ALLOW_HTTP_ENV


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


def fetch_url(url: str, fname: str, what: str, fix: str, timeout: float = 60.0) -> Path:
    """Download ``url`` into ``<cache>/downloads/<fname>`` through pooch and return the path; a
    partial transfer is never kept. A failure raises one-line :class:`DownloadError`: what could
    not be downloaded, why (in words a user acts on), and ``fix``."""
    with warnings.catch_warnings():
        # pooch imports tqdm.auto, which in a Jupyter kernel without ipywidgets warns (naming its own
        # install path) that it cannot draw a widget; pooch draws no bar here, so the line is noise
        warnings.filterwarnings("ignore", message="IProgress not found")
        import pooch  # imported here: only downloads need it

    downloads = settings.current().cache_dir / "downloads"
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)  # pooch's "Downloading…" and "SHA256 hash…" lines are noise here
    try:
        return Path(
            pooch.retrieve(
                url,
                known_hash=None,  # verified by the caller: per extracted file, bytes or content
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
        raise DownloadError(f"could not download {what} from {url}: {_download_reason(err, timeout)}; {fix}") from None
    finally:
        logger.setLevel(level)


def check_scheme(url: str, what: str, fix: str) -> Path | None:
    """The local file a URL names (a path or ``file://``), or None for an https URL; plain http only
    with ``ATOP_ALLOW_HTTP=1``; anything else raises :class:`DownloadError`."""
    local = _local_archive(url)
    if local is not None:
        if not local.is_file():
            raise DownloadError(f"{local} does not exist; {fix}")
        return local
    allow_http = settings.current().allow_http
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if not (scheme == "https" or (allow_http and scheme == "http")):
        raise DownloadError(
            f"refusing to download {what} from {url}: only https URLs or a local file are accepted "
            f"(set {ALLOW_HTTP_ENV}=1 to allow plain http); {fix}"
        )
    return None


def _download_name(url: str, version: str) -> str:
    return f"atop_{version}_{hashlib.sha256(url.encode()).hexdigest()[:8]}.zip"


def _fetch(url: str, version: str, timeout: float) -> Path:
    """Download the ATOP zip at ``url`` into the cache (:func:`fetch_url`)."""
    fname = _download_name(url, version)
    fix = (f"set ATOP_DATA_DIR to the release's folder or zip, or place the zip in "
           f"{settings.current().cache_dir / f'atop-{version}'}")
    return fetch_url(url, fname, f"ATOP {version}", fix, timeout)


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
        failure = DownloadError(
            f"the file {'downloaded from' if downloaded else 'at'} {url} is not the official ATOP "
            f"{version} release ({reason}); {'it was deleted: try again later or ' if downloaded else ''}"
            f"set ATOP_DATA_DIR to a copy you trust"
        )
        failure.reason = reason
        raise failure from None
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
    ``<cache>/atop-<version>/`` only when every file matches its pinned hash; a downloaded zip
    whose files do not match is deleted.
    """
    version = normalize_version(version)
    target = settings.current().cache_dir / f"atop-{version}"
    reason = None
    if target.is_dir() and version in _scan(target):
        reason = cache_damage(target, version)
        if reason is None:
            return target
    url = (url or settings.current().download_url or download_url(version) or "").strip()
    if not url:
        damaged = f"the cached release {target} is damaged ({reason}) and " if reason else ""
        raise DownloadError(
            f"{damaged}no download is known for ATOP {version}; download it from atopdata.org and set "
            f"ATOP_DATA_DIR to the folder or zip"
        )
    local = _local_archive(url)
    if local is None:
        allow_http = settings.current().allow_http
        scheme = url.split("://", 1)[0].lower() if "://" in url else ""
        if not (scheme == "https" or (allow_http and scheme == "http")):
            raise DownloadError(
                f"refusing to download ATOP from {url}: only https URLs or a local zip are accepted "
                f"(set {ALLOW_HTTP_ENV}=1 to allow plain http, or point ATOP_DATA_DIR at a local file)"
            )
    elif not local.is_file():
        raise DownloadError(f"{local} does not exist; give the path of the release's zip (url= or {DOWNLOAD_URL_ENV})")
    with _folder_lock(target):  # two runs asking for the same release download it once
        if target.is_dir() and version in _scan(target):
            reason = cache_damage(target, version)
            if reason is None:
                return target
        kept = local is None and _download_path(url, version).is_file()  # a zip pooch fetched before
        archive = local if local is not None else _fetch(url, version, timeout)
        try:
            _install_archive(archive, target, version, url, downloaded=local is None)
        except DownloadError as err:
            if not kept:
                raise
            # the kept zip no longer holds the release (cut short, changed): fetch it once more
            remade("download", archive, getattr(err, "reason", str(err)), f"it was downloaded again from {url}")
            _install_archive(_fetch(url, version, timeout), target, version, url, downloaded=True)
        if reason is not None:
            remade("release", target, reason, f"it was unpacked again from {url}")
    return target


def cache_damage(target: Path, version: str) -> str | None:
    """None when the cached release ``target`` is whole (see :mod:`~atoplib.data.cache`); else what
    is wrong. A folder made before records existed is checked against the pinned hashes instead,
    and recorded when every file matches them."""
    pinned = pinned_hashes(version)
    reason = damage(target, pinned)
    if reason is None or recorded(target) is not None:
        return reason
    files = [p for p in target.iterdir() if p.is_file() and p.name != RECORD]
    unchecked = [p for p in files if p.name.lower() not in pinned]
    wrong = [p for p in files if p.name.lower() in pinned and sha256_of(p) != pinned[p.name.lower()]]
    if wrong:
        return f"{wrong[0].name} has sha256 {sha256_of(wrong[0])[:12]}…, not the pinned {pinned[wrong[0].name.lower()][:12]}…"
    if not unchecked:
        record_files(target, files)
    return None


def _download_path(url: str, version: str) -> Path:
    return settings.current().cache_dir / "downloads" / _download_name(url, version)
