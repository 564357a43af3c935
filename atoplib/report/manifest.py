"""What a report records in ``manifest.json``: the release, its files and hashes, the parameters,
the package versions, each notebook's status and time, whether it was executed or reused (and
why), what it depends on and what it wrote, and the website."""

from __future__ import annotations

import datetime as _dt
import json
import platform
import re
from importlib import metadata
from pathlib import Path

from ..data.tables import AtopData
from ..files import atomic_write
from .execute import KERNEL, _Result

MANIFEST = "manifest.json"


# --------------------------------------------------------------------------- manifest

def package_versions() -> dict[str, str]:
    """Python, atoplib and every installed distribution with its version (what ``pip freeze``
    lists), by normalized name, sorted: the environment a report was made in."""
    from .. import __version__

    installed = {}
    for dist in metadata.distributions():
        name = re.sub(r"[-_.]+", "-", (dist.metadata["Name"] or "")).lower()
        if name and name != "atop-notebooks":
            installed[name] = dist.version
    return {"python": platform.python_version(), "atoplib": __version__, **dict(sorted(installed.items()))}


def _write_manifest(folder: Path, record: dict) -> Path:
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return atomic_write(folder / MANIFEST, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _manifest(data: AtopData, parameters: dict, results: list[_Result], started: str, wall: float,
              jobs: int, status: str, names: list[str], keys: dict | None = None, reasons: dict | None = None,
              files: dict | None = None, reused: dict | None = None, site: str | None = None) -> dict:
    """The manifest of one run. Per notebook: ``run`` says whether it was ``executed`` in this run
    (with the ``reason``) or ``reused`` from the last good report (``seconds`` is then its time when
    it was executed); ``key`` holds what it depends on (:mod:`atoplib.report.incremental`) and
    ``files`` what it wrote. ``names`` may also be :class:`_Task` objects (their names are used)."""
    names = [getattr(n, "name", n) for n in names]
    timings = {r.name: r for r in results}
    keys, reasons, files, reused = keys or {}, reasons or {}, files or {}, reused or {}
    notebooks = []
    for name in names:
        if name in reused:
            old = reused[name]
            entry = {"name": name, "seconds": old.get("seconds"), "status": "ok", "run": "reused",
                     "reason": "nothing it depends on changed", "files": old.get("files", [])}
        elif name in timings:
            entry = {"name": name, "seconds": timings[name].seconds,
                     "status": "failed" if timings[name].error else "ok", "run": "executed",
                     "reason": reasons.get(name, ""), "files": files.get(name, [])}
        else:
            entry = {"name": name, "seconds": None, "status": "not run", "run": "not run", "reason": "",
                     "files": []}
        if name in keys:
            entry["key"] = keys[name]
        notebooks.append(entry)
    return {
        "collection": "atop-notebooks",
        "status": status,
        "release": data.version,
        "coverage": {"first_year": data.first_year, "last_year": data.last_year},
        "data": {
            "format": data.release.format,
            "checksums_verified": bool(data.release.verified),
            "verification": "on" if getattr(data.release, "verification_on", True) else "off (ATOP_VERIFY=0)",
            "consistency": data.consistency_note,
            "files": [
                {"name": path.name, "sha256": data.release.checksums.get(kind, "")}
                for kind, path in sorted(data.release.files.items())
            ],
        },
        "parameters": parameters,
        "packages": package_versions(),
        "kernel": KERNEL,
        "jobs": jobs,
        "notebooks": notebooks,
        "executed": [n["name"] for n in notebooks if n["run"] == "executed"],
        "reused": [n["name"] for n in notebooks if n["run"] == "reused"],
        "site": site,
        "started": started,
        "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "wall_seconds": round(wall, 3),
    }
