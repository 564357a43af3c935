"""The exhibits of chapters 02 and 03 (atoplib/present/trend_exhibits.py): their data on the
hand-made `mini` release (tests/fixtures/mini/README.md), worked out by hand, and one real ATOP 5.1
value per chapter recomputed with plain pandas from the raw CSV files."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import atoplib as al
from atoplib.present.catalog import EXHIBITS

from support import MINI, real_dir


def start(tmp_path, data_dir=MINI, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return al.start(data_dir=str(data_dir), output_dir=str(tmp_path / "out"), **kw)


def data(ctx, name):
    return EXHIBITS[name].data(ctx)


@pytest.fixture
def mini_ctx(tmp_path):
    """`mini` from 1900 to its coverage end, 1920."""
    return start(tmp_path, start_year=1900)


# --------------------------------------------------------------------------- chapter 02, on `mini`

def test_figure_2_table_in_selected_years(mini_ctx):
    # defense: 1900 1001; 1913 1003 and 1004; 1920 1004. consult-only: 1913 1002; 1920 1002 and 1006.
    # footnote 3 (consul, nonagg, no defense): 1002 from 1905
    table = data(mini_ctx, "fig2-selected-years")
    assert table.values.tolist() == [[1900, 1, 0, 0], [1913, 2, 1, 1], [1920, 1, 2, 1]]
    shown = al.table(mini_ctx, "fig2-selected-years")
    assert list(shown.text.columns) == ["year", "defense (Figure 1)", "consultative, no defense (Figure 2)",
                                        "with non-aggression, no defense (footnote 3)"]


def test_crossings_sentence(mini_ctx):
    # consult-only outnumbers defense only in 1920 (2 against 1); 1905-1919 it is 1 against 1 or 2
    assert str(al.describe(mini_ctx, "fig2-crossings")) == (
        "In 1900-1920, consultative pacts without defense outnumber defense pacts in 1920; they peak at 2 in 1920.")


def test_what_else_the_consultative_pacts_promise(mini_ctx):
    # in force in 1920 with consul = 1, defense = 0: 1002 (also nonagg) and 1006 (nothing else)
    table = data(mini_ctx, "consultative-pacts-other-promises")
    assert table["pacts"].tolist() == [1, 0, 0, 1]
    assert table["share"].tolist() == [0.5, 0.0, 0.0, 0.5]
    assert EXHIBITS["consultative-pacts-other-promises"].title_for(mini_ctx).startswith(
        "What else the 2 consultative pacts of Figure 2 in force in 1920")


def test_figure_2_readings_band_has_a_note():
    assert "nearly 150" in EXHIBITS["fig2-consultative-pacts-readings"].note_for(None)


# --------------------------------------------------------------------------- chapter 03, on `mini`

def test_forms_in_force_at_the_end_under_both_orders(mini_ctx):
    # in force in 1920: 1002 (consul, nonagg), 1004 (defense, consul), 1006 (consul).
    # The figures' classes: 1004 defense, 1002 and 1006 consultation. Consultation alone: 1002 is a
    # non-aggression pact (non-aggression ranks above consultation), 1006 a consultation pact.
    table = data(mini_ctx, "forms-of-commitment").set_index(["order of obligations", "form"])["in force in 1920"]
    assert table["figures' classes"].to_dict() == {"defense pact": 1, "consultation pact": 2, "offense pact": 0,
                                                   "neutrality pact": 0, "non-aggression pact": 0}
    assert table["consultation alone"].to_dict() == {"defense pact": 1, "offense pact": 0, "neutrality pact": 0,
                                                     "non-aggression pact": 1, "consultation pact": 1}
    # the years shown end before 1992: no column of pacts signed since the Cold War
    assert not [c for c in data(mini_ctx, "forms-of-commitment").columns if c.startswith("signed")]


def test_us_alliances_against_the_rest(mini_ctx):
    # U.S. (COW 2) alliances in force in 1920: 1002, 1004 (defense), 1006; no other alliance is in force
    table = data(mini_ctx, "us-defense-share")
    assert table[["alliances", "defense pacts (defense = 1)"]].values.tolist() == [[3, 1], [0, 0]]
    assert table["share"].iloc[0] == pytest.approx(1 / 3, abs=1e-4) and pd.isna(table["share"].iloc[1])


def test_nato_question_base_rate(mini_ctx):
    # signed with consul = 1: 1815-1913 1001 (defense), 1002, 1004 (defense); 1914-1945 1006
    table = data(mini_ctx, "nato-question-base-rate")
    assert table[["consul", "with_defense"]].values.tolist() == [[3, 2], [1, 0], [0, 0], [0, 0]]
    shown = al.table(mini_ctx, "nato-question-base-rate")
    assert "signed with consultation (consul = 1)" in shown.text.columns


def test_era_table_is_saved_and_shown_in_words(mini_ctx):
    shown = al.table(mini_ctx, "signing-shares-by-era")
    saved = pd.read_csv(mini_ctx.figures_dir / "signing-shares-by-era.csv")
    assert saved[["period", "signed", "defense", "consult-only"]].values.tolist()[:2] == [
        ["1815-1913", 5, 3, 1], ["1914-1945", 1, 0, 1]]
    assert list(shown.text.columns)[:4] == ["period", "signed", "with defense (defense = 1)",
                                            "consultative (consul = 1, defense = 0)"]


# --------------------------------------------------------------------------- the real release

@pytest.fixture(scope="module")
def real(tmp_path_factory):
    folder = real_dir("5.1")
    if folder is None:
        pytest.skip("the real ATOP 5.1 files are not at hand (set ATOP_DATA_DIR)")
    ctx = start(tmp_path_factory.mktemp("real"), folder)
    alliances = pd.read_csv(next(folder.rglob("atop5_1a.csv")))
    members = pd.read_csv(next(folder.rglob("atop5_1m.csv")))
    return ctx, alliances, members


@pytest.mark.realdata
def test_real_consultative_pacts_with_nothing_else(real):
    """Chapter 02: Figure 2's pacts in force in 2018 that promise nothing besides consultation."""
    ctx, a, _ = real
    in_force = a[(a["begyr"] <= 2018) & ((a["endyr"] >= 2018) | (a["endyr"] == 0))]
    figure2 = in_force[(in_force["consul"] == 1) & (in_force["defense"] == 0)]
    alone = figure2[(figure2["offense"] != 1) & (figure2["neutral"] != 1) & (figure2["nonagg"] != 1)]
    table = data(ctx, "consultative-pacts-other-promises").set_index("what else the pact promises")["pacts"]
    assert table["nothing else (offense, neutral and nonagg all 0)"] == len(alone)
    assert table["also non-aggression (nonagg = 1)"] == int((figure2["nonagg"] == 1).sum())


@pytest.mark.realdata
def test_real_us_defense_share(real):
    """Chapter 03: defense pacts among U.S. alliances in force in 2018 and among other states'
    alliances signed since 1992."""
    ctx, a, m = real
    us = set(m.loc[m["member"] == 2, "atopid"])
    in_force = a[(a["begyr"] <= 2018) & ((a["endyr"] >= 2018) | (a["endyr"] == 0))]
    ours = in_force[in_force["atopid"].isin(us)]
    recent = a[a["begyr"].between(1992, 2018) & ~a["atopid"].isin(us)]
    table = data(ctx, "us-defense-share").set_index("group")
    assert table.loc["U.S. alliances in force in 2018", ["alliances", "defense pacts (defense = 1)"]].tolist() == [
        len(ours), int((ours["defense"] == 1).sum())]
    assert table.loc["other states' alliances signed 1992-2018", ["alliances", "defense pacts (defense = 1)"]].tolist() == [
        len(recent), int((recent["defense"] == 1).sum())]
