"""Chapter 09's exhibits: hand counts on `tests/fixtures/beyond` (its README works them out), the
window the chapter refuses in one line, and one real ATOP 5.1 value against plain pandas."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import atoplib as al
from atoplib import paths
from atoplib.present import persistence_exhibits as pe
from atoplib.report import params

from exhibit_context import context, real_context
from support import one_line

NOTEBOOK = paths.PROJECT_ROOT / "notebooks" / "09-persistence.ipynb"
EXHIBITS = {e.name: e for e in pe.EXHIBITS}
VERBS = {"figure": al.figure, "table": al.table, "text": al.describe}


@pytest.fixture
def ctx(beyond, majors, nmc, states, tmp_path):
    return context(beyond, tmp_path, states=states, majors=majors, nmc=nmc)


def test_medians_by_group_match_hand_counts(ctx):
    table = al.table(ctx, "persistence-median-durations")
    shown = table.text.set_index("group of pacts")
    assert shown.loc["U.S.", ["pacts", "ended", "still in force (censored)", "median (years)"]].tolist() == [
        "3", "1", "2", "–"]  # one event in three: S = 2/3, the median is not reached
    assert shown["median (years)"].tolist() == ["–", "36.0", "5.5", "1.0"]
    assert not (ctx.figures_dir / "persistence-median-durations.csv").exists()  # shown, not saved


def test_survival_figure_saves_the_curves(ctx):
    al.figure(ctx, "persistence-km-defense-pacts")
    curves = pd.read_csv(ctx.figures_dir / "persistence-km-defense-pacts.csv")
    us = curves[curves["group"].eq("U.S.")]
    assert us["years"].tolist() == [0.0, 20.0, 46.25, 50.9167]  # 3002 ends after 20 years; 3009, 3001 censored
    assert us["survival"].tolist() == [1.0, 0.6667, 0.6667, 0.6667]
    assert us["at_risk"].tolist() == [3, 3, 2, 1]
    assert {p.suffix for p in ctx.figures_dir.iterdir()} == {".csv", ".png", ".svg"}


def test_survival_sentences(ctx):
    text = str(al.describe(ctx, "persistence-survival"))
    assert text.startswith("Median duration of defense pacts signed 1815-2000 (Kaplan-Meier): U.S. not reached "
                           "(1 of 3 ended); Soviet Union 36.0 years (1 of 1 ended); other great powers 5.5 years "
                           "(2 of 2 ended); all others 1.0 years (1 of 2 ended); log-rank test of equal survival")
    censored = str(al.describe(ctx, "persistence-survival-independence-censored"))
    # 3008 ended only because its members lost independence (term = 0): censored, it leaves 1 of 2 ended
    assert "other great powers 5.5 years (1 of 2 ended)" in censored and censored.startswith("Counting the pacts")


def test_logrank_table_compares_the_us_with_each_group(ctx):
    table = al.table(ctx, "persistence-logrank-tests")
    assert table.text["comparison"].tolist() == ["all groups", "U.S. vs Soviet Union", "U.S. vs other great powers",
                                                 "U.S. vs all others"]
    assert table.text["degrees of freedom"].tolist() == ["3", "1", "1", "1"]


def test_exit_shares_match_hand_counts(ctx):
    table = al.table(ctx, "persistence-member-exit-shares")
    saved = pd.read_csv(ctx.figures_dir / "persistence-member-exit-shares.csv").set_index("network")
    assert saved.loc["U.S.", ["spells", "ended", "still a member", "ended with the alliance", "left",
                              "lost independence"]].tolist() == [9, 5, 4, 2, 2, 1]
    assert saved.loc["U.S.", "left_share"] == 0.4 and saved.loc["U.S.", "any_exit_share"] == 0.6
    assert saved.loc["Soviet Union", "left_share"] == round(1 / 3, 4) and saved.loc["others", "left"] == 0
    assert list(table.text.columns) == ["network", "member spells", "ended", "ended with the alliance",
                                        "left (own exit)", "own exits (%)", "any exit (%)"]
    assert table.text.set_index("network").loc["U.S.", "own exits (%)"] == "40.0"
    assert str(al.describe(ctx, "persistence-exits")) == (
        "Of the member spells in defense pacts signed 1815-2000 that have ended, the share that ended by the member's "
        "own exit while the pact went on: U.S. 40.0% (2 of 5); Soviet Union 33.3% (1 of 3); others 0.0% (0 of 6).")


def test_us_exits_named_and_coded(ctx):
    al.table(ctx, "persistence-us-defense-exits")
    saved = pd.read_csv(ctx.figures_dir / "persistence-us-defense-exits.csv")
    assert saved[["exit_year", "atopid", "state", "ending"]].values.tolist() == [
        [1962, 3001, "Cuba", "left"], [1977, 3009, "United Kingdom", "left"], [1990, 3001, "Brazil", "lost independence"]]
    assert saved["pact"].tolist()[:2] == ["United States of America, Cuba, Mexico and 1 other (1950)",
                                          "United States of America–United Kingdom–Philippines (1954)"]


def test_the_window_follows_the_signing_years(beyond, majors, nmc, states, tmp_path):
    """Pacts signed 1950-1960: 3001, 3002, 3003, 3009; no pact of 'all others' or of the other great powers."""
    ctx = context(beyond, tmp_path, 1950, 1960, states=states, majors=majors, nmc=nmc)
    assert al.table(ctx, "persistence-median-durations").text["group of pacts"].tolist() == ["U.S.", "Soviet Union"]
    al.table(ctx, "persistence-member-exit-shares")
    saved = pd.read_csv(ctx.figures_dir / "persistence-member-exit-shares.csv").set_index("network")
    assert saved.loc["others", "spells"] == 0 and pd.isna(saved.loc["others", "left_share"])
    assert "others" not in str(al.describe(ctx, "persistence-exits"))


@pytest.mark.parametrize("name", list(EXHIBITS))
def test_a_window_too_short_is_one_line_naming_the_years_to_choose(name, beyond, majors, nmc, states, tmp_path):
    """Before: KeyError 'median_years' inside the kernel (09 with 2018-2018)."""
    ctx = context(beyond, tmp_path, 1950, 1955, states=states, majors=majors, nmc=nmc)
    with pytest.raises(al.ParameterError) as err:
        VERBS[EXHIBITS[name].kind](ctx, name)
    one_line(err, "notebook 09-persistence needs start_year..end_year to span at least 10 years (durations and exit "
                  "shares need pacts signed over at least a decade); 1950-1955 spans 6: choose start_year 1815-1946 "
                  "with end_year 1955 or end_year 1959-2000 with start_year 1950 (ATOP 5.7 covers 1815-2000)")
    assert not list(ctx.figures_dir.glob("*"))  # nothing written


def test_a_window_without_defense_pacts_is_one_line(beyond, majors, nmc, states, tmp_path):
    ctx = context(beyond, tmp_path, 1815, 1850, states=states, majors=majors, nmc=nmc)
    with pytest.raises(al.ParameterError) as err:
        al.table(ctx, "persistence-median-durations")
    one_line(err, "notebook 09-persistence: no defense pact was signed in 1815-1850 (ATOP 5.7); choose "
                  "start_year..end_year around the years defense pacts were signed, 1900-1990")


def test_the_notebook_declares_the_same_window_rule():
    """The report refuses (before running) the windows the chapter refuses (while running), in the same words."""
    declared = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["metadata"]["atop"]["constraints"]
    assert declared == [{"parameters": ["start_year", "end_year"], "min_span": pe.MIN_SPAN, "why": pe.SPAN_WHY}]


@pytest.mark.parametrize("start, end", [(1950, 1955), (1991, 2000), (1950, 1959), (1815, 2000)])
def test_report_and_chapter_refuse_the_same_windows(start, end, beyond):
    """The span rule, in the same words; whether a wide enough window holds a defense pact is for
    the chapter alone to find (the metadata cannot declare it)."""
    chapter = pe.span_message(pe.CHAPTER, pe.MIN_SPAN, pe.SPAN_WHY, start, end, beyond.first_year, beyond.last_year,
                              beyond.version)
    try:
        params.check_constraints(NOTEBOOK, params.notebook_parameters(NOTEBOOK),
                                 {"start_year": start, "end_year": end}, beyond)
        report = None
    except al.ParameterError as err:
        report = str(err)
    assert chapter == report
    assert (chapter is None) == (end - start + 1 >= pe.MIN_SPAN)


@pytest.mark.realdata
def test_real_us_pacts_and_their_ends_against_plain_pandas(atop51, tmp_path):
    ctx = real_context(atop51, tmp_path)
    a = pd.read_csv(atop51.release.file("a"))
    m = pd.read_csv(atop51.release.file("m"))
    us = a[a["defense"].eq(1) & a["atopid"].isin(m.loc[m["member"].eq(2), "atopid"])]
    shown = al.table(ctx, "persistence-median-durations").text.set_index("group of pacts")
    assert shown.loc["U.S.", "pacts"] == str(len(us)) == "20"
    assert shown.loc["U.S.", "ended"] == str(int(us["endyr"].ne(0).sum())) == "10"
