"""What a report records in ``manifest.json``: the release, its files and hashes, the parameters,
the package versions, and each notebook's status and time."""

from __future__ import annotations

import datetime as _dt
import json
import platform
from importlib import metadata
from pathlib import Path

from ..data.tables import AtopData
from ..files import atomic_write
from .execute import KERNEL, _Result, _Task

#: Package versions recorded in manifest.json.
PACKAGES = ("pandas", "numpy", "matplotlib", "seaborn", "papermill", "nbclient", "ipykernel")
MANIFEST = "manifest.json"


# --------------------------------------------------------------------------- manifest

def package_versions() -> dict[str, str]:
    from .. import __version__

    versions = {"python": platform.python_version(), "atoplib": __version__}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _write_manifest(folder: Path, record: dict) -> Path:
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    return atomic_write(folder / MANIFEST, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _manifest(data: AtopData, parameters: dict, results: list[_Result], started: str, wall: float,
              jobs: int, status: str, tasks: list[_Task]) -> dict:
    timings = {r.name: r for r in results}
    return {
        "collection": "atop-notebooks",
        "status": status,
        "release": data.version,
        "coverage": {"first_year": data.first_year, "last_year": data.last_year},
        "data": {
            "format": data.release.format,
            "checksums_verified": bool(data.release.verified),
            "files": [
                {"name": path.name, "sha256": data.release.checksums.get(kind, "")}
                for kind, path in sorted(data.release.files.items())
            ],
        },
        "parameters": parameters,
        "packages": package_versions(),
        "kernel": KERNEL,
        "jobs": jobs,
        "notebooks": [
            {
                "name": task.name,
                "seconds": timings[task.name].seconds if task.name in timings else None,
                "status": ("failed" if timings[task.name].error else "ok") if task.name in timings else "not run",
            }
            for task in tasks
        ],
        "started": started,
        "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "wall_seconds": round(wall, 3),
    }
