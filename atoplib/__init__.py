"""atoplib: the ATOP alliance data, loaded, coded and counted for the atop-notebooks collection.

One way in, by layer (each a subpackage; its ``__init__`` lists what it offers)::

    import atoplib as al
    data = al.load_atop()                             # ATOP_DATA_DIR, the cache, or the download
    al.measures.counts_by_year(data, "defense")       # year, count: the memo's Figure 1
    al.memo.ledger_table(data)                        # what the data say of the memo's claims
    al.figures.line_figure(...)                       # the house style (imports matplotlib)

* ``al.data``     — where files come from and what they look like once loaded (releases, the
  checksum registry, archives, downloads, the alliance and member tables, COW files);
* ``al.measures`` — ``AtopData`` in, tidy frame out: provisions, in-force counts, state-years,
  dyad-years, partners, treaties and exits, power, release comparison; no prose, no plotting,
  no memo constants;
* ``al.memo``     — what the memo claims, each reading stated once, and the ledger that judges it;
* ``al.present`` and ``al.figures`` — what notebooks show: the notebook context, tables, prose,
  figures;
* ``al.report`` — the report build.

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
          "notebook_context": "present.context", "NotebookContext": "present.context"}

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
