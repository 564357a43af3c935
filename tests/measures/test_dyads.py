"""Directed dyad-years and partners per state-year: hand counts on `mini`, the date rule on a
modified copy of it, and real-data checks (ATOP 5.1's published directed dyad-year count, the U.S.
defense partners in 2018 computed independently)."""

from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pytest

import atoplib as al
from atoplib.measures.dyads import DYAD_YEAR_COLUMNS, alliance_pairs, dyad_years, partners_by_year
from atoplib.measures.stateyears import state_years


def dyad(frame, a, b, year):
    found = frame[(frame.stateA == a) & (frame.stateB == b) & (frame.year == year)]
    assert len(found) <= 1
    return None if found.empty else found.iloc[0]


def partners(frame, year):
    return dict(frame[frame.year == year][["ccode", "partners"]].itertuples(index=False, name=None))


# --------------------------------------------------------------------------- mini, by hand

def test_mini_dyad_rows_by_hand(mini):
    dy = dyad_years(mini)
    assert tuple(dy.columns) == DYAD_YEAR_COLUMNS
    # per undirected pair, years shared: 2-200 1900 (1); 2-365 1905-20 (16); 2-710 1907-11 (5);
    # 365-710 1907-11 (5); 200-220 1902-06 and 1910-15 (11); 2-8152 1910-20 (11);
    # 220-365 1908-09 (2); 2-20 1920 (1)  -> 52 pairs x 2 directions
    assert len(dy) == 104
    assert len(dyad_years(mini, include_non_cow=False)) == 104 - 22
    years = dy[(dy.stateA == 200) & (dy.stateB == 220)]["year"].tolist()
    assert years == [1902, 1903, 1904, 1905, 1906, 1910, 1911, 1912, 1913, 1914, 1915]
    assert not dy.duplicated(["stateA", "stateB", "year"]).any()
    assert list(dy.itertuples(index=False))[0][:3] == (2, 20, 1920)  # sorted by A, B, year


def test_mini_direction_follows_member_codes(mini):
    dy = dyad_years(mini)
    # 1004 phase 2 (from 1912): only the U.S. (2) promises defense
    us_to, to_us = dyad(dy, 2, 8152, 1912), dyad(dy, 8152, 2, 1912)
    assert (us_to["defense"], us_to["consul"]) == (1, 1)
    assert (to_us["defense"], to_us["consul"]) == (0, 1)
    assert dyad(dy, 2, 8152, 1911)["defense"] == 0  # phase 1: consultation only
    # other obligations are carried as coded
    fr_ru = dyad(dy, 220, 365, 1908)
    assert (fr_ru["offense"], fr_ru["neutral"], fr_ru["nonagg"], fr_ru["defense"]) == (1, 1, 1, 0)
    us_ru = dyad(dy, 2, 365, 1910)
    assert (us_ru["nonagg"], us_ru["consul"], us_ru["number"], us_ru["atopids"]) == (1, 1, 1, (1002,))
    assert dy["obvary"].eq(0).all()  # mini has no obvary column: 0, not missing


def test_mini_shared_alliances_counted(mini):
    dy = dyad_years(mini)
    assert dyad(dy, 2, 8152, 1920)["number"] == 1
    # 2 and 365 share only 1002; a member who left (710, 1911) is gone in 1912
    assert dyad(dy, 2, 710, 1911) is not None and dyad(dy, 2, 710, 1912) is None


def test_members_who_never_overlap_are_not_a_dyad(mini_dir, tmp_path):
    """230 joins 1003 on the day 200 leaves it (Apr. 1, 1906): same year, never simultaneous."""
    folder = tmp_path / "succession"
    shutil.copytree(mini_dir, folder)
    members = pd.read_csv(folder / "atop5_9m.csv")
    template = members[(members.atopid == 1003) & (members.member == 220)].iloc[[0]]
    newcomer = template.assign(member=230, yrent=1906, moent=4, dayent=1, yrexit=1908, moexit=12, dayexit=31)
    pd.concat([members, newcomer]).to_csv(folder / "atop5_9m.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        data = al.load_atop(folder)
    dy = dyad_years(data)
    assert dyad(dy, 200, 230, 1906) is None and dyad(dy, 230, 200, 1906) is None
    assert [dyad(dy, 220, 230, y) is not None for y in (1906, 1907, 1908, 1909)] == [True, True, True, False]
    pairs = alliance_pairs(data, start_year=1906, end_year=1906)
    pairs = pairs[pairs.atopid == 1003]
    assert sorted(map(tuple, pairs[["stateA", "stateB"]].to_numpy().tolist())) == [
        (200, 220), (220, 200), (220, 230), (230, 220),
    ]


def test_mini_partners_by_direction(mini):
    assert partners(partners_by_year(mini, "defense", "any"), 1912) == {2: 1, 200: 1, 220: 1, 8152: 1}
    assert partners(partners_by_year(mini, "defense", "promised_by"), 1912) == {2: 1, 200: 1, 220: 1}
    assert partners(partners_by_year(mini, "defense", "promised_to"), 1912) == {200: 1, 220: 1, 8152: 1}
    assert partners(partners_by_year(mini, "defense"), 1911) == {200: 1, 220: 1}
    assert partners(partners_by_year(mini, "defense"), 1900) == {2: 1, 200: 1}
    assert partners(partners_by_year(mini, None), 1910) == {2: 3, 200: 1, 220: 1, 365: 2, 710: 2, 8152: 1}
    assert partners(partners_by_year(mini, "consul"), 1920) == {2: 3, 20: 1, 365: 1, 8152: 1}
    p = partners_by_year(mini, "defense", start_year=1910, end_year=1912)
    assert list(p.columns) == ["year", "ccode", "partners"]
    assert sorted(p.year.unique()) == [1910, 1911, 1912]
    assert p.partners.min() >= 1  # no invented zeros


def test_partners_errors(mini):
    with pytest.raises(al.ParameterError, match="direction must be one of"):
        partners_by_year(mini, "defense", "sideways")
    with pytest.raises(al.ParameterError, match="unknown provision"):
        partners_by_year(mini, "mutual-love")
    custom = al.measures.Provision("needs-x", "x", (("notacolumn", 1),), "")
    with pytest.raises(al.ParameterError, match="needs column 'notacolumn'"):
        partners_by_year(mini, custom)


def test_partners_with_a_member_level_provision_column(mini):
    """A user provision on a member column other than the five obligations (asymm)."""
    rule = al.measures.Provision("asym-consul", "asym", (("consul", 1), ("asymm", 1)), "")
    assert partners(partners_by_year(mini, rule), 1911) == {2: 1, 8152: 1}


# --------------------------------------------------------------------------- real data

@pytest.mark.realdata
def test_real_51_row_count_matches_atop_ddyr(atop51):
    dy = dyad_years(atop51, include_non_cow=False)
    assert len(dy) == 273_296  # peacesciencer: atop5_1ddyr has 273,296 (statea, stateb, year) rows
    full = dyad_years(atop51)
    extra = full[(full.stateA == 8152) | (full.stateB == 8152)]
    assert len(full) - len(dy) == len(extra) == 20
    assert set(extra.stateA) | set(extra.stateB) == {220, 8152} and set(extra.year) == set(range(1874, 1884))
    # successor states that join on the day their predecessors leave are never dyads
    for a, b in ((255, 260), (255, 265), (678, 679), (679, 680)):
        assert dyad(full, a, b, 1990) is None and dyad(full, b, a, 1990) is None


@pytest.mark.realdata
@pytest.mark.parametrize("release", ["5.1", "4.01"])
def test_real_dyads_consistent_with_state_years(release, request):
    data = request.getfixturevalue("atop51" if release == "5.1" else "atop401")
    dy = dyad_years(data)
    mirror = dy.rename(columns={"stateA": "stateB", "stateB": "stateA"})
    both = dy.merge(mirror, on=["stateA", "stateB", "year"], suffixes=("", "_mirror"))
    assert len(both) == len(dy)  # every dyad in both directions
    assert (both["number"] == both["number_mirror"]).all()
    assert (both["atopids"] == both["atopids_mirror"]).all()
    sy = state_years(data).set_index(["state", "year"])["atopids"]
    ids_a = sy.reindex(pd.MultiIndex.from_frame(dy[["stateA", "year"]])).tolist()
    assert all(set(shared) <= set(own) for shared, own in zip(dy["atopids"], ids_a))
    # a state that promises defense to a partner has defense = 1 in its state-year
    promised = dy[dy.defense == 1][["stateA", "year"]].drop_duplicates()
    sy_def = state_years(data)
    sy_def = sy_def[sy_def.defense == 1]
    assert set(map(tuple, promised.to_numpy().tolist())) <= set(map(tuple, sy_def[["state", "year"]].to_numpy().tolist()))


@pytest.mark.realdata
def test_real_51_us_japan_direction(atop51):
    dy = dyad_years(atop51)
    assert (dyad(dy, 2, 740, 2018)["defense"], dyad(dy, 740, 2, 2018)["defense"]) == (1, 0)
    assert dyad(dy, 2, 740, 2018)["atopids"] == (3375, 3755)
    assert (dyad(dy, 2, 732, 2018)["defense"], dyad(dy, 732, 2, 2018)["defense"]) == (1, 1)  # South Korea, 3240


@pytest.mark.realdata
def test_real_51_us_defense_partners_2018(atop51):
    """The memo's outlier: computed here once through atoplib and once with plain pandas."""
    m = atop51.members
    live = m[(m.yrent <= 2018) & (m.yrexit.fillna(2018) >= 2018)]
    us_promises = live[(live.member == 2) & (live.defense == 1)].atopid
    independent = live[live.atopid.isin(us_promises) & (live.member != 2)].member.nunique()
    promise_us = live[(live.defense == 1) & live.atopid.isin(live[live.member == 2].atopid) & (live.member != 2)].member.nunique()
    assert (independent, promise_us) == (66, 64)
    by = partners(partners_by_year(atop51, "defense", "promised_by"), 2018)
    to = partners(partners_by_year(atop51, "defense", "promised_to"), 2018)
    either = partners(partners_by_year(atop51, "defense", "any"), 2018)
    assert (by[2], to[2], either[2]) == (independent, promise_us, 66)
    runner_up = sorted(((n, c) for c, n in either.items() if c != 2), reverse=True)[0]
    assert runner_up == (38, 220)  # France
