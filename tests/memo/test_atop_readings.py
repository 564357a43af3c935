"""The readings of what the memo says about ATOP (atoplib.memo.atop_readings): the codebook's words
(transcribed in atoplib.data.codebook, checked against the PDF in tests/data/test_codebook.py), hand
counts on a small hand-made release, and the real ATOP 5.1 recomputed with plain pandas."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from atoplib.memo import atop_readings as ar
from atoplib.memo.evidence import Evidence
from atoplib.memo.rules import claim_status
from atoplib.memo.types import NotAvailable

from readings_world import evidence, judged, member, real_tables, release
from support import real_dir


# --------------------------------------------------------------------------- a hand-made world
# Coverage to 2000.
#
# | ATOPID | years     | members: codes                       | organ1 |
# |--------|-----------|--------------------------------------|--------|
# | 1500   | 1900-1910 | 200, 220: defense                    | 0      |
# | 2999   | 1950-1960 | 200, 365: consul (ATOPID out of range)| 1      |
# | 3000   | 1960-     | 2, 20: consul                        | 3      |
# | 3100   | 1970-     | 2, 200: consul, nonagg               | 2      |
# | 3200   | 1980-     | 2, 220: consul, defense              | 3      |
# | 3300   | 1980-1990 | 20, 220: consul                      | 0      |
# | 4000   | 1995-     | 365, 710: consul                     | blank  |

@pytest.fixture(scope="module")
def world(tmp_path_factory):
    rows = [
        member(1500, 200, 1900, 1910, defense=1), member(1500, 220, 1900, 1910, defense=1),
        member(2999, 200, 1950, 1960, consul=1), member(2999, 365, 1950, 1960, consul=1),
        member(3000, 2, 1960, consul=1), member(3000, 20, 1960, consul=1),
        member(3100, 2, 1970, consul=1, nonagg=1), member(3100, 200, 1970, consul=1, nonagg=1),
        member(3200, 2, 1980, consul=1, defense=1), member(3200, 220, 1980, consul=1, defense=1),
        member(3300, 20, 1980, 1990, consul=1), member(3300, 220, 1980, 1990, consul=1),
        member(4000, 365, 1995, consul=1), member(4000, 710, 1995, consul=1),
    ]
    organ = {1500: 0, 2999: 1, 3000: 3, 3100: 2, 3200: 3, 3300: 0, 4000: None}
    return evidence(release(tmp_path_factory.mktemp("atop"), rows, 2000, {a: {"organ1": o} for a, o in organ.items()}))


def test_consult_definition(world):
    found = judged(ar.consult_definition_readings, world)
    assert found["consult-in-crises"].status == "agree"
    assert found["consult-in-crises"].measured == ("ATOP 5.1 codebook, section 2.43, p. 41: 'promises to consult with "
                                                   "one or more alliance partners in the event of crises'")
    assert found["nothing-more"].status == "differ" and "policy coordination" in found["nothing-more"].reason
    # in force in 2000 with consul = 1 and defense = 0: 3000 (consul only), 3100 (and nonagg), 4000 (consul only)
    assert found["consult-only-pacts"].measured == ("2 of the 3 pacts with consul = 1 and defense = 0 in force in 2000 "
                                                    "carry no other obligation (offense, neutral and nonagg all 0)")
    assert found["consult-only-pacts"].status == "agree"
    stated = [r.judge(world) for r in ar.consult_definition_readings() if r.cls == "stated"]
    assert claim_status(stated) == "partly"


def test_atop_id(world):
    found = judged(ar.atop_id_readings, world)
    assert found["unique-and-linked"].status == "agree"
    assert found["unique-and-linked"].measured == ("8 alliance rows, 8 distinct ATOPIDs, 0 missing; 8 of 8 member-file "
                                                   "ATOPIDs in the alliance file")
    # 2999 is in 2000-2999 (1914-1944) but signed 1950
    assert found["chronological"].status == "differ"  # 1 of 7 = 14.3%
    assert found["chronological"].exceptions == ("ATOPID 2999 (United Kingdom–Russia, 1950)",)
    assert ar.ATOPID_RANGES == ((1000, 1999, 1815, 1913), (2000, 2999, 1914, 1944), (3000, 3999, 1945, 1989),
                                (4000, 7999, 1990, None))


def test_atop_id_repeated_missing_and_orphaned(world):
    # a release that fails its own checks (the loader refuses such files; built here in memory)
    alliances = world.data.alliances.copy()
    alliances.loc[1, "atopid"] = 1500  # 2999's row now repeats 1500
    alliances["atopid"] = alliances["atopid"].astype("Int64")
    alliances.loc[6, "atopid"] = pd.NA  # 4000's row has none
    broken = Evidence(dataclasses.replace(world.data, alliances=alliances))
    found = ar.atop_id_readings()[0].judge(broken)
    assert found.measured == ("8 alliance rows, 6 distinct ATOPIDs, 1 missing; 6 of 8 member-file ATOPIDs in the "
                              "alliance file")
    assert found.status == "differ"
    assert found.exceptions == ("alliance row 1 (ATOPID 1500)", "alliance row 2 (ATOPID 1500)",
                                "alliance row 7 (no ATOPID)", "member-file ATOPID 2999", "member-file ATOPID 4000")


def test_atop_variables(world, tmp_path):
    found = judged(ar.atop_variables_readings, world)
    # the hand-made member file has no defcoadv and the alliance file no member list (mem1)
    assert found["every-variable"].status == "partly" and found["every-variable"].exceptions == ("defcoadv (member file)",)
    assert found["alliance-file"].status == "differ"
    assert found["alliance-file"].exceptions == ("defcoadv (alliance file)", "member (alliance file)")
    full = release(tmp_path, [member(3000, 2, 1990, defense=1, defcoadv=1), member(3000, 20, 1990, defense=1, defcoadv=0)],
                   2000)
    assert ar.atop_variables_readings()[0].judge(evidence(full)).status == "agree"


def test_supranational(world):
    found = judged(ar.supranational_readings, world)
    assert found["organ1-codes"].measured == "organ1 in ATOP 5.9's 8 alliances: 0: 3, 1: 1, 2: 1, 3: 2, not coded: 1"
    assert found["organ1-codes"].status == "differ"
    assert found["permanent-bureaucracy"].measured == ("2 alliances coded organ1 = 3: ATOPID 3000 (U.S.–Canada, 1960) "
                                                       "and ATOPID 3200 (U.S.–France, 1980)")
    assert found["permanent-bureaucracy"].status == "agree"


def test_supranational_without_organ1(tmp_path):
    data = release(tmp_path, [member(3000, 2, 1990, consul=1), member(3000, 20, 1990, consul=1)], 2000)
    with pytest.raises(NotAvailable, match="no column 'organ1'"):
        ar.supranational_readings()[0].judge(evidence(data))


def test_founding(world):
    found = {r.id: r for r in ar.founding_readings()}
    assert {r.cls for r in found.values()} == {"alternative"}
    pi = found["pi-institution"].judge(world)
    assert pi.status == "agree" and "Rice University" in pi.measured and "Florida State University" in pi.measured
    with pytest.raises(NotAvailable, match="does not date the project's start"):
        found["project-start"].judge(world)
    assert set(found) == {"pi-institution", "project-start"}  # the version and coverage: claim version-coverage


# --------------------------------------------------------------------------- the real release

@pytest.mark.realdata
def test_atop_readings_on_51(atop51):
    alliances, members = real_tables(real_dir("5.1"), "5.1")
    ev = Evidence(atop51)
    # ATOPIDs: unique, none missing, every member-file ATOPID in the alliance file
    assert alliances["atopid"].is_unique and alliances["atopid"].notna().all()
    assert members["atopid"].isin(alliances["atopid"]).all()
    assert ar.atop_id_readings()[0].judge(ev).status == "agree"
    # Figure 2's pacts in force in 2018 and those with no other obligation
    live = alliances[alliances["begyr"].le(2018) & (alliances["endyr"].eq(0) | alliances["endyr"].ge(2018))]
    fig2 = live[live["consul"].eq(1) & live["defense"].eq(0)]
    only = fig2[fig2[["offense", "neutral", "nonagg"]].eq(0).all(axis=1)]
    assert (len(only), len(fig2)) == (43, 161)
    consult = judged(ar.consult_definition_readings, ev)
    assert consult["consult-only-pacts"].measured.startswith(f"{len(only)} of the {len(fig2)} pacts")
    assert claim_status([consult["consult-in-crises"], consult["nothing-more"]]) == "partly"
    # ORGAN1's distribution
    counts = alliances["organ1"].value_counts()
    expected = (f"organ1 in ATOP 5.1's {len(alliances)} alliances: 0: {counts[0]}, 1: {counts[1]}, 2: {counts[2]}, "
                f"3: {counts[3]}, not coded: {int(alliances['organ1'].isna().sum())}")
    assert expected == "organ1 in ATOP 5.1's 789 alliances: 0: 518, 1: 108, 2: 96, 3: 54, not coded: 13"
    supra = judged(ar.supranational_readings, ev)
    assert supra["organ1-codes"].measured == expected and supra["organ1-codes"].status == "differ"
    assert supra["permanent-bureaucracy"].measured.startswith(f"{counts[3]} alliances coded organ1 = 3")
    # the variables the memo names
    for column in ("defense", "offense", "neutral", "nonagg", "consul", "begyr", "begmo", "begday"):
        assert column in alliances.columns
    assert "defcoadv" in members.columns and "defcoadv" not in alliances.columns
    assert ar.atop_variables_readings()[0].judge(ev).status == "agree"
    founding = {r.id: r for r in ar.founding_readings()}
    assert founding["pi-institution"].judge(ev).status == "agree"
