"""A notebook context on a given release with given COW tables, for the exhibit tests
(`from exhibit_context import context, real_context`).

``al.start`` loads the COW tables named by the settings; the hand-made ones of the `beyond`
fixture are not official files, so the tests hand them to the context directly (its per-notebook
cache, under the keys ``NotebookContext`` loads them by)."""

from __future__ import annotations

import pytest

import atoplib as al
from atoplib.present.context import NotebookContext

from support import cow_file


def context(data, tmp_path, start=None, end=None, states=None, majors=None, nmc=None) -> NotebookContext:
    ctx = NotebookContext(data=data, start_year=data.first_year if start is None else start,
                          end_year=data.last_year if end is None else end, output_dir=tmp_path)
    for kind, table in (("states", states), ("majors", majors), ("nmc", nmc)):
        if table is not None:
            ctx.cached(f"cow:{kind}", lambda table=table: table)
    return ctx


def real_context(atop51, tmp_path, start=None, end=None) -> NotebookContext:
    """ATOP 5.1 with the real COW files (skipped when they are not found)."""
    files = {kind: cow_file(name, env) for kind, name, env in (
        ("states", "states2016.csv", "COW_STATES_FILE"), ("majors", "majors2016.csv", "COW_MAJORS_FILE"),
        ("nmc", "NMC-60-abridged.csv", "COW_NMC_FILE"))}
    if None in files.values():
        pytest.skip("COW files not found (set COW_STATES_FILE, COW_MAJORS_FILE, COW_NMC_FILE or provide ../shared/data/cow)")
    return context(atop51, tmp_path, start, end, states=al.data.load_states(files["states"]),
                   majors=al.data.load_majors(files["majors"]), nmc=al.data.load_nmc(files["nmc"]))
