"""Incremental re-execution: a notebook of a report run is re-executed only when something it
depends on changed since the last good report; otherwise its executed copy and its files are reused.

A notebook's *key* has five parts, each a sha256, recorded per notebook in ``manifest.json``:

``source``       the notebook's cells (type, source, tags; not the outputs the file may hold)
``parameters``   the parameters injected into it (the release, data_dir, output_dir, -p values)
``code``         every file of the ``atoplib`` package (code, templates)
``inputs``       the content of every input file: the release's files, the base release
                 (``ATOP_BASE_DATA_DIR``), the COW files (where :func:`atoplib.data.cow_files.cow_file` finds them) and
                 ``data/registry.csv`` (the pinned checksums)
``environment``  the kernel, the package versions recorded in the manifest, and ``ATOP_VERIFY``

A notebook is reused when all five equal those recorded in the last good report for it and the
files it wrote are all still there. The report stays whole: a run copies the reused notebooks and
their files into its build folder, runs the others there, and swaps the whole folder into place.
When nothing is re-executed and the website is there, the run stops at once: "up to date".
"""

from __future__ import annotations

import hashlib
import json
import shutil
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
#: Files that never influence a notebook's outputs (caches, editor files).
_IGNORED = ("__pycache__", ".pyc", ".ipynb_checkpoints", ".DS_Store")


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def _files_under(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(part in str(p) for part in _IGNORED))


def code_fingerprint() -> str:
    """sha256 over every file of the atoplib package (relative path and content)."""
    package = paths.PACKAGE_DIR
    return _digest([(p.relative_to(package).as_posix(), sha256_of(p)) for p in _files_under(package)])


def input_files(release_files) -> list[Path]:
    """Every file a notebook may read: the release's files, the base release, the COW files and
    the pinned checksums (each only when it exists)."""
    from ..data.cow_files import SOURCES, cow_file
    from ..errors import AtopError

    files = [Path(p) for p in release_files]
    base = str(settings.current().base_data_dir or "")
    if base:
        files += _files_under(Path(base).expanduser())
    for kind in SOURCES:  # the COW files the notebooks will read: the same lookup, never a download
        try:
            files.append(cow_file(kind, download=False))
        except AtopError:
            pass
    files += _files_under(paths.REGISTRY_FILE)
    return list(dict.fromkeys(p.resolve() for p in files))


def inputs_fingerprint(release_files) -> str:
    """sha256 over the content of every input file (by content: moving the data changes nothing)."""
    return _digest(sorted(sha256_of(p) for p in input_files(release_files)))


def source_fingerprint(notebook: Path) -> str:
    """sha256 over a notebook's cells as written (type, source, tags), not its outputs."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    cells = [(c.cell_type, c.source, sorted(c.metadata.get("tags", []))) for c in nb.cells]
    return _digest({"cells": cells, "kernel": nb.metadata.get("kernelspec", {}).get("name")})


def notebook_keys(notebooks: dict[str, Path], parameters: dict[str, dict], release_files,
                  environment: dict) -> dict[str, dict[str, str]]:
    """The key of each notebook (name -> {part: sha256}); code and inputs are hashed once."""
    # ATOP_VERIFY=0 changes what a notebook prints (an unverified release says so): part of the environment
    environment = {**environment, "ATOP_VERIFY": "1" if settings.current().verify else "0"}
    code, inputs, env = code_fingerprint(), inputs_fingerprint(release_files), _digest(environment)
    return {name: {"source": source_fingerprint(path), "parameters": _digest(parameters[name]),
                   "code": code, "inputs": inputs, "environment": env}
            for name, path in notebooks.items()}


def previous_manifest(target: Path) -> dict | None:
    """The manifest of the last good report in ``target``, or None (absent, unreadable, failed)."""
    try:
        record = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("status") == "ok" else None


def plan(keys: dict[str, dict], previous: dict | None, target: Path, force: bool = False) -> dict[str, str]:
    """For each notebook: ``""`` when it can be reused, else why it runs (one phrase)."""
    before = {n.get("name"): n for n in (previous or {}).get("notebooks", []) if isinstance(n, dict)}
    reasons = {}
    for name, key in keys.items():
        old = before.get(name)
        if force:
            reasons[name] = "a full run was asked for"
        elif previous is None:
            reasons[name] = "there is no earlier good report"
        elif old is None or not isinstance(old.get("key"), dict):
            reasons[name] = "the earlier report has no record of it"
        elif old.get("status") != "ok":
            reasons[name] = "it did not finish in the earlier report"
        elif old["key"] != key:
            reasons[name] = "; ".join(text for part, text in KEY_PARTS.items() if old["key"].get(part) != key[part])
        elif not all((target / f).is_file() for f in [name, *old.get("files", [])]):
            reasons[name] = "files it wrote are missing from the earlier report"
        else:
            reasons[name] = ""
    return reasons


def up_to_date(reasons: dict[str, str], previous: dict | None, target: Path, site_wanted: bool) -> bool:
    """Nothing to re-execute, the earlier report holds exactly these notebooks, and its website is
    there when one is wanted."""
    if previous is None or any(reasons.values()):
        return False
    if sorted(n.get("name") for n in previous.get("notebooks", [])) != sorted(reasons):
        return False
    return not site_wanted or (target / "site" / "index.html").is_file()


def reuse(name: str, previous: dict, target: Path, build: Path) -> dict:
    """Copy a reused notebook and the files it wrote from the earlier report into the build
    folder; return its manifest entry from the earlier report."""
    entry = next(n for n in previous["notebooks"] if n.get("name") == name)
    for relative in [name, *entry.get("files", [])]:
        destination = build / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target / relative, destination)
    return entry
