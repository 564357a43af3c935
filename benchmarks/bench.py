"""`make bench`: how long atoplib takes to load ATOP 5.1 and derive counts, state-years and
dyad-years, against a plain-pandas reference written here; then the collection, and the test suite
(`make test`, timed here because speed targets are never a test: under 4 min on 2 cores).

Prints figures; asserts nothing (speed is not a test). Targets (issue 3): under 0.5 s in all, at most
2x the reference. Each step is timed ``--repeat`` times and the best run is shown (the least
disturbed by other work on the machine), as wall time and, for atoplib, process CPU time (steadier
when other programs share the CPUs); the load is timed cold each time (no in-process cache).

    .venv/bin/python benchmarks/bench.py [--data-dir D] [--repeat N] [--collection] [--tests]

The release is --data-dir, else ATOP_DATA_DIR (``make bench`` sets it, and the COW files, from
../shared/data when they are unset, as ``make test`` does).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import atoplib as al  # noqa: E402
from atoplib.measures.dyads import dyad_years  # noqa: E402
from atoplib.measures.stateyears import state_years  # noqa: E402
from atoplib import settings  # noqa: E402
from atoplib.data import tables  # noqa: E402

PROVISIONS = ("defense", "consult-only", "consult-nonagg")
OBLIGATIONS = ["defense", "offense", "neutral", "nonagg", "consul"]


def best_of(repeat: int, step: Callable[[], object]) -> tuple[float, float, object]:
    """Best wall time and best process CPU time of ``repeat`` runs, and the step's result."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = step()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(times), min(cpu), result


# --------------------------------------------------------------------------- atoplib

def atoplib_load(folder: Path) -> al.AtopData:
    tables._LOADED.clear()  # cold: locate, hash, read, validate every time
    return al.load_atop(folder)


def atoplib_counts(data) -> list[pd.DataFrame]:
    return [al.measures.counts_by_year(data, p) for p in PROVISIONS]


# --------------------------------------------------------------------------- plain-pandas reference
# What one would write without atoplib: read_csv, a loop over years, explode, merge, groupby.
# Same outputs as atoplib (rows; codes from the union of rows rather than the last one).

def reference_load(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    stem = next(p for p in folder.rglob("atop*a.csv")).name[:-5]
    alliances = pd.read_csv(next(folder.rglob(f"{stem}a.csv")))
    members = pd.read_csv(next(folder.rglob(f"{stem}m.csv")))
    return alliances, members


def reference_counts(alliances: pd.DataFrame, last_year: int) -> list[pd.DataFrame]:
    end = alliances["endyr"].where(alliances["endyr"] != 0, last_year)
    rules = {
        "defense": alliances["defense"] == 1,
        "consult-only": (alliances["consul"] == 1) & (alliances["defense"] == 0),
        "consult-nonagg": (alliances["consul"] == 1) & (alliances["nonagg"] == 1) & (alliances["defense"] == 0),
    }
    out = []
    for name in PROVISIONS:
        rule = rules[name]
        rows = [(y, int(((alliances["begyr"] <= y) & (end >= y) & rule).sum())) for y in range(1815, last_year + 1)]
        out.append(pd.DataFrame(rows, columns=["year", "count"]))
    return out


def _member_years(members: pd.DataFrame, last_year: int) -> pd.DataFrame:
    m = members[["atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", *OBLIGATIONS]].copy()
    m["exit"] = m["yrexit"].where(m["yrexit"] != 0, last_year)
    m["year"] = [list(range(a, b + 1)) for a, b in zip(m["yrent"], m["exit"])]
    return m.explode("year").astype({"year": "int64"}).copy()


def reference_state_years(members: pd.DataFrame, last_year: int) -> pd.DataFrame:
    my = _member_years(members, last_year)
    my["trans"] = ((my["yrent"] == my["year"]) | (my["yrexit"] == my["year"])).astype(int)
    out = my.groupby(["member", "year"]).agg(
        **{c: (c, "max") for c in OBLIGATIONS},
        number=("atopid", "nunique"),
        transyr=("trans", "max"),
        atopids=("atopid", lambda s: tuple(sorted(set(s)))),
    )
    return out.reset_index().rename(columns={"member": "state"})


def reference_dyad_years(members: pd.DataFrame, last_year: int) -> pd.DataFrame:
    my = _member_years(members, last_year)
    my["entered"] = my["yrent"] * 10_000 + my["moent"].fillna(0) * 100 + my["dayent"].fillna(0)
    still = my["yrexit"] == 0
    my["exited"] = (my["exit"] * 10_000 + my["moexit"].fillna(12) * 100 + my["dayexit"].fillna(31)).where(
        ~still, last_year * 10_000 + 1231
    )
    keep = ["atopid", "member", "year", "entered", "exited", *OBLIGATIONS]
    pairs = my[keep].merge(my[keep], on=["atopid", "year"], suffixes=("", "_b"))
    pairs = pairs[
        (pairs["member"] != pairs["member_b"])
        & (pairs["entered"] < pairs["exited_b"])
        & (pairs["entered_b"] < pairs["exited"])
    ]
    out = pairs.groupby(["member", "member_b", "year"]).agg(
        **{c: (c, "max") for c in OBLIGATIONS},
        number=("atopid", "nunique"),
        atopids=("atopid", lambda s: tuple(sorted(set(s)))),
    )
    return out.reset_index().rename(columns={"member": "stateA", "member_b": "stateB"})


# --------------------------------------------------------------------------- collection (helper B)
# HOOK — COLLECTION TIMING. Helper B (atoplib/report.py) fills this in: the wall time of the whole
# collection (run_collection for the release) and of the same number of empty notebooks run the
# same way (the floor, e.g. atoplib.report.run_empty_collection), and their ratio (target <= 1.3x).
# Return rows (label, seconds) to print; return [] to print nothing. Called only with --collection.

def collection_timings(folder: Path, jobs: int) -> list[tuple[str, float]]:
    """The whole collection, every notebook executed (a forced run into a temporary reports
    folder): first deriving everything from the data, then again reusing this machine's cache of
    derived results (atoplib.present.derived); against the same number of notebooks that do
    nothing (the empty-kernel floor) and that only import the stack and load the release (the stack
    floor), all measured in this run."""
    import tempfile

    from atoplib.report.run import report
    from atoplib.report.site import build_site

    count = len(al.report.collection_notebooks())
    with tempfile.TemporaryDirectory(prefix="atop-bench-") as tmp:
        chosen = settings.current(data_dir=folder, reports_dir=Path(tmp) / "reports", cache_dir=Path(tmp) / "cache")
        clock = time.perf_counter()
        outcome = report(chosen, jobs=jobs, progress=False, force=True, site=False)
        cold = time.perf_counter() - clock
        clock = time.perf_counter()
        report(chosen, jobs=jobs, progress=False, force=True, site=False, reuse_derived=True)
        warm = time.perf_counter() - clock
        clock = time.perf_counter()
        build_site(outcome.folder)  # what make report adds after the notebooks
        website = time.perf_counter() - clock
        # the same command again, nothing changed: the whole command a user waits for (issue 14)
        clock = time.perf_counter()
        again = subprocess.run([sys.executable, "-m", "atoplib", "report", "--data-dir", str(folder),
                                "--output-root", str(Path(tmp) / "reports"), "--jobs", str(jobs)], capture_output=True,
                               text=True, env={**os.environ, **chosen.environment()})
        second = time.perf_counter() - clock
        if again.returncode != 0 or "up to date" not in again.stderr:
            print(f"bench: the second run was not 'up to date': {again.stderr.strip()[-300:]}", file=sys.stderr)
        empty = al.report.run_empty_collection(count, jobs=jobs)
        stack = al.report.run_empty_collection(count, jobs=jobs, stack=True, data_dir=folder)
    return [
        (f"{count} empty notebooks (the empty-kernel floor)", empty),
        (f"{count} notebooks that import the stack and load the release (the stack floor)", stack),
        (f"collection, every notebook executed, everything derived ({jobs} jobs)", cold),
        ("  ratio to the stack floor (x)", cold / stack),
        ("collection, every notebook executed, derived results reused", warm),
        ("  ratio to the stack floor (x; target <=1.3)", warm / stack),
        ("its website (make site)", website),
        ("again, unchanged: up to date (<5 s)", second),
    ]


# --------------------------------------------------------------------------- the test suite

def suite_timing(jobs: int) -> list[tuple[str, float]]:
    """`make test` as a developer runs it (every test but the slow ones, on ``jobs`` workers): its
    wall time, labelled with pytest's summary (passed, failed, skipped ...)."""
    clock = time.perf_counter()
    run = subprocess.run(["make", "--no-print-directory", "test", f"TEST_JOBS={jobs}", "PYTEST_ARGS=-q"], cwd=ROOT,
                         capture_output=True, text=True)
    wall = time.perf_counter() - clock
    summary = next((line.strip("= ") for line in reversed(run.stdout.splitlines())
                    if re.search(r"\d+ (passed|failed|error)", line)), "no pytest summary")
    summary = re.sub(r" in [\d.]+s( \(.*\))?$", "", summary)
    if run.returncode != 0:
        print(f"bench: make test exited {run.returncode}: {summary}", file=sys.stderr)
    return [(f"make test ({jobs} workers; target < 240 s)", wall), (f"  {summary}", float("nan"))]


# --------------------------------------------------------------------------- main

def default_data_dir() -> Path | None:
    """The release the settings name (ATOP_DATA_DIR), as atopnb would use it."""
    return settings.current().data_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="ATOP 5.1 folder (default: ATOP_DATA_DIR)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per step; the best is shown (default 5)")
    parser.add_argument("--collection", action="store_true", help="also time the notebook collection (slow)")
    parser.add_argument("--jobs", type=int, default=2, help="workers for the collection and test-suite timings")
    parser.add_argument("--tests", action="store_true", help="also time the test suite, `make test` (minutes)")
    args = parser.parse_args(argv)
    folder = args.data_dir or default_data_dir()
    if folder is None:
        print("bench: no ATOP data: pass --data-dir or set ATOP_DATA_DIR", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore", al.AtopWarning)
    repeat = max(1, args.repeat)

    t_load, c_load, data = best_of(repeat, lambda: atoplib_load(folder))
    t_counts, c_counts, counts = best_of(repeat, lambda: atoplib_counts(data))
    t_sy, c_sy, sy = best_of(repeat, lambda: state_years(data))
    t_dy, c_dy, dy = best_of(repeat, lambda: dyad_years(data))
    ours, cpu = [t_load, t_counts, t_sy, t_dy], [c_load, c_counts, c_sy, c_dy]

    last = data.last_year
    r_load, _, (alliances, members) = best_of(repeat, lambda: reference_load(folder))
    r_counts, _, ref_counts = best_of(repeat, lambda: reference_counts(alliances, last))
    r_sy, _, ref_sy = best_of(repeat, lambda: reference_state_years(members, last))
    r_dy, _, ref_dy = best_of(repeat, lambda: reference_dyad_years(members, last))
    ref = [r_load, r_counts, r_sy, r_dy]

    same = (
        all(a["count"].tolist() == b["count"].tolist() for a, b in zip(counts, ref_counts))
        and len(sy) == len(ref_sy)
        and len(dy) == len(ref_dy)
    )
    print(f"ATOP {data.version} ({data.coverage[0]}-{data.coverage[1]}) from {folder}; best of {repeat} runs; "
          f"pandas {pd.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (a busy machine slows every figure)")
    print(f"{'step':<36}{'atoplib (s)':>12}{'(CPU s)':>9}{'reference (s)':>15}{'ratio':>8}")
    labels = [
        "load (locate, sha256, read, check)",
        f"counts ({len(PROVISIONS)} provisions)",
        f"state-years ({len(sy):,} rows)",
        f"dyad-years ({len(dy):,} rows)",
    ]
    for label, a, c, b in zip(labels, ours, cpu, ref):
        print(f"{label:<36}{a:>12.3f}{c:>9.3f}{b:>15.3f}{a / b:>8.2f}")
    total, total_ref = sum(ours), sum(ref)
    print(f"{'total':<36}{total:>12.3f}{sum(cpu):>9.3f}{total_ref:>15.3f}{total / total_ref:>8.2f}")
    print(f"targets: total < 0.5 s ({'met' if total < 0.5 else 'NOT met'}); "
          f"at most 2x the reference ({'met' if total <= 2 * total_ref else 'NOT met'}); "
          f"same counts and row counts as the reference: {'yes' if same else 'NO'}")

    if args.collection:
        rows = collection_timings(folder, args.jobs)
        if not rows:
            print("collection: not measured yet (benchmarks/bench.py: collection_timings)")
        for label, seconds in rows:
            print(f"{label:<36}{seconds:>12.3f}")
    if args.tests:
        for label, seconds in suite_timing(args.jobs):
            print(f"{label:<36}{seconds:>12.1f}" if seconds == seconds else label)
    return 0


if __name__ == "__main__":
    sys.exit(main())
