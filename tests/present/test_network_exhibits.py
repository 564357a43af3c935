"""Chapter 05's exhibits: defense-pact partners, the outlier, the directed view, the shares of all
pairs and the network; the composite figures' frames from hand-made counts, hand counts on
`us-mini` (tests/fixtures/us-mini/README.md), and the U.S. count in ATOP 5.1 recomputed with plain
pandas."""

from __future__ import annotations

import pandas as pd
import pytest

import atoplib as al
from atoplib.present import network_exhibits as nx
from support import real_dir
from us_mini_context import us_mini_context


def data(ctx, name: str):
    from atoplib.present.catalog import EXHIBITS

    return EXHIBITS[name].data(ctx)


@pytest.fixture
def ctx(tmp_path, monkeypatch):
    return us_mini_context(tmp_path, monkeypatch, table_years=[1950, 1955, 1965], network_years=[1955])


# --------------------------------------------------------------------------- the composite frames

def test_outlier_series_stacks_four_labelled_series():
    outlier = pd.DataFrame({"year": [1990, 1991], "partners": [10, 12], "next_partners": [8, 8],
                            "median_partners": pd.array([3.0, 2.5], dtype="Float64")})
    soviet = pd.DataFrame({"year": [1990, 1991], "partners": [8, 7]})
    out = nx.outlier_series(outlier, soviet)
    assert out.columns.tolist() == ["year", "series", "partners"]
    assert out["series"].unique().tolist() == list(nx.OUTLIER_SERIES)
    assert out["partners"].tolist() == [10, 12, 8, 8, 8, 7, 3.0, 2.5]


def test_network_share_blanks_russia_outside_the_soviet_years():
    # three pairs in 1990 (U.S.-A, U.S.-B, USSR-C) and two in 1995 (U.S.-A, RUS-C)
    partners = pd.DataFrame({"year": [1990, 1990, 1990, 1990, 1990, 1995, 1995, 1995, 1995],
                             "ccode": [2, 365, 20, 30, 40, 2, 365, 20, 40],
                             "partners": [2, 1, 1, 1, 1, 1, 1, 1, 1]})
    share = nx.network_share_series(partners).set_index(["year", "ccode"])
    assert share.loc[(1990, 2), "network"] == "United States"
    assert share.loc[(1990, 365), "network"] == nx.SOVIET_LABEL == "Soviet Union (1922-1991)"
    assert share.loc[(1990, 365), "dyads"] == 1 and share.loc[(1990, 2), "dyads"] == 2
    assert pd.isna(share.loc[(1995, 365), "dyads"]) and pd.isna(share.loc[(1995, 365), "share"])
    assert share.loc[(1995, 2), "dyads"] == 1


def test_series_colors_use_the_house_palette():
    from atoplib.present.figures import PALETTE

    assert nx.series_colors(nx.NETWORK_SERIES) == {"United States": PALETTE["us"], nx.SOVIET_LABEL: PALETTE["ussr"]}


def test_directed_series_labels_both_directions_for_one_state():
    directed = pd.DataFrame({"year": [1960, 1960], "ccode": [2, 740], "partners": [3, 1],
                             "promises_to": [3, 0], "promised_by": [2, 1]})
    out = nx.directed_series(directed, 2)
    assert out.columns.tolist() == ["year", "direction", "states"]
    assert out.values.tolist() == [[1960, "the U.S. promises to defend them", 3],
                                   [1960, "they promise to defend the U.S.", 2]]


# --------------------------------------------------------------------------- us-mini

def test_partners_saved_for_every_state_year_and_the_last_year_shown(ctx):
    saved = data(ctx, "us-defense-partners")
    assert saved.columns.tolist() == ["year", "ccode", "state", "partners"]
    in1955 = saved[saved["year"].eq(1955)].set_index("state")["partners"]
    assert in1955.to_dict() == {"USA": 8, "CAN": 4, "CUB": 3, "MEX": 3, "BRA": 3, "UKG": 4, "FRN": 4, "POL": 2,
                                "CZE": 2, "RUS": 2, "TUR": 4, "JPN": 1}
    shown = al.table(ctx, "us-defense-partners")
    # 1970: the U.S. 7; CAN, UKG, FRN, TUR 4; MEX, BRA, POL, CZE, RUS 2 (ties in code order); Japan 1 is 11th
    assert "Japan" not in repr(shown) and "Russia" in repr(shown)


def test_outlier_table_in_the_years_chosen(ctx):
    table = data(ctx, "outlier-selected-years")
    assert table.columns.tolist() == ["year", "U.S. partners", "next largest state", "its partners", "U.S. ÷ next",
                                      "median state", "USSR/Russia"]
    assert table["year"].tolist() == [1950, 1955, 1965]
    assert table["U.S. partners"].tolist() == [6, 8, 7]
    assert table["next largest state"].tolist() == ["Canada"] * 3  # ties: the lowest COW code (20)
    assert table["its partners"].tolist() == [3, 4, 4]
    assert table["U.S. ÷ next"].tolist() == [2.0, 2.0, 1.75]
    assert table["median state"].tolist() == [3.0, 3.0, 2.0]
    assert table["USSR/Russia"].tolist() == [0, 2, 2]


def test_outlier_sentence(ctx):
    # 1947-1948: the U.S. and its Rio-like partners all have 3; from 1949 (NATO-like 2002) the U.S. leads.
    # 1970: CAN, UKG, FRN, TUR 4; MEX, BRA, POL, CZE, RUS 2; JPN 1: median of 11 states 2
    assert data(ctx, "outlier-today") == (
        "In 1970 the U.S. has 7 defense-pact partners; the next state, Canada, has 4 and the median state with "
        "a pact 2. The U.S. has had more partners than any other state every year since 1949.")


def test_directed_view_in_the_last_year(ctx):
    one_way = data(ctx, "one-way-promises")
    assert one_way.values.tolist() == [["United States of America", 7, 7, 6], ["Japan", 1, 0, 1]]
    top = data(ctx, "directed-partners-last-year")
    assert len(top) == nx.TOP_STATES and top.iloc[0].tolist() == ["United States of America", 7, 7, 6]
    series = data(ctx, "us-directed-partners").set_index(["year", "direction"])["states"]
    assert series[(1965, "the U.S. promises to defend them")] == 7
    assert series[(1965, "they promise to defend the U.S.")] == 6


def test_shares_of_all_pairs(ctx):
    share = data(ctx, "us-share-of-defense-pairs").set_index(["year", "ccode"])
    # 1955: 40 partner counts over 12 states = 20 pairs; the U.S. in 8, the Soviet Union in 2
    assert share.loc[(1955, 2), ["dyads", "total_dyads", "share"]].tolist() == [8, 20, 0.4]
    assert share.loc[(1955, 365), "share"] == 0.1
    table = data(ctx, "defense-pairs-selected-years")
    assert table["year"].tolist() == [1955, 1970]
    # 1970: (7 + 4*4 + 2*5 + 1) / 2 = 17 pairs
    assert table.iloc[1].tolist() == [1970, 17, 7, round(7 / 17, 4), 2, round(2 / 17, 4)]
    # the U.S. has 8 partners in 1955-1962 and 7 in 1963-1970, COW 365 two from 1955
    assert data(ctx, "cold-war-pairs") == ("In the Cold War years shown, 1947-1970, the U.S. has 3.5 to 4.0 times "
                                           "the Soviet Union's defense-pact partners.")


def test_network_pairs_of_the_chosen_year(ctx):
    ties = data(ctx, "defense-network")
    assert ties["year"].unique().tolist() == [1955] and len(ties) == 20
    assert ties.columns.tolist() == ["year", "ccode_a", "state_a", "ccode_b", "state_b"]
    assert ties[ties["ccode_a"].eq(2)]["state_b"].tolist() == ["CAN", "CUB", "MEX", "BRA", "UKG", "FRN", "TUR", "JPN"]


# --------------------------------------------------------------------------- the real ATOP 5.1

def test_us_defense_partners_in_2018_recomputed_with_pandas(tmp_path, monkeypatch, states_file):
    """Members in force in 2018 (entered by 2018, no exit or an exit in 2018 or later); a partner of
    the U.S. shares an alliance phase with it in which one of the two promises defense."""
    folder = real_dir("5.1")
    if folder is None:
        pytest.skip("real ATOP 5.1 files not found")
    members = pd.read_csv(next(folder.rglob("atop5_1m.csv")))
    held = members[members["yrent"].le(2018) & (members["yrexit"].eq(0) | members["yrexit"].ge(2018))]
    us = held[held["member"].eq(2)][["atopid", "phase", "defense"]]
    pairs = held.merge(us, on=["atopid", "phase"], suffixes=("", "_us"))
    pairs = pairs[pairs["member"].ne(2) & (pairs["defense"].eq(1) | pairs["defense_us"].eq(1))]
    expected = pairs["member"].nunique()

    monkeypatch.setenv("COW_STATES_FILE", str(states_file))
    ctx = al.start(data_dir=str(folder), output_dir=str(tmp_path / "out"))
    saved = data(ctx, "us-defense-partners")
    assert saved.loc[saved["year"].eq(2018) & saved["ccode"].eq(2), "partners"].item() == expected == 66
