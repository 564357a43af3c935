"""Notebooks 04-05's sentences, computed from hand-made counts (not from expected numbers)."""

from __future__ import annotations

import pandas as pd

import atoplib as al


def outlier(rows):
    return pd.DataFrame(rows, columns=["year", "partners", "next_state", "next_partners", "median_partners"])


def test_lead_since_counts_the_unbroken_run_to_the_last_year():
    frame = outlier([(1948, 3, "UKG", 4, 2.0), (1949, 5, "UKG", 4, 2.0), (1950, 5, "UKG", 5, 2.0),
                     (1951, 6, "FRN", 4, 2.0), (1952, 7, "FRN", 4, 2.0)])
    assert al.measures.lead_since(frame) == 1951  # 1950 is a tie: the run restarts after it
    assert al.measures.lead_since(frame[frame["year"].le(1950)]) is None  # tied in the last year


def test_outlier_verdict_says_no_when_another_state_leads():
    frame = outlier([(1990, 4, "RUS", 6, 2.0)])
    soviet = pd.DataFrame({"year": [1990], "partners": [6]})
    text = al.memo.outlier_verdict(frame, soviet, "9.9", 1990)
    assert text.startswith("No: in ATOP 9.9 the U.S. has 4 defense-pact partners in 1990, 0.67 times the next state (RUS, 6).")
    assert "peaked at 6 partners (1990), against 4 for the U.S." in text and "it matched or passed" in text


def test_outlier_sentences_and_verdict_when_the_us_leads():
    frame = outlier([(1990, 10, "RUS", 8, 3.0), (1991, 12, "RUS", 8, 3.0)])
    soviet = pd.DataFrame({"year": [1990, 1991], "partners": [8, 7]})
    assert al.memo.outlier_sentences(frame, 1991) == [
        "In 1991 the U.S. has 12 defense-pact partners; the next state, RUS, has 8 and the median state with a pact 3.",
        "The U.S. has had more partners than any other state every year since 1990.",
    ]
    text = al.memo.outlier_verdict(frame, soviet, "9.9", 1991)
    assert text.startswith("Yes: in ATOP 9.9 the U.S. has 12 defense-pact partners in 1991, 1.50 times the next state")
    assert "led every year since 1990" in text and "it never compared with the U.S. network" in text


def test_cold_war_pairs_sentence():
    share = pd.DataFrame({"year": [1950, 1950, 1960, 1960, 1995], "ccode": [2, 365, 2, 365, 2],
                          "dyads": [20, 10, 30, 5, 40]})
    assert al.memo.cold_war_pairs_sentence(share, 2, 365) == (
        "Cold War years 1950-1960: the U.S. had 2.0 to 6.0 times the Soviet Union's defense-pact partners.")
    assert al.memo.cold_war_pairs_sentence(share[share["year"].eq(1995)], 2, 365) is None


def test_france_sentence_and_flag():
    spells = pd.DataFrame({"entry_year": [1949], "in_force_at_end": [True]})
    no_exits = pd.DataFrame({"ccode": pd.Series([], dtype="int64")})
    assert al.memo.france_never_left(spells, no_exits)
    assert al.memo.france_sentence(spells, no_exits, 3180, 2018) == (
        "France in NATO (ATOPID 3180): member from 1949, still a member at the end of 2018; no exit recorded in 1966 or ever.")
    left = pd.DataFrame({"ccode": [220]})
    assert not al.memo.france_never_left(spells, left)
    assert "an exit is recorded" in al.memo.france_sentence(spells, left, 3180, 2018)
