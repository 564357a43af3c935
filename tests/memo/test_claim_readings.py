"""The readings of the persistence, access, power and network claims on the hand-made releases
(tests/fixtures/beyond and us-mini, counts in their READMEs), the rule that a missing COW table is
n/a naming it, and real ATOP 5.1 findings against plain pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from atoplib.memo import ledger
from atoplib.memo.claims import REGISTRY
from atoplib.memo.evidence import Evidence


def judge(ev: Evidence, claim: str, reading: str):
    """One reading's finding as the ledger records it (a reading the release cannot speak to: n/a)."""
    return ledger.judge(next(r for r in REGISTRY[claim].readings if r.id == reading), ev)


def test_exits_on_hand_counts(beyond):
    ev = Evidence(beyond)
    # U.S. defense-pact memberships (README): 9 spells; Cuba left 3001 in 1962 over a dispute
    # (termcaus 4): an exit; the U.K. left 3009 in 1977 as the problem was resolved (termcaus 3): a
    # wind-down; Brazil lost its independence; 3002 dissolved; 4 still members
    per_membership = judge(ev, "exits-not-at-scale", "memberships")
    assert per_membership.measured.startswith("1 exits among 9 memberships of U.S. defense pacts (11.1%); also 1 "
                                              "wind-down departures, 2 dissolutions, 4 still members")
    assert per_membership.status == "differ"  # 11.1% is more than one in ten
    assert per_membership.exceptions == ("state 40 (COW code) left ATOPID 3001 in 1962",)
    assert judge(ev, "exits-not-at-scale", "ended-memberships").measured.startswith("1 exits among 5 ended")
    stress = judge(ev, "exits-not-at-scale", "wind-down-as-exits/ended")
    assert stress.measured.startswith("2 exits among 5 ended memberships") and stress.status == "differ"


def test_missing_cow_tables_give_na_naming_them(beyond):
    ev = Evidence(beyond)
    v = ledger.verdict("system-robust", ev)
    assert v.status == "n/a" and "COW_MAJORS_FILE" in v.sentence
    found = judge(ev, "access-basing", "versus-great-powers")
    assert found.status == "n/a" and "COW_MAJORS_FILE" in found.reason and "COW_NMC_FILE" in found.reason


def test_robust_held_and_access_on_hand_counts(beyond, majors, nmc, states):
    ev = Evidence(beyond, states=states, nmc=nmc, majors=majors)
    median = judge(ev, "system-robust", "longest-median")  # U.S. not reached; Soviet 36.0; others 5.5, 1.0
    assert median.status == "agree" and "U.S. not reached" in median.measured and "Soviet Union 36.0 years" in median.measured
    persisted = judge(ev, "system-robust", "persisted")  # the first U.S. defense pact (3001) begins in 1950
    assert persisted.status == "partly" and persisted.exceptions == ("1946", "1947", "1948", "1949")
    alive = judge(ev, "system-robust", "still-in-force")  # signed since 1945: U.S. 3001, 3002, 3009; others 3003, 3007
    assert (alive.status, alive.measured) == ("agree", "U.S. 66.7% (2 of 3); others 50.0% (1 of 2)")
    held = judge(ev, "alliance-held", "in-force")  # no NATO, Rio Pact or U.S.-Japan treaty in the fixture
    assert held.status == "n/a" and "North Atlantic" in held.reason
    broken = judge(ev, "alliance-held", "no-pact-broken")  # 3002 ends with term 2: 1 of 3 U.S. defense pacts
    assert broken.status == "differ" and broken.exceptions == ("ATOPID 3002 (1960), ended 1980",)
    # basing (alliance level, any obligation): U.S. 3001 (3), 3006 (2) of 3001, 3002, 3006, 3009; others
    # 3004 (3) of 3003, 3004, 3005, 3007, 3008, 3010
    share = judge(ev, "access-basing", "basing-share")
    assert (share.status, share.measured) == ("agree", "U.S. alliances 50.0% (2 of 4); other alliances 16.7% (1 of 6)")
    pooled = judge(ev, "access-basing", "versus-great-powers")  # USA 1 of 4 (3001) against others 1 of 6 (3004)
    assert (pooled.status, pooled.measured) == ("agree", "U.S. 25.0%; other great powers pooled 16.7% (all years)")


def test_outlier_and_scope_on_us_mini(usmini):
    ev = Evidence(usmini)
    # README: in 1946 nobody has a partner; from 1947 the U.S. leads (3 Rio partners, then more) but
    # in 1947-1948 Cuba, Mexico and Brazil have as many (3: the U.S. and the two others)
    strict = judge(ev, "persistent-outlier", "strict")
    assert strict.status == "differ" and strict.exceptions == ("1946", "1947", "1948")  # 3 of 25 years: 12%
    tied = judge(ev, "persistent-outlier", "tied")
    assert tied.status == "agree"
    scope = judge(ev, "unique-scope-duration", "scope")
    assert scope.status == "agree" and scope.measured.startswith("defense-pact partners in 1970: state 2 (COW code) 7")


@pytest.mark.realdata
def test_real_findings_against_pandas(ev51):
    a = pd.read_csv(ev51.data.release.file("a"))
    m = pd.read_csv(ev51.data.release.file("m"))
    us = a["atopid"].isin(m.loc[m["member"].eq(2), "atopid"])
    base = a["base"].gt(0)
    expected = f"U.S. alliances {100 * base[us].mean():.1f}% ({base[us].sum()} of {us.sum()})"
    assert judge(ev51, "access-basing", "basing-share").measured.startswith(expected)
    # exits from U.S. defense pacts: members leaving a pact that goes on, not a wind-down
    us_defense = a.loc[a["defense"].eq(1) & us, "atopid"]
    rows = m[m["atopid"].isin(us_defense)]
    left = rows[rows["termmode"].eq(3) & rows["termcaus"].ne(3)]
    ended_with = rows.merge(a[["atopid", "endyr"]], on="atopid")
    left = left.merge(a[["atopid", "endyr"]], on="atopid")
    left = left[left["endyr"].eq(0) | left["yrexit"].lt(left["endyr"])]
    found = judge(ev51, "exits-not-at-scale", "memberships")
    assert found.measured.startswith(f"{len(left)} exits among")
    assert len(ended_with) >= len(left)
    nato = ledger.verdict("nato-today", ev51)
    assert nato.status == "n/a" and nato.sentence.startswith("The memo asks rather than claims")
