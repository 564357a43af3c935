"""Build folders of a report run: each run builds in its own folder, swaps it into place
atomically on success, keeps it as ``.failed-<time>`` on failure, and reclaims a build whose owner
died (``kill -9``)."""

from __future__ import annotations

import ctypes
import datetime as _dt
import os
import secrets
import shutil
import sys
import time
from pathlib import Path

from .. import paths
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
    return target


OWNER_FILE = ".owner-pid"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _reclaim_stale_builds(root: Path, version: str) -> list[Path]:
    """Name the build folders of runs that died (``kill -9``, power loss) as failed runs.

    A live run's build folder holds the pid of its owner; a folder whose owner is gone becomes
    ``atop-<version>.failed-<timestamp>/``, so it is kept for inspection and clearly named.
    """
    kept = []
    for build in sorted(root.glob(f".build-{version}-*")):
        try:
            pid = int((build / OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            pid = None
        if pid is not None and _pid_alive(pid):
            continue
        if pid is None and time.time() - build.stat().st_mtime < 3600:
            continue  # no owner recorded yet: a run that is just starting
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
    root = Path(output_root).expanduser() if output_root is not None else paths.reports_dir()
    hint = "choose another with output_root / --output-root or ATOP_REPORTS_DIR"
    return writable_dir(root, "reports folder", hint).resolve()
