"""Chapter 06's exhibits: power inside defense pacts by group, pooled by period, and every major
power's system; hand-computed CINC shares on `us-mini` (tests/fixtures/us-mini/README.md, the
constant CINC and the major powers of tests/present/us_mini_context.py) and the U.S. pacts' mean
strongest share in ATOP 5.1 x NMC 6.0 recomputed with plain pandas."""

from __future__ import annotations

import pandas as pd
import pytest

import atoplib as al
from support import cow_file, real_dir
from us_mini_context import us_mini_context

US, RUS, UKG, FRN, JPN, CAN, BRA, MEX, TUR, CUB = 0.30, 0.20, 0.08, 0.05, 0.06, 0.02, 0.02, 0.01, 0.01, 0.005
#: The strongest member's share in each U.S. pact of us-mini (README): 2001 with and without Cuba,
#: 2002 before Turkey and with it (1952-1953: Turkey has no CINC), 2003 and 2004 (U.S.-Japan).
RIO_CUBA, RIO = US / (US + CUB + MEX + BRA), US / (US + MEX + BRA)
NATO4, NATO5 = US / (US + CAN + UKG + FRN), US / (US + CAN + UKG + FRN + TUR)
JAPAN = US / (US + JPN)


def data(ctx, name: str):
    from atoplib.present.catalog import EXHIBITS

    return EXHIBITS[name].data(ctx)


@pytest.fixture
def ctx(tmp_path, monkeypatch):
    return us_mini_context(tmp_path, monkeypatch)


def test_strongest_share_by_group_and_year(ctx):
    groups = data(ctx, "asymmetry-strongest-share").set_index(["year", "group"])
    assert groups.loc[(1950, "U.S."), "pacts"] == 2
    assert groups.loc[(1950, "U.S."), "mean_strongest_share"] == round((RIO_CUBA + NATO4) / 2, 4)
    assert groups.loc[(1955, "U.S."), "mean_strongest_share"] == round((RIO_CUBA + NATO5 + JAPAN) / 3, 4)
    assert groups.loc[(1955, "U.S."), "asymm_share"] == round(1 / 3, 4)  # 2003 is asymm = 1
    assert groups.loc[(1955, "Soviet/Russian"), "mean_strongest_share"] == round(RUS / (RUS + 0.02 + 0.01), 4)
    assert groups.loc[(1965, "other"), "median_bilateral_ratio"] == round(UKG / FRN, 4)  # 2008
    assert pd.isna(groups.loc[(1969, "U.S."), "mean_strongest_share"])  # after NMC's last year (1968)
    assert data(ctx, "asymmetry-atop-asymm").equals(data(ctx, "asymmetry-strongest-share"))


def test_the_cold_war_pooled(ctx):
    """us-mini ends in 1970 and its NMC in 1968: one period, 1946-1968."""
    table = data(ctx, "asymmetry-periods").set_index("group")
    assert table["period"].unique().tolist() == ["Cold War, 1946-1968"]
    # U.S. pact-years 1946-1968: 2001 22, 2002 20 (18 with CINC), 2003 10, 2004 9
    assert table.loc["U.S.", "pact_years_with_cinc"] == 59
    mean = (16 * RIO_CUBA + 6 * RIO + 3 * NATO4 + 15 * NATO5 + 19 * JAPAN) / 59
    assert table.loc["U.S.", "mean_strongest_share"] == round(mean, 4)
    assert table.loc["U.S.", "median_bilateral_ratio"] == round(US / JPN, 2)
    assert table.loc["U.S.", "asymm_share"] == round(19 / 61, 4)
    assert table.loc["U.S.", "led_share"] == 1.0
    assert table.loc["Soviet/Russian", "pact_years_with_cinc"] == 14  # 2005, 1955-1968
    assert table.loc["other", "pact_years_with_cinc"] == 7 and pd.isna(table.loc["other", "led_share"])  # 2008


def test_every_major_powers_system(ctx):
    systems = data(ctx, "asymmetry-power-systems").set_index("system")
    # Russia has no defense pact before 1946 or after 1991 in us-mini: those systems are left out
    assert systems.index.tolist() == ["the United States (1946-)", "the Soviet Union (1946-1991)", "United Kingdom",
                                      "France"]
    us = systems.loc["the United States (1946-)"]
    assert (us["first_year"], us["last_year"], us["pact_years"], us["pact_years_with_cinc"]) == (1947, 1970, 67, 59)
    assert us["mean_own_share"] == us["mean_strongest_share"] and us["led_share"] == 1.0
    soviet = systems.loc["the Soviet Union (1946-1991)"]
    assert (soviet["pact_years"], soviet["pact_years_with_cinc"]) == (16, 14)
    assert soviet["mean_own_share"] == round(RUS / (RUS + 0.02 + 0.01), 4)
    uk = systems.loc["United Kingdom"]
    # 2002 in 1949-1970 (22 years, 18 with CINC) and 2008 in 1960-1966 (7, the U.K. the strongest)
    assert (uk["pact_years"], uk["pact_years_with_cinc"], uk["led_share"]) == (29, 25, round(7 / 25, 4))
    own = (3 * UKG / (US + CAN + UKG + FRN) + 15 * UKG / (US + CAN + UKG + FRN + TUR) + 7 * UKG / (UKG + FRN)) / 25
    assert uk["mean_own_share"] == round(own, 4)
    assert systems.loc["France", "led_share"] == 0.0
    shown = al.table(ctx, "asymmetry-power-systems")
    assert "1947-1970" in repr(shown) and "top share (%)" in repr(shown)
    assert (ctx.figures_dir / "asymmetry-power-systems.csv").is_file()


def test_coverage_sentence(ctx):
    assert data(ctx, "asymmetry-nmc-coverage").startswith(
        "ATOP 5.8 covers 1815-1970 and COW's NMC 6.0 1946-1968; the years shown are 1815-1970.")


# --------------------------------------------------------------------------- the real ATOP 5.1

def test_us_pacts_mean_strongest_share_in_2000_recomputed_with_pandas(tmp_path, monkeypatch):
    folder, nmc_path = real_dir("5.1"), cow_file("NMC-60-abridged.csv", "COW_NMC_FILE")
    if folder is None or nmc_path is None:
        pytest.skip("real ATOP 5.1 or COW NMC 6.0 not found")
    members = pd.read_csv(next(folder.rglob("atop5_1m.csv")))
    alliances = pd.read_csv(next(folder.rglob("atop5_1a.csv")))
    cinc = pd.read_csv(nmc_path)
    cinc = cinc[cinc["year"].eq(2000)].set_index("ccode")["cinc"]
    defense = alliances.loc[alliances["defense"].eq(1), "atopid"]
    held = members[members["atopid"].isin(defense) & members["yrent"].le(2000)
                   & (members["yrexit"].eq(0) | members["yrexit"].ge(2000))]
    held = held.drop_duplicates(["atopid", "member"]).assign(cinc=lambda f: f["member"].map(cinc))
    ours = held[held["atopid"].isin(held.loc[held["member"].eq(2), "atopid"])]
    pacts = ours.groupby("atopid")["cinc"].agg(["max", "sum", "count", "size"])
    pacts = pacts[pacts["count"].eq(pacts["size"])]  # every member has a CINC value
    expected = round((pacts["max"] / pacts["sum"]).mean(), 4)

    monkeypatch.setenv("COW_NMC_FILE", str(nmc_path))
    ctx = al.start(data_dir=str(folder), output_dir=str(tmp_path / "out"))
    groups = data(ctx, "asymmetry-strongest-share").set_index(["year", "group"])
    assert groups.loc[(2000, "U.S."), "mean_strongest_share"] == expected
    assert groups.loc[(2000, "U.S."), "pacts_with_cinc"] == len(pacts)
