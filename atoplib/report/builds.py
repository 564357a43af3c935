"""Build folders of a report run: each run builds in its own folder, swaps it into place
atomically on success, keeps it as ``.failed-<time>`` on failure, and reclaims a build whose owner
died (``kill -9``). Each notebook runs in a folder of its own beside the build folder, whose files
are then moved into the build, so the run knows which notebook wrote which file (what lets a later
run reuse a notebook whose inputs did not change, with its files)."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as _dt
import errno
import os
import re
import secrets
import shutil
import sys
import time
from pathlib import Path

from .. import settings
from ..errors import ReportError
from ..files import writable_dir

# --------------------------------------------------------------------------- folders

def _timestamp() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _keep_failed(build: Path, root: Path, version: str) -> Path | None:
    """Rename a failed build to ``atop-<version>.failed-<timestamp>`` (unique) for inspection."""
    if not build.exists():
        return None
    base = root / f"atop-{version}.failed-{_timestamp()}"
    target, n = base, 1
    while target.exists():
        n += 1
        target = base.with_name(f"{base.name}-{n}")
    try:
        os.rename(build, target)
    except OSError:
        return build

    prune_kept(root, f"atop-{version}.failed-*", keep=KEEP_FAILED)  # failed builds do not pile up
    return target


#: How many failed builds (``atop-<version>.failed-<timestamp>/``) are kept; older ones are deleted.
KEEP_FAILED = 3


OWNER_FILE = ".owner-pid"
#: A build folder's own name after ``.build-<version>-`` (its notebooks' folders add ``-NN``).
_BUILD_NAME = re.compile(r"[0-9a-f]{8}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def notebook_folder(build: Path, index: int) -> Path:
    """The working folder of one notebook of a run: beside the build folder (same depth, so a
    data path relative to the report works there too), named after it, e.g.
    ``.build-5.1-1a2b3c4d-03``. What the notebook writes there is moved into the build folder
    afterwards (:func:`merge_notebook_folder`), so the run knows which files each notebook made."""
    folder = build.with_name(f"{build.name}-{index:02d}")
    folder.mkdir()
    owner = build / OWNER_FILE
    if owner.exists():
        shutil.copy2(owner, folder / OWNER_FILE)
    return folder


def merge_notebook_folder(folder: Path, build: Path) -> list[str]:
    """Move everything a notebook wrote in its folder into the build folder; return the files moved
    (paths relative to the build folder, sorted). A file another notebook already wrote is refused."""
    moved = []
    for item in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        relative = item.relative_to(folder)
        if relative.as_posix() == OWNER_FILE:
            continue
        target = build / relative
        if target.exists():
            raise ReportError(f"two notebooks of the run write {relative.as_posix()}; each output file must "
                              "come from one notebook")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(item, target)
        moved.append(relative.as_posix())
    shutil.rmtree(folder, ignore_errors=True)
    return moved


def _notebook_folders(build: Path) -> list[Path]:
    return sorted(p for p in build.parent.glob(f"{build.name}-[0-9][0-9]") if p.is_dir())


def merge_all_notebook_folders(build: Path) -> None:
    """After a failed or interrupted run: keep what every notebook wrote, in the build folder."""
    for folder in _notebook_folders(build):
        with contextlib.suppress(Exception):
            merge_notebook_folder(folder, build)
        shutil.rmtree(folder, ignore_errors=True)


def _reclaim_stale_builds(root: Path, version: str) -> list[Path]:
    """Name the build folders of runs that died (``kill -9``, power loss) as failed runs.

    A live run's build folder holds the pid of its owner; a folder whose owner is gone becomes
    ``atop-<version>.failed-<timestamp>/``, so it is kept for inspection and clearly named (with
    what its notebooks had written in their own folders moved into it).
    """
    kept = []
    builds = [p for p in root.glob(f".build-{version}-*") if _BUILD_NAME.fullmatch(p.name.removeprefix(f".build-{version}-"))]
    for build in sorted(builds):
        try:
            pid = int((build / OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            pid = None
        if pid is not None and _pid_alive(pid):
            continue
        if pid is None and time.time() - build.stat().st_mtime < 3600:
            continue  # no owner recorded yet: a run that is just starting
        merge_all_notebook_folders(build)
        moved = _keep_failed(build, root, version)
        if moved is not None and moved != build:
            kept.append(moved)
    return kept


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange) == 0


def _swap_into_place(build: Path, target: Path, version: str) -> None:
    """Replace ``target`` by ``build`` under a lock; the old report is deleted only once replaced."""
    from filelock import FileLock

    root = target.parent
    with FileLock(str(root / f".lock-atop-{version}")):
        if not target.exists():
            os.rename(build, target)
        elif _exchange(build, target):
            shutil.rmtree(build, ignore_errors=True)  # build now holds the previous report
        else:
            old = root / f".old-atop-{version}-{secrets.token_hex(4)}"
            os.rename(target, old)
            os.rename(build, target)
            shutil.rmtree(old, ignore_errors=True)
        for stale in root.glob(f".old-atop-{version}-*"):  # left by a run killed mid-swap
            shutil.rmtree(stale, ignore_errors=True)


def writable_root(output_root) -> Path:
    """The reports folder (``output_root`` or the default), created and proven writable."""
    root = Path(output_root).expanduser() if output_root is not None else settings.current().reports_dir
    hint = "choose another with output_root / --output-root or ATOP_REPORTS_DIR"
    return writable_dir(root, "reports folder", hint).resolve()


# --------------------------------------------------------------------------- what a run writes, and where

def prune_kept(folder: str | os.PathLike, pattern: str, keep: int = 3) -> list[Path]:
    """Delete all but the newest ``keep`` entries of ``folder`` matching ``pattern`` (by name,
    which carries a UTC timestamp, then by modification time); return what was deleted."""
    root = Path(folder)
    found = [p for p in root.glob(pattern) if p.is_dir() and not p.is_symlink()]

    def _age(p: Path):
        try:
            return (p.name, p.stat().st_mtime)
        except OSError:
            return (p.name, 0.0)

    found.sort(key=_age, reverse=True)
    removed = []
    for old in found[max(keep, 0):]:
        shutil.rmtree(old, ignore_errors=True)
        if not old.exists():
            removed.append(old)
    return removed

def is_disk_full(err: BaseException) -> bool:
    return isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT)

def report_target_for(target: Path, names: list[str], subset: bool) -> Path:
    """Where a report run writes: ``target`` (``<reports>/atop-<v>``), unless the run covers only
    some notebooks and ``target`` holds others: a partial run never replaces a fuller report, so it
    goes to ``atop-<v>.subset/`` (replaced whole by the next subset run), with one warning."""
    if not subset or not target.is_dir():
        return target
    missing = sorted({p.name for p in target.glob("*.ipynb")} - set(names))
    if not missing:
        return target
    import warnings

    from ..errors import AtopWarning

    other = target.with_name(f"{target.name}.subset")
    warnings.warn(
        f"this run of {len(names)} notebook(s) does not replace the report {target}, which also holds "
        f"{len(missing)} other(s) ({', '.join(m.removesuffix('.ipynb') for m in missing[:3])}"
        f"{', …' if len(missing) > 3 else ''}); it is written to {other}", AtopWarning, stacklevel=2)
    return other

def remove_tree(path: Path) -> None:
    """Remove a folder (or file) and everything in it; nothing if it is gone."""
    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()
