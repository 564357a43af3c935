"""The readings of the history the memo invokes (atoplib.memo.history_readings): hand counts on a
small hand-made release, and the stated readings on the real ATOP 5.1 and 4.01 recomputed with
plain pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from atoplib.memo import history_readings as hr
from atoplib.memo.evidence import Evidence
from atoplib.memo.rules import claim_status
from atoplib.memo.types import NotAvailable

from readings_world import evidence, judged, member, real_tables, release
from support import real_dir


# --------------------------------------------------------------------------- a hand-made world
# Coverage to 2000. COW: 2 USA, 20 CAN, 200 UKG, 210 NTH, 211 BEL, 220 FRN, 290 POL, 315 CZE,
# 365 RUS, 670-696 Gulf states, 740 JPN, 900 AUL.
#
# | ATOPID | from - to          | members: codes                                   | interv    |
# |--------|--------------------|--------------------------------------------------|-----------|
# | 1060   | 1832-11 - 1833-05  | 211, 220: defense                                | 0         |
# | 1455   | 1908-11 - 1910-07  | 2, 740: consul                                   | 0         |
# | 2130   | 1925-10 - 1936-10  | 200, 211, 220: defense                           | 0         |
# | 2300   | 1913-03 - 1915-06  | 2, 200: defense (in force when WWI began)        | 0         |
# | 2400   | 1938-01 - 1940-05  | 211, 210: nonagg (in force when Belgium invaded) | 0         |
# | 2550   | 1942-01 - 1945-09  | 2, 200, 290: defense; 670 joins 1945-03          | 0         |
# | 3100   | 1950-              | 2, 200, 220: defense                             | 0         |
# | 3220   | 1951 - 1960        | 2, 740: defense                                  | 3         |
# | 3300   | 1955 - 1991        | 365, 290: defense                                | 1         |
# | 3310   | 1960 - 1991        | 365, 315: defense                                | 2         |
# | 3400   | 1965-              | 2, 900: defense                                  | not coded |
# | 3500   | 1970-              | 2, 20: defense                                   | 0         |
# | 4500   | 1995-              | 2, 690, 692, 694, 696: consul                    | 0         |

def _months(atopid, ccodes, start, end, end_month, **kw):
    return [member(atopid, c, start[0], end, moent=start[1], moexit=end_month, **kw) for c in ccodes]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    rows = [
        *_months(1060, (211, 220), (1832, 11), 1833, 5, defense=1),
        *_months(1455, (2, 740), (1908, 11), 1910, 7, consul=1),
        *_months(2130, (200, 211, 220), (1925, 10), 1936, 10, defense=1),
        *_months(2300, (2, 200), (1913, 3), 1915, 6, defense=1),
        *_months(2400, (211, 210), (1938, 1), 1940, 5, nonagg=1),
        *_months(2550, (2, 200, 290), (1942, 1), 1945, 9, defense=1, offense=1),
        *_months(2550, (670,), (1945, 3), 1945, 9, defense=1, offense=1),
        *(member(3100, c, 1950, defense=1) for c in (2, 200, 220)),
        member(3220, 2, 1951, 1960, defense=1), member(3220, 740, 1951, 1960, defense=1),
        member(3300, 365, 1955, 1991, defense=1), member(3300, 290, 1955, 1991, defense=1),
        member(3310, 365, 1960, 1991, defense=1), member(3310, 315, 1960, 1991, defense=1),
        member(3400, 2, 1965, defense=1), member(3400, 900, 1965, defense=1),
        member(3500, 2, 1970, defense=1), member(3500, 20, 1970, defense=1),
        *(member(4500, c, 1995, consul=1) for c in (2, 690, 692, 694, 696)),
    ]
    interv = {3220: 3, 3300: 1, 3310: 2, 3400: None}
    codes = {a: {"interv": interv.get(a, 0)} for a in (1060, 1455, 2130, 2300, 2400, 2550, 3100, 3220, 3300, 3310,
                                                        3400, 3500, 4500)}
    for atopid, (month, day) in {1060: (5, 21), 1455: (7, 31), 2130: (10, 14), 2300: (6, 30), 2400: (5, 28),
                                 2550: (9, 2)}.items():
        codes[atopid].update(endmo=month, endday=day)
    data = release(tmp_path_factory.mktemp("history"), rows, 2000, codes)
    # CINC 1946-1991: Japan (0.25) above the Soviet Union (0.20); everyone else below
    return evidence(data, cinc={2: 0.30, 365: 0.20, 200: 0.10, 220: 0.05, 740: 0.25, 20: 0.02, 900: 0.01,
                                290: 0.02, 315: 0.01}, cinc_years=(1946, 1991))


def test_timely_by_hand(world):
    found = judged(hr.timely_readings, world)
    stated = found["no-defense-pact-at-outbreak"]
    assert stated.status == "differ"  # 1 of 2 wars
    assert stated.exceptions == ("World War I (28 July 1914)",)
    assert stated.measured == (
        "U.S. defense pacts in force when the wars began: in force on 28 July 1914: ATOPID 2300 (U.S.–United Kingdom, "
        "1913); the first U.S. defense pact: ATOPID 2300 (U.S.–United Kingdom, 1913), March 1913 to June 1915; earlier "
        "U.S. alliances without defense: ATOPID 1455 (U.S.–Japan, 1908), November 1908 to July 1910")
    delay = found["delay-to-first-pact"]
    assert delay.status == "differ"
    assert "World War II: ATOPID 2550 (U.S.–United Kingdom–Poland, 1942), January 1942, 2.3 years after it began" in delay.measured
    assert claim_status([stated]) == "differ"


def test_timely_needs_the_war_years(tmp_path):
    data = release(tmp_path, [member(4000, 2, 1990, consul=1), member(4000, 20, 1990, consul=1)], 2000)
    data.first_year = 1950  # a release that starts after the wars
    with pytest.raises(NotAvailable, match="1914 and 1939"):
        hr.timely_readings()[0].judge(evidence(data))


def test_belgium_by_hand(world):
    found = judged(hr.belgium_readings, world)
    stated = found["no-alliance-when-invaded"]
    # May 1940: Belgium's nonaggression pact 2400 runs to May 1940 (to the month: in force)
    assert stated.measured == "Belgium's alliances in force when invaded: 1940: ATOPID 2400 (Netherlands–Belgium, 1938)"
    assert stated.status == "differ" and stated.exceptions == ("the invasion of 10 May 1940",)
    assert stated.reason.endswith("ATOP 5.9 codes no alliance of Belgium signed in 1839: the Treaty of London's "
                                  "guarantee of Belgian neutrality is not in the data")
    assert found["no-defense-pact"].status == "agree"  # 2130 ended October 1936
    last = found["last-alliance"]
    assert last.measured == ("Belgium's last alliance before 1914: ATOPID 1060 (Belgium–France, 1832), ended May 1833; "
                             "before 1940: ATOPID 2130 (United Kingdom–Belgium–France, 1925), ended October 1936")
    assert last.status == "differ"


def test_imperial_by_hand(world):
    found = judged(hr.imperial_readings, world)
    # 1946-1991: Soviet 3300 (1), 3310 (2): 1 of 2; U.S. 3100 (0), 3220 (3), 3500 (0), 3400 not coded: 1 of 3
    assert found["intervention-share"].measured == (
        "Soviet Union (COW 365): 1 of 2 defense pacts 1946-1991 (50.0%) provide for intervention (ATOPID 3310 "
        "(Czechoslovakia–Russia, 1960)); U.S.: 1 of 3 (33.3%) (ATOPID 3220 (U.S.-Japan Security Treaty, 1951))")
    assert found["intervention-share"].status == "agree"
    assert found["us-no-intervention"].status == "differ"  # 1 of 3
    assert found["us-no-intervention"].exceptions == ("ATOPID 3220 (U.S.-Japan Security Treaty, 1951)",)
    assert [r.cls for r in hr.imperial_readings()] == ["alternative", "alternative"]


def test_reliance_by_hand(world):
    found = hr.reliance_readings()[0].judge(world)
    # partner-years 1946-1991: Japan 1951-1960 (10), UK and France 1950-1991 (84), Australia 1965-1991 (27),
    # Canada 1970-1991 (22) = 143; Japan's 10 are above the Soviet Union: 7.0%
    assert found.measured == ("133 of 143 U.S. defense partner-years 1946-1991 with CINC data have the partner below "
                              "the Soviet Union's CINC (0 others lack CINC data)")
    assert found.status == "partly" and found.exceptions == ("Japan 1951-1960",)
    with pytest.raises(NotAvailable, match="COW_NMC_FILE"):
        hr.reliance_readings()[0].judge(evidence(world.data))


def test_gulf_by_hand(world):
    found = judged(hr.gulf_readings, world)
    assert found["alliance-last-year"].measured.startswith("4 of the 6 Gulf states share an alliance with the U.S. in 2000")
    assert found["alliance-last-year"].status == "agree"
    assert found["alliance-last-year"].exceptions == ("Saudi Arabia", "Oman")
    ever = found["alliance-ever"]
    assert ever.status == "agree" and ever.measured.startswith("5 of the 6 Gulf states have shared an alliance")
    assert "Saudi Arabia: ATOPID 2550 (U.S.–United Kingdom–Poland, 1942) in 1945" in ever.measured


def test_distance_by_hand(world):
    found = hr.distance_readings()[0].judge(world)
    # 2000: the U.S. promises the UK, France (3100), Australia (3400) and Canada (3500)
    assert found.measured == "3 of the 4 states the U.S. promises defense in 2000 lie outside the Western Hemisphere"
    assert found.status == "agree" and found.exceptions == ("Canada",)


# --------------------------------------------------------------------------- the real releases

def _month_key(year, month):
    return year * 100 + (month if 1 <= month <= 12 else 1)


@pytest.mark.realdata
@pytest.mark.parametrize("version", ["5.1", "4.01"])
def test_timely_and_belgium_on_real(version, request):
    data = request.getfixturevalue("atop51" if version == "5.1" else "atop401")
    alliances, members = real_tables(real_dir(version), version)
    us = set(members.loc[members["member"].eq(2), "atopid"])
    mine = alliances[alliances["atopid"].isin(us)].sort_values(["begyr", "begmo"])
    defense = mine[mine["defense"].eq(1)]
    first = defense.iloc[0]
    assert (int(first["atopid"]), int(first["begyr"]), int(first["begmo"])) == (2550, 1942, 1)
    earlier = mine[mine["defense"].eq(0) & mine["begyr"].lt(1942)]
    assert sorted(zip(earlier["atopid"], earlier["begyr"])) == [(1455, 1908), (2095, 1921)]
    for year, month in ((1914, 7), (1939, 9)):
        live = defense[(defense["begyr"] * 100 + defense["begmo"]).le(year * 100 + month)
                       & (defense["endyr"].eq(0) | (defense["endyr"] * 100 + defense["endmo"]).ge(year * 100 + month))]
        assert live.empty
    ev = Evidence(data)
    stated = hr.timely_readings()[0].judge(ev)
    assert stated.status == "agree"
    assert "the first U.S. defense pact: ATOPID 2550" in stated.measured and "January 1942" in stated.measured
    # Belgium: no membership in force in August 1914 or May 1940; none signed in 1839
    belgium = members[members["member"].eq(211)]
    for year, month in ((1914, 8), (1940, 5)):
        start = [_month_key(y, m) for y, m in zip(belgium["yrent"], belgium["moent"])]
        end = [10**7 if y == 0 else _month_key(y, m if m else 12) for y, m in zip(belgium["yrexit"], belgium["moexit"])]
        assert not any(s <= year * 100 + month <= e for s, e in zip(start, end))
    assert not set(alliances.loc[alliances["begyr"].eq(1839), "atopid"]) & set(belgium["atopid"])
    found = hr.belgium_readings()[0].judge(ev)
    assert found.status == "agree" and found.measured == "Belgium's alliances in force when invaded: none"
    assert claim_status([stated]) == claim_status([found]) == "agree"


@pytest.mark.realdata
def test_gulf_and_interv_on_51(atop51):
    alliances, members = real_tables(real_dir("5.1"), "5.1")
    us = set(members.loc[members["member"].eq(2), "atopid"])
    gulf = members[members["member"].isin(hr.GULF) & members["atopid"].isin(us)]
    assert sorted(zip(gulf["atopid"], gulf["member"])) == [(2550, 670)]
    ev = Evidence(atop51)
    found = judged(hr.gulf_readings, ev)
    assert found["alliance-last-year"].measured.startswith("0 of the 6")
    assert found["alliance-ever"].measured.startswith("1 of the 6") and "ATOPID 2550" in found["alliance-ever"].measured
    # INTERV on defense pacts with the Soviet Union / the U.S. as a member in some year 1946-1991
    defense = set(alliances.loc[alliances["defense"].eq(1), "atopid"])
    interv = alliances.set_index("atopid")["interv"]

    def shares(ccode):
        rows = members[members["member"].eq(ccode) & members["yrent"].le(1991)
                       & (members["yrexit"].eq(0) | members["yrexit"].ge(1946))]
        pacts = sorted(set(rows["atopid"]) & defense)
        coded = [a for a in pacts if pd.notna(interv[a])]
        return sum(int(interv[a]) in (2, 3) for a in coded), len(coded)

    assert (shares(365), shares(2)) == ((0, 23), (1, 19))
    imperial = judged(hr.imperial_readings, ev)
    assert imperial["intervention-share"].status == "differ"
    assert imperial["us-no-intervention"].exceptions == ("ATOPID 3220 (U.S.-Japan Security Treaty, 1951)",)
