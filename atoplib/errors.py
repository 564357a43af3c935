"""Errors a user can act on.

Every expected failure raises an :class:`AtopError` whose message is one line that names the
file, row or field at fault and says what to do. The command line prints that line alone (no
traceback) and exits non-zero; notebooks show it as the exception message.
"""

from __future__ import annotations


class AtopError(Exception):
    """Base class: an expected, user-fixable problem. ``str(err)`` is one line."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))

    def _render_traceback_(self) -> list[str]:
        """IPython (a notebook, papermill) shows this instead of a traceback: one line."""
        return [f"{type(self).__name__}: {self}"]


class DataNotFoundError(AtopError, FileNotFoundError):
    """The ATOP (or COW) files could not be found where the user pointed."""


class SchemaError(AtopError, ValueError):
    """A data file is present but its columns or values are not what the release promises."""


class ChecksumError(AtopError):
    """A file's sha256 differs from the value pinned for its release."""


class DownloadError(AtopError):
    """The official download could not be fetched or verified."""


class ArchiveError(AtopError):
    """A zip archive is damaged, encrypted, unsafe, or holds no ATOP files."""


class ParameterError(AtopError, ValueError):
    """A parameter (provision name, year range, release, output folder) is not acceptable."""


class FileSystemError(AtopError):
    """The operating system refused a read or a write (disk full, permission, not a folder, …)."""


class ReportError(AtopError):
    """A notebook of the collection failed; the message names the notebook and the cell."""


class AtopWarning(UserWarning):
    """Something the user should know but that does not stop the run (e.g. no pinned checksums)."""
