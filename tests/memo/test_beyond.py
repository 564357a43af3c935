"""The readings of notebooks 09-11's claims: hand counts on `tests/fixtures/beyond` (README), the
missing-input rule, and the real ATOP 5.1 findings checked against plain pandas."""

from __future__ import annotations

import atoplib as al
import pandas as pd
import pytest
from atoplib.measures import persistence
from atoplib.memo import beyond as b
from atoplib.memo import beyond_text as text
from atoplib.memo.types import Evidence, Finding, Reading

from support import cow_file

KEYS = ["exits-not-at-scale", "system-robust", "alliance-held", "access-basing", "nato-today"]




def judge(ev: Evidence, claim: str, reading: str) -> Finding:
    return next(r for r in b.READINGS[claim] if r.id == reading).judge(ev)


def test_readings_shape():
    assert list(b.READINGS) == KEYS
    for claim, readings in b.READINGS.items():
        assert len(readings) >= 2 and all(isinstance(r, Reading) for r in readings), claim
        assert len({r.id for r in readings}) == len(readings), claim


def test_exit_readings_on_hand_counts(beyond):
    ev = Evidence(beyond)
    ten = judge(ev, "exits-not-at-scale", "under-10-percent")
    assert (ten.status, ten.measured) == ("differ", "40.0% (2 of 5 ended spells)")
    assert judge(ev, "exits-not-at-scale", "under-25-percent").status == "differ"
    every = judge(ev, "exits-not-at-scale", "all-spells")
    assert (every.status, every.measured.split(" (")[0]) == ("differ", "22.2%")  # 2 of 9
    versus = judge(ev, "exits-not-at-scale", "versus-other-networks")
    assert versus.status == "differ" and versus.measured == "U.S. 40.0%; Soviet Union 33.3%; others 0.0%"


def test_missing_cow_inputs_give_na_naming_them(beyond):
    ev = Evidence(beyond)
    for claim, reading in (("system-robust", "longest-median"), ("access-basing", "versus-great-powers"),
                           ("nato-today", "full-model")):
        found = judge(ev, claim, reading)
        assert found.status == "n/a" and "COW_MAJORS_FILE" in found.reason, reading
    assert "COW_NMC_FILE" in judge(ev, "access-basing", "versus-great-powers").reason


def test_robust_held_and_access_readings_on_hand_counts(beyond, majors, nmc, states):
    ev = Evidence(beyond, states=states, nmc=nmc, majors=majors)
    median = judge(ev, "system-robust", "longest-median")
    assert median.status == "agree" and median.measured.startswith("U.S. not reached; Soviet Union 36.0 years")
    alive = judge(ev, "system-robust", "still-in-force")  # signed since 1945: U.S. 3001, 3002, 3009; others 3003, 3007
    assert (alive.status, alive.measured) == ("agree", "U.S. 66.7% (2 of 3); others 50.0% (1 of 2)")
    with pytest.warns(al.AtopWarning, match="no alliance matching 'North Atlantic Treaty"):
        assert judge(ev, "alliance-held", "named-tensions").status == "n/a"  # no NATO in the fixture
    assert judge(ev, "alliance-held", "tension-years").measured == "no exit"  # 1962 and 1977 only
    broken = judge(ev, "alliance-held", "no-pact-broken")  # 3002 ends with term 2: 1 of 3 >= 25%
    assert broken.status == "differ" and broken.measured.startswith("1 of 3 U.S. defense pacts ended broken")
    share = judge(ev, "access-basing", "one-way-share")
    assert (share.status, share.measured) == ("agree", "U.S. alliances 25.0% (1 of 4); others 16.7% (1 of 6)")
    pooled = judge(ev, "access-basing", "versus-great-powers")
    assert (pooled.status, pooled.measured) == ("agree", "U.S. 25.0%; other great powers 16.7%")
    each = judge(ev, "access-basing", "versus-each-great-power-since-1946")
    assert each.status == "agree"  # since 1946 the U.K. (3006, 3009) has no one-way pact
    nato = judge(ev, "nato-today", "without-asymmetry")
    assert nato.status == "n/a" and "3180" in nato.reason


def test_sentences_and_tables(beyond, majors, nmc, states):
    ev = Evidence(beyond, states=states, majors=majors)
    lines = b.verdict_sentences(ev, "exits-not-at-scale")
    assert len(lines) == 4 and lines[0].startswith("If the words mean that fewer than 10%")
    assert "the data differ from the memo" in lines[0]
    shares = persistence.exit_shares(persistence.member_spells(beyond))
    assert text.exit_sentence(shares).endswith("U.S. 40.0% (2 of 5); Soviet Union 33.3% (1 of 3); others 0.0% (0 of 6).")
    exits = text.us_exit_table(beyond, states)
    assert exits[["exit_year", "state"]].values.tolist() == [[1962, "Cuba"], [1977, "United Kingdom"], [1990, "Brazil"]]
    assert exits.loc[1, "pact"] == "United States of America–United Kingdom–Philippines (1954)"
    one_way = text.one_way_table(beyond, nmc, states)
    assert one_way[["atopid", "strongest_at_signing"]].values.tolist() == [[3001, "United States of America"]]
    from atoplib.present.display import show_table

    shown = repr(show_table(pd.DataFrame({"state_name": ["Cuba"], "left_share": [0.4]}), percent=("left_share",)))
    assert shown.splitlines() == ["state name  left share (%)", "Cuba                    40"]


@pytest.fixture(scope="module")
def real_evidence(atop51, states_file):
    nmc_path = cow_file("NMC-60-abridged.csv", "COW_NMC_FILE")
    majors_path = cow_file("majors2016.csv", "COW_MAJORS_FILE")
    if nmc_path is None or majors_path is None:
        pytest.skip("COW NMC or majors file not found (COW_NMC_FILE, COW_MAJORS_FILE or ../shared/data/cow)")
    return Evidence(atop51, states=al.data.load_states(states_file), nmc=al.data.load_nmc(nmc_path),
                    majors=persistence.load_majors(majors_path))


@pytest.mark.realdata
def test_real_readings(real_evidence, atop51):
    ev = real_evidence
    for claim, readings in b.READINGS.items():
        for reading in readings:
            found = reading.judge(ev)
            assert found.status in ("agree", "partly", "differ", "n/a") and "\n" not in found.reason, reading.id
    # one-way basing shares against plain pandas on the raw files
    a = pd.read_csv(atop51.release.file("a"))
    m = pd.read_csv(atop51.release.file("m"))
    us = a["atopid"].isin(m.loc[m["member"].eq(2), "atopid"])
    expected = f"U.S. alliances {100 * a[us]['base'].eq(3).mean():.1f}% ({a[us]['base'].eq(3).sum()} of {us.sum()})"
    assert judge(ev, "access-basing", "one-way-share").measured.startswith(expected)
    held = judge(ev, "alliance-held", "named-tensions")
    assert held.status == "agree"  # NATO and U.S.-Japan 1960 in force, no member's own exit (West Germany: unification)
    nato = judge(ev, "nato-today", "full-model")
    assert nato.status == "n/a" and nato.measured.endswith("signed 2018")
    assert b.verdict_sentences(ev, "nato-today")[0].startswith("Predicted probability of a defense clause")
