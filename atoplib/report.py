"""How the collection is run: every notebook executed by papermill into one report per release.

:func:`run_collection` is what ``make report`` and ``atop report`` call::

    al.report.run_collection(version="4.01", data_dir="../shared/data/atop/4.01")

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

import ast
import contextlib
import ctypes
import datetime as _dt
import json
import multiprocessing
import os
import platform
import re
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import CancelledError, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import paths
from .errors import ParameterError, ReportError
from .tables import AtopData, load_atop
from .trends import year_range

#: The kernel every notebook runs in (the standard IPython kernel).
KERNEL = "python3"
#: Parameters every notebook of the collection declares; the first three are injected by the run.
COMMON_PARAMETERS = ("atop_version", "data_dir", "start_year", "end_year", "output_dir")
INJECTED_PARAMETERS = ("atop_version", "data_dir", "output_dir")
#: Types of common parameters whose default (None) says nothing about the type.
KNOWN_TYPES: dict[str, tuple[type, ...]] = {
    "atop_version": (str,),
    "data_dir": (str,),
    "output_dir": (str,),
    "start_year": (int,),
    "end_year": (int,),
}
#: Package versions recorded in manifest.json.
PACKAGES = ("pandas", "numpy", "matplotlib", "seaborn", "papermill", "nbclient", "ipykernel")
NOTEBOOK_PATTERN = re.compile(r"^\d{2}-[A-Za-z0-9._-]+\.ipynb$")
MANIFEST = "manifest.json"
#: Environment variables holding paths: made absolute for the kernels, which run in the build folder.
PATH_VARIABLES = ("ATOP_DATA_DIR", "ATOP_CACHE_DIR", "ATOP_BASE_DATA_DIR", "COW_STATES_FILE", "COW_NMC_FILE")
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


# --------------------------------------------------------------------------- notebooks and parameters

def collection_notebooks(notebooks=None, folder: str | os.PathLike | None = None) -> list[Path]:
    """The notebooks to run, in reading order.

    ``None``: every ``NN-*.ipynb`` in ``notebooks/``. Otherwise a list of paths or names such as
    ``"01"``, ``"01-defense-pacts"`` or ``"01-defense-pacts.ipynb"``.
    """
    folder = Path(folder) if folder is not None else paths.NOTEBOOKS_DIR
    available = sorted(p for p in folder.glob("*.ipynb") if NOTEBOOK_PATTERN.match(p.name))
    if notebooks is None:
        if not available:
            raise ReportError(f"no notebooks named NN-*.ipynb in {folder}; is this the project folder?")
        return available
    if isinstance(notebooks, (str, os.PathLike)):
        notebooks = [notebooks]
    chosen: list[Path] = []
    for item in notebooks:
        path = Path(item).expanduser()
        if path.suffix == ".ipynb" and path.is_file():
            chosen.append(path.resolve())
            continue
        key = path.name.removesuffix(".ipynb")
        matches = [p for p in available if p.stem == key or p.stem.split("-", 1)[0] == key]
        if len(matches) != 1:
            names = ", ".join(p.stem for p in available) or "none"
            raise ParameterError(
                f"notebook '{item}' is {'ambiguous' if matches else 'not in ' + str(folder)}; "
                f"choose one of: {names}"
            )
        chosen.append(matches[0])
    if not chosen:
        raise ParameterError("no notebooks chosen; name at least one (e.g. '01') or pass None for all")
    names = [p.name for p in chosen]
    if len(set(names)) != len(names):
        raise ParameterError(f"notebooks {', '.join(names)} name one notebook twice; list each once")
    return chosen


def _literal(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def notebook_parameters(notebook: Path) -> dict[str, dict]:
    """The parameters a notebook declares: ``{name: {"default": value, "types": (type, ...)}}``.

    A parameter's type comes from an annotation (``year: int = 1960``), else from its literal
    default, else from :data:`KNOWN_TYPES`; ``()`` means any value is accepted.
    """
    import papermill as pm

    try:
        found = pm.inspect_notebook(str(notebook))
    except Exception as err:  # a broken .ipynb: nbformat/json errors vary
        raise ReportError(f"{notebook} cannot be read as a notebook ({type(err).__name__}: {err}); fix or restore it") from None
    declared = {}
    for name, info in found.items():
        default = _literal(info.get("default") or "None")
        annotated = {"int": (int,), "float": (float, int), "str": (str,), "bool": (bool,),
                     "list": (list, tuple), "tuple": (tuple, list), "dict": (dict,)}.get(info.get("inferred_type_name"))
        if annotated:
            types = annotated
        elif default is not None:
            types = (float, int) if isinstance(default, float) else ((tuple, list) if isinstance(default, (tuple, list)) else (type(default),))
        else:
            types = KNOWN_TYPES.get(name, ())
        declared[name] = {"default": default, "types": types, "help": info.get("help", "")}
    return declared


def _coerce(name: str, value, types: tuple[type, ...]):
    """A value given as text (command line) becomes the declared type; anything else must fit it."""
    if value is None or not types:
        return value
    if isinstance(value, str) and str not in types:
        text = value.strip()
        if text.lower() in ("none", "null"):
            return None
        parsed = {"true": True, "false": False}.get(text.lower(), _literal(text))
        value = value if parsed is None else parsed
    ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
    if not ok:
        wanted = " or ".join(t.__name__ for t in types)
        raise ParameterError(f"parameter {name} must be {wanted} (like its default), not {type(value).__name__} {value!r}")
    return value


def check_parameters(declared: dict[Path, dict[str, dict]], parameters: dict | None, data: AtopData | None = None) -> dict:
    """Validate user ``parameters`` against what the notebooks declare; return them, coerced.

    Refused: a name no notebook declares, a name the run injects itself (use the function's own
    argument), a value whose type differs from the default's, a year range outside the coverage.
    """
    parameters = dict(parameters or {})
    known: dict[str, dict] = {}
    for params in declared.values():
        for name, info in params.items():
            known.setdefault(name, info)
    checked = {}
    for name, value in parameters.items():
        if name in INJECTED_PARAMETERS:
            option = {"atop_version": "version", "data_dir": "data_dir", "output_dir": "output_root"}[name]
            raise ParameterError(
                f"parameter {name} is set by the run itself; pass it as run_collection({option}=...) "
                f"(command line: --{option.replace('_', '-')})"
            )
        if name not in known:
            names = ", ".join(sorted(n for n in known if n not in INJECTED_PARAMETERS))
            raise ParameterError(f"unknown parameter '{name}': no notebook of the collection declares it; known: {names}")
        checked[name] = _coerce(name, value, known[name]["types"])
    if data is not None and ("start_year" in checked or "end_year" in checked):
        year_range(data, checked.get("start_year"), checked.get("end_year"))
    return checked


# --------------------------------------------------------------------------- running notebooks

@dataclass
class _Task:
    name: str
    source: str
    output: str
    cwd: str
    parameters: dict
    project_root: str
    env: dict = field(default_factory=dict)
    in_place: bool = False


@dataclass
class _Result:
    name: str
    seconds: float
    error: dict | None = None


_LIVE_KERNELS: list = []  # kernel managers started in this worker process


def _tracked_kernel_manager():
    """The kernel manager nbclient uses, remembering each kernel so a stopped worker can end it."""
    from jupyter_client import AsyncKernelManager

    class TrackedKernelManager(AsyncKernelManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            _LIVE_KERNELS.append(self)

    return TrackedKernelManager


def _end_kernels_and_exit(signum, frame) -> None:
    """SIGTERM in a worker: kill its kernels (they run in their own session, so no signal reaches
    them otherwise), remove their connection files, and leave at once."""
    for manager in _LIVE_KERNELS:
        with contextlib.suppress(Exception):
            manager.provisioner.process.kill()
        with contextlib.suppress(Exception):
            manager.cleanup_connection_file()
    os._exit(128 + signum)


def _worker_init() -> None:
    """Workers leave Ctrl-C to the parent, which stops them with SIGTERM (kernels end with them)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_kernels_and_exit)
    # kernels inherit these descriptors: their start-up chatter stays out of the user's terminal
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    # figures shown inline even when the caller set MPLBACKEND=Agg (as CI does)
    os.environ["MPLBACKEND"] = INLINE_BACKEND


def _failing_cell(source_path: Path, source: str, fallback: int) -> int:
    """1-based number of the failing cell in the *source* notebook (papermill counts the injected one)."""
    import nbformat

    try:
        cells = nbformat.read(str(source_path), as_version=4).cells
    except Exception:
        return fallback + 1
    for index, cell in enumerate(cells):
        if cell.cell_type == "code" and cell.source == source:
            return index + 1
    return fallback + 1


def _tidy_metadata(task: _Task) -> None:
    """Executed notebooks name their source relative to the project, not by this machine's paths."""
    import nbformat

    output = Path(task.output)
    if not output.is_file():
        return
    nb = nbformat.read(str(output), as_version=4)
    meta = nb.metadata.get("papermill")
    if not meta:
        return
    source = Path(task.source)
    try:
        meta["input_path"] = source.relative_to(task.project_root).as_posix()
    except ValueError:
        meta["input_path"] = source.name
    meta["output_path"] = output.name
    nbformat.write(nb, str(output))


def _first_line(source: str) -> str:
    return next((ln.strip() for ln in str(source).splitlines() if ln.strip()), "")


def _execute_in_place(task: _Task) -> dict | None:
    """Execute the source notebook itself (no injected cell) and write it back only on success."""
    import nbclient
    import nbformat
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(task.source, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=600, startup_timeout=120,
                                     record_timing=False, resources={"metadata": {"path": task.cwd}},
                                     kernel_manager_class=_tracked_kernel_manager())
    try:
        client.execute()
    except CellExecutionError as err:
        index = next((i for i, c in enumerate(nb.cells) for o in c.get("outputs", []) if o.get("output_type") == "error"), None)
        cell = nb.cells[index] if index is not None else None
        return {"cell": index + 1 if index is not None else None,
                "line": _first_line(cell.source) if cell is not None else "",
                "exception": f"{err.ename}: {' '.join(str(err.evalue).split())}"}
    tmp = Path(task.output).with_name(f".{Path(task.output).name}.tmp")
    nbformat.write(nb, str(tmp))
    os.replace(tmp, task.output)
    return None


def _execute(task: _Task) -> _Result:
    """Run one notebook with papermill (in a worker process)."""
    import papermill as pm

    os.environ.update({k: v for k, v in task.env.items() if v is not None})
    start = time.perf_counter()
    error = None
    if task.in_place:
        try:
            error = _execute_in_place(task)
        except Exception as err:
            error = {"cell": None, "line": "", "exception": f"{type(err).__name__}: {' '.join(str(err).split())}"}
        _LIVE_KERNELS.clear()
        return _Result(task.name, round(time.perf_counter() - start, 3), error)
    try:
        pm.execute_notebook(
            task.source,
            task.output,
            parameters=task.parameters,
            kernel_name=KERNEL,
            cwd=task.cwd,
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            start_timeout=120,
            kernel_manager_class=_tracked_kernel_manager(),
        )
    except pm.PapermillExecutionError as err:
        evalue = " ".join(str(err.evalue).split())
        error = {
            "cell": _failing_cell(Path(task.source), err.source, err.cell_index),
            "line": _first_line(err.source),
            "exception": f"{err.ename}: {evalue}" if evalue else err.ename,
        }
    except Exception as err:  # kernel died, bad notebook, ...: reported, never swallowed
        error = {"cell": None, "line": "", "exception": f"{type(err).__name__}: {' '.join(str(err).split())}"}
    seconds = time.perf_counter() - start
    _LIVE_KERNELS.clear()  # this task's kernel has been shut down by papermill
    try:
        _tidy_metadata(task)
    except Exception:
        pass
    return _Result(task.name, round(seconds, 3), error)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    processes = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + 10
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _execute_all(tasks: list[_Task], jobs: int, progress: bool, desc: str) -> list[_Result]:
    """Run tasks in ``jobs`` worker processes with a progress bar; stop early after a failure."""
    from tqdm.auto import tqdm

    results: dict[str, _Result] = {}
    workers = max(1, min(jobs, len(tasks)))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_init)
    try:
        with tqdm(total=len(tasks), desc=desc, unit="notebook", disable=not progress, file=sys.stderr) as bar:
            futures = {pool.submit(_execute, task): task for task in tasks}
            for future in as_completed(futures):
                try:
                    result = future.result()
                except CancelledError:
                    continue
                except Exception as err:  # a worker died (killed, out of memory)
                    result = _Result(futures[future].name, 0.0,
                                     {"cell": None, "line": "", "exception": f"{type(err).__name__}: {err}"})
                results[result.name] = result
                bar.set_postfix_str(result.name.removesuffix(".ipynb"), refresh=False)
                bar.update(1)
                if result.error:
                    for other in futures:
                        other.cancel()
    except BaseException:
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True)
    return [results[t.name] for t in tasks if t.name in results]


@contextlib.contextmanager
def _sigterm_as_interrupt():
    """While running, SIGTERM unwinds like Ctrl-C so the build is kept as .failed-, not left half-swapped."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# --------------------------------------------------------------------------- folders

def _timestamp() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _keep_failed(build: Path, root: Path, version: str) -> Path | None:
    """Rename a failed build to ``atop-<version>.failed-<timestamp>`` (unique) for inspection."""
    if not build.exists():
        return None
    base = root / f"atop-{version}.failed-{_timestamp()}"
    target, n = base, 1
    while target.exists():
        n += 1
        target = base.with_name(f"{base.name}-{n}")
    try:
        os.rename(build, target)
    except OSError:
        return build
    return target


OWNER_FILE = ".owner-pid"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _reclaim_stale_builds(root: Path, version: str) -> list[Path]:
    """Name the build folders of runs that died (``kill -9``, power loss) as failed runs.

    A live run's build folder holds the pid of its owner; a folder whose owner is gone becomes
    ``atop-<version>.failed-<timestamp>/``, so it is kept for inspection and clearly named.
    """
    kept = []
    for build in sorted(root.glob(f".build-{version}-*")):
        try:
            pid = int((build / OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            pid = None
        if pid is not None and _pid_alive(pid):
            continue
        if pid is None and time.time() - build.stat().st_mtime < 3600:
            continue  # no owner recorded yet: a run that is just starting
        moved = _keep_failed(build, root, version)
        if moved is not None and moved != build:
            kept.append(moved)
    return kept


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange) == 0


def _swap_into_place(build: Path, target: Path, version: str) -> None:
    """Replace ``target`` by ``build`` under a lock; the old report is deleted only once replaced."""
    from filelock import FileLock

    root = target.parent
    with FileLock(str(root / f".lock-atop-{version}")):
        if not target.exists():
            os.rename(build, target)
        elif _exchange(build, target):
            shutil.rmtree(build, ignore_errors=True)  # build now holds the previous report
        else:
            old = root / f".old-atop-{version}-{secrets.token_hex(4)}"
            os.rename(target, old)
            os.rename(build, target)
            shutil.rmtree(old, ignore_errors=True)
        for stale in root.glob(f".old-atop-{version}-*"):  # left by a run killed mid-swap
            shutil.rmtree(stale, ignore_errors=True)


def _writable_root(output_root) -> Path:
    root = Path(output_root).expanduser() if output_root is not None else paths.reports_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=root, prefix=".write-test-")
        probe.close()
    except OSError as err:
        raise ParameterError(
            f"reports folder {root} cannot be written ({err.strerror or err}); choose another with "
            f"output_root / --output-root or ATOP_REPORTS_DIR"
        ) from None
    return root.resolve()


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


# --------------------------------------------------------------------------- manifest

def package_versions() -> dict[str, str]:
    from . import __version__

    versions = {"python": platform.python_version(), "atoplib": __version__}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _write_manifest(folder: Path, record: dict) -> Path:
    path = folder / MANIFEST
    tmp = folder / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def _manifest(data: AtopData, parameters: dict, results: list[_Result], started: str, wall: float,
              jobs: int, status: str, tasks: list[_Task]) -> dict:
    timings = {r.name: r for r in results}
    return {
        "collection": "atop-notebooks",
        "status": status,
        "release": data.version,
        "coverage": {"first_year": data.first_year, "last_year": data.last_year},
        "data": {
            "format": data.release.format,
            "checksums_verified": bool(data.release.verified),
            "files": [
                {"name": path.name, "sha256": data.release.checksums.get(kind, "")}
                for kind, path in sorted(data.release.files.items())
            ],
        },
        "parameters": parameters,
        "packages": package_versions(),
        "kernel": KERNEL,
        "jobs": jobs,
        "notebooks": [
            {
                "name": task.name,
                "seconds": timings[task.name].seconds if task.name in timings else None,
                "status": ("failed" if timings[task.name].error else "ok") if task.name in timings else "not run",
            }
            for task in tasks
        ],
        "started": started,
        "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "wall_seconds": round(wall, 3),
    }


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
    root = _writable_root(output_root)
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
