"""How the collection is run: every notebook executed by papermill into one report per release.

:func:`run_collection` is what ``make report`` and ``atopnb report`` call::

    al.report.run_collection(version="4.01", data_dir="/path/to/atop-4.01")

1. The settings are resolved once (:class:`atoplib.settings.Settings`: options first, then the
   environment) and every layer below reads them; the release is located and loaded; the report's
   folder is named after the release *found in the files*.
2. Every notebook's ``parameters`` cell is read (``papermill.inspect_notebook``): unknown names,
   values of the wrong type and values outside what a notebook declares it can use are refused
   before anything runs; each input the notebooks declare is found or refused (preflight).
3. A run that lacks something (an input, some of the notebooks, non-default parameters,
   verification) is *partial*: its first line says what it lacks and how to supply it, and it is
   written to ``<reports>/atop-<version>.partial/``, never over the canonical
   ``<reports>/atop-<version>/``, which only a complete run replaces.
4. Notebooks this machine executed before with the same key are taken from the machine-local cache
   (:mod:`atoplib.report.incremental`); the others run in parallel in the run's
   :class:`~atoplib.report.builds.Build`, each in a fresh kernel with its parameters (inputs as
   absolute paths) and the run's settings, and are stored as JupyterLab would save them
   (:mod:`atoplib.report.stored`).
5. On success ``manifest.json`` (byte-stable, with the sha256 of every output) and the website are
   written, and the build replaces the report atomically; nothing changed and every output intact:
   "up to date", nothing written. Times and what was reused go to the machine-local run log.
6. ``force=True`` (``atopnb report --force``, ``make replicate``) re-executes every notebook from
   scratch whatever the cache holds, then compares the result with the report in place, file by
   file (:mod:`atoplib.report.compare`): identical, the report is left as it is; different, the new
   run is kept beside it as ``atop-<version>.replicate/`` and :class:`ReplicationError` lists the
   differences.
7. On failure (a cell raises, Ctrl-C, SIGTERM) the build is kept as
   ``atop-<version>.failed-<timestamp>/`` and the last good report is untouched; a full disk
   removes the build and says how much space the report needs.

:func:`run_empty_collection` runs the same number of trivial notebooks the same way: the floor
that ``benchmarks/bench.py`` compares the collection's wall time with.
"""

from __future__ import annotations

import datetime as _dt
import errno
import os
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from .. import settings as settings_module
from ..data.base import DEFAULT_BASE_VERSION
from ..data.tables import AtopData, load_atop
from ..errors import AtopWarning, ParameterError, ReportError
from . import compare, incremental, manifest
from .builds import Build, PARTIAL, REPLICATE, merge_notebook_folder, refuse_output_in_inputs, remove_tree, report_target, writable_root
from .execute import KERNEL, Result, Task, execute_all
from .params import (COMMON_PARAMETERS, PATH_PARAMETERS, check_parameters, collection_notebooks,
                     declared_inputs, notebook_parameters, optional_inputs)
from .preflight import HOW_TO_SUPPLY, WHAT, Preflight, preflight


class ReplicationError(ReportError):
    """A re-execution (``--force``) differs from the report in place; ``rows`` holds the comparison."""

    def __init__(self, message: str, rows: list):
        super().__init__(message)
        self.rows = rows


@dataclass
class Plan:
    """Everything a run decided before writing anything."""

    settings: settings_module.Settings
    data: AtopData
    sources: list[Path]
    declared: dict[Path, dict]
    user: dict
    checked: Preflight
    lacks: list[str]
    root: Path
    target: Path
    given: dict[str, dict]
    kept: dict[str, tuple[str, ...]]
    keys: dict[str, dict]
    reasons: dict[str, str]
    site_wanted: bool
    force: bool
    held: list = field(default_factory=list)  # warnings shown after the run's first line

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.sources]


@dataclass
class Outcome:
    """What a run did: the report folder, and for a forced run the comparison's rows."""

    folder: Path
    rows: list | None = None
    up_to_date: bool = False


# --------------------------------------------------------------------------- settings and plan

def resolve_settings(settings: settings_module.Settings | None = None, **options) -> settings_module.Settings:
    """The run's settings: ``settings`` (or the environment) with the options given (not None)."""
    chosen = {("reports_dir" if k == "output_root" else k): v for k, v in options.items() if v is not None}
    if settings is None:
        return settings_module.Settings.resolve(**chosen)
    return settings.replace(**chosen) if chosen else settings


def _check_jobs(jobs) -> None:
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ParameterError(f"jobs must be a whole number of at least 1, not {jobs!r}")


def _declared(sources: list[Path]) -> dict[Path, dict]:
    declared = {path: notebook_parameters(path) for path in sources}
    for path, params in declared.items():
        missing = [name for name in COMMON_PARAMETERS if name not in params]
        if missing:
            raise ReportError(
                f"{path.name} has no parameter {missing[0]} in a cell tagged 'parameters'; every notebook "
                f"of the collection declares {', '.join(COMMON_PARAMETERS)}"
            )
    return declared


def _base_version(declared: dict[Path, dict], user: dict):
    """The base release asked for: the user's ``base_version``, else the default of the notebooks
    that declare one."""
    if "base_version" in user:
        return user["base_version"]
    defaults = [params["base_version"]["default"] for params in declared.values() if "base_version" in params]
    return defaults[0] if defaults else DEFAULT_BASE_VERSION


def _non_default(declared: dict[Path, dict], user: dict) -> list[str]:
    """The user parameters that differ from the default of a notebook declaring them."""
    return [f"{name}={value}" for name, value in user.items()
            if any(name in params and params[name]["default"] != value for params in declared.values())]


def _lacks(plan_sources: list[Path], subset: bool, declared: dict, user: dict, checked: Preflight,
           settings: settings_module.Settings) -> list[str]:
    """What keeps a run from being the canonical report, each with how to supply it."""
    lacks = [f"the {WHAT[kind]} ({HOW_TO_SUPPLY[kind]})" for kind in sorted(checked.skipped)]
    if subset:
        every = {p.name for p in collection_notebooks()}
        missing = every - {p.name for p in plan_sources}
        lacks.append(f"{len(missing)} of the {len(every)} notebooks of the collection (run them all: no --notebook)")
    changed = _non_default(declared, user)
    if changed:
        lacks.append(f"the default parameters ({', '.join(changed)} given; drop -p for the canonical report)")
    if not settings.verify:
        lacks.append("checksum verification (ATOP_VERIFY=0; unset it)")
    return lacks


def _given(plan_sources, declared, data: AtopData, user: dict, checked: Preflight) -> tuple[dict, dict]:
    """Per notebook: the parameters it is given, and the injected paths written back as None."""
    common = {"atop_version": data.version, "data_dir": str(Path(data.release.source).expanduser().absolute()),
              "output_dir": "."}
    given, kept = {}, {}
    for path in plan_sources:
        params = declared[path]
        values = {**common, **checked.parameters_for(declared_inputs(params)), **user}
        given[path.name] = {k: v for k, v in values.items() if k in params}
        kept[path.name] = tuple(k for k in given[path.name] if k in PATH_PARAMETERS)
    return given, kept


def _keys(plan_sources, declared, given, kept, data: AtopData, checked: Preflight, force: bool) -> tuple[dict, dict]:
    code = incremental.code_fingerprint()
    environment = incremental.environment_fingerprint({"kernel": KERNEL, "packages": manifest.package_versions()})
    keys, reasons = {}, {}
    for path in plan_sources:
        files = list(data.release.files.values())
        for kind in declared_inputs(declared[path]):
            files += checked.files.get(kind, [])
        keys[path.name] = incremental.notebook_key(path, given[path.name], kept[path.name], files, code, environment)
        reasons[path.name] = incremental.why_run(path.name, keys[path.name], force)
    return keys, reasons


def plan_run(settings: settings_module.Settings, version=None, notebooks=None, parameters=None,
             force: bool = False, site=None) -> Plan:
    """Check everything and decide what to run; nothing is written. Warnings of the data layer are
    held, to be shown after the run's first line."""
    sources = collection_notebooks(notebooks)
    declared = _declared(sources)
    with warnings.catch_warnings(record=True) as held:
        warnings.simplefilter("always", AtopWarning)
        data = load_atop(settings.data_dir, version)
        user = check_parameters(declared, parameters, data)
        needs = {p.name: declared_inputs(declared[p]) for p in sources}
        optional = {p.name: optional_inputs(p) for p in sources}
        checked = preflight(needs, optional, data, {"base_version": _base_version(declared, user)})
    subset = notebooks is not None and sorted(p.name for p in sources) != sorted(p.name for p in collection_notebooks())
    lacks = _lacks(sources, subset, declared, user, checked, settings)
    planned = Path(settings.reports_dir)
    refuse_output_in_inputs([planned, report_target(planned, data.version, complete=not lacks)],
                            _inputs(data, checked, settings))  # before the folder is even created
    root = writable_root(planned)
    target = report_target(root, data.version, complete=not lacks)
    given, kept = _given(sources, declared, data, user, checked)
    keys, reasons = _keys(sources, declared, given, kept, data, checked, force)
    site_wanted = (not subset) if site is None else bool(site)
    return Plan(settings, data, sources, declared, user, checked, lacks, root, target, given, kept, keys, reasons,
                site_wanted, force, [w for w in held if issubclass(w.category, AtopWarning)])


def _inputs(data: AtopData, checked: Preflight, settings: settings_module.Settings) -> dict[str, Path]:
    found = {f"the release's folder": folder for folder in {p.parent for p in data.release.files.values()}}
    source = Path(data.release.source)
    if source.is_file():
        found["the release's zip"] = source
    for kind, path in checked.paths.items():
        found[f"the {'base release' if kind == 'base' else kind + ' file'}"] = path
    found["the cache folder"] = settings.cache_dir
    return found


# --------------------------------------------------------------------------- saying what the run is

def announce(plan: Plan, progress: bool) -> None:
    """The run's first line when it is partial (what it lacks, how to supply it, where it goes),
    then the warnings held while planning and the notes of skipped inputs."""
    if plan.lacks:
        canonical = plan.target.with_name(plan.target.name.removesuffix(PARTIAL))
        print(f"partial run, written to {plan.target}, never over {canonical}: it lacks "
              + "; ".join(plan.lacks), file=sys.stderr, flush=True)
    for held in plan.held:
        warnings.warn_explicit(held.message, held.category, held.filename, held.lineno)
    for reason in plan.checked.skipped.values():
        print(f"note: {reason}", file=sys.stderr)
    running = [f"{name.removesuffix('.ipynb')} ({why})" for name, why in plan.reasons.items() if why]
    if progress and running and len(running) < len(plan.reasons):
        print(f"executing {len(running)} of {len(plan.reasons)} notebooks: {'; '.join(running)}", file=sys.stderr)


def _up_to_date(plan: Plan) -> tuple[bool, list[str]]:
    """Nothing to execute and the report in place is this run's, whole: (True, []). Nothing to
    execute but outputs differ from their recorded sha256: (False, those outputs)."""
    if plan.force or any(plan.reasons.values()):
        return False, []
    record = manifest.read_manifest(plan.target)
    if record is None or record.get("status") != "ok":
        return False, []
    if [n.get("name") for n in record.get("notebooks", [])] != plan.names:
        return False, []
    damaged = manifest.damaged_outputs(plan.target, record)
    if damaged:
        return False, damaged
    if record.get("lacks") != plan.lacks or record.get("parameters") != _recorded_parameters(plan):
        return False, []
    site_ok = not plan.site_wanted or (plan.target / "site" / "index.html").is_file()
    return site_ok, []


def _recorded_parameters(plan: Plan) -> dict:
    return {"atop_version": plan.data.version, **plan.user}


# --------------------------------------------------------------------------- executing

def _kernel_settings(plan: Plan, path: Path) -> dict:
    """The settings installed in one notebook's kernel: the run's, with only the inputs it declares."""
    values = plan.settings.as_json()
    kinds = declared_inputs(plan.declared[path])
    values["data_dir"] = plan.given[path.name]["data_dir"]
    values["output_dir"] = None
    for name, kind in (("states_file", "states"), ("nmc_file", "nmc"), ("majors_file", "majors"), ("base_data_dir", "base")):
        values[name] = str(plan.checked.paths[kind]) if kind in kinds and kind in plan.checked.paths else None
    return values


def _tasks(build: Build, plan: Plan) -> tuple[list[Task], dict[str, list[str]]]:
    """Tasks for the notebooks to execute; the others restored from the cache into the build."""
    tasks, files = [], {}
    for index, path in enumerate(plan.sources):
        entry = None if plan.reasons[path.name] else incremental.lookup(path.name, plan.keys[path.name])
        if entry is not None:
            files[path.name] = incremental.restore(entry, build.folder)
            continue
        if not plan.reasons[path.name]:
            plan.reasons[path.name] = "its cached copy went missing"
        folder = build.notebook_folder(index)
        tasks.append(Task(name=path.name, source=str(path), output=str(folder / path.name), cwd=str(folder),
                          parameters=plan.given[path.name], settings=_kernel_settings(plan, path),
                          project_root=str(paths.PROJECT_ROOT), kept=plan.kept[path.name]))
    return tasks, files


def _execute(build: Build, plan: Plan, progress: bool) -> tuple[list[Result], dict[str, list[str]]]:
    tasks, files = _tasks(build, plan)
    results = build.run(tasks, progress, f"ATOP {plan.data.version}")
    seconds = {r.name: r.seconds for r in results}
    for task in tasks:
        if Path(task.cwd).exists():
            files[task.name] = [f for f in merge_notebook_folder(Path(task.cwd), build.folder) if f != task.name]
        result = next((r for r in results if r.name == task.name), None)
        if result is not None and result.error is None and (build.folder / task.name).is_file():
            incremental.store(task.name, plan.keys[task.name], build.folder, files.get(task.name, []), seconds[task.name])
    return results, files


def _failure(build: Build, plan: Plan, results: list[Result], files: dict[str, list[str]], expected: int) -> None:
    """Raise for a failed or unfinished run (the build kept with a manifest saying so, or removed
    when the disk is full)."""
    failed = next((r for r in results if r.error), None)
    if failed is None and len(results) == expected:
        return
    if failed is not None and f"[Errno {errno.ENOSPC}]" in failed.error["exception"]:
        raise build.disk_full(f"notebook {failed.name} could not write")
    manifest.write_manifest(build.folder, _manifest(build, plan, results, files, "failed", None))
    previous = plan.target if plan.target.exists() else None
    unchanged = f"the last good report {previous} is unchanged" if previous else "no earlier report was touched"
    kept = build.fail()
    if failed is None:
        raise ReportError(f"the collection for ATOP {plan.data.version} stopped before every notebook ran; "
                          f"see {kept}; {unchanged}")
    where = f"cell {failed.error['cell']}" if failed.error["cell"] else "start-up"
    line = failed.error["line"]
    raise ReportError(f"notebook {failed.name} failed at {where}" + (f" ({line[:80]})" if line else "")
                      + f": {failed.error['exception'][:300]}; the failed notebook is kept in {kept}; {unchanged}")


def _site_available() -> bool:
    """The website needs the 'site' extra (Sphinx, myst-nb, sphinx-book-theme); without it the
    report is written without a website and one warning says so."""
    import importlib.util

    if all(importlib.util.find_spec(name) for name in ("sphinx", "myst_nb", "sphinx_book_theme")):
        return True
    warnings.warn("the report's website was not built: install the 'site' extra "
                  "(pip install -e '.[site]'; make installs it)", AtopWarning, stacklevel=3)
    return False


def _manifest(build: Build, plan: Plan, results: list[Result], files: dict[str, list[str]], status: str,
              site: str | None) -> dict:
    done = {name: "ok" for name in plan.names if not plan.reasons[name]}  # from the cache
    done.update({r.name: ("failed" if r.error else "ok") for r in results})
    return manifest.manifest(plan.data, _recorded_parameters(plan),
                             manifest.notebook_records(build.folder, plan.names, done, files),
                             plan.checked.manifest(), plan.lacks, status, site)


def _record(build: Build, plan: Plan, results: list[Result], files: dict[str, list[str]]) -> None:
    """Write the manifest, then the website (when wanted); a website that does not build fails the run."""
    from .site import build_site

    with_site = plan.site_wanted and _site_available()
    record = _manifest(build, plan, results, files, "ok", "site/index.html" if with_site else None)
    manifest.write_manifest(build.folder, record)
    if with_site:
        try:
            build_site(build.folder)
        except ReportError as err:
            manifest.write_manifest(build.folder, {**record, "status": "failed"})
            previous = plan.target if plan.target.exists() else None
            kept = build.fail()
            raise ReportError(f"the report's website did not build: {err}; the run is kept in {kept}; "
                              + (f"the last good report {previous} is unchanged" if previous else "no earlier report was touched")) from None


def _replicate(build: Build, plan: Plan) -> list:
    """A forced run against the report in place: identical, the build is discarded; different, it
    is kept as ``<report>.replicate/`` and :class:`ReplicationError` says so."""
    rows = compare.compare_reports(build.folder, plan.target)
    differ = compare.differences(rows)
    if not differ:
        build.discard()
        return rows
    kept = plan.target.with_name(plan.target.name + REPLICATE)
    remove_tree(kept)
    build.publish(kept)
    first = differ[0]
    raise ReplicationError(f"the re-executed report differs from {plan.target} in {len(differ)} of {len(rows)} files "
                           f"(first: {first.path}: {first.status}{', ' + first.detail if first.detail else ''}); "
                           f"the new run is kept in {kept}", rows)


def _log(plan: Plan, started: str, clock: float, jobs: int, results: list[Result], outcome: str) -> None:
    seconds = {r.name: r.seconds for r in results}
    manifest.log_run({
        "target": str(plan.target), "release": plan.data.version, "outcome": outcome, "started": started,
        "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "wall_seconds": round(time.perf_counter() - clock, 3), "jobs": jobs, "lacks": plan.lacks,
        "notebooks": [{"name": n, "run": "executed" if plan.reasons.get(n) else "reused",
                       "reason": plan.reasons.get(n) or "nothing it depends on changed", "seconds": seconds.get(n)}
                      for n in plan.names],
    })


# --------------------------------------------------------------------------- the collection

def report(settings: settings_module.Settings | None = None, version: str | None = None, notebooks=None,
           parameters: dict | None = None, jobs: int = 2, progress: bool = True, force: bool = False,
           site: bool | None = None, reuse_derived: bool | None = None) -> Outcome:
    """Run the collection with ``settings`` resolved once (see the module docstring); return what
    it did. Raises :class:`ReportError` when a notebook or the website fails (the build kept as
    ``.failed-``), :class:`ReplicationError` when a forced run differs from the report in place.

    ``reuse_derived``: whether the chapters may reuse this machine's cache of what they derived
    (:mod:`atoplib.present.derived`); by default yes, except in a forced run, which derives
    everything from the data again (``make bench`` times a forced run with reuse, too)."""
    started = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    clock = time.perf_counter()
    _check_jobs(jobs)
    chosen = resolve_settings(settings)
    reuse = (not force) if reuse_derived is None else bool(reuse_derived)
    chosen = chosen.replace(reuse_derived=reuse and chosen.reuse_derived)
    with settings_module.using(chosen):
        plan = plan_run(chosen, version, notebooks, parameters, force, site)
        announce(plan, progress)
        fresh, damaged = _up_to_date(plan)
        if fresh:
            if progress:
                print(f"{plan.target} is up to date: no notebook, parameter, atoplib file, input file or package "
                      f"changed since this machine made it, and every output matches its recorded sha256", file=sys.stderr)
            return Outcome(plan.target, up_to_date=True)
        if damaged and progress:
            print(f"re-making {plan.target}: {', '.join(damaged[:3])}{' …' if len(damaged) > 3 else ''} "
                  f"{'differs' if len(damaged) == 1 else 'differ'} from the sha256 recorded in its manifest", file=sys.stderr)
        results: list[Result] = []
        try:
            with Build(chosen, plan.root, plan.data.version, jobs, previous=plan.target) as build:
                results, files = _execute(build, plan, progress)
                _failure(build, plan, results, files, sum(1 for n in plan.names if plan.reasons[n]))
                _record(build, plan, results, files)
                if plan.force and manifest.read_manifest(plan.target) is not None:
                    rows = _replicate(build, plan)
                    _log(plan, started, clock, jobs, results, "replicated: identical")
                    return Outcome(plan.target, rows)
                build.publish(plan.target)
        except BaseException as err:
            _log(plan, started, clock, jobs, results, f"stopped: {type(err).__name__}")
            raise
        _log(plan, started, clock, jobs, results, "ok")
    return Outcome(plan.target)


def run_collection(version: str | None = None, data_dir: str | os.PathLike | None = None, notebooks=None,
                   output_root: str | os.PathLike | None = None, parameters: dict | None = None, jobs: int = 2,
                   progress: bool = True, force: bool = False, site: bool | None = None,
                   settings: settings_module.Settings | None = None, base_data_dir=None, states_file=None,
                   nmc_file=None, majors_file=None) -> Path:
    """Execute the collection for one release; return the report folder (``<reports>/atop-<version>``,
    or ``atop-<version>.partial`` for a partial run; see the module docstring).

    ``settings`` defaults to the environment's; ``data_dir``, ``output_root`` (the reports folder)
    and the inputs given here take precedence. ``parameters`` are passed to every notebook that
    declares them (e.g. ``start_year``); names no notebook declares are refused. ``site`` builds the
    report's website into ``site/`` (default: when the whole collection runs).
    """
    chosen = resolve_settings(settings, data_dir=data_dir, output_root=output_root, base_data_dir=base_data_dir,
                              states_file=states_file, nmc_file=nmc_file, majors_file=majors_file)
    return report(chosen, version, notebooks, parameters, jobs, progress, force, site).folder


# --------------------------------------------------------------------------- the source notebooks

def refresh_notebooks(data_dir: str | os.PathLike, notebooks=None, jobs: int = 2, progress: bool = True,
                      settings: settings_module.Settings | None = None) -> list[Path]:
    """Re-execute the source notebooks *in place* so they carry the canonical outputs (ATOP 5.1).

    This is the one function that writes ``notebooks/``: for maintainers after editing a notebook.
    Nothing is injected (the parameters cells keep their defaults); the kernels get the run's
    settings with ``data_dir`` and an ``output_dir`` in a temporary folder, so no machine path and
    no report file is touched. A notebook is rewritten (as JupyterLab would save it) only if it ran
    to the end.
    """
    sources = collection_notebooks(notebooks)
    folder = Path(data_dir).expanduser().resolve()
    if not folder.exists():
        raise ParameterError(f"data_dir {folder} does not exist; point it at the canonical ATOP release")
    chosen = resolve_settings(settings, data_dir=folder)
    with tempfile.TemporaryDirectory(prefix="atop-refresh-") as tmp:
        values = chosen.replace(output_dir=tmp).as_json()
        tasks = [Task(p.name, str(p), str(p), str(p.parent), {}, values, str(paths.PROJECT_ROOT), in_place=True)
                 for p in sources]
        results = execute_all(tasks, jobs, progress, "refresh notebooks")
    failed = next((r for r in results if r.error), None)
    if failed:
        where = f"cell {failed.error['cell']}" if failed.error["cell"] else "start-up"
        raise ReportError(f"notebook {failed.name} failed at {where} ({failed.error['line'][:80]}): "
                          f"{failed.error['exception'][:300]}; it was not rewritten")
    return sources


# --------------------------------------------------------------------------- the floor

#: What every chapter's kernel does before its own work (the stack floor): import the stack and load
#: the release.
STACK_CELL = ("import atoplib as al\nimport pandas, matplotlib.pyplot, seaborn\n"
              "from atoplib.data.tables import load_atop\nload_atop(data_dir)")


def _empty_notebook(stack: bool = False):
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("\n".join(f"{name} = None" for name in COMMON_PARAMETERS))
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(STACK_CELL if stack else "None")]
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def run_empty_collection(count: int, jobs: int = 2, progress: bool = False, stack: bool = False,
                         data_dir: str | os.PathLike | None = None) -> float:
    """Wall seconds to run ``count`` trivial notebooks exactly as :func:`run_collection` runs the
    real ones (same workers, kernel, papermill options, injected parameters): the empty-kernel
    floor; with ``stack``, each imports atoplib, pandas, matplotlib and seaborn and loads the release
    (``data_dir``): the stack floor."""
    import nbformat

    values = settings_module.current().as_json()
    with tempfile.TemporaryDirectory(prefix="atop-empty-") as tmp:
        folder = Path(tmp)
        (folder / "out").mkdir()
        tasks = []
        for i in range(count):
            source = folder / f"{i:02d}-empty.ipynb"
            nbformat.write(_empty_notebook(stack), str(source))
            given = {"atop_version": "0", "data_dir": str(data_dir) if data_dir else None, "output_dir": "."}
            tasks.append(Task(source.name, str(source), str(folder / "out" / source.name), str(folder / "out"),
                              given, values, str(folder)))
        clock = time.perf_counter()
        results = execute_all(tasks, jobs, progress, "empty notebooks")
        wall = time.perf_counter() - clock
    failed = next((r for r in results if r.error), None)
    if failed:
        raise ReportError(f"empty notebook {failed.name} failed: {failed.error['exception']}; is the python3 kernel installed?")
    return wall
