"""Where the COW files come from: a file you name, the download cache, or the official download.

Three Correlates of War files are used: the state-system list (``states2016.csv``: state names),
the major powers (``majors2016.csv``) and National Material Capabilities 6.0
(``NMC-60-abridged.csv``: CINC). :func:`cow_file` finds each in this order:

1. the environment variable naming the file (``COW_STATES_FILE``, ``COW_MAJORS_FILE``,
   ``COW_NMC_FILE``);
2. the download cache (``<cache>/cow/<file>``; ``ATOP_CACHE_DIR`` or the user cache);
3. the official download (pooch), from the URL pinned in ``data/registry.csv`` or the one in
   ``COW_STATES_URL`` / ``COW_MAJORS_URL`` / ``COW_NMC_URL``. NMC comes inside the documentation zip
   (``NMC_Documentation-6.0.zip``), which holds ``NMC-60-abridged.zip``, which holds the file: the
   file is found in the nested zips and only it is extracted.

A downloaded file is verified (bytes, or content when only the line endings differ) before the
cache holds it; a wrong download is deleted and the error says what to do. A cached file is
verified the same way before every reuse; a damaged one is downloaded again, with one warning
that says so.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import settings
from ..errors import ChecksumError, DataNotFoundError, DownloadError
from .archives import _folder_lock
from .cache import remade
from .download import check_scheme, fetch_url
from .registry import pinned_file, verify_file

class CowFileUnavailable(DataNotFoundError, DownloadError):
    """No copy of a COW file and the download could not be made (offline, refused, wrong address):
    both a :class:`DataNotFoundError` (the file is not there) and a :class:`DownloadError`."""


#: A member larger than this is refused while searching the nested zips (NMC's table is ~1.5 MB).
MAX_MEMBER_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class CowSource:
    kind: str
    file: str
    version: str
    what: str
    file_env: str
    url_env: str


SOURCES = {
    "states": CowSource("states", "states2016.csv", "2016", "COW state-system list", "COW_STATES_FILE", "COW_STATES_URL"),
    "majors": CowSource("majors", "majors2016.csv", "2016", "COW major-powers list", "COW_MAJORS_FILE", "COW_MAJORS_URL"),
    "nmc": CowSource("nmc", "NMC-60-abridged.csv", "6.0", "COW National Material Capabilities 6.0", "COW_NMC_FILE", "COW_NMC_URL"),
}


def cow_url(kind: str) -> str:
    """The address a COW file is downloaded from: the ``*_URL`` variable, else the pinned one."""
    source = SOURCES[kind]
    pinned = pinned_file("cow", source.version, source.file)
    return settings.current().cow_urls.get(kind) or (pinned.url if pinned else "")


def cached_cow_file(kind: str) -> Path:
    return settings.current().cache_dir / "cow" / SOURCES[kind].file


def _fix(source: CowSource) -> str:
    return f"set {source.file_env} to your copy of {source.file} (correlatesofwar.org)"


def cow_file(kind: str, download: bool = True, timeout: float = 60.0) -> Path:
    """The path of one COW file (``kind``: ``states``, ``majors`` or ``nmc``), downloading it once
    into the cache if needed (see the module docstring). Raises one-line
    :class:`DataNotFoundError` / :class:`DownloadError` naming the file and the fix."""
    source = SOURCES[kind]
    chosen = settings.current().cow_file(kind)
    if chosen is not None:
        if not chosen.is_file():
            raise DataNotFoundError(f"{source.file_env} names {chosen}, which does not exist; point it at {source.file}")
        return chosen
    cached = cached_cow_file(kind)
    reason = _damage(cached, source) if cached.is_file() else None
    if cached.is_file() and reason is None:
        return cached
    url = cow_url(kind)
    damaged = f"the cached {source.file} {cached} is damaged ({reason}) and " if reason else ""
    if not download or not url:
        raise DataNotFoundError(f"{damaged}no {source.what} found ({source.file}); {_fix(source)}"
                                + ("" if url else f" or set {source.url_env} to its address"))
    with _folder_lock(cached.parent / source.file):  # two runs download it once
        if cached.is_file():
            reason = _damage(cached, source)
            if reason is None:
                return cached
        fname = f"cow_{PurePosixPath(url).name or source.file}"
        try:
            local = check_scheme(url, source.what, _fix(source))
            if local is None and reason is not None:  # the zip kept from the first download may be damaged too
                (settings.current().cache_dir / "downloads" / fname).unlink(missing_ok=True)
            archive = local or fetch_url(url, fname, source.what, _fix(source), timeout)
        except DownloadError as err:
            raise CowFileUnavailable(f"{damaged}{err}" if damaged else str(err)) from None
        _install(archive, cached, source, url, downloaded=local is None)
        if reason is not None:
            remade(source.file, cached, reason, f"it was {'copied' if local else 'downloaded'} again from {url}")
    return cached


def _damage(path: Path, source: CowSource) -> str | None:
    """None when a cached COW file is one of the pinned files of its version (bytes or content);
    else what is wrong."""
    try:
        verify_file(path, source.version, dataset="cow", verify=True)
    except ChecksumError as err:
        return str(err).split(": ", 1)[-1].split(";")[0]
    return None


def _find_member(archive: zipfile.ZipFile, name: str, depth: int = 0) -> bytes | None:
    """The bytes of the member called ``name`` in ``archive`` or in a zip inside it (two levels)."""
    infos = [i for i in archive.infolist() if not i.is_dir()]
    for info in infos:
        if PurePosixPath(info.filename).name.lower() == name.lower():
            if info.file_size > MAX_MEMBER_BYTES or info.flag_bits & 0x1:
                return None
            return archive.read(info)
    if depth >= 2:
        return None
    for info in infos:
        if info.filename.lower().endswith(".zip") and info.file_size <= MAX_MEMBER_BYTES:
            try:
                with zipfile.ZipFile(io.BytesIO(archive.read(info))) as inner:
                    found = _find_member(inner, name, depth + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError):
                continue
            if found is not None:
                return found
    return None


def _install(archive: Path, target: Path, source: CowSource, url: str, downloaded: bool) -> None:
    """Extract (from a zip) or take the file, verify it, and only then move it into the cache."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{source.kind}.verify-", dir=target.parent))
    try:
        candidate = staging / source.file
        if zipfile.is_zipfile(archive):
            try:
                with zipfile.ZipFile(archive) as outer:
                    content = _find_member(outer, source.file)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as err:
                raise ChecksumError(f"the zip is damaged ({err})") from None
            if content is None:
                raise ChecksumError(f"it holds no {source.file}, even in the zips inside it")
            candidate.write_bytes(content)
        else:
            shutil.copyfile(archive, candidate)
        verify_file(candidate, source.version, dataset="cow")
        os.replace(candidate, target)
    except ChecksumError as err:
        if downloaded:
            archive.unlink(missing_ok=True)
        reason = str(err).replace(str(candidate), source.file)
        raise DownloadError(
            f"the file {'downloaded from' if downloaded else 'at'} {url} is not the official {source.file} "
            f"({reason[:200]}); {'it was deleted; ' if downloaded else ''}{_fix(source)}"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
