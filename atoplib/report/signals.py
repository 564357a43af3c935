"""Signals for the command and the report build: SIGTERM and SIGHUP unwind like Ctrl-C, and a
Ctrl-C while the ``atopnb`` command is still importing is one line.

* :func:`sigterm_as_interrupt` -- SIGTERM (``timeout``, a cancelled CI job) and SIGHUP unwind like
  Ctrl-C (:class:`Terminated` is a ``KeyboardInterrupt``), so ``finally`` blocks remove
  ``.partial`` files and keep failed builds named as failed.
* :func:`process_alive` -- whether a process still runs (a zombie has ended): a worker being
  stopped, or the owner of a build folder.
* :func:`quiet_interrupt_at_startup` -- Ctrl-C while the command is still importing pandas prints
  ``atopnb: error: interrupted`` and exits with status 130, without a traceback; ``cli.main``
  installs it first and hands SIGINT back to Python (:func:`restore_interrupt`) as soon as it can
  catch ``KeyboardInterrupt``.

Standard library only. Nothing here runs at import.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from pathlib import Path

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


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs: it exists, and is not a zombie waiting to be reaped (one
    owned by another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (not yet reaped by its parent) has ended
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
