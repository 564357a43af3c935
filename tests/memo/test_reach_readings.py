"""The readings of how far the U.S. network reaches (atoplib.memo.reach_readings): hand counts on a
small hand-made release, and the stated readings on the real ATOP 5.1 recomputed with plain pandas."""

from __future__ import annotations

import pytest

from atoplib.memo import reach_readings as rr
from atoplib.memo.evidence import Evidence
from atoplib.memo.types import NotAvailable

from readings_world import evidence, in_force, judged, member, real_tables, release, status
from support import cow_file, real_dir

LAST = 2018


# --------------------------------------------------------------------------- a hand-made world
# COW: 2 USA, 20 CAN, 200 UKG, 220 FRN, 290 POL, 300 AUH, 365 RUS, 640 TUR, 700-704 Central Asia,
# 740 JPN, 900 AUL. Majors: USA 1898-, UKG and RUS 1816-, JPN 1895-1945 (not a major in 2018).
#
# | ATOPID | years     | members (defense: member-level)        | base        |
# |--------|-----------|----------------------------------------|-------------|
# | 1500   | 1900-1910 | 200, 365, 740, 220, 300: consul        | 0           |
# | 3050   | 1946-1960 | 2, 20: defense                         | not coded   |
# | 3100   | 1950-     | 2, 20, 200, 220: defense               | 3 (one-way) |
# | 3200   | 1955-     | 2 defense, 740 none                    | 0           |
# | 3300   | 1960-     | 2, 900: defense                        | 1           |
# | 3400   | 1960-1970 | 365, 290: defense                      | 0           |
# | 4200   | 1995-     | 2, 640: consul                         | 0           |
# | 4300   | 2000-     | 365, 700-704: consul                   | 0           |
# | 4400   | 2005-     | 200, 365: defense                      | 0           |

@pytest.fixture(scope="module")
def world(tmp_path_factory):
    rows = [
        *(member(1500, c, 1900, 1910, consul=1) for c in (200, 365, 740, 220, 300)),
        member(3050, 2, 1946, 1960, defense=1), member(3050, 20, 1946, 1960, defense=1),
        *(member(3100, c, 1950, defense=1) for c in (2, 20, 200, 220)),
        member(3200, 2, 1955, defense=1), member(3200, 740, 1955),
        member(3300, 2, 1960, defense=1), member(3300, 900, 1960, defense=1),
        member(3400, 365, 1960, 1970, defense=1), member(3400, 290, 1960, 1970, defense=1),
        member(4200, 2, 1995, consul=1), member(4200, 640, 1995, consul=1),
        *(member(4300, c, 2000, consul=1) for c in (365, 700, 701, 702, 703, 704)),
        member(4400, 200, 2005, defense=1), member(4400, 365, 2005, defense=1),
    ]
    base = {1500: 0, 3050: None, 3100: 3, 3200: 0, 3300: 1, 3400: 0, 4200: 0, 4300: 0, 4400: 0}
    data = release(tmp_path_factory.mktemp("reach"), rows, LAST, {a: {"base": b} for a, b in base.items()})
    return evidence(data, majors=[(2, 1898, 2016), (200, 1816, 2016), (365, 1816, 2016), (740, 1895, 1945)])


def test_core_ally_by_hand(world):
    found = judged(rr.core_ally_readings, world)
    # 2018: the U.S. has CAN, UKG, FRN (3100), JPN (3200), AUL (3300), TUR (4200); Russia the five
    # Central Asian states and UKG; the UK the U.S., CAN, FRN and RUS: the U.S. and Russia tie
    assert found["partners-last-year"].measured == "U.S. 6; Russia 6; United Kingdom 4"
    assert found["partners-last-year"].status == "partly"
    assert found["partners-last-year"].exceptions == ("Russia",)
    assert found["defense-partners"].measured == "U.S. 5; United Kingdom 4; Russia 1"
    assert found["defense-partners"].status == "agree"
    # ever: Russia also had UKG, JPN, FRN, AUH (1500) and POL (3400): 10
    assert found["ever"].measured == "Russia 10; U.S. 6; United Kingdom 6"
    assert found["ever"].status == "differ"
    assert found["peak-year"].measured == "U.S. 6 (1995); Russia 6 (2005); United Kingdom 4 (1900)"
    assert found["peak-year"].status == "partly"
    assert status(rr.core_ally_readings, world) == "partly"


def test_core_ally_needs_majors(world):
    with pytest.raises(NotAvailable, match="COW_MAJORS_FILE"):
        rr.core_ally_readings()[0].judge(evidence(world.data))


def test_forward_deployment_by_hand(world):
    found = judged(rr.forward_deployment_readings, world)
    assert found["base-last-year"].measured == ("2 of 3 U.S. defense pacts in force in 2018 carry base > 0: "
                                                "ATOPID 3100 (U.S., Canada, United Kingdom and 1 other, 1950): base 3 "
                                                "and ATOPID 3300 (U.S.–Australia, 1960): base 1")
    assert found["base-last-year"].status == "agree"
    assert found["base-last-year"].exceptions == ("ATOPID 3200 (U.S.–Japan, 1955): base 0",)
    assert found["one-way-last-year"].status == "differ" and found["one-way-last-year"].measured.startswith("1 of 3")
    # ever: 3050 (not coded), 3100, 3200, 3300: 2 of 4 is not more than half
    assert found["ever"].status == "differ"
    assert "ATOPID 3050 (U.S.–Canada, 1946): base not coded" in found["ever"].exceptions
    # pact-years 1946-2018: 3050 15, 3100 69, 3200 64, 3300 59 = 207; with base: 69 + 59 = 128
    assert found["pact-years"].measured.startswith("128 of 207 U.S. defense pact-years 1946-2018 carry base > 0")
    assert found["pact-years"].status == "agree"


def test_forward_deployment_without_base(tmp_path):
    data = release(tmp_path, [member(3000, 2, 1990, defense=1), member(3000, 20, 1990, defense=1)], 2000)
    with pytest.raises(NotAvailable, match="no column 'base'"):
        rr.forward_deployment_readings()[0].judge(evidence(data))


def test_critical_difference_by_hand(world):
    found = judged(rr.critical_difference_readings, world)
    # U.S. in force 2018: 3100, 3200, 3300 defense, 4200 not: 3 of 4; others signed 1992-2018: 4300, 4400 and
    # the pact that sets the coverage end (readings_world.coverage_pact): 1 of 3
    assert found["us-now-vs-recent-trend"].measured == (
        "U.S. alliances in force in 2018: 3 of 4 are defense pacts (75.0%); other states' alliances signed "
        "1992-2018: 1 of 3 (33.3%)")
    assert found["us-now-vs-recent-trend"].status == "agree"
    assert found["in-force"].status == "agree"
    assert found["us-signed-recent"].measured.startswith("U.S. alliances signed 1992-2018: 0 of 1 are defense pacts")
    assert found["us-signed-recent"].status == "differ"
    assert found["cold-war-origin"].status == "agree" and found["cold-war-origin"].measured.startswith("3 of the 3")
    assert status(rr.critical_difference_readings, world) == "agree"


def test_critical_difference_needs_years_after_the_cold_war(tmp_path):
    data = release(tmp_path, [member(3000, 2, 1950, defense=1), member(3000, 20, 1950, defense=1)], 1980)
    with pytest.raises(NotAvailable, match="1992 onward"):
        rr.critical_difference_readings()[0].judge(evidence(data))


# --------------------------------------------------------------------------- the real release

@pytest.fixture(scope="module")
def plain51():
    folder = real_dir("5.1") or pytest.skip("real ATOP 5.1 files not found")
    return real_tables(folder, "5.1")


@pytest.fixture(scope="module")
def real51(atop51):
    from atoplib.data import load_majors, load_states

    states, majors = cow_file("states2016.csv", "COW_STATES_FILE"), cow_file("majors2016.csv", "COW_MAJORS_FILE")
    if states is None or majors is None:
        pytest.skip("COW states2016.csv and majors2016.csv not found (set COW_STATES_FILE and COW_MAJORS_FILE)")
    return Evidence(atop51, states=load_states(states), majors=load_majors(majors))


@pytest.mark.realdata
def test_core_ally_on_51(real51, plain51):
    alliances, members = plain51
    live = in_force(members, LAST, "yrent", "yrexit")
    live = live[live["atopid"].isin(in_force(alliances, LAST, "begyr", "endyr")["atopid"])]
    partners = {}
    for ccode in (2, 365, 220, 200, 255, 710, 740):  # COW's major powers in 2016, the file's last year
        mine = live.loc[live["member"].eq(ccode), "atopid"]
        partners[ccode] = live.loc[live["atopid"].isin(mine) & live["member"].ne(ccode), "member"].nunique()
    assert partners == {2: 116, 365: 96, 220: 87, 200: 84, 255: 55, 710: 54, 740: 34}
    found = rr.core_ally_readings()[0].judge(real51)
    assert found.measured == "U.S. 116; Russia 96; France 87; United Kingdom 84; Germany 55; China 54; Japan 34"
    assert found.status == "agree"


@pytest.mark.realdata
def test_forward_deployment_on_51(real51, plain51):
    alliances, members = plain51
    us = set(members.loc[members["member"].eq(2), "atopid"])
    pacts = in_force(alliances, LAST, "begyr", "endyr")
    pacts = pacts[pacts["defense"].eq(1) & pacts["atopid"].isin(us)]
    with_base = sorted(pacts.loc[pacts["base"].gt(0), "atopid"])
    assert (len(pacts), with_base) == (10, [3180, 3240, 3375])
    found = rr.forward_deployment_readings()[0].judge(real51)
    assert found.measured.startswith(f"{len(with_base)} of {len(pacts)} U.S. defense pacts in force in 2018 carry base > 0")
    assert [f"ATOPID {a}" in found.measured for a in with_base] == [True] * 3
    assert found.status == "differ"


@pytest.mark.realdata
def test_critical_difference_on_51(real51, plain51):
    alliances, members = plain51
    us = set(members.loc[members["member"].eq(2), "atopid"])
    now = in_force(alliances, LAST, "begyr", "endyr")
    mine = now[now["atopid"].isin(us)]
    recent = alliances[alliances["begyr"].between(1992, LAST) & ~alliances["atopid"].isin(us)]
    counts = (int(mine["defense"].sum()), len(mine), int(recent["defense"].sum()), len(recent))
    assert counts == (10, 19, 31, 275)
    found = rr.critical_difference_readings()[0].judge(real51)
    assert found.measured == ("U.S. alliances in force in 2018: 10 of 19 are defense pacts (52.6%); other states' "
                              "alliances signed 1992-2018: 31 of 275 (11.3%)")
    assert found.status == "agree"
