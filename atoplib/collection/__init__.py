"""The collection: notebook context, parameters, the report run, release comparison for notebook 07.

``context`` (what every notebook sets up), ``params`` (the notebooks' parameters and their
checks), ``execute`` (running notebooks in kernels), ``builds`` (build folders, the atomic swap),
``manifest`` (what a report records), ``run`` (the whole collection), ``comparison`` (notebook
07's two releases side by side), ``figures`` (the house style; imported on first use as
``al.figures``).
"""

from . import display  # show_table, show_verdict, show_levels: what notebooks show readers
from .comparison import Comparison, compare_releases
from .context import NotebookContext, notebook_context
from .params import check_parameters, collection_notebooks, notebook_parameters
from .run import refresh_notebooks, run_collection, run_empty_collection

#: Submodules served on first use (``al.collection.beyond_figures``: matplotlib, lifelines).
_SUBMODULES = ("beyond_figures", "figure_data", "figures", "site")


def __getattr__(name: str):
    import importlib

    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
