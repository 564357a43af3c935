"""Executing notebooks: each in a fresh ``python3`` kernel in a worker process, two at a time;
a failing cell is named by notebook, cell and line; Ctrl-C and SIGTERM end the kernels at once."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import CancelledError, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..files import atomic_write

#: The kernel every notebook runs in (the standard IPython kernel).
KERNEL = "python3"
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


# --------------------------------------------------------------------------- running notebooks

_LIVE_KERNELS: list = []  # kernel managers started in this worker process


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
    atomic_write(task.output, lambda tmp: nbformat.write(nb, str(tmp)))
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


def _sigterm_as_interrupt():
    """While running, SIGTERM (and SIGHUP) unwind like Ctrl-C so the build is kept as .failed-, not
    left half-swapped; the command line then says ``terminated (SIGTERM)``, status 143
    (:func:`atoplib.signals.sigterm_as_interrupt`, the one handler for the whole package)."""
    from ..signals import sigterm_as_interrupt

    return sigterm_as_interrupt()
