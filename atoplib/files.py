"""Files and folders, safely: one atomic writer, one writability probe, and OS errors as one line.

:func:`atomic_write` writes to a temporary file beside the target and moves it into place only
when the write succeeded, so a failure, Ctrl-C or a full disk never leaves a half-written file
where a good one stood. :func:`writable_dir` creates a folder and proves it can be written before
any work starts, so the error comes first, in one line. :class:`one_line_os_errors` turns an
``OSError`` (disk full, permission denied, not a folder, a device or FIFO given as a folder,
read-only file system, ...) into one :class:`~atoplib.errors.FileSystemError` line naming the path
and the fix; :func:`path_kind` says in words what is at a path.

Standard library only: every layer may use it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Callable

from .errors import AtopError, FileSystemError, ParameterError


def _default_mode(target: Path) -> int:
    """The permissions the file would get if created normally: those of the file it replaces,
    else 0666 less the umask (``mkstemp`` alone would make it 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: str | os.PathLike, write: Callable[[Path], None], make_parents: bool = False) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it into place.

    A failure at any point leaves an existing file at ``path`` untouched and removes the temporary
    file. ``make_parents`` creates the folder; otherwise a missing folder is a one-line
    :class:`ParameterError`, as is any OS error while writing (the message names the file).
    """
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ParameterError(f"output {target} is a folder; give a file name such as {target / 'out.csv'}")
    if make_parents:
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        raise ParameterError(f"output folder {folder} does not exist; create it or choose another -o path")
    try:
        handle, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    except OSError as err:
        raise ParameterError(f"cannot write to {folder} ({err.strerror or err}); choose a folder you can write to") from None
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, _default_mode(target))
        os.replace(tmp, target)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise ParameterError(f"cannot write {target} ({err.strerror or err}); choose a path you can write to") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def writable_dir(path: str | os.PathLike, label: str, hint: str) -> Path:
    """Create ``path`` if needed and prove it can be written; else one line:
    ``<label> <path> cannot be written (<reason>); <hint>``."""
    folder = Path(path).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-")
        probe.close()
    except OSError as err:
        raise ParameterError(f"{label} {folder} cannot be written ({err.strerror or err}); {hint}") from None
    return folder


# --------------------------------------------------------------------------- what a path is

def path_kind(path: str | os.PathLike) -> str:
    """What is at ``path``, in words: 'a folder', 'a file', 'a FIFO (named pipe)', 'a character
    device', 'a block device', 'a socket', 'a broken symbolic link', 'nothing'."""
    p = Path(path)
    try:
        mode = p.stat().st_mode
    except FileNotFoundError:
        return "a broken symbolic link" if p.is_symlink() else "nothing"
    except OSError:
        return "a path that cannot be read"
    for test, words in ((stat.S_ISDIR, "a folder"), (stat.S_ISREG, "a file"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                        (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                        (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return words
    return "a special file"


# --------------------------------------------------------------------------- OS errors as one line

_FIXES = {
    errno.ENOSPC: ("the disk is full", "free some space or write elsewhere"),
    errno.EDQUOT: ("the disk quota is exceeded", "free some space or write elsewhere"),
    errno.EACCES: ("permission denied", "give yourself access to it or choose another path"),
    errno.EPERM: ("operation not permitted", "give yourself access to it or choose another path"),
    errno.EROFS: ("the file system is read-only", "choose a folder you can write to"),
    errno.ENOTDIR: ("a part of the path is not a folder", "give the path of a folder"),
    errno.EISDIR: ("it is a folder", "give the path of a file inside it"),
    errno.ENOENT: ("it does not exist", "check the path"),
    errno.EEXIST: ("it already exists", "remove it or choose another path"),
    errno.ELOOP: ("symbolic links point at each other in a loop", "fix the links or give the real path"),
    errno.ENAMETOOLONG: ("the name is too long", "choose a shorter path"),
    errno.EMFILE: ("too many files are open", "close other programs and try again"),
    errno.ENFILE: ("too many files are open on this system", "close other programs and try again"),
    errno.EIO: ("an input/output error occurred (a failing disk or network drive)", "check the disk and try again"),
    errno.EBUSY: ("it is in use", "close the program using it and try again"),
    errno.ETXTBSY: ("it is in use", "close the program using it and try again"),
    errno.ENXIO: ("no such device", "give the path of a file or folder"),
    errno.ENODEV: ("no such device", "give the path of a file or folder"),
}


def os_error_message(err: OSError, path: str | os.PathLike | None = None, doing: str | None = None) -> str:
    """One line for ``err``: the path at fault (the error's own, else ``path``), what went wrong
    and what to do. ``doing`` says what was attempted ('writing the report')."""
    where = err.filename if err.filename not in (None, "") else path
    if isinstance(where, bytes):
        where = os.fsdecode(where)
    if err.filename2 not in (None, ""):
        where = f"{where} -> {os.fsdecode(err.filename2) if isinstance(err.filename2, bytes) else err.filename2}"
    reason, fix = _FIXES.get(err.errno, ((err.strerror or type(err).__name__).rstrip(".").lower(), "check the path and try again"))
    if err.errno == errno.ENOTDIR and where is not None and Path(str(where)).exists():
        reason = f"it is {path_kind(str(where))}, not a folder"
    subject = f"{where}" if where is not None else "a file operation"
    while_ = f" while {doing}" if doing else ""
    return f"{subject}: {reason}{while_}; {fix}"


class one_line_os_errors(contextlib.ContextDecorator):
    """``with one_line_os_errors(path, doing):`` (or as a decorator): an ``OSError`` raised inside
    becomes one :class:`FileSystemError` line. ``BrokenPipeError`` passes unchanged (a reader that
    went away, which the command line ends quietly); errors that are already ``AtopError`` too.

    With ``stdout=True`` (writing to standard output) the failed stream is pointed at the null
    device, so Python's final flush does not fail a second time with a traceback.
    """

    def __init__(self, path: str | os.PathLike | None = None, doing: str | None = None, stdout: bool = False):
        self.path, self.doing, self.stdout = path, doing, stdout

    def __enter__(self):
        return self

    def __exit__(self, kind, err, tb):
        if err is None or not isinstance(err, OSError) or isinstance(err, (BrokenPipeError, AtopError)):
            return False
        if self.stdout:
            _silence_stdout()
        path = self.path if not self.stdout else (self.path or "standard output")
        raise FileSystemError(os_error_message(err, path, self.doing)) from None


def _silence_stdout() -> None:
    """Point file descriptor 1 at the null device (Python docs, 'Note on SIGPIPE')."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


# --------------------------------------------------------------------------- content hashes

def sha256_of(path: str | os.PathLike) -> str:
    """The sha256 of a file's bytes (read in blocks)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
