"""Every cached file is verified before it is used again.

The cache holds files the package made itself: the official zips pooch downloaded
(``downloads/``), each downloaded release unpacked (``atop-<version>/``), the zips a user pointed
at, unpacked (``unpacked/<name>-<hash>/``), and the COW files (``cow/``). A file there can be cut
short or changed afterwards (a full disk, a crash, a sync tool, a hand edit), and a damaged copy
would be read as silently as a good one. So:

* a folder the package unpacks gets a record, :data:`RECORD` (each file's size and sha256),
  written inside the folder before it is moved into place; :func:`damage` compares the folder with
  its record (and with the pinned hashes of ``data/registry.csv`` where a file is pinned) before
  every reuse;
* a COW file, always pinned, is compared with its pinned hashes (bytes or content);
* a damaged entry is made again (unpacked again, or downloaded again) with one warning that says
  what was wrong (:func:`remade`); if it cannot be made again, the error says that the copy was
  damaged and what to do.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Iterable, Mapping

from ..errors import AtopWarning
from .registry import sha256_of

#: The record of a cached folder: ``{"files": {name: {"size": bytes, "sha256": hex}}}``.
RECORD = ".atop-cache.json"


def record_files(folder: Path, files: Iterable[Path] | None = None) -> Path:
    """Write the size and sha256 of ``files`` (default: every file in ``folder`` but the record)
    to ``folder/.atop-cache.json``, atomically."""
    folder = Path(folder)
    chosen = sorted(files) if files is not None else sorted(p for p in folder.iterdir() if p.is_file() and p.name != RECORD)
    entries = {p.name: {"size": p.stat().st_size, "sha256": sha256_of(p)} for p in chosen}
    handle, tmp = tempfile.mkstemp(prefix=f".{RECORD}.", suffix=".partial", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"files": entries}, out, indent=1, sort_keys=True)
        os.replace(tmp, folder / RECORD)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return folder / RECORD


def recorded(folder: Path) -> dict[str, dict] | None:
    """The record of ``folder`` (``{name: {size, sha256}}``), or None if it has none (or it is unreadable)."""
    try:
        data = json.loads((Path(folder) / RECORD).read_text(encoding="utf-8"))
        files = data["files"]
        return {str(k): {"size": int(v["size"]), "sha256": str(v["sha256"])} for k, v in files.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def damage(folder: Path, pinned: Mapping[str, str] | None = None) -> str | None:
    """None when the cached ``folder`` is whole; else what is wrong, in words (the first problem).

    Whole: it has a record, every recorded file is there with its recorded size and sha256, and
    every file whose name is in ``pinned`` (``{lower-case name: sha256}``) has the pinned sha256."""
    folder = Path(folder)
    record = recorded(folder)
    if record is None:
        return f"it has no record of its files ({RECORD})"
    if not record:
        return "its record lists no files"
    for name, entry in sorted(record.items()):
        path = folder / name
        if not path.is_file():
            return f"{name} is missing"
        size = path.stat().st_size
        if size != entry["size"]:
            return f"{name} is {size:,} bytes, not the {entry['size']:,} recorded when it was made"
        digest = sha256_of(path)
        if digest != entry["sha256"]:
            return f"{name} has sha256 {digest[:12]}…, not the {entry['sha256'][:12]}… recorded when it was made"
        expected = (pinned or {}).get(name.lower())
        if expected is not None and digest != expected:
            return f"{name} has sha256 {digest[:12]}…, not the pinned {expected[:12]}…"
    return None


def remade(what: str, path: Path, reason: str, how: str) -> None:
    """The one line said when a damaged cache entry is made again."""
    warnings.warn(f"the cached {what} {path} was damaged ({reason}); {how}", AtopWarning, stacklevel=3)
