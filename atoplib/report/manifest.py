"""What a report records in ``manifest.json``, and the machine-local run log.

The manifest is byte-stable: the same inputs, code and packages give the same bytes, so a re-run
leaves git clean. It holds what was run, on what, with what, and the sha256 of every output; never a
time, a duration, a path of this machine, or whether a notebook was executed or taken from the
cache. Those go to the run log (:func:`log_run`), one JSON line per run under the run's cache
folder (``<cache>/runs/report-runs.jsonl``), never into the report.
"""

from __future__ import annotations

import json
import platform
import re
from importlib import metadata
from pathlib import Path

from .. import __version__, settings
from ..data.registry import sha256_of
from ..data.tables import AtopData
from ..errors import ParameterError
from ..files import atomic_write

MANIFEST = "manifest.json"
RUN_LOG = Path("runs") / "report-runs.jsonl"
#: How many runs the log keeps.
KEEP_RUNS = 200


def package_versions() -> dict[str, str]:
    """Python, atoplib and every installed distribution with its version (what ``pip freeze``
    lists), by normalized name, sorted: the environment a report was made in."""
    installed = {}
    for dist in metadata.distributions():
        name = re.sub(r"[-_.]+", "-", (dist.metadata["Name"] or "")).lower()
        if name and name != "atop-notebooks":
            installed[name] = dist.version
    return {"python": platform.python_version(), "atoplib": __version__, **dict(sorted(installed.items()))}


def write_manifest(folder: Path, record: dict) -> Path:
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return atomic_write(folder / MANIFEST, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def read_manifest(folder: Path) -> dict | None:
    """The manifest of a report folder, or None (absent, unreadable, not a report's)."""
    try:
        record = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def file_record(folder: Path, relative: str) -> dict:
    return {"name": relative, "sha256": sha256_of(folder / relative)}


def data_record(data: AtopData) -> dict:
    return {
        "format": data.release.format,
        "checksums_verified": bool(data.release.verified),
        "verification": "on" if getattr(data.release, "verification_on", True) else "off (ATOP_VERIFY=0)",
        "consistency": data.consistency_note,
        "files": [{"name": path.name, "sha256": data.release.checksums.get(kind, "")}
                  for kind, path in sorted(data.release.files.items())],
    }


def notebook_records(build: Path, names: list[str], status: dict[str, str], files: dict[str, list[str]]) -> list[dict]:
    """Per notebook: its name, status (``ok``, ``failed``, ``not run``), the sha256 of the executed
    notebook and each file it wrote."""
    out = []
    for name in names:
        entry = {"name": name, "status": status.get(name, "not run")}
        if (build / name).is_file():
            entry["sha256"] = sha256_of(build / name)
        entry["files"] = [file_record(build, f) for f in files.get(name, []) if (build / f).is_file()]
        out.append(entry)
    return out


def manifest(data: AtopData, parameters: dict, notebooks: list[dict], preflight: dict, lacks: list[str],
             status: str, site: str | None) -> dict:
    """The manifest of one run (see the module docstring; fields: docs/outputs.md)."""
    return {
        "collection": "atop-notebooks",
        "status": status,
        "complete": not lacks,
        "lacks": lacks,
        "release": data.version,
        "coverage": {"first_year": data.first_year, "last_year": data.last_year},
        "data": data_record(data),
        **preflight,
        "parameters": parameters,
        "packages": package_versions(),
        "kernel": "python3",
        "notebooks": notebooks,
        "site": site,
    }


def recorded_files(record: dict) -> dict[str, str]:
    """Every output a manifest records: path -> sha256 (the notebooks and the files they wrote)."""
    out = {}
    for entry in record.get("notebooks", []):
        if not isinstance(entry, dict):
            continue
        if entry.get("sha256"):
            out[entry["name"]] = entry["sha256"]
        for item in entry.get("files", []):
            if isinstance(item, dict) and item.get("name"):
                out[item["name"]] = item.get("sha256", "")
    return out


def damaged_outputs(folder: Path, record: dict) -> list[str]:
    """The outputs of a report folder missing or differing from the sha256 its manifest records."""
    return [name for name, digest in recorded_files(record).items()
            if not (folder / name).is_file() or sha256_of(folder / name) != digest]


def log_run(entry: dict) -> Path | None:
    """Append one run to the machine-local run log (times, durations, executed or reused, why);
    keep the newest :data:`KEEP_RUNS`. A log that cannot be written is skipped."""
    log = settings.current().cache_dir / RUN_LOG
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        lines = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
        lines = (lines + [json.dumps(entry, sort_keys=True, default=str)])[-KEEP_RUNS:]
        atomic_write(log, lambda tmp: tmp.write_text("\n".join(lines) + "\n", encoding="utf-8"))
    except (OSError, ParameterError):  # the log is not the report: a run never fails for it
        return None
    return log
