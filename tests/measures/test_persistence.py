"""Survival of defense pacts, member spells and exits: hand counts on `tests/fixtures/beyond`
(its README works them out) and checks on the real ATOP 5.1 against plain pandas."""

from __future__ import annotations

import atoplib as al
import pandas as pd
import pytest
from atoplib.measures import persistence

from support import cow_file, one_line


def test_load_majors_reads_spells_and_years_after_the_file(majors):
    assert len(majors) == 8 and list(majors.columns) == ["ccode", "stateabb", "styear", "endyear"]
    assert persistence.is_major(majors, [220, 220, 365, 365, 2, 740], [1942, 1950, 1919, 1955, 2018, 1960]).tolist() == [
        False, True, False, True, True, False]


def test_load_majors_errors_are_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv("COW_MAJORS_FILE", raising=False)
    with pytest.raises(al.DataNotFoundError) as err:
        persistence.load_majors(tmp_path / "nowhere.csv")
    one_line(err, "nowhere.csv", "COW_MAJORS_FILE")
    monkeypatch.setenv("COW_MAJORS_FILE", str(tmp_path / "missing.csv"))
    with pytest.raises(al.DataNotFoundError) as err:
        persistence.load_majors()
    one_line(err, "missing.csv", "COW_MAJORS_FILE")
    bad = tmp_path / "majors.csv"
    bad.write_text("ccode,styear\n2,1898\n")
    with pytest.raises(al.ChecksumError) as err:  # not the official file, whatever it is called
        persistence.load_majors(bad)
    one_line(err, "majors.csv", "not an official COW 2016 file", "ATOP_VERIFY=0")
    with pytest.raises(al.SchemaError) as err:  # read anyway: the missing column is named
        persistence.load_majors(bad, verify=False)
    one_line(err, "majors.csv", "endyear")


def test_groups_follow_the_rules(beyond, majors):
    groups = persistence.pact_groups(beyond, majors).set_index("atopid")["group"]
    assert groups[[3001, 3002, 3009]].tolist() == ["U.S."] * 3
    assert groups[3003] == "Soviet Union"
    assert groups[[3004, 3008]].tolist() == ["other great powers"] * 2  # Russia in 1900 is not the Soviet Union
    assert groups[[3005, 3007]].tolist() == ["all others"] * 2


def test_survival_inputs_match_hand_counts(beyond, majors):
    table = persistence.survival_table(beyond, majors).set_index("atopid")
    assert sorted(table.index) == [3001, 3002, 3003, 3004, 3005, 3007, 3008, 3009]  # defense pacts only
    expected = {3001: (50.9167, False), 3002: (20.0, True), 3003: (36.0, True), 3004: (5.5, True),
                3005: (1.0, True), 3007: (10.5, False), 3008: (10.0, True), 3009: (46.25, False)}
    for atopid, (duration, ended) in expected.items():
        assert table.loc[atopid, "duration"] == pytest.approx(duration, abs=1e-4), atopid
        assert bool(table.loc[atopid, "ended"]) is ended, atopid
    assert table.loc[3001, "censored_at"] == 2000
    alternative = persistence.survival_table(beyond, majors, censor_independence_loss=True).set_index("atopid")
    assert not alternative.loc[3008, "ended"] and alternative["ended"].sum() == 4


def test_medians_and_logrank(beyond, majors):
    table = persistence.survival_table(beyond, majors)
    medians = persistence.median_durations(table).set_index("group")
    assert pd.isna(medians.loc["U.S.", "median_years"])
    assert medians.loc["Soviet Union", "median_years"] == 36.0
    assert medians.loc["other great powers", "median_years"] == 5.5
    assert medians.loc["all others", "median_years"] == 1.0
    assert medians["pacts"].tolist() == [3, 1, 2, 2] and medians["ended"].tolist() == [1, 1, 2, 1]
    tests = persistence.logrank_tests(table)
    assert tests["comparison"].tolist() == ["all groups", "U.S. vs Soviet Union", "U.S. vs other great powers",
                                            "U.S. vs all others"]
    assert tests["df"].tolist() == [3, 1, 1, 1] and tests["p_value"].between(0, 1).all()
    curves = persistence.km_curves(table)
    us = curves[curves["group"].eq("U.S.")]
    # the curve steps at every observed time: 0, the one end at 20 years (1 of 3), then two censored pacts
    assert us["years"].tolist() == pytest.approx([0, 20.0, 46.25, 50.9167], abs=1e-4)
    assert us["survival"].tolist() == pytest.approx([1.0, 2 / 3, 2 / 3, 2 / 3], abs=1e-4)
    assert us["at_risk"].tolist() == [3, 3, 2, 1]


def test_member_spells_chain_phases_and_classify_endings(beyond):
    spells = persistence.member_spells(beyond)
    assert len(spells) == 20  # 9 U.S., 3 Soviet, 8 others (3006 and 3010 are not defense pacts)
    seato = spells[spells["atopid"].eq(3009)].set_index("member")["ending"]
    assert seato.to_dict() == {2: "still a member", 200: "left", 840: "still a member"}
    soviet = spells[spells["atopid"].eq(3003)].set_index("member")
    assert soviet["ending"].to_dict() == {290: "ended with the alliance", 315: "left", 365: "ended with the alliance"}
    assert soviet.loc[290, "entry_year"] == 1955  # the first row of the chained spell
    shares = persistence.exit_shares(spells).set_index("network")
    assert shares.loc["U.S.", ["spells", "ended", "still a member", "ended with the alliance", "left",
                               "lost independence"]].tolist() == [9, 5, 4, 2, 2, 1]
    assert shares.loc["U.S.", "left_share"] == 0.4 and shares.loc["U.S.", "any_exit_share"] == 0.6
    assert shares.loc["Soviet Union", "left_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert shares.loc["others", ["spells", "ended", "left"]].tolist() == [8, 6, 0]


def test_us_exit_timeline_in_words(beyond, states):
    timeline = persistence.us_exit_timeline(beyond)
    assert timeline[["exit_year", "atopid", "member", "ending"]].values.tolist() == [
        [1962, 3001, 40, "left"], [1977, 3009, 200, "left"], [1990, 3001, 140, "lost independence"]]
    assert timeline.loc[0, "how"] == "broken before its scheduled termination date"
    assert timeline.loc[2, "why"].startswith("a member lost political independence")
    labels = persistence.pact_labels(beyond, [3001, 3002], states).set_index("atopid")
    assert labels.loc[3001, "pact"] == "United States of America, Cuba, Mexico and 1 other (1950)"
    assert labels.loc[3002, "pact"] == "United States of America–Japan (1960)"
    assert labels.loc[3001, "members"] == "United States of America; Cuba; Mexico; Brazil"
    query = persistence.TreatyQuery("A named pact", 1960, (2, 740), bilateral=True)
    assert persistence.pact_labels(beyond, [3002], states, (query,))["pact"].tolist() == ["A named pact"]


@pytest.mark.realdata
def test_real_survival_inputs_against_plain_pandas(atop51):
    path = cow_file("majors2016.csv", "COW_MAJORS_FILE")
    if path is None:
        pytest.skip("COW majors2016.csv not found (set COW_MAJORS_FILE or provide ../shared/data/cow)")
    table = persistence.survival_table(atop51, persistence.load_majors(path))
    raw = pd.read_csv(atop51.release.file("a"))
    defense = raw[raw["defense"].eq(1)]
    assert len(table) == len(defense) == 280
    assert (~table["ended"]).sum() == defense["endyr"].eq(0).sum()
    nato = table.set_index("atopid").loc[3180]
    assert nato["duration"] == pytest.approx((2018 * 12 + 12 - (1949 * 12 + 4)) / 12, abs=1e-4)
    members = pd.read_csv(atop51.release.file("m"))
    us_ids = set(members.loc[members["member"].eq(2), "atopid"]) & set(defense["atopid"])
    assert (table["group"] == "U.S.").sum() == len(us_ids)


@pytest.mark.realdata
def test_real_rio_exits_against_plain_pandas(atop51):
    spells = persistence.member_spells(atop51)
    rio = spells[spells["atopid"].eq(3075) & spells["ending"].eq("left")]
    members = pd.read_csv(atop51.release.file("m"))
    raw = members[members["atopid"].eq(3075) & members["yrexit"].gt(0) & members["termmode"].ne(2)]
    assert sorted(rio["member"]) == sorted(raw["member"]) and len(rio) == 6
