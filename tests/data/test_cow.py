"""add_state_names: COW labels inserted after the code column, unknown codes labelled, pairs."""

from __future__ import annotations

import pandas as pd
import pytest

import atoplib as al

#: Three COW states, typed by hand (a stand-in for states2016.csv).
STATES = pd.DataFrame({"ccode": [2, 220, 365], "stateabb": ["USA", "FRN", "RUS"],
                       "statenme": ["United States of America", "France", "Russia"]})


def test_names_go_right_after_the_code():
    frame = pd.DataFrame({"year": [1950, 1950], "ccode": [220, 2], "partners": [3, 5]})
    out = al.data.add_state_names(frame, name="name", states=STATES)
    assert list(out.columns) == ["year", "ccode", "state", "name", "partners"]
    assert out["state"].tolist() == ["FRN", "USA"]
    assert out["name"].tolist() == ["France", "United States of America"]
    assert list(frame.columns) == ["year", "ccode", "partners"]  # the input is left alone


def test_unknown_codes_are_labelled_not_dropped():
    out = al.data.add_state_names(pd.DataFrame({"ccode": [2, 8152]}), states=STATES)
    assert out["state"].tolist() == ["USA", "non-COW 8152"] and len(out) == 2


def test_both_sides_of_a_pair():
    ties = pd.DataFrame({"year": [1960], "ccode_a": [2], "ccode_b": [365]})
    ties = al.data.add_state_names(ties, code="ccode_a", abbreviation="state_a", states=STATES)
    ties = al.data.add_state_names(ties, code="ccode_b", abbreviation="state_b", states=STATES)
    assert list(ties.columns) == ["year", "ccode_a", "state_a", "ccode_b", "state_b"]
    assert ties.iloc[0].tolist() == [1960, 2, "USA", 365, "RUS"]


def test_an_existing_label_column_is_replaced_not_doubled():
    out = al.data.add_state_names(pd.DataFrame({"ccode": [220], "state": ["old"]}), states=STATES)
    assert out.columns.tolist() == ["ccode", "state"] and out["state"].tolist() == ["FRN"]


def test_a_frame_without_the_code_column_is_one_line():
    with pytest.raises(al.ParameterError, match="no column 'member'"):
        al.data.add_state_names(pd.DataFrame({"ccode": [2]}), code="member", states=STATES)
