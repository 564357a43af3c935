"""State-years derived from the member file: hand counts on `mini`, and a cell-by-cell comparison
with ATOP's official state-year files (5.1 and 4.01) whose every difference is documented in
docs/state-years.md."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import atoplib as al
from atoplib.measures.stateyears import (
    STATE_YEAR_COLUMNS,
    comparison_with_official,
    member_alliance_years,
    official_state_years,
    state_years,
    state_years_wide,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "state-years.md"


def row(frame, state, year):
    found = frame[(frame.state == state) & (frame.year == year)]
    assert len(found) == 1, f"expected one row for state {state} in {year}, found {len(found)}"
    return found.iloc[0]


def documented_differences(release: str) -> set[tuple]:
    """The table between the `documented-differences` markers in docs/state-years.md."""
    text = DOC.read_text(encoding="utf-8")
    body = text.split("documented-differences: begin")[1].split("documented-differences: end")[0]
    rows = set()
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 6 or not cells[1].isdigit():
            continue
        if cells[0] == release:
            rows.add((int(cells[1]), int(cells[2]), cells[3], cells[4], cells[5]))
    return rows


# --------------------------------------------------------------------------- mini, by hand

def test_mini_columns_and_rows(mini):
    sy = state_years(mini)
    assert tuple(sy.columns) == STATE_YEAR_COLUMNS
    # 2: 1900, 1905-1920 (17); 20: 1920; 200: 1900, 1902-06, 1910-15 (12); 220: 1902-15 (14);
    # 365: 1905-20 (16); 710: 1907-11 (5); 8152: 1910-20 (11)  -> 76
    assert len(sy) == 76
    assert sy["atopally"].eq(1).all()
    assert not sy.duplicated(["state", "year"]).any()


def test_mini_exit_and_reentry(mini):
    sy = state_years(mini)
    years_200 = sy[sy.state == 200]["year"].tolist()
    assert years_200 == [1900, 1902, 1903, 1904, 1905, 1906, 1910, 1911, 1912, 1913, 1914, 1915]
    # 1907-1909: 200 is out of 1003 and in no other alliance
    assert not sy[(sy.state == 200) & sy.year.between(1907, 1909)].size
    assert row(sy, 200, 1906)["transyr"] == 1 and row(sy, 200, 1910)["transyr"] == 1
    assert row(sy, 200, 1903)["transyr"] == 0


def test_mini_phases_meet_in_1912(mini):
    sy = state_years(mini)
    us_1911, us_1912 = row(sy, 2, 1911), row(sy, 2, 1912)
    # phase 1 of 1004 (consultation only) ends the day phase 2 (U.S. defense) begins
    assert (us_1911["defense"], us_1911["consul"], us_1911["nonagg"]) == (0, 1, 1)
    assert (us_1912["defense"], us_1912["consul"], us_1912["nonagg"]) == (1, 1, 1)
    assert us_1912["number"] == 2 and us_1912["atopids"] == (1002, 1004)
    assert (us_1911["transyr"], us_1912["transyr"]) == (0, 1)
    assert row(sy, 2, 1920)["atopids"] == (1002, 1004, 1006) and row(sy, 2, 1920)["number"] == 3


def test_mini_non_cow_member_kept_with_no_defense_of_its_own(mini):
    sy = state_years(mini)
    annam_like = sy[sy.state == 8152]
    assert annam_like["year"].tolist() == list(range(1910, 1921))
    assert annam_like["defense"].eq(0).all() and annam_like["consul"].eq(1).all()
    strict = state_years(mini, include_non_cow=False)
    assert 8152 not in set(strict.state) and len(strict) == 76 - 11


def test_mini_other_obligations_and_year_range(mini):
    sy = state_years(mini, start_year=1908, end_year=1909)
    assert sorted(set(sy.year)) == [1908, 1909]
    france = row(sy, 220, 1908)
    assert (france["defense"], france["offense"], france["neutral"], france["nonagg"], france["consul"]) == (1, 1, 1, 1, 0)
    assert france["number"] == 2
    # 365 only promises nonagg/consul in 1002, offense and neutral in 1005
    assert (row(sy, 365, 1909)["offense"], row(sy, 365, 1909)["defense"]) == (1, 0)
    with pytest.raises(al.ParameterError):
        state_years(mini, start_year=1950, end_year=1940)


def test_last_row_of_the_year_carries_the_obligations(mini_dir, tmp_path):
    """A phase that drops defense mid-year: the year is coded with the later phase (as ATOP does)."""
    folder = tmp_path / "phases"
    shutil.copytree(mini_dir, folder)
    alliances = pd.read_csv(folder / "atop5_9a.csv")
    extra = alliances[alliances.atopid == 1003].assign(atopid=1007, begyr=1911, endyr=1914)
    pd.concat([alliances, extra]).to_csv(folder / "atop5_9a.csv", index=False)
    members = pd.read_csv(folder / "atop5_9m.csv")
    template = members[(members.atopid == 1003) & (members.member == 220)].iloc[[0]]
    phase1 = template.assign(atopid=1007, member=2, yrent=1911, moent=1, dayent=1, yrexit=1913, moexit=6, dayexit=30, phase=1, defense=1, consul=0)
    phase2 = template.assign(atopid=1007, member=2, yrent=1913, moent=6, dayent=30, yrexit=1914, moexit=12, dayexit=31, phase=2, defense=0, consul=1)
    pd.concat([members, phase2, phase1]).to_csv(folder / "atop5_9m.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        data = al.load_atop(folder, verify=False)  # 1007 copies 1003's alliance codes: warned, not refused
    spans = member_alliance_years(data, start_year=1911, end_year=1914)
    us = spans[(spans.atopid == 1007) & (spans.member == 2)].set_index("year")
    assert us["defense"].to_dict() == {1911: 1, 1912: 1, 1913: 0, 1914: 0}
    assert us["transyr"].to_dict() == {1911: 1, 1912: 0, 1913: 1, 1914: 1}
    assert us.loc[1913, "entered"] == 19110101 and us.loc[1913, "exited"] == 19141231
    sy = state_years(data, start_year=1911, end_year=1914)
    # in 1912 the U.S. also promises defense in 1004's phase 2 (from Dec 31, 1912) ...
    assert row(sy, 2, 1912)["number"] == 3
    # ... but in 1911 only 1007 phase 1 carries a defense promise
    assert row(sy, 2, 1911)["defense"] == 1 and row(sy, 2, 1911)["atopids"] == (1002, 1004, 1007)


def test_wide_layout(mini):
    wide = state_years_wide(state_years(mini), "5.9")
    assert list(wide.columns[-4:]) == ["atopid1", "atopid2", "atopid3", "version"]
    us = wide[(wide.state == 2) & (wide.year == 1920)].iloc[0]
    assert (us["atopid1"], us["atopid2"], us["atopid3"]) == (1002, 1004, 1006)
    assert wide[(wide.state == 200) & (wide.year == 1900)]["atopid2"].isna().all()


def test_no_official_file_means_no_comparison(mini):
    assert official_state_years(mini) is None and comparison_with_official(mini) is None


# --------------------------------------------------------------------------- real data

def _differences(data, **kw) -> set[tuple]:
    diff = comparison_with_official(data, **kw)
    return set(map(tuple, diff[["state", "year", "field", "official", "derived"]].astype(
        {"state": int, "year": int}).itertuples(index=False, name=None)))


@pytest.mark.realdata
@pytest.mark.parametrize("release", ["5.1", "4.01"])
def test_state_years_match_official_except_documented(release, request):
    data = request.getfixturevalue("atop51" if release == "5.1" else "atop401")
    official = official_state_years(data)
    assert len(official) == {"5.1": 11923, "4.01": 11447}[release]
    documented = documented_differences(release)
    assert len(documented) == 10
    assert _differences(data) == documented
    # without the non-COW member the derivation equals ATOP's file in every cell
    assert _differences(data, include_non_cow=False) == set()
    derived = state_years(data, include_non_cow=False)
    pd.testing.assert_frame_equal(derived, official)


@pytest.mark.realdata
def test_real_51_spot_values(atop51):
    sy = state_years(atop51).set_index(["state", "year"])
    # Brazil 1857 (ATOPID 1155): phase 2, without defense, is the last row of the year
    assert sy.loc[(140, 1857), "defense"] == 0 and sy.loc[(140, 1856), "defense"] == 1
    us = sy.loc[(2, 2018)]
    assert 3180 in us["atopids"] and us["defense"] == 1 and us["number"] == len(us["atopids"])
    assert int(sy["number"].max()) == 59  # codebook 2.5: at most 59 alliances in one state-year
