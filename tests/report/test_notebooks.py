"""The whole collection re-executed, unchanged, on another release: ATOP 4.01 (coverage 1815-2016)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import atoplib as al



FIGURES = ("fig1-defense-pacts", "fig2-consultative-pacts", "fig2-footnote-consult-nonagg")


@pytest.mark.slow
@pytest.mark.realdata
def test_collection_runs_on_atop_401(collection_401):
    data, folder = collection_401
    assert folder.name == "atop-4.01"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["release"] == "4.01" and manifest["coverage"] == {"first_year": 1815, "last_year": 2016}
    assert [n["name"] for n in manifest["notebooks"]] == [p.name for p in al.report.collection_notebooks()]
    for stem in FIGURES:
        table = pd.read_csv(folder / "figures" / f"{stem}.csv")
        assert list(table.columns) == ["year", "count"], stem
        assert table["year"].tolist() == list(range(1815, 2017)), stem
    fig1 = pd.read_csv(folder / "figures" / "fig1-defense-pacts.csv").set_index("year")["count"]
    # the same counts from the raw file with plain pandas (endyr 0: still in force at the end of 2016)
    raw = pd.read_csv(next(data.rglob("atop4_01a.csv")))
    end = raw["endyr"].replace(0, 2016)
    for year in (1816, 1914, 1967, 1991, 2016):
        assert fig1[year] == ((raw.defense == 1) & (raw.begyr <= year) & (end >= year)).sum(), year
    assert (int(fig1[1991]), int(fig1[2016]), int(fig1.max())) == (48, 46, 63)
