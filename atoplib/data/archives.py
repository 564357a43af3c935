"""Unpacking the official ATOP zip safely, once.

:func:`unpack_zip` refuses damaged, encrypted, path-escaping, duplicate-entry and zip-bomb
archives and writes nothing then; only ATOP files are extracted. A zip the user points at is
unpacked once into the cache (``unpacked/<name>-<hash>/``) under a folder lock, so two runs never
unpack the same archive at once; the unpacked copy carries a record of its files and is checked
against it before every reuse (unpacked again, with a warning, when it no longer matches).
"""

from __future__ import annotations

import contextlib
import lzma
import os
import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath, PureWindowsPath

from .. import settings
from ..errors import ArchiveError, AtopError, FileSystemError
from ..files import os_error_message
from .cache import damage, record_files, remade
from .names import FILE_PATTERN, is_nna
from .registry import sha256_of

#: An unpacked archive larger than this is refused as a likely zip bomb (ATOP 5.1 is ~3 MB).
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200


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
            wanted = [i for i in infos if not i.is_dir() and FILE_PATTERN.match(PurePosixPath(i.filename).name)
                      and not is_nna(Path(*PurePosixPath(i.filename).parts), Path("."))]  # NNA/: not the release
            inner = [i.filename for i in infos if i.filename.lower().endswith(".zip")]
            if not wanted and inner:
                raise ArchiveError(
                    f"{archive} holds another zip ({PurePosixPath(inner[0]).name}) but no ATOP data files; "
                    f"unpack {archive.name} and point ATOP_DATA_DIR at {PurePosixPath(inner[0]).name}"
                )
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
                record_files(staging, [staging / name for name in names])  # checked before every reuse
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
    return settings.current().cache_dir / "unpacked" / f"{archive.stem}-{sha256_of(archive)[:16]}"


def _ensure_unpacked(archive: Path) -> Path:
    """The cached unpacked copy of ``archive``, unpacked once; a copy that no longer matches its
    record (:mod:`~atoplib.data.cache`) is unpacked again, with one warning that says so."""
    target = _unpacked_dir_for(archive)
    if target.is_dir() and damage(target) is None:
        return target
    try:
        with _folder_lock(target):  # another process may be unpacking the same zip right now
            reason = damage(target) if target.is_dir() and any(target.iterdir()) else None
            if target.is_dir() and any(target.iterdir()) and reason is None:
                return target
            unpacked = unpack_zip(archive, target)
            if reason is not None:
                remade("unpacked copy", target, reason, f"it was unpacked again from {archive}")
            return unpacked
    except OSError as err:  # the cache folder: read-only, full, not a folder
        if isinstance(err, AtopError):
            raise
        reason = os_error_message(err).split(": ", 1)[-1].split(";")[0]
        raise FileSystemError(
            f"the cache folder {target.parent} cannot be written ({reason}) to unpack {archive.name}; set "
            f"ATOP_CACHE_DIR to a folder you can write to, or unpack the zip yourself and point "
            f"ATOP_DATA_DIR at the folder"
        ) from None
