"""atoplib: the ATOP alliance data, loaded, coded and counted for the atop-notebooks collection.

Typical use::

    import atoplib as al
    data = al.load_atop()                       # ATOP_DATA_DIR, the cache, or the download
    al.counts_by_year(data, "defense")          # year, count: the memo's Figure 1
"""

from .errors import (
    ArchiveError,
    AtopError,
    AtopWarning,
    ChecksumError,
    DataNotFoundError,
    DownloadError,
    ParameterError,
    ReportError,
    SchemaError,
)
from .provisions import Provision, get_provision, provisions, register_provision
from .sources import Release, download_release, locate_release, unpack_zip
from .tables import AtopData, load_atop, load_release
from .trends import (
    COLD_WAR,
    ERAS,
    alliance_years,
    counts_by_year,
    membership_years,
    signing_shares,
    year_range,
)
from .cow import load_states, state_labels
from .stateyears import comparison_with_official, state_years, state_years_wide
from .dyads import dyad_years, partners_by_year
from .context import NotebookContext, notebook_context
from . import memo

__version__ = "0.1.0"


def __getattr__(name: str):
    """``al.figures`` is imported on first use, so the command line and scripts that draw nothing
    do not pay for importing matplotlib and seaborn."""
    if name == "figures":
        import importlib

        return importlib.import_module(f"{__name__}.figures")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
