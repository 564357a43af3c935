"""Before any notebook starts: every input the chosen notebooks need, found, downloaded or refused.

A report run reads each notebook's code to see what it loads — the COW state-system list, National
Material Capabilities, the major powers, the base release to compare with — and asks for each
input once (the ATOP release itself is located first by the run). An input that cannot be had stops
the run in one line that names the input, the notebooks that need it and the fix, so a user never
waits for seven notebooks to finish before the eighth fails. The base release is the one input a
notebook can do without: notebook 07 then says the comparison was skipped, and why; preflight
records that in the manifest and prints it once.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .. import settings
from ..data.base import DEFAULT_BASE_VERSION, base_hint
from ..data.cow_files import SOURCES, cow_file
from ..data.download import download_release
from ..data.locate import locate_release
from ..data.names import normalize_version
from ..data.registry import download_url, sha256_of
from ..data.tables import AtopData
from ..errors import AtopError, DataNotFoundError

#: What a notebook's code calls, and the input the call needs.
USES = {
    "states": ("load_states", "add_state_names", "state_labels"),
    "nmc": ("load_nmc", "alliance_power"),
    "majors": ("load_majors",),
    "base": ("compare_releases", "load_base", "across_releases"),
}
#: Calls that use an input when it is there and say "n/a" (or "skipped") when it is not: the claims
#: ledger reads the three COW tables if it can. Such inputs are fetched, never required.
OPTIONAL_USES = {"states": ("ledger",), "nmc": ("ledger",), "majors": ("ledger",)}


@dataclass
class Preflight:
    """What the run will use: ``inputs`` (name, sha256, needed_by) and ``skipped`` (input: reason)."""

    inputs: list[dict] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)

    def manifest(self) -> dict:
        """The manifest's record: files by name and sha256 only, never a path."""
        return {"inputs": self.inputs, "skipped": self.skipped}


def _code(notebook: Path) -> str:
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    return "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")


def needed_inputs(notebook: Path, uses: dict = USES) -> set[str]:
    """The inputs (``states``, ``nmc``, ``majors``, ``base``) a notebook's code cells call for."""
    code = _code(notebook)
    return {name for name, calls in uses.items() if any(call in code for call in calls)}


def _numbers(names: list[str]) -> str:
    return ", ".join(name.split("-", 1)[0] for name in sorted(names))


def preflight(notebooks: list[Path], data: AtopData, parameters: dict | None = None,
              progress: bool = True, timeout: float = 30.0) -> Preflight:
    """Find every input ``notebooks`` need besides the release ``data``; raise one line for the
    first input that cannot be had (naming it, the notebooks that need it and the fix)."""
    parameters = parameters or {}
    needs: dict[str, list[str]] = {}
    optional: dict[str, list[str]] = {}
    for path in notebooks:
        for name in needed_inputs(path):
            needs.setdefault(name, []).append(Path(path).name)
        for name in needed_inputs(path, OPTIONAL_USES) - needed_inputs(path):
            optional.setdefault(name, []).append(Path(path).name)
    result = Preflight()
    for kind in ("states", "nmc", "majors"):
        if kind not in needs and kind not in optional:
            continue
        source = SOURCES[kind]
        users = needs.get(kind, []) + optional.get(kind, [])
        try:
            path = cow_file(kind, timeout=timeout)
        except AtopError as err:
            if kind not in needs:
                result.skipped[kind] = (f"no {source.what}: the readings of notebooks {_numbers(users)} that "
                                        f"need it show n/a ({str(err).rstrip('.')})")
                print(f"note: {result.skipped[kind]}", file=sys.stderr)
                continue
            raise DataNotFoundError(
                f"notebooks {_numbers(needs[kind])} need the {source.what} ({source.file}), which cannot be "
                f"had: {str(err).rstrip('.')}"
            ) from None
        result.inputs.append({"input": source.what, "files": [{"name": path.name, "sha256": sha256_of(path)}],
                              "needed_by": sorted(users)})
    if "base" in needs:
        _base(result, needs["base"], data, parameters)
    return result


def _locate_base(version: str, chosen, data: AtopData):
    """The base release, searched as :func:`~atoplib.data.base.load_base` does, without loading it."""
    if chosen:
        return locate_release(chosen, version)
    try:
        return locate_release(data.release.source, version, download=False)
    except AtopError:
        pass
    cached = settings.current().cache_dir / f"atop-{version}"
    if cached.is_dir() and any(cached.iterdir()):
        return locate_release(cached, version)
    if download_url(version):
        return locate_release(download_release(version), version)
    raise DataNotFoundError(f"no ATOP {version} release was found")


def _base(result: Preflight, users: list[str], data: AtopData, parameters: dict) -> None:
    version = parameters.get("base_version", DEFAULT_BASE_VERSION)
    version = normalize_version(version) if version else None
    chosen = parameters.get("base_data_dir") or settings.current().base_data_dir
    try:
        if version is None:
            raise DataNotFoundError("no base release was asked for (base_version = None)")
        release = _locate_base(version, chosen, data)
        result.inputs.append({"input": f"ATOP {version} (base release)", "needed_by": sorted(users),
                              "files": [{"name": p.name, "sha256": release.checksums.get(k, "")}
                                        for k, p in sorted(release.files.items())]})
    except AtopError as err:
        reason = str(err).split("; ")[0].rstrip(".")
        result.skipped["base"] = (f"no base release to compare with ({reason}); notebooks {_numbers(users)} show "
                                  f"ATOP {data.version} alone. To compare: {base_hint(version, data.version)}")
        print(f"note: {result.skipped['base']}", file=sys.stderr)
