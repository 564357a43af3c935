"""Chapter 10's exhibits: hand counts on `tests/fixtures/beyond` (its README works them out) and
one real ATOP 5.1 value against plain pandas."""

from __future__ import annotations

import pandas as pd
import pytest

import atoplib as al
from atoplib.present import access_exhibits as ae

from exhibit_context import context, real_context


@pytest.fixture
def ctx(beyond, majors, nmc, states, tmp_path):
    return context(beyond, tmp_path, states=states, majors=majors, nmc=nmc)


def test_base_shares_in_selected_years_match_hand_counts(ctx):
    """1950: U.S. side 3001 (3) and 3006 (2), no other pact; 1970: 3001 (3), 3002 (0), 3009 (0) against
    3003 (0); 1991: 3001, 3009 against 3003, 3007; 2000: 3001, 3009 against 3007 (0), 3010 (not coded)."""
    frame = ae.shares_in(ae.code_shares(ctx, "base"), "base", [1950, 1970, 1991, 2000])
    assert list(frame.columns) == ["year", "side", "pacts", "base 0: none", "base 2: reciprocal",
                                   "base 3: one-way (not reciprocal)", "not coded"]
    rows = frame.set_index(["year", "side"])
    assert rows.loc[(1950, "U.S. pacts")].tolist() == [2, 0.0, 0.5, 0.5, 0.0]
    assert rows.loc[(1950, "all other pacts"), "pacts"] == 0 and rows.loc[(1950, "all other pacts")].iloc[1:].isna().all()
    assert rows.loc[(1970, "U.S. pacts")].tolist() == [3, 0.6667, 0.0, 0.3333, 0.0]
    assert rows.loc[(1970, "all other pacts")].tolist() == [1, 1.0, 0.0, 0.0, 0.0]
    assert rows.loc[(1991, "all other pacts")].tolist() == [2, 1.0, 0.0, 0.0, 0.0]
    assert rows.loc[(2000, "all other pacts")].tolist() == [2, 0.5, 0.0, 0.0, 0.5]
    shown = al.table(ctx, "access-base-selected-years").text
    assert list(shown["year"]) == ["1950", "1950", "1970", "1970", "1991", "1991", "2000", "2000"]
    assert shown.loc[2, "base 0: none (%)"] == "66.7" and shown.loc[1, "base 0: none (%)"] == "–"


def test_selected_years_follow_the_window(beyond, majors, nmc, states, tmp_path):
    ctx = context(beyond, tmp_path, 1960, 1975, states=states, majors=majors, nmc=nmc)
    assert al.table(ctx, "access-base-selected-years").text["year"].tolist() == ["1970", "1970", "1975", "1975"]


def test_command_codes_in_the_last_year(ctx):
    """In 2000: U.S. side 3001, 3009 (intcom 0); other side 3007 (0) and 3010 (not coded). 3003, the only
    pact with intcom 1, ended in 1991: its code is left out."""
    shown = al.table(ctx, "access-intcom-last-year").text
    assert list(shown.columns) == ["year", "side", "pacts", "intcom 0: no integrated command (%)", "not coded (%)"]
    assert shown.values.tolist() == [["2000", "U.S. pacts", "2", "100.0", "0.0"],
                                     ["2000", "all other pacts", "2", "50.0", "50.0"]]


def test_share_figures_save_their_data(ctx):
    for column in ("base", "intcom", "subord"):
        al.figure(ctx, f"access-{column}-shares")
        saved = pd.read_csv(ctx.figures_dir / f"access-{column}-shares.csv", dtype={"code": str})
        row = saved[saved["year"].eq(1955) & saved["side"].eq("U.S. pacts") & saved["code"].eq("0")]
        assert row["pacts"].tolist() == [3]  # 3001, 3006, 3009
    base = pd.read_csv(ctx.figures_dir / "access-base-shares.csv", dtype={"code": str})
    us1955 = base[base["year"].eq(1955) & base["side"].eq("U.S. pacts")].set_index("code")["share"]
    assert us1955[["0", "2", "3"]].tolist() == [0.3333, 0.3333, 0.3333]


def test_who_hosts(ctx):
    assert str(al.describe(ctx, "access-who-hosts")) == (
        "Alliance phases in the member file: 12; phases whose members carry different base codes: 0. "
        "ATOP does not say which member stations troops and which hosts them.")


def test_us_one_way_pacts_and_their_strongest_member(ctx):
    table = al.table(ctx, "access-us-one-way-basing")
    saved = pd.read_csv(ctx.figures_dir / "access-us-one-way-basing.csv")
    assert saved[["atopid", "signed", "ended", "defense", "strongest_at_signing"]].values.tolist() == [
        [3001, 1950, "in force", 1, "United States of America"]]  # 3004 has base 3 but no U.S.
    assert saved["members"].tolist() == ["United States of America; Cuba; Mexico; Brazil"]
    assert table.text["defense promise"].tolist() == ["yes"]


def test_us_defense_pacts_in_the_last_year_and_their_basing(ctx):
    shown = al.table(ctx, "access-us-defense-pacts-base").text
    assert shown[["atopid", "ATOP base", "basing provision"]].values.tolist() == [
        ["3001", "3", "one-way (not reciprocal)"], ["3009", "0", "none"]]  # 3002 ended in 1980


def test_great_powers_match_hand_counts(ctx):
    al.table(ctx, "access-great-powers-all-years")
    al.table(ctx, "access-great-powers-since-1946")
    every = pd.read_csv(ctx.figures_dir / "access-great-powers-all-years.csv").set_index("power")
    assert every.loc["USA", ["pacts", "one_way", "pacts_with_cinc", "one_way_strongest"]].tolist() == [4, 1, 4, 1]
    assert every.loc["UKG", ["pacts", "one_way_strongest"]].tolist() == [3, 1]
    assert every.loc["RUS", "pacts"] == 2 and every.loc["FRN", "pacts"] == 1
    assert every.loc[ae.POOLED, ["pacts", "one_way_strongest"]].tolist() == [6, 1]
    since = pd.read_csv(ctx.figures_dir / "access-great-powers-since-1946.csv").set_index("power")
    assert since.loc["UKG", "pacts"] == 2 and since.loc["RUS", "pacts"] == 1  # 3004 (1920), 3008 (1900) before
    assert str(al.describe(ctx, "access-great-powers-compared")) == (
        "Pacts signed 1815-2000 with one-way basing in which the power is the strongest member: the U.S. 1 of 4 "
        "(25.0%), other great powers pooled 1 of 6 (16.7%); the highest single other power is United Kingdom with "
        "33.3%. Pacts signed 1946-2000 with one-way basing in which the power is the strongest member: the U.S. 1 of 4 "
        "(25.0%), other great powers pooled 0 of 4 (0.0%); the highest single other powers are United Kingdom, France "
        "and Russia, each with 0.0%.")


def test_great_power_sentence_without_other_powers():
    table = pd.DataFrame({"ccode": [2, pd.NA], "power": ["USA", ae.POOLED], "pacts": [2, 0], "one_way": [1, 0],
                          "one_way_share": [0.5, pd.NA], "pacts_with_cinc": [2, 0], "one_way_strongest": [1, 0],
                          "one_way_strongest_share": [0.5, pd.NA]})
    assert ae.access_sentence(table, "1815-2000") == (
        "Pacts signed 1815-2000 with one-way basing in which the power is the strongest member: the U.S. 1 of 2 "
        "(50.0%); no other great power signed an alliance as a major power with CINC values for every founder.")


@pytest.mark.realdata
def test_real_us_one_way_share_in_2018_against_plain_pandas(atop51, tmp_path):
    ctx = real_context(atop51, tmp_path)
    a = pd.read_csv(atop51.release.file("a"))
    m = pd.read_csv(atop51.release.file("m"))
    us = a[a["endyr"].eq(0) & a["atopid"].isin(m.loc[m["member"].eq(2) & m["yrexit"].eq(0), "atopid"])]
    shown = al.table(ctx, "access-base-selected-years").text.set_index(["year", "side"])
    row = shown.loc[("2018", "U.S. pacts")]
    assert row["pacts"] == str(len(us)) == "19"
    assert row["base 3: one-way (not reciprocal) (%)"] == f"{100 * (us['base'] == 3).mean():.1f}" == "26.3"
