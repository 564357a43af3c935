"""atoplib: the ATOP alliance data, loaded, coded and counted for the atop-notebooks collection.

One way in, by role (each a subpackage; its ``__init__`` lists what it offers)::

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
* ``al.memo``     — what the memo claims, each reading stated once, and the sentences that judge it;
* ``al.collection`` and ``al.figures`` — notebook context, figures, parameters, the report run.
"""

from .signals import quiet_interrupt_at_startup as _quiet_interrupt_at_startup

_quiet_interrupt_at_startup()  # the `atopnb` command only: Ctrl-C while pandas loads is one line


from . import data, measures, memo
from .collection.context import NotebookContext, notebook_context
from .data.tables import AtopData, load_atop
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

__all__ = [
    "data", "measures", "memo", "collection", "figures",
    "load_atop", "AtopData", "notebook_context", "NotebookContext",
    "AtopError", "AtopWarning", "ArchiveError", "ChecksumError", "DataNotFoundError",
    "DownloadError", "FileSystemError", "ParameterError", "ReportError", "SchemaError",
]


def __getattr__(name: str):
    """``al.figures`` and ``al.collection`` are imported on first use, so the command line and
    scripts that draw nothing do not pay for importing matplotlib, seaborn or the notebook runner."""
    import importlib

    if name == "figures":
        return importlib.import_module(f"{__name__}.collection.figures")
    if name == "collection":
        return importlib.import_module(f"{__name__}.collection")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
