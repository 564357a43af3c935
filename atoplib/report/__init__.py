"""The report build: the collection's notebooks executed into one report per release.

``settings`` are resolved once by the caller (the command line) and handed to a
:class:`~atoplib.report.builds.Build` (``with Build(settings) as build:``), which owns the worker
processes, the build folders, SIGTERM/SIGHUP handling and the clean-up. The modules, in the order a
run uses them: ``params`` (which notebooks form the collection, what each declares, and the checks
of the values given), ``preflight`` (every declared input found or refused before a notebook runs),
``builds`` (the Build, build folders, the atomic swap), ``execute`` (notebooks in kernels),
``stored`` (an executed notebook as JupyterLab would save it), ``incremental`` (the machine-local
cache of executed notebooks), ``manifest`` (what a report records, and the machine-local run log),
``compare`` (a re-executed report against the committed one), ``run`` (the whole collection),
``site`` and ``site_pages`` (the report's website), ``signals`` (SIGTERM and Ctrl-C for the command).

Importing this package loads nothing heavy: each name is served on first use.
"""

from __future__ import annotations

import importlib

_NAMES = {
    "check_parameters": "params", "collection_notebooks": "params", "notebook_parameters": "params",
    "refresh_notebooks": "run", "run_collection": "run", "run_empty_collection": "run",
    "Build": "builds", "compare_reports": "compare",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name in _NAMES:
        return getattr(importlib.import_module(f"{__name__}.{_NAMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
