"""What a notebook starts from: its parameters checked, the release loaded, its output folder.

Every notebook's first code cell after the ``parameters`` cell is::

    ctx = al.start(atop_version, data_dir, start_year, end_year, output_dir, states_file, nmc_file, majors_file)

``output_dir`` defaults to ``ATOP_OUTPUT_DIR`` if set, else ``reports/interactive/atop-<version>/``;
figures go to ``<output_dir>/figures/``. The report folder ``reports/atop-<version>/`` is written
only by a report run (``atopnb report``/``make report``), whole and atomically, so running a notebook
by hand with other parameters never changes a good report.
"""

from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from .. import settings
from ..data.cow import load_majors, load_nmc, load_states
from ..data.names import normalize_version
from ..data.tables import AtopData, load_atop
from ..errors import AtopError, AtopWarning, ParameterError
from ..files import writable_dir
from ..measures.trends import year_range
from ..memo.evidence import Evidence
from .kernel_parameters import check_kernel_parameters, check_release_parameter


@dataclass
class NotebookContext:
    """What a chapter works from: the release, the years chosen, the output folder, the notebook's
    own knobs (``options``), and, loaded on first use, COW's tables and the claims ledger's evidence."""

    data: AtopData
    start_year: int
    end_year: int
    output_dir: Path
    options: dict[str, Any] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def version(self) -> str:
        return self.data.version

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per notebook: the exhibits of a chapter share their derived tables."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def option(self, name: str, default: Any = None) -> Any:
        """One of the notebook's own parameters (``min_signed``, ``network_years``, ...)."""
        value = self.options.get(name)
        return default if value is None else value

    def _cow(self, kind: str, required: bool):
        def load():
            try:
                return COW_LOADERS[kind]()
            except AtopError:
                if required:
                    raise
                return None
        table = self.cached(f"cow:{kind}", load)
        if table is None and required:  # an earlier optional load found nothing: say why, in one line
            return COW_LOADERS[kind]()
        return table

    @property
    def states(self) -> pd.DataFrame:
        """COW's state list (the notebook's ``states_file``, else the settings): one line if missing."""
        return self._cow("states", True)

    @property
    def nmc(self) -> pd.DataFrame:
        """COW's National Material Capabilities 6.0: one line if missing."""
        return self._cow("nmc", True)

    @property
    def majors(self) -> pd.DataFrame:
        """COW's major powers: one line if missing."""
        return self._cow("majors", True)

    @property
    def evidence(self) -> Evidence:
        """What the claims ledger judges on this release: the release and the COW tables that can be
        found (a missing one leaves the readings that need it n/a, and the ledger says so)."""
        return self.cached("evidence", lambda: Evidence(self.data, self._cow("states", False), self._cow("nmc", False),
                                                        self._cow("majors", False)))

    @property
    def figures_dir(self) -> Path:
        return self.output_dir / "figures"

    @property
    def alliance_file(self) -> str:
        return self.data.release.file("a").name

    @property
    def member_file(self) -> str:
        return self.data.release.file("m").name


WRITE_HINT = "choose a folder you can write to"
#: How each COW table is loaded (the file the settings name, the cache or the download).
COW_LOADERS = {"states": load_states, "nmc": load_nmc, "majors": load_majors}


def _in_kernel() -> bool:
    """True inside a Jupyter kernel (a notebook, papermill), not in a script or a test."""
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    return getattr(shell, "kernel", None) is not None


def start(
    atop_version: str | None = None,
    data_dir: str | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    output_dir: str | None = None,
    states_file: str | None = None,
    nmc_file: str | None = None,
    majors_file: str | None = None,
    base_data_dir: str | None = None,
    **options,
) -> NotebookContext:
    """A chapter's first step: check its parameters, load the release, prepare the output folder.

    The inputs a notebook declares in its parameters (``states_file``, ``nmc_file``,
    ``majors_file``, ``base_data_dir``) become, with ``data_dir``, this kernel's settings
    (:func:`atoplib.settings.current`; the environment for those left None), so every later load
    reads them. ``options`` are the notebook's own knobs (``min_signed``, ``base_version``, ...),
    kept on the context for its exhibits."""
    check_kernel_parameters()  # papermill -p with a name the notebook does not declare
    check_release_parameter(atop_version)  # papermill -p atop_version 5.10 arrives as 5.1
    inputs = {"states_file": states_file, "nmc_file": nmc_file, "majors_file": majors_file,
              "base_data_dir": base_data_dir}
    for name, value in (("atop_version", atop_version), ("data_dir", data_dir), ("output_dir", output_dir), *inputs.items()):
        if value is not None and not isinstance(value, (str, os.PathLike)):
            raise ParameterError(f"parameter {name} must be a string, not {type(value).__name__} {value!r}")
    chosen = settings.started(data_dir=data_dir or None, **inputs)
    if _in_kernel():  # the notebook's choice holds for its later cells (a script or test keeps its own)
        settings.install(chosen)
    version = normalize_version(atop_version) if atop_version else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AtopWarning)
        data = load_atop(chosen.data_dir, version)
    for warning in caught:  # shown as one plain line in a notebook: no source path, no traceback
        if issubclass(warning.category, AtopWarning):
            print(f"AtopWarning: {warning.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    start, end = year_range(data, start_year, end_year)
    folder = output_dir or chosen.output_dir or (chosen.reports_dir / "interactive" / f"atop-{data.version}")
    out = writable_dir(Path(folder).expanduser(), "output_dir", WRITE_HINT)
    writable_dir(out / "figures", "output_dir", WRITE_HINT)
    from .figures import use_house_style

    use_house_style()
    return NotebookContext(data=data, start_year=start, end_year=end, output_dir=out, options=dict(options))
