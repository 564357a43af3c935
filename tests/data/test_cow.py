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


@pytest.mark.realdata
def test_a_cow_file_under_another_name_is_verified_by_content(tmp_path):
    """Issue 13, case 3: a renamed copy of the official NMC file is accepted (and says so); a
    renamed, half-truncated copy is refused in one line, as an edited ATOP file is."""
    from support import cow_file

    official = cow_file("NMC-60-abridged.csv", "COW_NMC_FILE")
    if official is None:
        pytest.skip("COW NMC 6.0 file not found (set COW_NMC_FILE or provide ../shared/data/cow)")
    lines = official.read_text().splitlines(keepends=True)
    renamed = tmp_path / "my-nmc.csv"
    renamed.write_text("".join(lines))
    with pytest.warns(al.AtopWarning, match="my-nmc.csv is the official COW 6.0 file .* under another name"):
        assert len(al.data.load_nmc(renamed)) == len(lines) - 1
    half = tmp_path / "nmc-half.csv"
    half.write_text("".join(lines[: len(lines) // 2]))
    with pytest.raises(al.ChecksumError, match=r"nmc-half.csv: not an official COW 6.0 file: .* set ATOP_VERIFY=0"):
        al.data.load_nmc(half)
    assert len(al.data.load_nmc(half, verify=False)) == len(lines) // 2 - 1
