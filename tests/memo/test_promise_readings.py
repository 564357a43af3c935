"""The readings of what the memo's promises say (atoplib.memo.promise_readings): hand counts on a
small hand-made release, and the stated readings on the real ATOP 5.1 (and 4.01) recomputed with
plain pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from atoplib.memo import promise_readings as pr
from atoplib.memo.types import NotAvailable

from readings_world import evidence, in_force, judged, member, real_tables, release, status
from support import cow_file, real_dir

LAST = 2018


def readings(functions) -> dict[str, object]:
    return {r.id: r for r in functions()}


# --------------------------------------------------------------------------- a hand-made world
# COW: 2 USA, 20 CAN, 200 UKG, 220 FRN, 365 RUS, 640 TUR, 740 JPN, 770 PAK, 900 AUL. Coverage to 2018.
#
# | ATOPID | years       | members and member-level codes                              |
# |--------|-------------|-------------------------------------------------------------|
# | 3050   | 1946-1960   | 2, 20: both defense (mutual)                                |
# | 3100   | 1950-       | 2, 200, 220: all defense (mutual)                           |
# | 3375   | 1960-       | 2 defense, 740 none (one-sided; asymm 1); both consul       |
# | 3400   | 1965-       | 365, 640: both defense (mutual)                             |
# | 3500   | 1970-       | 2, 900, 770: consul only                                    |
# | 3600   | 1980-1985   | 2, 640, 365: consul only                                    |
# | 4100   | 1995-       | 200 defense, 770 none (one-sided)                           |

@pytest.fixture(scope="module")
def world(tmp_path_factory):
    rows = [
        member(3050, 2, 1946, 1960, defense=1), member(3050, 20, 1946, 1960, defense=1),
        *(member(3100, c, 1950, defense=1) for c in (2, 200, 220)),
        member(3375, 2, 1960, defense=1, consul=1), member(3375, 740, 1960, consul=1),
        member(3400, 365, 1965, defense=1), member(3400, 640, 1965, defense=1),
        *(member(3500, c, 1970, consul=1) for c in (2, 900, 770)),
        *(member(3600, c, 1980, 1985, consul=1) for c in (2, 640, 365)),
        member(4100, 200, 1995, defense=1), member(4100, 770, 1995),
    ]
    data = release(tmp_path_factory.mktemp("promises"), rows, LAST, {3375: {"asymm": 1}})
    # CINC constant 1946-2016: Japan above half the U.S.'s, the others below (Canada below a tenth)
    return evidence(data, cinc={2: 0.30, 20: 0.02, 200: 0.05, 220: 0.04, 740: 0.20, 770: 0.01, 900: 0.01,
                                365: 0.10, 640: 0.01})


def test_fig1_mutual_by_hand(world):
    found = judged(pr.fig1_mutual_readings, world)
    stated = found["last-year"]
    # in 2018: 3100 and 3400 mutual, 3375 and 4100 one-sided: 2 of 4 exceptions
    assert stated.measured == "2 of 4 defense pacts in force in 2018 have every member promising defense"
    assert stated.status == "differ"
    assert stated.exceptions == ("ATOPID 3375 (U.S.-Japan Treaty of Mutual Cooperation and Security, 1960)", "ATOPID 4100 (United Kingdom–Pakistan, 1995)")
    # pact-years 1946-2018: 15 + 69 + 59 + 54 + 24 = 221, of which 59 + 24 = 83 one-sided
    assert found["pact-years"].measured == "138 of 221 defense pact-years 1946-2018 are mutual"
    assert found["pact-years"].status == "differ"
    assert found["pact-years"].exceptions == ("ATOPID 3375 (U.S.-Japan Treaty of Mutual Cooperation and Security, 1960) in 1960-2018",
                                              "ATOPID 4100 (United Kingdom–Pakistan, 1995) in 1995-2018")
    assert found["ever"].measured == "3 of 5 defense pacts have every member promising defense"
    assert found["two-promise"].status == "differ" and found["two-promise"].measured.startswith("2 of 4")
    assert status(pr.fig1_mutual_readings, world) == "differ"
    assert [r.cls for r in pr.fig1_mutual_readings()] == ["stated", "alternative", "alternative", "stress"]


def test_fig1_mutual_partly_within_a_tenth(tmp_path):
    # eleven mutual pacts and one one-sided pact in force: 1 of 12 (8.3%) -> partly
    rows = [member(3000 + i, c, 1990, defense=1) for i in range(11) for c in (20 + i, 200 + i)]
    rows += [member(3100, 2, 1990, defense=1), member(3100, 740, 1990)]
    found = pr.fig1_mutual_readings()[0].judge(evidence(release(tmp_path, rows, 2000)))
    assert found.status == "partly" and found.exceptions == ("ATOPID 3100 (U.S.–Japan, 1990)",)


def test_mutual_defense_by_hand(world):
    found = judged(pr.mutual_readings, world)
    # the U.S. promises defense to the UK, France (3100) and Japan (3375); Japan does not promise back
    assert found["reciprocal-last-year"].measured == "2 of the 3 states the U.S. promises defense in 2018 promise it defense"
    assert found["reciprocal-last-year"].status == "agree"
    assert found["reciprocal-last-year"].exceptions == ("Japan",)
    # lowest share: 2 of 3 in 1961-2018 (1960: 3 of 4)
    assert found["reciprocal-every-year"].status == "agree"
    assert found["reciprocal-every-year"].measured == "share promising defense back: 66.7% in 2018, lowest 66.7% in 1961"
    # U.S. defense pacts in force in 2018: 3100 mutual, 3375 not: 1 of 2 is not more than half
    assert found["mutual-pacts"].status == "differ" and found["mutual-pacts"].measured.startswith("1 of 2")
    assert status(pr.mutual_readings, world) == "agree"


def test_one_direction_by_hand(world):
    found = judged(pr.one_direction_readings, world)
    # U.S. defense dyad-years 1946-2016 with CINC: Canada 15, UK 67, France 67, Japan 57 = 206; Japan
    # (0.20 of the U.S.'s 0.30) is the one partner not below half; 2017-2018 (UK, France, Japan) lack CINC
    assert found["cinc-half"].measured == ("149 of 206 U.S. defense dyad-years 1946-2016 with CINC data have the "
                                           "partner below 0.5 of the U.S.'s CINC (6 others lack CINC data; COW NMC "
                                           "covers 1946-2016)")
    assert found["cinc-half"].status == "agree" and found["cinc-half"].exceptions == ("Japan 1960-2016",)
    assert found["cinc-tenth"].status == "differ" and found["cinc-tenth"].measured.startswith("15 of 206")
    assert found["asymm"].status == "differ" and found["asymm"].measured.startswith("1 of 2")
    assert found["one-way-promises"].measured == ("1 of the 3 states the U.S. promises defense in 2018 do not "
                                                  "promise it defense: Japan")
    assert found["one-way-promises"].status == "differ"


def test_one_direction_needs_nmc(world):
    bare = evidence(world.data)
    with pytest.raises(NotAvailable, match="COW_NMC_FILE"):
        pr.one_direction_readings()[0].judge(bare)


def test_most_allies_by_hand(world):
    found = judged(pr.most_allies_readings, world)
    # 2018: allies UK, France, Japan (promised), Australia, Pakistan (3500: consult only)
    assert found["last-year"].measured == "the U.S. promises defense to 3 of the 5 states it shares an alliance with in 2018"
    assert found["last-year"].status == "agree"
    assert set(found["last-year"].exceptions) == {"Australia", "Pakistan"}
    # 1980-1985 (3600 adds Turkey and Russia): 3 of 7 promised -> 6 failing years
    assert found["cold-war-every-year"].status == "differ"  # 6 of 46 (13.0%)
    assert found["cold-war-every-year"].exceptions == tuple(str(y) for y in range(1980, 1986))
    assert found["since-1946-every-year"].status == "partly"  # 6 of 73 (8.2%)
    assert found["cold-war-every-year"].measured == "share of U.S. allies promised defense: lowest 42.9% in 1980"


@pytest.fixture(scope="module")
def nato_world(tmp_path_factory):
    founders = (2, 20, 200, 210, 211, 212, 220, 235, 325, 385, 390, 395)
    rows = [member(3180, c, 1949, 1951, phase=1, defense=1, defcoloc=1) for c in founders]
    rows += [member(3180, c, 1951, phase=2, defense=1, defcoloc=1) for c in founders]
    rows += [member(3180, 640, 1952, phase=2, defense=1, defcoloc=0)]
    return evidence(release(tmp_path_factory.mktemp("nato"), rows, 2000))


def test_nato_location_by_hand(nato_world):
    found = judged(pr.nato_location_readings, nato_world)
    assert found["defcoloc-every-row"].measured == "24 of 25 member rows of ATOPID 3180 (phases 1, 2) code defcoloc = 1"
    assert found["defcoloc-every-row"].status == "partly"  # 1 of 25 (4.0%)
    assert found["defcoloc-every-row"].exceptions == ("Turkey, phase 2",)
    assert found["defcoloc-first-phase"].status == "agree"
    assert found["everyone-promises"].status == "agree"
    assert status(pr.nato_location_readings, nato_world) == "partly"


def test_nato_not_found(world):
    with pytest.raises(NotAvailable, match="North Atlantic"):
        pr.nato_location_readings()[0].judge(world)


# --------------------------------------------------------------------------- the real releases

@pytest.fixture(scope="module")
def real51(atop51):
    from atoplib.data import load_nmc, load_states

    states, nmc = cow_file("states2016.csv", "COW_STATES_FILE"), cow_file("NMC-60-abridged.csv", "COW_NMC_FILE")
    if states is None or nmc is None:
        pytest.skip("COW states2016.csv and NMC-60-abridged.csv not found (set COW_STATES_FILE and COW_NMC_FILE)")
    from atoplib.memo.evidence import Evidence

    return Evidence(atop51, states=load_states(states), nmc=load_nmc(nmc))


@pytest.fixture(scope="module")
def plain51():
    folder = real_dir("5.1") or pytest.skip("real ATOP 5.1 files not found")
    return real_tables(folder, "5.1")


def _us_promises(alliances, members, year):
    """Plain pandas: the states the U.S. promises defense in ``year`` and those that promise it back
    (members in force that year, in alliances in force that year)."""
    live = in_force(members, year, "yrent", "yrexit")
    live = live[live["atopid"].isin(in_force(alliances, year, "begyr", "endyr")["atopid"])]
    us = live[live["member"].eq(2)]
    promised = set(live.loc[live["atopid"].isin(us.loc[us["defense"].eq(1), "atopid"]) & live["member"].ne(2), "member"])
    back = set(live.loc[live["atopid"].isin(us["atopid"]) & live["member"].ne(2) & live["defense"].eq(1), "member"])
    allies = set(live.loc[live["atopid"].isin(us["atopid"]) & live["member"].ne(2), "member"])
    return promised, back & promised, allies


@pytest.mark.realdata
def test_fig1_mutual_on_51(real51, plain51):
    alliances, members = plain51
    pacts = in_force(alliances, LAST, "begyr", "endyr")
    pacts = pacts[pacts["defense"].eq(1)]
    live = in_force(members, LAST, "yrent", "yrexit")
    live = live[live["atopid"].isin(pacts["atopid"])]
    mutual = live["defense"].eq(1).groupby(live["atopid"]).all()
    one_sided = sorted(mutual.index[~mutual])
    assert (len(pacts), int(mutual.sum()), one_sided) == (48, 44, [3355, 3360, 3375, 4678])
    found = pr.fig1_mutual_readings()[0].judge(real51)
    assert found.measured == f"{int(mutual.sum())} of {len(pacts)} defense pacts in force in 2018 have every member promising defense"
    assert [e.split(" (")[0] for e in found.exceptions] == [f"ATOPID {a}" for a in one_sided]
    assert found.status == "partly"  # 4 of 48 = 8.3%


@pytest.mark.realdata
def test_mutual_defense_and_most_allies_on_51(real51, plain51):
    promised, back, allies = _us_promises(*plain51, LAST)
    assert (len(promised), len(back), len(allies)) == (66, 64, 116)
    found = pr.mutual_readings()[0].judge(real51)
    assert found.measured == f"{len(back)} of the {len(promised)} states the U.S. promises defense in 2018 promise it defense"
    assert set(found.exceptions) == {"Japan", "Pakistan"} and found.status == "agree"
    most = pr.most_allies_readings()[0].judge(real51)
    assert most.measured == f"the U.S. promises defense to {len(promised)} of the {len(allies)} states it shares an alliance with in 2018"
    assert most.status == "agree"


@pytest.mark.realdata
def test_one_direction_on_51(real51, plain51):
    alliances, members = plain51
    nmc = pd.read_csv(cow_file("NMC-60-abridged.csv", "COW_NMC_FILE"))
    cinc = nmc.set_index(["ccode", "year"])["cinc"].where(lambda s: s >= 0)
    held = total = 0
    for year in range(1946, 2017):
        promised, _, _ = _us_promises(alliances, members, year)
        us = cinc.get((2, year))
        for partner in promised:
            value = cinc.get((partner, year))
            if value is None or pd.isna(value):
                continue
            total += 1
            held += value < 0.5 * us
    assert (held, total) == (3516, 3516)
    found = pr.one_direction_readings()[0].judge(real51)
    assert found.measured.startswith(f"{held} of {total} U.S. defense dyad-years 1946-2016 with CINC data")
    assert found.status == "agree"


@pytest.mark.realdata
def test_nato_location_on_51(real51, plain51):
    _, members = plain51
    nato = members[members["atopid"].eq(3180)]
    assert len(nato) == 42 and nato["defcoloc"].eq(1).all()
    found = pr.nato_location_readings()[0].judge(real51)
    assert found.status == "agree" and found.measured.startswith("42 of 42 member rows of ATOPID 3180")


@pytest.mark.realdata
def test_fig1_mutual_on_401(atop401):
    from atoplib.memo.evidence import Evidence

    alliances, members = real_tables(real_dir("4.01"), "4.01")
    pacts = in_force(alliances, 2016, "begyr", "endyr")
    pacts = pacts[pacts["defense"].eq(1)]
    live = in_force(members, 2016, "yrent", "yrexit")
    mutual = live[live["atopid"].isin(pacts["atopid"])]["defense"].eq(1).groupby(live["atopid"]).all()
    found = pr.fig1_mutual_readings()[0].judge(Evidence(atop401))
    assert found.measured.startswith(f"{int(mutual.sum())} of {len(pacts)} defense pacts in force in 2016")
    assert found.status == "partly"
