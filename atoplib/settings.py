"""Every setting a user can give, resolved in one place: the command line's options and a
notebook's parameters first, then the environment, then the defaults.

:class:`Settings` holds the answer, with every path made absolute against the folder the run was
started from, so a kernel that runs elsewhere reads the same files. A report run resolves it
once, at start-up, and puts it in place for every layer below (:func:`using`); each kernel gets the
inputs its notebook declares as papermill parameters and the run's other settings when it starts
(:func:`install_json`), with the variables below removed from its environment, so it never reads
them on its own.

The environment variables (each also a command-line option or notebook parameter where it makes
sense):

========================  ===============  ====================================================
variable                  field            what it sets
========================  ===============  ====================================================
``ATOP_DATA_DIR``         data_dir         a folder or the official zip holding an ATOP release
``ATOP_BASE_DATA_DIR``    base_data_dir    the release notebook 07 compares with (a folder or zip)
``COW_STATES_FILE``       states_file      COW's state-system file (``states2016.csv``)
``COW_NMC_FILE``          nmc_file         COW's National Material Capabilities (``NMC-60-abridged.csv``)
``COW_MAJORS_FILE``       majors_file      COW's major powers (``majors2016.csv``)
``ATOP_CACHE_DIR``        cache_dir        downloads, unpacked zips and derived tables
                                           (default: the user cache, ``~/.cache/atop-notebooks``)
``ATOP_REPORTS_DIR``      reports_dir      where report folders ``atop-<version>/`` go
                                           (default: ``reports/`` of the checkout, else of the
                                           current folder)
``ATOP_OUTPUT_DIR``       output_dir       where a notebook run by hand writes its figures
``ATOP_VERIFY``           verify           ``0`` turns checksum verification off (never the schema)
``ATOP_REUSE_DERIVED``    reuse_derived    ``0``: chapters recompute every exhibit and verdict instead of
                                           reusing this machine's cache of them (``--force`` does)
``ATOP_REGISTRY_FILE``    registry_file    pins of your own, read after the shipped registry
``ATOP_DOWNLOAD_URL``     download_url     the ATOP release's address (default: the pinned one)
``COW_STATES_URL`` ...    cow_urls         the COW files' addresses (``COW_NMC_URL``, ``COW_MAJORS_URL``)
``ATOP_ALLOW_HTTP``       allow_http       ``1`` allows a plain-http download address
========================  ===============  ====================================================

Standard library only (``platformdirs`` for the user cache, on first use).
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Iterator, Mapping

from . import paths
from .errors import ParameterError

#: Path settings and their environment variables, in the order they are documented.
PATH_VARIABLES: dict[str, str] = {
    "data_dir": "ATOP_DATA_DIR",
    "base_data_dir": "ATOP_BASE_DATA_DIR",
    "states_file": "COW_STATES_FILE",
    "nmc_file": "COW_NMC_FILE",
    "majors_file": "COW_MAJORS_FILE",
    "cache_dir": "ATOP_CACHE_DIR",
    "reports_dir": "ATOP_REPORTS_DIR",
    "output_dir": "ATOP_OUTPUT_DIR",
    "registry_file": "ATOP_REGISTRY_FILE",
}
#: The other settings' variables.
VERIFY_ENV = "ATOP_VERIFY"
REUSE_ENV = "ATOP_REUSE_DERIVED"
DOWNLOAD_URL_ENV = "ATOP_DOWNLOAD_URL"
ALLOW_HTTP_ENV = "ATOP_ALLOW_HTTP"
COW_URL_VARIABLES: dict[str, str] = {"states": "COW_STATES_URL", "nmc": "COW_NMC_URL", "majors": "COW_MAJORS_URL"}
#: Every variable the project reads: a report run removes them from its kernels' environment.
ENVIRONMENT_VARIABLES: tuple[str, ...] = (
    *PATH_VARIABLES.values(), VERIFY_ENV, REUSE_ENV, DOWNLOAD_URL_ENV, ALLOW_HTTP_ENV, *COW_URL_VARIABLES.values(),
)

_FALSE = {"0", "false", "no", "off"}
_TRUE = {"1", "true", "yes", "on"}


def user_cache_dir() -> Path:
    """The per-user cache of the platform (``~/.cache/atop-notebooks`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(paths.APP_NAME, appauthor=False))


def default_reports_dir() -> Path:
    """``reports/`` of the checkout, else ``reports/`` under the current folder (an installed package)."""
    return paths.PROJECT_ROOT / "reports" if paths.IN_CHECKOUT else Path.cwd() / "reports"


def _absolute(value: str | os.PathLike | None, base: Path) -> Path | None:
    """``value`` as an absolute path (``~`` expanded, relative to ``base``); blank is None.
    Symbolic links are kept as given: the guards that compare inputs and outputs follow them."""
    if value is None:
        return None
    text = os.fspath(value).strip() if isinstance(value, (str, os.PathLike)) else value
    if not isinstance(text, str):
        raise ParameterError(f"a path setting must be a string or a path, not {type(value).__name__} {value!r}")
    if not text:
        return None
    path = Path(text).expanduser()
    return path if path.is_absolute() else Path(os.path.normpath(base / path))


@dataclass(frozen=True)
class Settings:
    """Every setting of one run, resolved: paths absolute, switches as booleans."""

    data_dir: Path | None = None
    base_data_dir: Path | None = None
    states_file: Path | None = None
    nmc_file: Path | None = None
    majors_file: Path | None = None
    cache_dir: Path = field(default_factory=user_cache_dir)
    reports_dir: Path = field(default_factory=default_reports_dir)
    output_dir: Path | None = None
    registry_file: Path | None = None
    verify: bool = True
    reuse_derived: bool = True
    download_url: str = ""
    cow_urls: Mapping[str, str] = field(default_factory=dict)
    allow_http: bool = False

    @classmethod
    def resolve(cls, environ: Mapping[str, str] | None = None, cwd: str | os.PathLike | None = None,
                **given) -> "Settings":
        """The settings of a run: each field from ``given`` (options, parameters) when not None, else
        from ``environ`` (default: ``os.environ``), else its default. Relative paths are made absolute
        against ``cwd`` (default: the current folder)."""
        unknown = sorted(set(given) - {f.name for f in fields(cls)})
        if unknown:
            raise TypeError(f"unknown setting {unknown[0]!r}")
        env = os.environ if environ is None else environ
        base = Path(cwd) if cwd is not None else Path.cwd()
        values: dict = {}
        for name, variable in PATH_VARIABLES.items():
            chosen = given.get(name)
            path = _absolute(chosen if chosen is not None else env.get(variable), base)
            if path is not None:
                values[name] = path
        verify = given.get("verify")
        values["verify"] = (env.get(VERIFY_ENV, "1").strip().lower() not in _FALSE) if verify is None else bool(verify)
        reuse = given.get("reuse_derived")
        values["reuse_derived"] = ((env.get(REUSE_ENV, "1").strip().lower() not in _FALSE) if reuse is None
                                   else bool(reuse))
        allow = given.get("allow_http")
        values["allow_http"] = (env.get(ALLOW_HTTP_ENV, "").strip().lower() in _TRUE) if allow is None else bool(allow)
        url = given.get("download_url")
        values["download_url"] = (env.get(DOWNLOAD_URL_ENV, "") if url is None else url).strip()
        urls = dict(given.get("cow_urls") or {})
        for kind, variable in COW_URL_VARIABLES.items():
            urls.setdefault(kind, env.get(variable, "").strip())
        values["cow_urls"] = {k: v for k, v in urls.items() if v}
        return cls(**values)

    def replace(self, **changes) -> "Settings":
        """A copy with ``changes`` (paths made absolute against the current folder)."""
        for name in PATH_VARIABLES:
            if name in changes:
                changes[name] = _absolute(changes[name], Path.cwd())
        return replace(self, **changes)

    def cow_file(self, kind: str) -> Path | None:
        """The COW file given for ``kind`` (``states``, ``nmc``, ``majors``), or None."""
        return {"states": self.states_file, "nmc": self.nmc_file, "majors": self.majors_file}[kind]

    def environment(self) -> dict[str, str]:
        """These settings as the environment variables that would give them (for a child process
        that reads the environment, such as a test's ``make report``)."""
        out = {variable: str(getattr(self, name)) for name, variable in PATH_VARIABLES.items()
               if getattr(self, name) is not None}
        out[VERIFY_ENV] = "1" if self.verify else "0"
        if not self.reuse_derived:
            out[REUSE_ENV] = "0"
        if self.allow_http:
            out[ALLOW_HTTP_ENV] = "1"
        if self.download_url:
            out[DOWNLOAD_URL_ENV] = self.download_url
        out.update({COW_URL_VARIABLES[k]: v for k, v in self.cow_urls.items() if k in COW_URL_VARIABLES})
        return out


    def as_json(self) -> dict:
        """These settings as plain JSON values (paths as text), for :meth:`from_json`."""
        out = {}
        for item in fields(self):
            value = getattr(self, item.name)
            out[item.name] = str(value) if isinstance(value, Path) else (dict(value) if item.name == "cow_urls" else value)
        return out

    @classmethod
    def from_json(cls, values: Mapping) -> "Settings":
        """The settings :meth:`as_json` wrote (paths are already absolute)."""
        known = {f.name for f in fields(cls)}
        out = {}
        for name, value in values.items():
            if name not in known:
                continue
            out[name] = Path(value) if name in PATH_VARIABLES and value is not None else value
        return cls(**out)


#: Settings put in place for this process: a report run's own resolution in the report process
#: (:func:`using`, per thread), a notebook's choice (:func:`install`), and in a report run's kernel the
#: run's settings, installed when the kernel starts (:func:`install_json`).
_SCOPED: contextvars.ContextVar[Settings | None] = contextvars.ContextVar("atoplib_settings", default=None)
_INSTALLED: list[Settings] = []
_STARTED: list[Settings] = []


def _over(placed: Settings | None, given: dict) -> Settings:
    if placed is None:
        return Settings.resolve(**given)
    chosen = {k: v for k, v in given.items() if v is not None}
    unknown = sorted(set(chosen) - {f.name for f in fields(Settings)})
    if unknown:
        raise TypeError(f"unknown setting {unknown[0]!r}")
    return placed.replace(**chosen) if chosen else placed


def current(**given) -> Settings:
    """The settings of this process: ``given`` (options, parameters) first, then the settings put
    in place (:func:`using`, :func:`install`, the report run's in its kernels), else the environment
    (a notebook run by hand, a script, the tests)."""
    placed = _SCOPED.get() or (_INSTALLED[-1] if _INSTALLED else None) or (_STARTED[-1] if _STARTED else None)
    return _over(placed, given)


def started(**given) -> Settings:
    """What a notebook's parameters are resolved against: ``given`` over the settings the report run
    installed when this kernel started, else the environment; never over an earlier
    :func:`install` (so a parameter set back to None falls back again)."""
    return _over(_STARTED[-1] if _STARTED else None, given)


@contextlib.contextmanager
def using(chosen: Settings) -> Iterator[Settings]:
    """While inside, :func:`current` answers ``chosen`` in this thread (a report run resolves its
    settings once and every layer below reads them, never the environment again)."""
    token = _SCOPED.set(chosen)
    try:
        yield chosen
    finally:
        _SCOPED.reset(token)


def install(chosen: Settings) -> Settings:
    """Make ``chosen`` this process's settings (:func:`atoplib.start`, with the
    parameters a notebook is given)."""
    _INSTALLED[:] = [chosen]
    return chosen


def install_json(text: str) -> Settings:
    """Put in place the settings :meth:`Settings.as_json` gave, as JSON text: how a report run hands
    its settings to a kernel when the kernel starts."""
    import json

    chosen = Settings.from_json(json.loads(text))
    _STARTED[:] = [chosen]
    return chosen
