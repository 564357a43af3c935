"""Every setting a user can give, resolved in one place: the command line's options and a
notebook's parameters first, then the environment, then the defaults.

:class:`Settings` holds the answer, with every path made absolute against the folder the run was
started from, so a kernel that runs elsewhere reads the same files. A report run resolves it
once, at start-up, and hands it to every notebook as parameters (:meth:`Settings.notebook_parameters`);
the kernels start with the variables below removed from their environment, so they never read
them on their own.

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
``ATOP_REGISTRY_FILE``    registry_file    pins of your own, read after the shipped registry
``ATOP_DOWNLOAD_URL``     download_url     the ATOP release's address (default: the pinned one)
``COW_STATES_URL`` ...    cow_urls         the COW files' addresses (``COW_NMC_URL``, ``COW_MAJORS_URL``)
``ATOP_ALLOW_HTTP``       allow_http       ``1`` allows a plain-http download address
========================  ===============  ====================================================

Standard library only (``platformdirs`` for the user cache, on first use).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Mapping

from . import paths

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
DOWNLOAD_URL_ENV = "ATOP_DOWNLOAD_URL"
ALLOW_HTTP_ENV = "ATOP_ALLOW_HTTP"
COW_URL_VARIABLES: dict[str, str] = {"states": "COW_STATES_URL", "nmc": "COW_NMC_URL", "majors": "COW_MAJORS_URL"}
#: Every variable the project reads: a report run removes them from its kernels' environment.
ENVIRONMENT_VARIABLES: tuple[str, ...] = (
    *PATH_VARIABLES.values(), VERIFY_ENV, DOWNLOAD_URL_ENV, ALLOW_HTTP_ENV, *COW_URL_VARIABLES.values(),
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
        from .errors import ParameterError

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
        if self.allow_http:
            out[ALLOW_HTTP_ENV] = "1"
        if self.download_url:
            out[DOWNLOAD_URL_ENV] = self.download_url
        out.update({COW_URL_VARIABLES[k]: v for k, v in self.cow_urls.items() if k in COW_URL_VARIABLES})
        return out


def current(**given) -> Settings:
    """The settings of this process: ``given`` first, then the environment (a notebook run by hand,
    a script, the tests). A report run passes its kernels every setting as a parameter instead."""
    return Settings.resolve(**given)
