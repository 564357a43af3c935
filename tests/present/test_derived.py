"""This machine's cache of derived results (atoplib.present.derived): a chapter's verb shows the
very outputs and writes the very files it derived, a changed input or knob derives again, a damaged
entry is derived again, and with reuse off (a forced run) nothing is read from it."""

from __future__ import annotations

import pytest

from atoplib import settings
from atoplib.present import api, derived
from atoplib.present.context import start


@pytest.fixture
def ctx(mini_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ATOP_OUTPUT_DIR", str(tmp_path / "out"))
    return start(data_dir=str(mini_dir))


def outputs(obj) -> tuple[dict, dict]:
    return derived.format_outputs(obj)


def test_a_figure_reused_shows_the_same_outputs_and_writes_the_same_files(ctx, mini_dir):
    first = api.figure(ctx, "fig1-defense-pacts")
    files = {p.name: p.read_bytes() for p in sorted(ctx.figures_dir.glob("fig1-defense-pacts.*"))}
    assert sorted(files) == ["fig1-defense-pacts.csv", "fig1-defense-pacts.png", "fig1-defense-pacts.svg"]
    for path in ctx.figures_dir.glob("fig1-defense-pacts.*"):
        path.unlink()
    again = start(data_dir=str(mini_dir))  # a new kernel: nothing in memory
    second = api.figure(again, "fig1-defense-pacts")
    assert isinstance(second, derived.Shown) and not isinstance(first, derived.Shown)
    assert outputs(second) == outputs(first)
    assert {p.name: p.read_bytes() for p in sorted(again.figures_dir.glob("fig1-defense-pacts.*"))} == files


def test_tables_texts_and_verdicts_are_reused_as_shown(ctx, mini_dir):
    shown = [api.table(ctx, "fig1-selected-years"), api.describe(ctx, "fig1-levels"),
             api.verdict(ctx, "defense-just-under-60")]
    again = start(data_dir=str(mini_dir))
    reused = [api.table(again, "fig1-selected-years"), api.describe(again, "fig1-levels"),
              api.verdict(again, "defense-just-under-60")]
    assert all(isinstance(r, derived.Shown) for r in reused)
    assert [outputs(r) for r in reused] == [outputs(s) for s in shown]
    assert repr(reused[2]) == repr(shown[2]) and "Not judged" in repr(reused[2])


def test_other_years_a_damaged_entry_or_no_reuse_derive_again(ctx, mini_dir, monkeypatch):
    api.describe(ctx, "fig1-levels")
    assert not isinstance(api.describe(start(data_dir=str(mini_dir), start_year=1900), "fig1-levels"), derived.Shown)
    entries = list((settings.current().cache_dir / "derived").rglob(derived.RECORD))
    assert len(entries) == 2
    for entry in entries:  # damage every entry's record: each is derived again, not read
        entry.write_text("{")
    assert not isinstance(api.describe(start(data_dir=str(mini_dir)), "fig1-levels"), derived.Shown)
    assert isinstance(api.describe(start(data_dir=str(mini_dir)), "fig1-levels"), derived.Shown)
    monkeypatch.setenv("ATOP_REUSE_DERIVED", "0")
    assert not isinstance(api.describe(start(data_dir=str(mini_dir)), "fig1-levels"), derived.Shown)
