"""The codebook's code lists (atoplib/data/codebook.py) agree with the real releases."""

from __future__ import annotations

import pandas as pd
import pytest

from atoplib.data.codebook import CATEGORIES, DUMMIES, allowed_codes, describe_codes

from support import real_dir


def test_allowed_codes():
    assert allowed_codes("defense") == {0, 1} and allowed_codes(" ASYMM ") == {0, 1}
    assert allowed_codes("natrefal") == {0, 1, 2, 3, 9}
    assert allowed_codes("length") is None and allowed_codes("refothio") is None
    assert describe_codes(frozenset({0, 1})) == "0 or 1" and describe_codes(frozenset({0, 1, 2})) == "0, 1 or 2"


@pytest.mark.realdata
@pytest.mark.parametrize("version, kind", [("5.1", "a"), ("5.1", "m"), ("4.01", "a"), ("4.01", "m")])
def test_real_files_hold_only_codebook_codes(version, kind):
    folder = real_dir(version) or pytest.skip(f"real ATOP {version} files not found")
    frame = pd.read_csv(folder / f"atop{version.replace('.', '_')}{kind}.csv", low_memory=False)
    checked = 0
    for column in sorted(DUMMIES | set(CATEGORIES)):
        if column in frame.columns:
            assert set(frame[column].dropna().astype(int)) <= allowed_codes(column), column
            checked += 1
    assert checked >= {"a": 25, "m": 50}[kind]
    # refothio is called a dummy but holds 2 in 5.1: that is why it is not listed
    if version == "5.1":
        assert 2 in set(frame["refothio"].dropna().astype(int))
