"""atoplib: the ATOP alliance data, loaded, coded and counted for the atop-notebooks collection.

A chapter of the collection uses only the notebooks' verbs (:mod:`atoplib.present.api`), one
argument order throughout: the context first, then what to show, then options::

    import atoplib as al
    ctx = al.start(atop_version, data_dir, start_year, end_year, output_dir, states_file, nmc_file, majors_file)
    al.quote("defense-just-under-60")          # the memo's words, located (from the claims ledger)
    al.figure(ctx, "fig1-defense-pacts")        # draw, save PNG + SVG + CSV, show
    al.table(ctx, "fig1-selected-years")        # save the CSV, show the table
    al.describe(ctx, "fig1-levels")             # a sentence of facts from the data
    al.verdict(ctx, "defense-just-under-60")    # the ledger's verdict: status, sentence, readings
    al.ledger(ctx)                              # every claim's verdict, one row per claim
    al.show(frame, "caption")                   # any frame as a table

Scripts and other projects reach the layers themselves, each a subpackage:
``al.data`` (releases, checksums, the alliance and member tables, COW files; ``al.load_atop``),
``al.measures`` (``AtopData`` in, tidy frame out), ``al.memo`` (the claims, their readings and the
ledger, the one place a verdict is decided), ``al.present`` (what notebooks show) and
``al.report`` (the report build). Layers only look down.

Importing ``atoplib`` is cheap: every name is loaded on first use (PEP 562), so the ``atopnb``
command starts at once and a Ctrl-C while pandas loads is caught by the command itself.
"""

from __future__ import annotations

import importlib

from .errors import (
    ArchiveError,
    AtopError,
    AtopWarning,
    ChecksumError,
    DataNotFoundError,
    DownloadError,
    FileSystemError,
    ParameterError,
    ReportError,
    SchemaError,
)

__version__ = "0.1.0"

#: Subpackages and modules served on first use.
_MODULES = {"data": "data", "measures": "measures", "memo": "memo", "present": "present", "report": "report",
            "figures": "present.figures"}
#: Names served on first use, from the module that defines them.
_NAMES = {"load_atop": "data.tables", "AtopData": "data.tables",
          # the notebooks' verbs (atoplib.present.api): context first, then what to show, then options
          "start": "present.context", "quote": "present.api", "verdict": "present.api", "ledger": "present.api",
          "figure": "present.api", "table": "present.api", "describe": "present.api", "show": "present.api",
          "NotebookContext": "present.context"}

__all__ = [
    *_MODULES, *_NAMES,
    "AtopError", "AtopWarning", "ArchiveError", "ChecksumError", "DataNotFoundError",
    "DownloadError", "FileSystemError", "ParameterError", "ReportError", "SchemaError",
]


def __getattr__(name: str):
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{_MODULES[name]}")
    if name in _NAMES:
        return getattr(importlib.import_module(f"{__name__}.{_NAMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
