"""Basing, integrated command and subordination shares; one-way basing by great power: hand counts on
`tests/fixtures/beyond` (README) and the real ATOP 5.1 against plain pandas."""

from __future__ import annotations

import atoplib as al
import pandas as pd
import pytest
from atoplib.measures import access

from support import cow_file


def test_base_shares_by_year_match_hand_counts(beyond):
    shares = access.code_shares_by_year(beyond, "base")
    year = shares[shares["year"].eq(1955)].set_index(["side", "code"])
    assert year.loc[("U.S. pacts", "0"), "pacts"] == 3
    for code in ("0", "2", "3"):
        assert year.loc[("U.S. pacts", code), "share"] == pytest.approx(1 / 3, abs=1e-4)
    assert year.loc[("U.S. pacts", "1"), "share"] == 0
    assert year.loc[("all other pacts", "0"), ["pacts", "count", "share"]].tolist() == [1, 1, 1.0]
    end = access.code_shares_in(shares, 2000).set_index("side")
    assert end.loc["U.S. pacts", ["pacts", "none", "one-way (not reciprocal)"]].tolist() == [2, 0.5, 0.5]
    assert end.loc["all other pacts", ["pacts", "none", "not coded"]].tolist() == [2, 0.5, 0.5]
    assert "reciprocal" not in end.columns  # no pact in force in 2000 has code 2
    # a year before any U.S. pact: the U.S. side has no pacts and no share
    early = shares[shares["year"].eq(1905) & shares["side"].eq("U.S. pacts")]
    assert early["pacts"].eq(0).all() and early["share"].isna().all()


def test_intcom_and_subord(beyond):
    for column in ("intcom", "subord"):
        shares = access.code_shares_by_year(beyond, column)
        soviet = shares[shares["year"].eq(1960) & shares["side"].eq("all other pacts")].set_index("code")
        assert soviet.loc["1", "share"] == 1.0, column  # 3003 is the only other pact in force in 1960


def test_member_file_cannot_say_who_hosts(beyond):
    assert access.member_base_check(beyond) == {"phases": 12, "varying": 0}


def test_one_way_pacts_and_the_great_power_comparison(beyond, majors, nmc):
    one_way = access.one_way_pacts(beyond, nmc=nmc)
    assert one_way[["atopid", "signed", "ended", "defense", "strongest"]].values.tolist() == [[3001, 1950, "in force", 1, 2]]
    assert access.one_way_pacts(beyond, 200)["atopid"].tolist() == [3004]
    table = access.great_power_access(beyond, majors, nmc).set_index("power")
    assert table.loc["USA", ["pacts", "one_way", "pacts_with_cinc", "one_way_strongest"]].tolist() == [4, 1, 4, 1]
    assert table.loc["UKG", ["pacts", "one_way", "one_way_strongest"]].tolist() == [3, 1, 1]
    assert table.loc["RUS", ["pacts", "one_way"]].tolist() == [2, 0]
    assert table.loc["FRN", ["pacts", "one_way"]].tolist() == [1, 0]
    pooled = table.loc["other great powers (pooled)"]
    assert (pooled["pacts"], pooled["one_way_strongest"]) == (6, 1)
    assert pooled["one_way_strongest_share"] == pytest.approx(1 / 6, abs=1e-4)
    since = access.great_power_access(beyond, majors, nmc, first_signed=1946).set_index("power")
    assert since.loc["USA", "one_way_strongest_share"] == 0.25 and since.loc["UKG", "pacts"] == 2


@pytest.mark.realdata
def test_real_base_shares_in_2018_against_plain_pandas(atop51):
    shares = access.code_shares_in(access.code_shares_by_year(atop51, "base"), 2018).set_index("side")
    a = pd.read_csv(atop51.release.file("a"))
    m = pd.read_csv(atop51.release.file("m"))
    alive = a[a["endyr"].eq(0)]
    us_now = set(m.loc[m["member"].eq(2) & m["yrexit"].eq(0), "atopid"])
    us = alive[alive["atopid"].isin(us_now)]
    assert shares.loc["U.S. pacts", "pacts"] == len(us) == 19
    assert shares.loc["U.S. pacts", "one-way (not reciprocal)"] == round((us["base"] == 3).mean(), 4)
    other = alive[~alive["atopid"].isin(us_now)]
    assert shares.loc["all other pacts", "one-way (not reciprocal)"] == round((other["base"] == 3).mean(), 4)
    # the member file repeats the alliance's code: it never differs within an alliance phase
    assert m.groupby(["atopid", "phase"])["base"].nunique().max() == 1


@pytest.mark.realdata
def test_real_us_one_way_pacts(atop51):
    nmc_path = cow_file("NMC-60-abridged.csv", "COW_NMC_FILE")
    if nmc_path is None:
        pytest.skip("COW NMC-60-abridged.csv not found (set COW_NMC_FILE or provide ../shared/data/cow)")
    table = access.one_way_pacts(atop51, nmc=al.data.load_nmc(nmc_path))
    a = pd.read_csv(atop51.release.file("a"))
    m = pd.read_csv(atop51.release.file("m"))
    expected = sorted(set(a.loc[a["base"].eq(3), "atopid"]) & set(m.loc[m["member"].eq(2), "atopid"]))
    assert table["atopid"].tolist() == expected and 3180 in expected and 3375 in expected


def test_a_release_without_the_base_code_gets_one_line(atop51):
    """An unseen release that drops ATOP's base code: a SchemaError naming the file and column,
    not a KeyError deep inside pandas."""
    without = al.AtopData(release=atop51.release, alliances=atop51.alliances.drop(columns="base"),
                          members=atop51.members, first_year=atop51.first_year, last_year=atop51.last_year)
    for call in (lambda: access.code_shares_by_year(without, "base"), lambda: access.one_way_pacts(without)):
        with pytest.raises(al.SchemaError, match=r"^atop5_1a.csv of ATOP 5.1 has no column 'base'; "):
            call()
