"""figure_data: the composite figures' frames, from hand-made counts."""

from __future__ import annotations

import pandas as pd

from atoplib.present import figure_data as fd


def test_outlier_series_stacks_four_labelled_series():
    outlier = pd.DataFrame({"year": [1990, 1991], "partners": [10, 12], "next_partners": [8, 8],
                            "median_partners": pd.array([3.0, 2.5], dtype="Float64")})
    soviet = pd.DataFrame({"year": [1990, 1991], "partners": [8, 7]})
    out = fd.outlier_series(outlier, soviet)
    assert out.columns.tolist() == ["year", "series", "partners"]
    assert out["series"].unique().tolist() == list(fd.OUTLIER_SERIES)
    assert out["partners"].tolist() == [10, 12, 8, 8, 8, 7, 3.0, 2.5]


def test_network_share_blanks_russia_outside_the_soviet_years():
    # three pairs in 1990 (U.S.-A, U.S.-B, USSR-C) and two in 1995 (U.S.-A, RUS-C)
    partners = pd.DataFrame({"year": [1990, 1990, 1990, 1990, 1990, 1995, 1995, 1995, 1995],
                             "ccode": [2, 365, 20, 30, 40, 2, 365, 20, 40],
                             "partners": [2, 1, 1, 1, 1, 1, 1, 1, 1]})
    share = fd.network_share_series(partners).set_index(["year", "ccode"])
    assert share.loc[(1990, 2), "network"] == "United States"
    assert share.loc[(1990, 365), "network"] == fd.SOVIET_LABEL == "Soviet Union (1922-1991)"
    assert share.loc[(1990, 365), "dyads"] == 1 and share.loc[(1990, 2), "dyads"] == 2
    assert pd.isna(share.loc[(1995, 365), "dyads"]) and pd.isna(share.loc[(1995, 365), "share"])
    assert share.loc[(1995, 2), "dyads"] == 1


def test_series_colors_use_the_house_palette():
    from atoplib.present.figures import PALETTE

    assert fd.series_colors(fd.NETWORK_SERIES) == {"United States": PALETTE["us"], fd.SOVIET_LABEL: PALETTE["ussr"]}


def test_directed_series_labels_both_directions_for_one_state():
    directed = pd.DataFrame({"year": [1960, 1960], "ccode": [2, 740], "partners": [3, 1],
                             "promises_to": [3, 0], "promised_by": [2, 1]})
    out = fd.directed_series(directed, 2)
    assert out.columns.tolist() == ["year", "direction", "states"]
    assert out.values.tolist() == [[1960, "the U.S. promises to defend them", 3],
                                   [1960, "they promise to defend the U.S.", 2]]
