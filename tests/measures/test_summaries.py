"""The numbers behind chapters 01-03 (atoplib.measures.summaries): hand counts on the `mini`
fixture and hand-made tables. The memo's claims themselves are the ledger's (tests/memo)."""

import pandas as pd
import pytest

import atoplib as al


def counts(data, provision, **kw):
    return al.measures.counts_by_year(data, provision, **kw)


def frame(values: dict[int, int]) -> pd.DataFrame:
    return pd.DataFrame({"year": list(values), "count": list(values.values())})


def test_measurements_on_mini_by_hand(mini):
    defense = counts(mini, "defense", start_year=1899)
    consult = counts(mini, "consult-only", start_year=1899)
    # mini README: defense 1900: 1; 1901: 0; 1902-1909: 1; 1910-1915: 2; 1916-1920: 1
    assert al.measures.peak(defense) == (1910, 2)
    assert al.measures.peak_years(defense) == [1910, 1911, 1912, 1913, 1914, 1915]
    assert al.measures.values_at(defense, [1901, 1950, 1910, 1901]).to_dict("list") == {"year": [1901, 1910], "count": [0, 2]}
    assert al.measures.level(defense, 1910, 1915) == {"first": 1910, "last": 1915, "min": 2, "max": 2, "mean": 2.0}
    assert al.measures.level(defense, 1992) is None
    # consult-only (1905-1919: 1, 1920: 2) exceeds defense only in 1920
    assert al.measures.spans_above(defense, consult) == [(1920, 1920)]
    wide = al.measures.side_by_side({"d": defense, "c": consult})
    assert wide.loc[wide.year == 1920, ["d", "c"]].values.tolist() == [[1, 2]]
    long = al.measures.stacked({"d": defense, "c": consult})
    assert list(long.columns) == ["year", "series", "count"] and len(long) == 2 * 22


def test_spans_above_several_runs():
    lower = frame({2000: 5, 2001: 5, 2002: 5, 2003: 5, 2004: 5})
    upper = frame({2000: 6, 2001: 4, 2002: 6, 2003: 7, 2004: 5})
    assert al.measures.spans_above(lower, upper) == [(2000, 2000), (2002, 2003)]


def test_defense_given_consultation_by_hand(mini):
    eras = (("1900-1904", 1900, 1904), ("1905-end", 1905, None))
    shares = al.measures.signing_shares(mini, eras=eras, provisions=("defense", "consult-only", "consul"))
    given = al.measures.defense_given_consultation(shares).set_index("period")
    # 1900-1904: 1001 (defense+consul), 1003 (defense) -> 1 consultation pact, which also promises defense
    assert given.loc["1900-1904"].tolist() == [1, 1, 1.0]
    # 1905-: 1002 and 1006 consultation only, 1004 consultation + defense
    assert given.loc["1905-end", ["consul", "with_defense"]].tolist() == [3, 1]
    assert given.loc["1905-end", "share"] == pytest.approx(0.3333)
    long = al.measures.long_shares(shares, {"defense": "Defense"})
    assert long["percent"].tolist() == [100.0, 25.0] and long["midyear"].tolist() == [1902.0, 1912.5]
