"""How the collection is run: every notebook executed by papermill into one report per release.

:func:`run_collection` is what ``make report`` and ``atopnb report`` call::

    al.collection.run_collection(version="4.01", data_dir="../shared/data/atop/4.01")

1. The release is located and loaded first; the folder name uses the release *found in the files*
   (``reports/atop-<version>/``), not the parameter alone.
2. Every notebook's ``parameters`` cell is read (``papermill.inspect_notebook``); a parameter name
   that no notebook declares, or a value whose type does not fit the notebook's default, is refused
   before anything runs (papermill alone only warns).
3. The notebooks run in parallel (``jobs`` worker processes, kernel ``python3``), each in a fresh
   build folder ``<reports>/.build-<version>-<random>/`` (its working directory), with
   ``atop_version``, ``data_dir`` and ``output_dir = "."`` injected. The source notebooks are only
   read.
4. On success a ``manifest.json`` is written and the build folder replaces
   ``<reports>/atop-<version>/`` atomically, under a file lock (two runs for one release never mix).
5. On failure (a cell raises, Ctrl-C, SIGTERM) the build folder is kept as
   ``<reports>/atop-<version>.failed-<timestamp>/`` and the last good report is left untouched;
   a failing cell raises :class:`~atoplib.errors.ReportError` naming the notebook and the cell.

:func:`run_empty_collection` runs the same number of trivial notebooks the same way: the floor
that ``benchmarks/bench.py`` compares the collection's wall time with.
"""

from __future__ import annotations

import datetime as _dt
import os
import secrets
import tempfile
import time
from pathlib import Path

from .. import paths
from ..data.tables import load_atop
from ..errors import ParameterError, ReportError
from .builds import OWNER_FILE, _keep_failed, _reclaim_stale_builds, _swap_into_place, writable_root
from .execute import KERNEL, _execute_all, _Result, _sigterm_as_interrupt, _Task
from .manifest import _manifest, _write_manifest
from .params import COMMON_PARAMETERS, INJECTED_PARAMETERS, check_parameters, collection_notebooks, notebook_parameters

#: Environment variables holding paths: made absolute for the kernels, which run in the build folder.
PATH_VARIABLES = ("ATOP_DATA_DIR", "ATOP_CACHE_DIR", "ATOP_BASE_DATA_DIR", "COW_STATES_FILE", "COW_NMC_FILE")


def _kernel_environment() -> dict[str, str]:
    """Path variables set relative to the caller's folder, made absolute (kernels run elsewhere)."""
    env = {}
    for name in PATH_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value and not Path(value).expanduser().is_absolute():
            env[name] = str(Path(value).expanduser().resolve())
    return env


def _kernel_data_dir(data_dir, report_folder: Path) -> str | None:
    """``data_dir`` as the notebooks see it: relative to the report folder when the data lie beside
    the project (so executed notebooks carry no machine-specific path), else absolute."""
    if data_dir is None or str(data_dir).strip() == "":
        return None
    absolute = Path(data_dir).expanduser().resolve()
    near = paths.PROJECT_ROOT.parent
    if absolute.is_relative_to(near) and report_folder.is_relative_to(near):
        return os.path.relpath(absolute, report_folder)
    return str(absolute)


# --------------------------------------------------------------------------- the collection

def run_collection(
    version: str | None = None,
    data_dir: str | os.PathLike | None = None,
    notebooks=None,
    output_root: str | os.PathLike | None = None,
    parameters: dict | None = None,
    jobs: int = 2,
    progress: bool = True,
) -> Path:
    """Execute the collection for one release; return the report folder ``<reports>/atop-<version>``.

    ``parameters`` are passed to every notebook that declares them (e.g. ``start_year``); names no
    notebook declares are refused. Raises :class:`ReportError` if a notebook fails (the failed build
    is kept as ``atop-<version>.failed-<timestamp>/``; the previous report is untouched).
    """
    started = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    clock = time.perf_counter()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ParameterError(f"jobs must be a whole number of at least 1, not {jobs!r}")
    sources = collection_notebooks(notebooks)
    declared = {path: notebook_parameters(path) for path in sources}
    for path, params in declared.items():
        missing = [name for name in INJECTED_PARAMETERS if name not in params]
        if missing:
            raise ReportError(
                f"{path.name} has no parameter {missing[0]} in a cell tagged 'parameters'; every notebook "
                f"of the collection declares {', '.join(COMMON_PARAMETERS)}"
            )
    data = load_atop(data_dir or None, version)
    user = check_parameters(declared, parameters, data)
    root = writable_root(output_root)
    target = root / f"atop-{data.version}"
    _reclaim_stale_builds(root, data.version)
    build = root / f".build-{data.version}-{secrets.token_hex(4)}"
    build.mkdir()
    (build / OWNER_FILE).write_text(str(os.getpid()))
    common = {"atop_version": data.version, "data_dir": _kernel_data_dir(data_dir, target), "output_dir": "."}
    kernel_env = _kernel_environment()
    tasks = [
        _Task(
            name=path.name,
            source=str(path),
            output=str(build / path.name),
            cwd=str(build),
            parameters={k: v for k, v in {**common, **user}.items() if k in declared[path]},
            project_root=str(paths.PROJECT_ROOT),
            env=kernel_env,
        )
        for path in sources
    ]
    record_parameters = {**common, **user}
    results: list[_Result] = []
    try:
        with _sigterm_as_interrupt():
            results = _execute_all(tasks, jobs, progress, f"ATOP {data.version}")
            failed = next((r for r in results if r.error), None)
            status = "ok" if failed is None and len(results) == len(tasks) else "failed"
            _write_manifest(build, _manifest(data, record_parameters, results, started,
                                             time.perf_counter() - clock, jobs, status, tasks))
            if failed is None and status == "ok":
                (build / OWNER_FILE).unlink(missing_ok=True)
                _swap_into_place(build, target, data.version)
                return target
    except BaseException:
        _keep_failed(build, root, data.version)
        raise
    kept = _keep_failed(build, root, data.version)
    if failed is None:
        raise ReportError(f"the collection for ATOP {data.version} stopped before every notebook ran; "
                          f"see {kept}; the last good report {target} is unchanged")
    where = f"cell {failed.error['cell']}" if failed.error["cell"] else "start-up"
    line = failed.error["line"]
    raise ReportError(
        f"notebook {failed.name} failed at {where}"
        + (f" ({line[:80]})" if line else "")
        + f": {failed.error['exception'][:300]}; the failed notebook is kept in {kept}; "
        f"the last good report {target} is unchanged"
    )


def refresh_notebooks(data_dir: str | os.PathLike, notebooks=None, jobs: int = 2, progress: bool = True) -> list[Path]:
    """Re-execute the source notebooks *in place* so they carry the canonical outputs (ATOP 5.1).

    This is the one function that writes ``notebooks/``: for maintainers after editing a notebook.
    Nothing is injected (the parameters cell keeps its defaults); the kernels see
    ``ATOP_DATA_DIR=data_dir`` and ``ATOP_OUTPUT_DIR`` = a temporary folder, so no machine path and
    no report file is touched. A notebook is rewritten only if it ran to the end.
    """
    sources = collection_notebooks(notebooks)
    folder = Path(data_dir).expanduser().resolve()
    if not folder.exists():
        raise ParameterError(f"data_dir {folder} does not exist; point it at the canonical ATOP release")
    with tempfile.TemporaryDirectory(prefix="atop-refresh-") as tmp:
        env = {**_kernel_environment(), "ATOP_DATA_DIR": str(folder), "ATOP_OUTPUT_DIR": tmp}
        tasks = [_Task(p.name, str(p), str(p), str(p.parent), {}, str(paths.PROJECT_ROOT), env, True) for p in sources]
        with _sigterm_as_interrupt():
            results = _execute_all(tasks, jobs, progress, "refresh notebooks")
    failed = next((r for r in results if r.error), None)
    if failed:
        where = f"cell {failed.error['cell']}" if failed.error["cell"] else "start-up"
        raise ReportError(f"notebook {failed.name} failed at {where} ({failed.error['line'][:80]}): "
                          f"{failed.error['exception'][:300]}; it was not rewritten")
    return sources


# --------------------------------------------------------------------------- the floor

def _empty_notebook():
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("\n".join(f"{name} = None" for name in COMMON_PARAMETERS))
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("None")]
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def run_empty_collection(count: int, jobs: int = 2, progress: bool = False) -> float:
    """Wall seconds to run ``count`` trivial notebooks exactly as :func:`run_collection` runs the
    real ones (same workers, kernel, papermill options, injected parameters): the floor."""
    import nbformat

    with tempfile.TemporaryDirectory(prefix="atop-empty-") as tmp:
        folder = Path(tmp)
        (folder / "out").mkdir()
        tasks = []
        for i in range(count):
            source = folder / f"{i:02d}-empty.ipynb"
            nbformat.write(_empty_notebook(), str(source))
            tasks.append(_Task(source.name, str(source), str(folder / "out" / source.name), str(folder / "out"),
                               {"atop_version": "0", "data_dir": None, "output_dir": "."}, str(folder)))
        clock = time.perf_counter()
        results = _execute_all(tasks, jobs, progress, "empty notebooks")
        wall = time.perf_counter() - clock
    failed = next((r for r in results if r.error), None)
    if failed:
        raise ReportError(f"empty notebook {failed.name} failed: {failed.error['exception']}; is the python3 kernel installed?")
    return wall
