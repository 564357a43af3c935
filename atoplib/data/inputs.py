"""The inputs a run reads, and the rule that an output never replaces or joins them.

:func:`refuse_input_overwrite` -- an output never replaces a file being read (the release's
files, its zip, the checksum registry, the COW files), whatever the path says: the same inode
(a symbolic or hard link) counts as the same file; and no output is written under an ATOP file
name inside the release's folder, where the next load would take it for part of the release.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from ..errors import ParameterError
from .names import FILE_PATTERN


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
    if FILE_PATTERN.match(target.name):
        parent = target.expanduser().resolve().parent
        for folder in folders:
            folder = Path(folder).expanduser().resolve()
            if parent == folder or parent.is_relative_to(folder):
                raise ParameterError(
                    f"output {target} has the name of an ATOP data file inside the release folder {folder}; "
                    f"the next load would read it as part of the release: choose another name or folder"
                )
