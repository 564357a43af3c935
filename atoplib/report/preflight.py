"""Before any notebook starts: every input the chosen notebooks declare, found, downloaded or refused.

A notebook declares its inputs by naming them in its ``parameters`` cell (``states_file``,
``nmc_file``, ``majors_file``, ``base_data_dir``: :data:`~atoplib.report.params.INPUT_PARAMETERS`),
and says in its metadata which of them it can do without (``atop.optional_inputs``). Preflight
reads those declarations (never the notebooks' code) and asks for each input once, through the
run's settings (the option, the environment, the cache, the download). The path found is handed to
every notebook that declared the input, as a parameter.

A required input that cannot be had stops the run in one line that names the input, the notebooks
that need it and the fix, so a user never waits for seven notebooks to finish before the eighth
fails. An optional one is *skipped*: the notebooks say n/a (or that the comparison was skipped),
and the run is partial (it never replaces the canonical report; :mod:`atoplib.report.run`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import settings
from ..data.base import DEFAULT_BASE_VERSION, base_hint
from ..data.cow_files import SOURCES, cow_file
from ..data.download import download_release
from ..data.locate import locate_release
from ..data.names import normalize_version
from ..data.registry import download_url, sha256_of
from ..data.releases import Release
from ..data.tables import AtopData
from ..errors import AtopError, DataNotFoundError
from .params import INPUT_PARAMETERS

#: How a user supplies each input (the first line of a partial run names it).
HOW_TO_SUPPLY = {
    "states": "--states-file or COW_STATES_FILE: states2016.csv",
    "nmc": "--nmc-file or COW_NMC_FILE: NMC-60-abridged.csv",
    "majors": "--majors-file or COW_MAJORS_FILE: majors2016.csv",
    "base": "--base-data-dir or ATOP_BASE_DATA_DIR",
}
#: Each input in words.
WHAT = {**{kind: source.what for kind, source in SOURCES.items()}, "base": "base release"}
#: The parameter that carries each input to a kernel.
PARAMETER_OF = {kind: name for name, kind in INPUT_PARAMETERS.items()}


@dataclass
class Preflight:
    """What the run will use: ``paths`` (input -> the path handed to the kernels), ``inputs`` (the
    manifest's record: name, sha256, needed_by) and ``skipped`` (input -> reason)."""

    paths: dict[str, Path] = field(default_factory=dict)
    files: dict[str, list[Path]] = field(default_factory=dict)
    inputs: list[dict] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)

    def manifest(self) -> dict:
        """The manifest's record: files by name and sha256 only, never a path."""
        return {"inputs": self.inputs, "skipped": self.skipped}

    def parameters_for(self, kinds: set[str]) -> dict[str, str | None]:
        """The input parameters of a notebook declaring ``kinds`` (None for a skipped input)."""
        return {PARAMETER_OF[k]: (str(self.paths[k]) if k in self.paths else None) for k in sorted(kinds)}


def _numbers(names: list[str]) -> str:
    return ", ".join(name.split("-", 1)[0] for name in sorted(names))


def preflight(needs: dict[str, set[str]], optional: dict[str, set[str]], data: AtopData,
              parameters: dict | None = None, timeout: float = 30.0) -> Preflight:
    """Find every input the notebooks declare besides the release ``data``.

    ``needs`` maps a notebook's name to the inputs it declares, ``optional`` to those it can do
    without. Raises one line for the first required input that cannot be had (naming it, the
    notebooks that need it and the fix); an optional one is recorded in ``skipped``.
    """
    users: dict[str, list[str]] = {}
    for name, kinds in needs.items():
        for kind in kinds:
            users.setdefault(kind, []).append(name)
    result = Preflight()
    for kind in ("states", "nmc", "majors"):
        if kind in users:
            _cow(result, kind, users[kind], optional, timeout)
    if "base" in users:
        _base(result, users["base"], optional, data, parameters or {})
    return result


def _required_by(users: list[str], optional: dict[str, set[str]], kind: str) -> list[str]:
    return [name for name in users if kind not in optional.get(name, set())]


def _cow(result: Preflight, kind: str, users: list[str], optional: dict[str, set[str]], timeout: float) -> None:
    source = SOURCES[kind]
    try:
        path = cow_file(kind, timeout=timeout)
    except AtopError as err:
        required = _required_by(users, optional, kind)
        if required:
            raise DataNotFoundError(
                f"notebooks {_numbers(required)} need the {source.what} ({source.file}), which cannot be "
                f"had: {str(err).rstrip('.')}"
            ) from None
        result.skipped[kind] = (f"no {source.what}: the readings of notebooks {_numbers(users)} that need it "
                                f"show n/a ({str(err).rstrip('.')}); to supply it: {HOW_TO_SUPPLY[kind]}")
        return
    result.paths[kind] = path
    result.files[kind] = [path]
    result.inputs.append({"input": source.what, "files": [{"name": path.name, "sha256": sha256_of(path)}],
                          "needed_by": sorted(users)})


def _locate_base(version: str, data: AtopData) -> Release:
    """The base release, searched as :func:`~atoplib.data.base.load_base` does, without loading it."""
    chosen = settings.current().base_data_dir
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


def _base(result: Preflight, users: list[str], optional: dict[str, set[str]], data: AtopData, parameters: dict) -> None:
    version = parameters.get("base_version", DEFAULT_BASE_VERSION)
    version = normalize_version(version) if version else None
    try:
        if version is None:
            raise DataNotFoundError("no base release was asked for (base_version = None)")
        release = _locate_base(version, data)
    except AtopError as err:
        reason = str(err).split("; ")[0].rstrip(".")
        required = _required_by(users, optional, "base")
        if required:
            raise DataNotFoundError(f"notebooks {_numbers(required)} need a base release ({reason}); "
                                    f"{base_hint(version, data.version)}") from None
        result.skipped["base"] = (f"no base release to compare with ({reason}); notebooks {_numbers(users)} show "
                                  f"ATOP {data.version} alone. To compare: {base_hint(version, data.version)}")
        return
    result.paths["base"] = Path(release.source).expanduser().absolute()
    result.files["base"] = [p for _, p in sorted(release.files.items())]
    result.inputs.append({"input": f"ATOP {version} (base release)", "needed_by": sorted(users),
                          "files": [{"name": p.name, "sha256": release.checksums.get(k, "")}
                                    for k, p in sorted(release.files.items())]})
