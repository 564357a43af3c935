"""Incremental re-execution: a machine-local cache of executed notebooks.

A notebook of a report run is re-executed only when this machine has not executed it before with
the same *key*; otherwise its executed copy and its files are taken from the cache. The cache lives
under the run's cache folder (``<cache>/executed-notebooks/``, ``ATOP_CACHE_DIR`` or the user
cache), never in the report: the committed ``manifest.json`` is never read to decide what to run,
so a fresh clone always executes every notebook the first time.

A notebook's key has five parts, each a sha256:

``source``       the notebook's cells (type, source, tags; not the outputs the file may hold)
``parameters``   the parameters given to it (paths replaced by the content of what they name: see inputs)
``code``         every file of the ``atoplib`` package (code, templates)
``inputs``       the content of every file it reads: the release's files, the inputs it declares
                 (COW files, the base release) and the pinned checksums (``data/registry.csv``)
``environment``  the kernel, the installed packages, ``requirements.lock`` and checksum verification

Each cache entry records the sha256 of every file the notebook wrote; an entry whose files no
longer match is not used. The newest :data:`KEEP_PER_NOTEBOOK` entries of each notebook are kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import paths, settings
from ..data.registry import sha256_of

#: The parts of a notebook's key, and how a reader is told which changed.
KEY_PARTS = {
    "source": "its source changed",
    "parameters": "its parameters changed",
    "code": "the atoplib code changed",
    "inputs": "an input file changed",
    "environment": "the packages or the kernel changed",
}
CACHE_FOLDER = "executed-notebooks"
RECORD = "record.json"
KEEP_PER_NOTEBOOK = 3
#: Files that never influence a notebook's outputs (caches, editor files).
_IGNORED = ("__pycache__", ".pyc", ".ipynb_checkpoints", ".DS_Store")


def digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def files_under(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(part in str(p) for part in _IGNORED))


def code_fingerprint() -> str:
    """sha256 over every file of the atoplib package (:func:`atoplib.paths.code_fingerprint`)."""
    return paths.code_fingerprint()


def source_fingerprint(notebook: Path) -> str:
    """sha256 over a notebook's cells as written (type, source, tags) and its metadata's ``atop``
    declarations, not its outputs."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    cells = [(c.cell_type, c.source, sorted(c.metadata.get("tags", []))) for c in nb.cells]
    return digest({"cells": cells, "kernel": nb.metadata.get("kernelspec", {}).get("name"),
                   "atop": nb.metadata.get("atop", {})})


def environment_fingerprint(environment: dict) -> str:
    """sha256 over the kernel and packages given, the lock file and checksum verification."""
    lock = paths.PROJECT_ROOT / "requirements.lock"
    return digest({**environment, "lock": sha256_of(lock) if lock.is_file() else "",
                   "verify": settings.current().verify})


def inputs_fingerprint(files) -> str:
    """sha256 over the content of every input file (by content: moving the data changes nothing)."""
    found = [Path(p) for p in files] + files_under(paths.REGISTRY_FILE)
    extra = settings.current().registry_file
    if extra is not None:
        found += files_under(extra)
    return digest(sorted(sha256_of(p) for p in dict.fromkeys(p.resolve() for p in found)))


def notebook_key(notebook: Path, parameters: dict, path_parameters: tuple[str, ...], input_files,
                 code: str, environment: str) -> dict[str, str]:
    """The key of one notebook (part -> sha256). Path parameters count by what they name (in
    ``inputs``), not by where it lies on this machine."""
    given = {k: ("<path>" if k in path_parameters and v is not None else v) for k, v in parameters.items()}
    return {"source": source_fingerprint(notebook), "parameters": digest(given), "code": code,
            "inputs": inputs_fingerprint(input_files), "environment": environment}


# --------------------------------------------------------------------------- the cache

@dataclass
class Entry:
    """One executed notebook in the cache: its folder (the notebook and its files as written) and
    its record (``key``, ``files``: path -> sha256, ``seconds``)."""

    folder: Path
    record: dict

    @property
    def files(self) -> dict[str, str]:
        return self.record.get("files", {})

    def intact(self) -> bool:
        return all((self.folder / "files" / name).is_file() and sha256_of(self.folder / "files" / name) == digest_
                   for name, digest_ in self.files.items())


def cache_root() -> Path:
    return settings.current().cache_dir / CACHE_FOLDER


def _notebook_folder(name: str) -> Path:
    return cache_root() / name.removesuffix(".ipynb")


def lookup(name: str, key: dict) -> Entry | None:
    """The intact cache entry of notebook ``name`` for ``key``, or None."""
    folder = _notebook_folder(name) / digest(key)[:32]
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entry = Entry(folder, record)
    return entry if record.get("key") == key and entry.intact() else None


def latest_key(name: str) -> dict | None:
    """The key of the notebook's newest cache entry (to say what changed since), or None."""
    entries = _entries(name)
    return entries[0].record.get("key") if entries else None


def _entries(name: str) -> list[Entry]:
    folder = _notebook_folder(name)
    found = []
    for child in folder.iterdir() if folder.is_dir() else ():
        try:
            found.append(Entry(child, json.loads((child / RECORD).read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    found.sort(key=lambda e: e.record.get("stored", 0), reverse=True)
    return found


def why_run(name: str, key: dict, force: bool) -> str:
    """``""`` when the cache holds the notebook for ``key``, else why it runs (one phrase)."""
    if force:
        return "a full run was asked for"
    if lookup(name, key) is not None:
        return ""
    before = latest_key(name)
    if before is None:
        return "it was not executed on this machine before"
    changed = [text for part, text in KEY_PARTS.items() if before.get(part) != key.get(part)]
    return "; ".join(changed) or "its earlier outputs in the cache are damaged"


def store(name: str, key: dict, folder: Path, outputs: list[str], seconds: float) -> Entry | None:
    """Copy an executed notebook and the files it wrote (``outputs``, relative to ``folder``) into
    the cache; a cache that cannot be written is skipped (the run itself does not depend on it)."""
    import time

    target = _notebook_folder(name) / digest(key)[:32]
    staging = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".store-", dir=target.parent))
        files = {}
        for relative in [name, *outputs]:
            destination = staging / "files" / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(folder / relative, destination)
            files[relative] = sha256_of(destination)
        record = {"name": name, "key": key, "files": files, "seconds": seconds, "stored": time.time()}
        (staging / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(staging, target)
    except OSError:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        return None
    for old in _entries(name)[KEEP_PER_NOTEBOOK:]:
        shutil.rmtree(old.folder, ignore_errors=True)
    return Entry(target, record)


def restore(entry: Entry, build: Path) -> list[str]:
    """Copy a cached notebook and its files into the build folder; return the files besides the
    notebook (relative paths)."""
    name = entry.record["name"]
    for relative in entry.files:
        destination = build / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(entry.folder / "files" / relative, destination)
    return sorted(f for f in entry.files if f != name)
