"""How the collection is run: every notebook executed by papermill into one report per release.

:func:`run_collection` is what ``make report`` and ``atopnb report`` call::

    al.report.run_collection(version="4.01", data_dir="../shared/data/atop/4.01")

1. The release is located and loaded first; the folder name uses the release *found in the files*
   (``reports/atop-<version>/``), not the parameter alone.
2. Every notebook's ``parameters`` cell is read (``papermill.inspect_notebook``); a parameter name
   that no notebook declares, or a value whose type does not fit the notebook's default, is refused
   before anything runs (papermill alone only warns).
3. The notebooks run in parallel (``jobs`` worker processes, kernel ``python3``), each in a fresh
   folder beside the build folder ``<reports>/.build-<version>-<random>/`` (its working directory;
   what it writes is then moved into the build folder and recorded per notebook), with
   ``atop_version``, ``data_dir`` and ``output_dir = "."`` injected. The source notebooks are only
   read.
4. On success a ``manifest.json`` is written, the report's website is built into ``site/``
   (:mod:`atoplib.report.site`) and the build folder replaces ``<reports>/atop-<version>/``
   atomically, under a file lock (two runs for one release never mix).
5. On failure (a cell raises, Ctrl-C, SIGTERM) the build folder is kept as
   ``<reports>/atop-<version>.failed-<timestamp>/`` and the last good report is left untouched;
   a failing cell raises :class:`~atoplib.errors.ReportError` naming the notebook and the cell.
6. Incremental: a notebook whose source, parameters, the atoplib code, input files and packages
   are those of the last good report is reused, not re-executed; when nothing changed the run
   says "up to date" and stops (:mod:`atoplib.report.incremental`).

:func:`run_empty_collection` runs the same number of trivial notebooks the same way: the floor
that ``benchmarks/bench.py`` compares the collection's wall time with.
"""

from __future__ import annotations

import datetime as _dt
import errno
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

from .. import paths
from ..files import os_error_message
from ..data.tables import load_atop
from ..errors import AtopWarning, FileSystemError, ParameterError, ReportError
from . import incremental
from .builds import (
    OWNER_FILE,
    _keep_failed,
    _reclaim_stale_builds,
    _swap_into_place,
    is_disk_full,
    merge_all_notebook_folders,
    merge_notebook_folder,
    notebook_folder,
    remove_tree,
    report_target_for,
    writable_root,
)
from .execute import KERNEL, _execute_all, _Result, _sigterm_as_interrupt, _Task
from .manifest import _manifest, _write_manifest, package_versions
from .params import COMMON_PARAMETERS, INJECTED_PARAMETERS, check_parameters, collection_notebooks, notebook_parameters
from .preflight import preflight

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


# --------------------------------------------------------------------------- the collection

def run_collection(
    version: str | None = None,
    data_dir: str | os.PathLike | None = None,
    notebooks=None,
    output_root: str | os.PathLike | None = None,
    parameters: dict | None = None,
    jobs: int = 2,
    progress: bool = True,
    force: bool = False,
    site: bool | None = None,
) -> Path:
    """Execute the collection for one release; return the report folder ``<reports>/atop-<version>``.

    ``parameters`` are passed to every notebook that declares them (e.g. ``start_year``); names no
    notebook declares are refused. A notebook whose source, parameters, the atoplib code, input
    files and packages are those of the last good report is not re-executed: its executed copy and
    files are reused (:mod:`atoplib.report.incremental`; ``force=True`` re-executes all); when
    nothing changed the run says "up to date" and returns at once. ``site`` builds the report's
    website into ``site/`` (default: when the whole collection runs). Raises :class:`ReportError` if
    a notebook (or the website) fails: the failed build is kept as ``atop-<version>.failed-<timestamp>/``;
    the previous report is untouched.
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
    checked = preflight(sources, data, user, progress)  # every other input found or refused before any notebook runs
    root = writable_root(output_root)
    # a run of some notebooks never replaces a fuller report (issue 13): it goes to atop-<v>.subset/
    target = report_target_for(root / f"atop-{data.version}", [p.name for p in sources], notebooks is not None)
    # the release reaches the kernels through ATOP_DATA_DIR (below): no machine path in the notebooks
    common = {"atop_version": data.version, "data_dir": None, "output_dir": "."}
    given = {path.name: {k: v for k, v in {**common, **user}.items() if k in declared[path]} for path in sources}
    site_wanted = (notebooks is None) if site is None else bool(site)
    keys = incremental.notebook_keys({p.name: p for p in sources}, given, data.release.files.values(),
                                     {"kernel": KERNEL, "packages": package_versions()})
    previous = incremental.previous_manifest(target)
    reasons = incremental.plan(keys, previous, target, force)
    if incremental.up_to_date(reasons, previous, target, site_wanted):
        if progress:
            print(f"{target} is up to date: no notebook, parameter, atoplib file, input file or package "
                  f"changed since its run of {previous.get('finished', '?')}", file=sys.stderr)
        return target
    if progress and previous is not None:
        running = [f"{name.removesuffix('.ipynb')} ({why})" for name, why in reasons.items() if why]
        print(f"re-executing {len(running)} of {len(reasons)} notebooks: {'; '.join(running) or 'none'}",
              file=sys.stderr)
    _reclaim_stale_builds(root, data.version)
    build = root / f".build-{data.version}-{secrets.token_hex(4)}"
    try:
        build.mkdir()
        (build / OWNER_FILE).write_text(str(os.getpid()))
    except OSError as err:  # e.g. the disk is full: one line, and no .build- folder left behind
        remove_tree(build)
        raise FileSystemError(os_error_message(err, build, "starting the report")) from None
    kernel_env = _kernel_environment()
    if data_dir:
        kernel_env["ATOP_DATA_DIR"] = str(Path(data_dir).expanduser().resolve())
    results: list[_Result] = []
    files: dict[str, list[str]] = {}
    reused: dict[str, dict] = {}
    order = [path.name for path in sources]
    try:
        with _sigterm_as_interrupt():
            for name in order:
                if not reasons[name]:
                    reused[name] = incremental.reuse(name, previous, target, build)
            tasks = []
            for index, path in enumerate(sources):
                if path.name in reused:
                    continue
                folder = notebook_folder(build, index)
                tasks.append(_Task(name=path.name, source=str(path), output=str(folder / path.name), cwd=str(folder),
                                   parameters=given[path.name], project_root=str(paths.PROJECT_ROOT), env=kernel_env))
            results = _execute_all(tasks, jobs, progress, f"ATOP {data.version}") if tasks else []
            for task in tasks:
                if Path(task.cwd).exists():
                    files[task.name] = [f for f in merge_notebook_folder(Path(task.cwd), build) if f != task.name]
            failed = next((r for r in results if r.error), None)
            status = "ok" if failed is None and len(results) == len(tasks) else "failed"
            with_site = site_wanted and status == "ok" and _site_available()
            record = _manifest(data, {**common, **user}, results, started, time.perf_counter() - clock, jobs, status,
                               order, keys=keys, reasons=reasons, files=files, reused=reused,
                               site="site/index.html" if with_site else None)
            record.update(checked.manifest())
            _write_manifest(build, record)
            if with_site:
                from .site import build_site

                try:
                    build_site(build)
                except ReportError as err:
                    _write_manifest(build, {**record, "status": "failed"})
                    kept = _keep_failed(build, root, data.version)
                    raise ReportError(f"the report's website did not build: {err}; the run is kept in {kept}; "
                                      f"the last good report {target} is unchanged") from None
            if failed is None and status == "ok":
                (build / OWNER_FILE).unlink(missing_ok=True)
                _swap_into_place(build, target, data.version)
                return target
    except BaseException as err:
        if is_disk_full(err):  # keeping the build would keep the disk full: remove it, say so
            remove_tree(build)
            raise FileSystemError(
                f"the disk holding {root} is full ({os_error_message(err).split(': ', 1)[-1].split(';')[0]}); "
                f"the unfinished build was removed to free the space and the last good report {target} is "
                f"unchanged: free some space or choose another --output-root"
            ) from None
        merge_all_notebook_folders(build)
        _keep_failed(build, root, data.version)
        raise
    if failed is not None and f"[Errno {errno.ENOSPC}]" in failed.error["exception"]:
        remove_tree(build)  # a notebook ran out of disk: keeping its build would keep the disk full
        raise FileSystemError(
            f"the disk holding {root} is full (notebook {failed.name} could not write); the unfinished build was "
            f"removed to free the space and the last good report {target} is unchanged: free some space or "
            f"choose another --output-root")
    merge_all_notebook_folders(build)
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


def _site_available() -> bool:
    """The website needs the 'site' extra (Sphinx, myst-nb, sphinx-book-theme); without it the
    report is written without a website and one warning says so."""
    import importlib.util
    import warnings

    if all(importlib.util.find_spec(name) for name in ("sphinx", "myst_nb", "sphinx_book_theme")):
        return True
    warnings.warn("the report's website was not built: install the 'site' extra "
                  "(pip install -e '.[site]'; make installs it)", AtopWarning, stacklevel=3)
    return False


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
