"""Where a report run writes, and the :class:`Build` that owns one run's processes and folders.

``with Build(settings, root, version, jobs) as build:`` puts the run's settings in place, turns
SIGTERM and SIGHUP into a ``KeyboardInterrupt`` (so the same clean-ups run as for Ctrl-C), creates
the build folder ``<root>/.build-<version>-<random>/`` (each notebook works in a folder of its own
beside it, ``<build>-NN``, whose files are then moved in, so the run knows which notebook wrote
which file) and owns the worker processes. Leaving it:

* after :meth:`Build.publish`: the build folder has replaced the report atomically, under a lock;
* after :meth:`Build.discard`: the build folder is gone (a re-run identical to the report);
* otherwise (a failure, Ctrl-C, SIGTERM): the workers and their kernels are stopped; the build is
  kept as ``atop-<version>.failed-<time>/`` (the newest :data:`KEEP_FAILED`), except when the disk
  is full: then it is removed (keeping it would keep the disk full) and one line says how much
  space the report needs. The last good report is never touched.

A build whose owner died (``kill -9``) is renamed ``.failed-`` by the next run. Nothing here runs
at import.
"""

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

from .. import settings as settings_module
from ..errors import FileSystemError, ParameterError, ReportError
from ..files import os_error_message, writable_dir
from .execute import Result, Task, Workers
from .signals import process_alive, sigterm_as_interrupt

#: How many failed builds (``atop-<version>.failed-<timestamp>/``) are kept; older ones are deleted.
KEEP_FAILED = 3
OWNER_FILE = ".owner-pid"
#: A build folder's own name after ``.build-<version>-`` (its notebooks' folders add ``-NN``).
_BUILD_NAME = re.compile(r"[0-9a-f]{8}")
#: The suffix of the folder a partial run writes (never the canonical report).
PARTIAL = ".partial"
#: The suffix of the folder a re-execution that differs from the report is kept in.
REPLICATE = ".replicate"


# --------------------------------------------------------------------------- folders

def _timestamp() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def keep_failed(build: Path, root: Path, version: str) -> Path | None:
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


def notebook_folder(build: Path, index: int) -> Path:
    """The working folder of one notebook of a run: beside the build folder (same depth, so a
    data path relative to the report works there too), e.g. ``.build-5.1-1a2b3c4d-03``."""
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


def reclaim_stale_builds(root: Path, version: str) -> list[Path]:
    """Name the build folders of runs that died (``kill -9``, power loss) as failed runs: a live
    run's build folder holds its owner's pid; a folder whose owner is gone becomes
    ``atop-<version>.failed-<timestamp>/`` (with what its notebooks had written moved into it)."""
    kept = []
    builds = [p for p in root.glob(f".build-{version}-*") if _BUILD_NAME.fullmatch(p.name.removeprefix(f".build-{version}-"))]
    for build in sorted(builds):
        try:
            pid = int((build / OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            pid = None
        if pid is not None and process_alive(pid):
            continue
        if pid is None and time.time() - build.stat().st_mtime < 3600:
            continue  # no owner recorded yet: a run that is just starting
        merge_all_notebook_folders(build)
        moved = keep_failed(build, root, version)
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


def swap_into_place(build: Path, target: Path) -> None:
    """Replace ``target`` by ``build`` under a lock; the old report is deleted only once replaced."""
    from filelock import FileLock

    root = target.parent
    with FileLock(str(root / f".lock-{target.name}")):
        if not target.exists():
            os.rename(build, target)
        elif _exchange(build, target):
            shutil.rmtree(build, ignore_errors=True)  # build now holds the previous report
        else:
            old = root / f".old-{target.name}-{secrets.token_hex(4)}"
            os.rename(target, old)
            os.rename(build, target)
            shutil.rmtree(old, ignore_errors=True)
        for stale in root.glob(f".old-{target.name}-*"):  # left by a run killed mid-swap
            shutil.rmtree(stale, ignore_errors=True)


def writable_root(output_root=None) -> Path:
    """The reports folder (``output_root`` or the settings' ``reports_dir``), created and proven writable."""
    root = Path(output_root).expanduser() if output_root is not None else settings_module.current().reports_dir
    hint = "choose another with output_root / --output-root or ATOP_REPORTS_DIR"
    return writable_dir(root, "reports folder", hint).resolve()


def report_target(root: Path, version: str, complete: bool) -> Path:
    """``<root>/atop-<version>`` for a complete run, else ``<root>/atop-<version>.partial``: a
    partial run never replaces (nor degrades) the canonical report."""
    return root / (f"atop-{version}" if complete else f"atop-{version}{PARTIAL}")


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def refuse_output_in_inputs(outputs: list[Path], inputs: dict[str, Path]) -> None:
    """One line if an output folder (the reports folder, the report) is an input or lies inside
    one (``inputs``: what -> path: the release, the base release, the COW files, the cache), or if
    an input lies inside the report folder (the swap would replace it)."""
    for output in outputs:
        out = Path(os.path.realpath(output))
        for what, path in inputs.items():
            given = Path(os.path.realpath(path))
            if out == given or _inside(out, given):
                raise ParameterError(f"output folder {output} is {'' if out == given else 'inside '}{what} {path}; "
                                     f"a report never writes into an input: choose another --output-root")
    report = Path(os.path.realpath(outputs[-1]))
    for what, path in inputs.items():
        if _inside(Path(os.path.realpath(path)), report):
            raise ParameterError(f"{what} {path} lies inside the report folder {outputs[-1]}, which a run replaces "
                                 f"whole; move the input or choose another --output-root")


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


def is_disk_full(err: BaseException | None) -> bool:
    """True when ``err``, or the error it was raised from (an OSError turned into one line), is a
    full disk or quota."""
    seen = 0
    while err is not None and seen < 5:
        if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        err, seen = (err.__cause__ or err.__context__), seen + 1
    return False


def remove_tree(path: Path) -> None:
    """Remove a folder (or file) and everything in it; nothing if it is gone."""
    path = Path(path)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def tree_size(path: Path) -> int:
    """Bytes of every file below ``path`` (0 if it is gone)."""
    total = 0
    for item in Path(path).rglob("*") if Path(path).is_dir() else ():
        with contextlib.suppress(OSError):
            if item.is_file() and not item.is_symlink():
                total += item.stat().st_size
    return total


def _megabytes(size: int) -> str:
    return f"{max(size, 1) / 1e6:.1f} MB"


# --------------------------------------------------------------------------- the build

class Build:
    """One report run's processes and folders (see the module docstring)."""

    def __init__(self, settings: settings_module.Settings, root: Path, version: str, jobs: int = 2,
                 previous: Path | None = None):
        self.settings, self.root, self.version = settings, Path(root), version
        self.previous = previous  # the report this run would replace (to estimate the space needed)
        self.workers = Workers(jobs)
        self.folder = root / f".build-{version}-{secrets.token_hex(4)}"
        self.done = False
        self._scope = contextlib.ExitStack()

    # -- entering and leaving

    def __enter__(self) -> "Build":
        self._scope.enter_context(settings_module.using(self.settings))
        self._scope.enter_context(sigterm_as_interrupt())
        try:
            reclaim_stale_builds(self.root, self.version)
            self.folder.mkdir()
            (self.folder / OWNER_FILE).write_text(str(os.getpid()))
        except OSError as err:  # e.g. the disk is full: one line, and no .build- folder left behind
            self._scope.close()
            if is_disk_full(err):
                raise self.disk_full("no space was left to start the build") from None
            self._remove_all()
            raise FileSystemError(os_error_message(err, self.folder, "starting the report")) from None
        return self

    def __exit__(self, kind, err, tb) -> bool:
        try:
            if self.done:
                self.workers.stop(wait=True)
                return False
            self.workers.stop()
            if is_disk_full(err):
                raise self.disk_full("the disk filled while the report was written") from None
            merge_all_notebook_folders(self.folder)
            keep_failed(self.folder, self.root, self.version)
            return False
        finally:
            self._scope.close()

    # -- running

    def notebook_folder(self, index: int) -> Path:
        return notebook_folder(self.folder, index)

    def run(self, tasks: list[Task], progress: bool, desc: str) -> list[Result]:
        return self.workers.run(tasks, progress, desc) if tasks else []

    # -- ending

    def publish(self, target: Path) -> Path:
        """Swap the finished build into place as ``target``; the workers are let go."""
        self.workers.stop(wait=True)
        (self.folder / OWNER_FILE).unlink(missing_ok=True)
        swap_into_place(self.folder, target)
        self.done = True
        return target

    def discard(self) -> None:
        """Remove the finished build (its report is identical to the one in place)."""
        self.workers.stop(wait=True)
        self._remove_all()
        self.done = True

    def fail(self) -> Path | None:
        """Stop the workers and keep the build as ``atop-<version>.failed-<time>/``; return where."""
        self.workers.stop()
        merge_all_notebook_folders(self.folder)
        kept = keep_failed(self.folder, self.root, self.version)
        self.done = True
        return kept

    def disk_full(self, what: str) -> FileSystemError:
        """Remove the unfinished build (keeping it would keep the disk full) and say how much space
        the report needs: the size of the report it would replace, else what the build had written."""
        written = tree_size(self.folder) + sum(tree_size(p) for p in _notebook_folders(self.folder))
        self._remove_all()
        self.done = True
        previous = self.previous if self.previous is not None and self.previous.is_dir() else None
        if previous is not None:
            needed = f"about {_megabytes(tree_size(previous))} (the size of the last report {previous})"
        elif written:
            needed = f"more than {_megabytes(written)} (what the build had written when the disk filled)"
        else:
            needed = "space for its notebooks and figures (a whole ATOP 5.1 report with its website takes about 25 MB)"
        kept = f"the last good report {previous} is unchanged" if previous is not None else "no earlier report was touched"
        return FileSystemError(
            f"the disk holding {self.root} is full ({what}); the unfinished build was removed to free the space "
            f"and {kept}; the report needs {needed}: free that much space or choose another --output-root")

    def _remove_all(self) -> None:
        for folder in _notebook_folders(self.folder):
            remove_tree(folder)
        remove_tree(self.folder)
