"""Writing files safely: one atomic writer and one writability probe for the whole package.

:func:`atomic_write` writes to a temporary file beside the target and moves it into place only
when the write succeeded, so a failure, Ctrl-C or a full disk never leaves a half-written file
where a good one stood. :func:`writable_dir` creates a folder and proves it can be written before
any work starts, so the error comes first, in one line.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from .errors import ParameterError


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
