"""Guards around everything the ``atopnb`` command reads and writes (issue 13): nothing silent,
nothing lost.

* :func:`refuse_input_overwrite` -- an output never replaces a file being read (the release's
  files, its zip, the checksum registry, the COW files), whatever the path says: the same inode
  (a symbolic or hard link) counts as the same file; and no output is written under an ATOP file
  name inside the release's folder, where the next load would take it for part of the release.
* :class:`one_line_os_errors` -- a context manager and decorator that turns an ``OSError`` (disk
  full, permission denied, not a folder, a device or FIFO given as a folder, read-only file system,
  …) into one :class:`FileSystemError` line naming the path and the fix.
* :func:`sigterm_as_interrupt` -- SIGTERM (``timeout``, a cancelled CI job) and SIGHUP unwind like
  Ctrl-C (:class:`Terminated` is a ``KeyboardInterrupt``), so ``finally`` blocks remove
  ``.partial`` files and keep failed builds named as failed.
* :func:`quiet_interrupt_at_startup` -- Ctrl-C while the command is still importing pandas prints
  ``atopnb: error: interrupted`` and exits with status 130, without a traceback. It must be installed
  before anything heavy is imported: the first statement of ``atoplib/__init__.py`` (both ``atopnb``
  and ``python -m atoplib`` import the package before ``cli.main`` runs); ``cli.main`` hands
  SIGINT back to Python (:func:`restore_interrupt`) as soon as it can catch ``KeyboardInterrupt``.

This module uses the standard library only, so importing it first costs nothing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
import threading
from pathlib import Path
from typing import Iterable

from .errors import AtopError, FileSystemError, ParameterError

PROG = "atopnb"
EXIT_INTERRUPTED = 130


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where Ctrl-C would be so the same clean-ups run."""

    def __init__(self, signum: int):
        super().__init__(f"signal {signum}")
        self.signum = signum

    @property
    def name(self) -> str:
        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return f"signal {self.signum}"


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


# --------------------------------------------------------------------------- outputs never replace inputs

def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # same device and inode: symbolic and hard links included
    except OSError:
        return False


def refuse_input_overwrite(
    output: str | os.PathLike,
    inputs: Iterable[str | os.PathLike],
    folders: Iterable[str | os.PathLike] = (),
    what: str = "the release being read",
) -> None:
    """Raise :class:`ParameterError` if writing ``output`` would replace one of ``inputs``, or
    would put a file named like an ATOP data file (``atop5_1sy.csv``) inside one of ``folders``
    (the release's folders), where the next load would read it as part of the release.

    ``output`` ``-`` (standard output) is always allowed.
    """
    if str(output) == "-":
        return
    target = Path(output).expanduser()
    for source in inputs:
        source = Path(source)
        if _same_file(target, source):
            link = "" if os.path.abspath(target) == os.path.abspath(source) else f" (through a link to {source})"
            raise ParameterError(
                f"output {target} is {source}, a file of {what}{link}; writing it would destroy the input: "
                f"choose another output file"
            )
    from .data.names import FILE_PATTERN

    if FILE_PATTERN.match(target.name):
        parent = target.expanduser().resolve().parent
        for folder in folders:
            folder = Path(folder).expanduser().resolve()
            if parent == folder or parent.is_relative_to(folder):
                raise ParameterError(
                    f"output {target} has the name of an ATOP data file inside the release folder {folder}; "
                    f"the next load would read it as part of the release: choose another name or folder"
                )


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


# --------------------------------------------------------------------------- signals

@contextlib.contextmanager
def sigterm_as_interrupt(signals: tuple[str, ...] = ("SIGTERM", "SIGHUP")):
    """While inside, SIGTERM and SIGHUP raise :class:`Terminated` (a ``KeyboardInterrupt``) in the
    main thread, so clean-ups run as for Ctrl-C. A signal the process ignores (``nohup``) stays
    ignored; after the first signal the others are ignored until the clean-ups are done. Outside
    the main thread (where handlers cannot be set) it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, object] = {}

    def _raise(signum, frame):  # noqa: ARG001
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)
        raise Terminated(signum)

    for name in signals:
        sig = getattr(signal, name, None)
        if sig is None or signal.getsignal(sig) is signal.SIG_IGN:
            continue
        previous[sig] = signal.signal(sig, _raise)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def interrupted_status(err: KeyboardInterrupt) -> tuple[str, int]:
    """(message, exit status) for Ctrl-C (130) or a termination signal (128 + its number)."""
    if isinstance(err, Terminated):
        return f"terminated ({err.name})", 128 + err.signum
    return "interrupted", EXIT_INTERRUPTED


def _exit_interrupted(signum, frame) -> None:  # noqa: ARG001
    os.write(2, f"{PROG}: error: interrupted\n".encode())
    os._exit(EXIT_INTERRUPTED)


def _is_the_command(prog: str = PROG, module: str = "atoplib") -> bool:
    """True when this process is the ``atopnb`` command (``atopnb …`` or ``python -m atoplib …``)."""
    names = {prog, "atop"}  # "atop": the script's name before the rename, still in environments not reinstalled
    if sys.argv and Path(sys.argv[0]).name in names | {f"{n}.exe" for n in names} | {f"{n}-script.py" for n in names}:
        return True
    argv = list(getattr(sys, "orig_argv", []))
    return any(a == "-m" and i + 1 < len(argv) and argv[i + 1] == module for i, a in enumerate(argv)) or f"-m{module}" in argv


def quiet_interrupt_at_startup() -> bool:
    """For the import phase of the ``atopnb`` command only: Ctrl-C exits at once with one line and
    status 130 (nothing has been written yet, so there is nothing to clean up). Does nothing in any
    other process (a notebook, a script, the tests) or if SIGINT is not Python's default handler.
    Returns whether the handler was installed."""
    if not _is_the_command() or threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return False
    signal.signal(signal.SIGINT, _exit_interrupted)
    return True


def ignore_late_interrupt() -> None:
    """For the ``atopnb`` command only, once its work is done and its status known: a Ctrl-C during
    the interpreter's shutdown can no longer turn a finished run into a death by SIGINT (status -2,
    no message); the run exits with its own status. No effect in any other process."""
    if _is_the_command() and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def restore_interrupt() -> None:
    """Give SIGINT back to Python (``KeyboardInterrupt``) once the command can catch it."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is _exit_interrupted:
        signal.signal(signal.SIGINT, signal.default_int_handler)


# --------------------------------------------------------------------------- failed builds


# --------------------------------------------------------------------------- reports never shrink
