"""What a notebook shows a reader, and how it starts: the notebook context, tables and prose
(``display``), the house style of figures (``figures``), the ledger's verdicts (``verdict_view``),
the figure of a claim's readings (``reading_figures``) and notebook 07's comparison of two releases
(``comparison``).
The chapters' exhibits live in modules by concept (``*_exhibits``), registered in ``catalog``.

Modules that import matplotlib (``figures``, ``reading_figures``) load on first use.
"""

from . import display
from .comparison import Comparison, compare_releases
from .context import NotebookContext, start

#: Submodules served on first use: they import matplotlib and seaborn.
_SUBMODULES = ("figures", "reading_figures")


def __getattr__(name: str):
    import importlib

    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
