"""Executing notebooks: each in a fresh ``python3`` kernel in a worker process, ``jobs`` at a time.

What a kernel is given, and nothing else:

* its parameters (papermill): the common ones and every input the notebook declares, paths absolute;
* the run's resolved settings (:class:`atoplib.settings.Settings`), installed in the kernel when it
  starts (IPython's ``exec_lines``), for what no notebook declares: the cache folder, checksum
  verification, extra pins, download addresses;
* an environment with the project's variables (:data:`atoplib.settings.ENVIRONMENT_VARIABLES`)
  removed, so a kernel never resolves a setting on its own.

Workers and kernels die with the run: each worker leads a process group of its own (so a Ctrl-C
at the terminal reaches only the command, which stops them in order) and, on Linux, asks the kernel
to kill it when its parent dies (``prctl(PR_SET_PDEATHSIG)``), as does each kernel it starts: a
``kill -9`` of the command leaves nothing running. A failing cell is named by notebook, cell and line.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import CancelledError, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .. import settings
from . import stored
from .signals import process_alive

#: The kernel every notebook runs in (the standard IPython kernel).
KERNEL = "python3"
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
_PR_SET_PDEATHSIG = 1


@dataclass
class Task:
    """One notebook to execute: ``parameters`` are injected; ``settings`` (JSON) are installed in
    its kernel; ``kept`` names the injected parameters written back as None in the stored copy."""

    name: str
    source: str
    output: str
    cwd: str
    parameters: dict
    settings: dict
    project_root: str
    kept: tuple[str, ...] = ()
    in_place: bool = False


@dataclass
class Result:
    name: str
    seconds: float
    error: dict | None = None


# --------------------------------------------------------------------------- dying with the parent

def die_with_parent(expected_parent: int | None = None) -> None:
    """On Linux, have the kernel send SIGKILL to this process when its parent dies; if the parent
    is already gone (it died before this call), leave at once. Elsewhere: nothing."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if expected_parent is not None and os.getppid() != expected_parent:
        os._exit(1)


# --------------------------------------------------------------------------- in the worker process

_LIVE_KERNELS: list = []  # kernel managers started in this worker process
_WORKER_PID: list[int] = []


def _kernel_preexec() -> None:
    """Run in each kernel's process before it starts: die with the worker that started it."""
    die_with_parent(_WORKER_PID[0] if _WORKER_PID else None)


def _tracked_kernel_manager():
    """The kernel manager nbclient uses: each kernel remembered (so a stopped worker can end it)
    and started so that it dies with this worker."""
    from jupyter_client import AsyncKernelManager

    class TrackedKernelManager(AsyncKernelManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            _LIVE_KERNELS.append(self)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if sys.platform.startswith("linux"):
                kw["preexec_fn"] = _kernel_preexec
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    return TrackedKernelManager


def _end_kernels_and_exit(signum, frame) -> None:  # noqa: ARG001
    """SIGTERM in a worker: kill its kernels (they run in sessions of their own, so no signal
    reaches them otherwise), remove their connection files, and leave at once."""
    for manager in _LIVE_KERNELS:
        with contextlib.suppress(Exception):
            manager.provisioner.process.kill()
        with contextlib.suppress(Exception):
            manager.cleanup_connection_file()
    os._exit(128 + signum)


def worker_init(parent: int, started) -> None:
    """A worker's start: its own process group, dead with its parent, Ctrl-C left to the parent
    (which stops it with SIGTERM; its kernels end with it), no project variable in its (and so its
    kernels') environment, and its pid reported on ``started`` so the run can stop it."""
    die_with_parent(parent)
    _WORKER_PID[:] = [os.getpid()]
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _end_kernels_and_exit)
    for variable in settings.ENVIRONMENT_VARIABLES:
        os.environ.pop(variable, None)
    # kernels inherit these descriptors: their start-up chatter stays out of the user's terminal
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    # figures shown inline even when the caller set MPLBACKEND=Agg (as CI does)
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    started.put(os.getpid())


def _settings_line(values: dict) -> str:
    """The IPython start-up line that installs the run's settings in a kernel."""
    text = json.dumps(values, sort_keys=True)
    return f"__import__('atoplib.settings', fromlist=['install_json']).install_json({text!r})"


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


def _first_line(source: str) -> str:
    return next((ln.strip() for ln in str(source).splitlines() if ln.strip()), "")


def _error(err: BaseException) -> dict:
    return {"cell": None, "line": "", "exception": f"{type(err).__name__}: {' '.join(str(err).split())}"}


def _execute_in_place(task: Task) -> dict | None:
    """Execute the source notebook itself (no injected cell) and write it back only on success,
    stored as JupyterLab would save it."""
    import nbclient
    import nbformat
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(task.source, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=600, startup_timeout=120,
                                     record_timing=False, resources={"metadata": {"path": task.cwd}},
                                     kernel_manager_class=_tracked_kernel_manager(),
                                     extra_arguments=[f"--IPKernelApp.exec_lines={_settings_line(task.settings)}"])
    try:
        client.execute()
    except CellExecutionError as err:
        index = next((i for i, c in enumerate(nb.cells) for o in c.get("outputs", []) if o.get("output_type") == "error"), None)
        cell = nb.cells[index] if index is not None else None
        return {"cell": index + 1 if index is not None else None,
                "line": _first_line(cell.source) if cell is not None else "",
                "exception": f"{err.ename}: {' '.join(str(err.evalue).split())}"}
    stored.save(nb, Path(task.output))
    return None


def _execute_with_papermill(task: Task) -> dict | None:
    import papermill as pm

    try:
        pm.execute_notebook(
            task.source, task.output, parameters=task.parameters, kernel_name=KERNEL, cwd=task.cwd,
            progress_bar=False, log_output=False, request_save_on_cell_execute=False, start_timeout=120,
            kernel_manager_class=_tracked_kernel_manager(),
            extra_arguments=[f"--IPKernelApp.exec_lines={_settings_line(task.settings)}"],
        )
    except pm.PapermillExecutionError as err:
        evalue = " ".join(str(err.evalue).split())
        return {"cell": _failing_cell(Path(task.source), err.source, err.cell_index), "line": _first_line(err.source),
                "exception": f"{err.ename}: {evalue}" if evalue else err.ename}
    except Exception as err:  # kernel died, bad notebook, ...: reported, never swallowed
        return _error(err)
    return None


#: A kernel that dies while starting (two kernels started at once can race for the same ports) is
#: started again this many times; nothing of the notebook has run yet.
START_RETRIES = 1


def _died_starting(error: dict | None) -> bool:
    return bool(error) and error["cell"] is None and "Kernel died before replying to kernel_info" in error["exception"]


def execute(task: Task) -> Result:
    """Run one notebook (in a worker process) and store it as JupyterLab would save it."""
    start = time.perf_counter()
    for _ in range(1 + START_RETRIES):
        try:
            error = _execute_in_place(task) if task.in_place else _execute_with_papermill(task)
        except Exception as err:
            error = _error(err)
        if not _died_starting(error):
            break
        _LIVE_KERNELS.clear()
    seconds = time.perf_counter() - start
    _LIVE_KERNELS.clear()  # this task's kernel has been shut down
    if not task.in_place and Path(task.output).is_file():
        with contextlib.suppress(Exception):  # a notebook that cannot be tidied is kept as papermill wrote it
            stored.tidy_executed(Path(task.output), Path(task.source), Path(task.project_root), task.kept)
    return Result(task.name, round(seconds, 3), error)


# --------------------------------------------------------------------------- the workers

@dataclass
class Workers:
    """``jobs`` worker processes (spawned, each in a process group of its own), started on first
    use and stopped by :meth:`stop` (SIGTERM to each group, then SIGKILL)."""

    jobs: int
    pool: ProcessPoolExecutor | None = None
    started: object = None
    pids: set[int] = field(default_factory=set)

    def _ensure(self, count: int) -> ProcessPoolExecutor:
        if self.pool is None:
            context = multiprocessing.get_context("spawn")
            self.started = context.SimpleQueue()
            self.pool = ProcessPoolExecutor(max_workers=max(1, min(self.jobs, count)), mp_context=context,
                                            initializer=worker_init, initargs=(os.getpid(), self.started))
        return self.pool

    def _collect_pids(self) -> None:
        while self.started is not None and not self.started.empty():
            self.pids.add(self.started.get())

    def run(self, tasks: list[Task], progress: bool, desc: str) -> list[Result]:
        """Run ``tasks`` with a progress bar; stop submitting after the first failure."""
        from tqdm.auto import tqdm

        pool = self._ensure(len(tasks))
        results: dict[str, Result] = {}
        with tqdm(total=len(tasks), desc=desc, unit="notebook", disable=not progress, file=sys.stderr) as bar:
            futures = {pool.submit(execute, task): task for task in tasks}
            for future in as_completed(futures):
                self._collect_pids()
                try:
                    result = future.result()
                except CancelledError:
                    continue
                except Exception as err:  # a worker died (killed, out of memory)
                    result = Result(futures[future].name, 0.0, _error(err))
                results[result.name] = result
                bar.set_postfix_str(result.name.removesuffix(".ipynb"), refresh=False)
                bar.update(1)
                if result.error:
                    for other in futures:
                        other.cancel()
        return [results[t.name] for t in tasks if t.name in results]

    def stop(self, wait: bool = False) -> None:
        """End the workers: at once (SIGTERM to each worker's group, which ends its kernels; SIGKILL
        after 10 s) unless ``wait`` (a run that finished: let them exit)."""
        if self.pool is None:
            return
        self._collect_pids()
        if wait:
            self.pool.shutdown(wait=True)
        else:
            for pid in self.pids:
                with contextlib.suppress(OSError):
                    os.killpg(pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and any(process_alive(p) for p in self.pids):
                time.sleep(0.05)
            for pid in self.pids:
                with contextlib.suppress(OSError):
                    os.killpg(pid, signal.SIGKILL)
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = None


def execute_all(tasks: list[Task], jobs: int, progress: bool, desc: str) -> list[Result]:
    """Run ``tasks`` in workers of their own, stopped whatever happens (for callers without a Build)."""
    workers = Workers(jobs)
    try:
        results = workers.run(tasks, progress, desc)
    except BaseException:
        workers.stop()
        raise
    workers.stop(wait=True)
    return results
