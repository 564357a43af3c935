"""Chapter 11's exhibits: the window the model's comparison needs (refused in one line, the same
rule the notebook declares), a model that cannot be fitted on the hand-made `beyond` release, the
tables and sentences from hand-made rows, and the real ATOP 5.1 samples against plain pandas."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import atoplib as al
from atoplib import paths
from atoplib.present import nato_today_exhibits as nt
from atoplib.report import params

from exhibit_context import context, real_context
from support import one_line

NOTEBOOK = paths.PROJECT_ROOT / "notebooks" / "11-nato-today.ipynb"
MODEL_EXHIBITS = {"nato-today-samples": al.table, "nato-today-coefficients": al.table,
                  "nato-today-answers": al.describe, "nato-today-predictions": al.figure, "nato-today-checks": al.table}


@pytest.mark.parametrize("name", list(MODEL_EXHIBITS))
def test_a_window_after_natos_year_is_one_line(name, beyond, majors, nmc, tmp_path):
    ctx = context(beyond, tmp_path, 1960, 2000, majors=majors, nmc=nmc)
    with pytest.raises(al.ParameterError) as err:
        MODEL_EXHIBITS[name](ctx, name)
    one_line(err, "notebook 11-nato-today needs start_year at most 1949 (the model compares NATO's profile with the "
                  "pacts of its own era, so its sample must hold those signed in 1949), not 1960: choose start_year "
                  "1815-1949")
    assert not list(ctx.figures_dir.glob("*"))


def test_a_window_ending_in_the_cold_war_is_one_line(beyond, majors, nmc, tmp_path):
    ctx = context(beyond, tmp_path, 1900, 1991, majors=majors, nmc=nmc)
    with pytest.raises(al.ParameterError) as err:
        al.figure(ctx, "nato-today-predictions")
    one_line(err, "notebook 11-nato-today needs end_year at least 1992 (the model compares NATO's profile signed in "
                  "1949 with the same signed after the Cold War, so its sample must hold pacts signed from 1992), not "
                  "1991: choose end_year 1992-2000")


def test_a_release_ending_before_1992_is_one_line(mini, tmp_path):
    ctx = context(mini, tmp_path)
    with pytest.raises(al.ParameterError) as err:
        al.table(ctx, "nato-today-coefficients")
    one_line(err, "notebook 11-nato-today needs end_year at least 1992", "ATOP 5.9 ends in 1920: use a release "
                                                                          "covering the years after the Cold War")


def test_a_model_that_cannot_be_fitted_names_the_window(beyond, majors, nmc, tmp_path):
    """Ten invented alliances: the full model does not converge (before: the error named no parameter)."""
    ctx = context(beyond, tmp_path, majors=majors, nmc=nmc)
    with pytest.raises(al.ParameterError) as err:
        al.table(ctx, "nato-today-coefficients")
    one_line(err, "notebook 11-nato-today on the alliances signed 1815-2000: the full model did not converge on this "
                  "sample; use a larger sample or another specification (here: choose a wider start_year..end_year)")


def test_the_features_table_lists_every_feature(beyond, tmp_path):
    shown = al.table(context(beyond, tmp_path), "nato-today-features").text
    assert shown["feature"].tolist() == ["era", "multilateral", "major_power", "strongest_share", "region", "basing"]


def test_sentences_and_reader_columns_from_hand_made_rows():
    rows = pd.DataFrame({"spec": ["full model"] * 2, "n": [700] * 2, "atopid": [3180] * 2, "year": [1949, 2018],
                         "era": ["1946-1991 (Cold War)", "after 1991"], "probability": [0.4561, 0.1049],
                         "lower": [0.3012, 0.0474], "upper": [0.6199, 0.2156]})
    assert nt.nato_sentence(rows) == (
        "full model (700 pacts): a pact with NATO's profile has a predicted probability of a defense clause of 0.46 "
        "(95% interval 0.30-0.62) signed in 1949, and 0.10 (0.05-0.22) signed in 2018.")
    assert nt.nato_sentence(rows.head(1)).startswith("No comparison")
    assert [nt._term(t) for t in ("const", "era[after 1991]", "region[several regions]")] == [
        "const", "era: after 1991", "region: several regions"]


def test_the_notebook_declares_the_same_window_rule():
    declared = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["metadata"]["atop"]["constraints"]
    assert declared == [{"parameter": "start_year", "max": nt.LATEST_START, "why": nt.START_WHY},
                        {"parameter": "end_year", "min": nt.EARLIEST_END, "why": nt.END_WHY}]


@pytest.mark.parametrize("start, end", [(1960, 2000), (1900, 1991), (1949, 1992), (1815, 2000)])
def test_report_and_chapter_refuse_the_same_windows(start, end, beyond, tmp_path):
    ctx = context(beyond, tmp_path, start, end)
    try:
        nt.check_window(ctx)
        chapter = None
    except al.ParameterError as err:
        chapter = str(err)
    try:
        params.check_constraints(NOTEBOOK, params.notebook_parameters(NOTEBOOK),
                                 {"start_year": start, "end_year": end}, beyond)
        report = None
    except al.ParameterError as err:
        report = str(err)
    assert (chapter is None) == (report is None) == (start <= 1949 and end >= 1992)
    if report:  # the chapter names the years to choose as well
        assert chapter.startswith(report + ": choose ")


@pytest.mark.realdata
def test_real_samples_and_checks_against_plain_pandas(atop51, tmp_path):
    ctx = real_context(atop51, tmp_path)
    m = pd.read_csv(atop51.release.file("m"))
    first = m[m["phase"].eq(m.groupby("atopid")["phase"].transform("min"))].groupby("atopid")
    coded = first["defense"].max().notna() & first["base"].max().notna()
    samples = al.table(ctx, "nato-today-samples").text.set_index("model")
    assert samples.loc["without asymmetry", "in the sample"] == str(int(coded.sum())) == "776"
    assert samples.loc["full model", "alliances signed"] == str(m["atopid"].nunique()) == "789"
    checks = al.table(ctx, "nato-today-checks").text.set_index("pact")
    assert checks.loc["North Atlantic Treaty (NATO)", ["signed", "defense clause (first phase)"]].tolist() == ["1949", "yes"]
    assert checks.loc["Sino-Russian Treaty of Friendship", "defense clause (first phase)"] == "no"
