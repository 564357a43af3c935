"""The written rules (atoplib.memo.rules): the quantifier rule and how a claim's status follows from
its stated readings, on cases worked out by hand. The same rule decides where the data agree with
the memo and where they do not: each judge is checked on both sides of its threshold."""

from __future__ import annotations

import pytest

from atoplib.memo import rules
from atoplib.memo.types import Finding


def test_universal_rule_agree_partly_differ_at_one_in_ten():
    twenty = {y: True for y in range(2000, 2020)}
    assert rules.judge_every(twenty, "m", "years").status == "agree"
    two_bad = {**twenty, 2003: False, 2004: False}  # 2 of 20 = 10%: still partly
    found = rules.judge_every(two_bad, "m", "years", years=True)
    assert found.status == "partly" and found.exceptions == ("2003", "2004")
    assert found.reason == "2 of 20 years (10.0%) are exceptions: 2003-2004"
    three_bad = {**two_bad, 2010: False}  # 3 of 20 = 15%
    assert rules.judge_every(three_bad, "m", "years").status == "differ"
    assert rules.judge_every({}, "m", "years").status == "n/a"


def test_majority_rule_is_strictly_more_than_half():
    assert rules.judge_most(6, 10, "m", "pacts").status == "agree"
    found = rules.judge_most(5, 10, "m", "pacts", exceptions=["a", "b"])
    assert found.status == "differ" and found.reason.endswith("the others: a and b")
    assert rules.judge_most(0, 0, "m", "pacts").status == "n/a"


def test_plurality_rule_first_tied_behind():
    assert rules.judge_first({"us": 5, "fr": 3}, "us", "m", "partners").status == "agree"
    tied = rules.judge_first({"us": 5, "fr": 5, "uk": 1}, "us", "m", "partners")
    assert tied.status == "partly" and tied.exceptions == ("fr",)
    behind = rules.judge_first({"us": 4, "fr": 5, "uk": 6}, "us", "m", "partners")
    assert behind.status == "differ" and behind.reason.endswith("uk and fr ahead")


def test_few_rule_at_one_in_ten():
    assert rules.judge_few(10, 100, "m", "memberships").status == "agree"
    assert rules.judge_few(11, 100, "m", "memberships").status == "differ"


def test_approximate_bands():
    under = rules.just_under(60)
    assert (under[0], under[1]) == (54, 60)
    assert rules.in_band(54, under) and rules.in_band(59, under) and not rules.in_band(60, under)
    assert not rules.in_band(53, under)
    near = rules.nearly(150)
    assert rules.in_band(150, near) and rules.in_band(135, near) and not rules.in_band(151, near)
    steady = rules.judge_band({1992: 55, 1993: 59, 1994: 61}, under, "m", "years")
    assert steady.status == "differ" and steady.exceptions == ("1994",)  # 1 of 3 outside: more than one in ten


def test_magnitudes():
    assert rules.judge_change(48, 44, "m", "down").status == "agree"
    assert rules.judge_change(48, 48, "m", "down").status == "differ"
    surge = rules.judge_change(44, 88, "m", "up", rules.SURGE)
    assert surge.status == "agree" and surge.reason.startswith("2.00 times the baseline")
    assert rules.judge_change(44, 87, "m", "up", rules.SURGE).status == "differ"


@pytest.mark.parametrize("statuses, expected", [
    (["agree"], "agree"), (["agree", "agree"], "agree"), (["differ", "differ"], "differ"),
    (["agree", "differ"], "partly"), (["partly"], "partly"), (["agree", "partly"], "partly"),
    (["agree", "n/a"], "n/a"),  # a stated reading this release cannot test: never judged on the rest
    ([], "n/a"),
])
def test_claim_status_from_the_stated_readings(statuses, expected):
    assert rules.claim_status([Finding("m", s, "r") for s in statuses]) == expected


def test_a_claim_no_data_can_test():
    assert rules.claim_status([], testable=False) == "not testable"


def test_words():
    assert rules.years_text([1967, 1977, 1978, 1979, 1981]) == "1967, 1977-1979 and 1981"
    assert rules.listed(list("abcdefgh"), 3) == "a, b, c and 5 more"
    assert rules.pct(0.147) == "14.7%" and rules.pct(float("nan")) == "n/a"
    assert [name for name, _, _ in rules.RULE_TEXT][:3] == ["Universal words", "Majority words", "Plurality words"]
