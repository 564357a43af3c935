"""Counts of alliances in force, checked against hand counts on the `mini` fixture and
against documented figures of the real ATOP 5.1 and 4.01 releases."""

import pandas as pd
import pytest

import atoplib as al


def counts(data, provision, **kw):
    return al.measures.counts_by_year(data, provision, **kw).set_index("year")["count"]


def test_mini_coverage_and_flags(mini):
    assert mini.version == "5.9"
    assert mini.coverage == (1815, 1920)
    still = mini.alliances.set_index("atopid")["in_force_at_end"]
    assert still.to_dict() == {1001: False, 1002: True, 1003: False, 1004: True, 1005: False, 1006: True}
    assert mini.alliances.set_index("atopid").loc[1002, "endyr"] is pd.NA
    # blank day kept missing, and a 0 day turned into missing
    m = mini.members
    assert m.loc[(m.atopid == 1002) & (m.member == 710), "dayent"].isna().all()
    assert str(mini.alliances["atopid"].dtype) == "Int64"


def test_mini_defense_counts_by_hand(mini):
    c = counts(mini, "defense", start_year=1899)
    expected = {1899: 0, 1900: 1, 1901: 0, 1902: 1, 1909: 1, 1910: 2, 1915: 2, 1916: 1, 1920: 1}
    assert {y: int(c[y]) for y in expected} == expected
    assert list(c.index) == list(range(1899, 1921))


def test_mini_consultative_counts_by_hand(mini):
    c = counts(mini, "consult-only", start_year=1900)
    assert [int(c[y]) for y in (1904, 1905, 1919, 1920)] == [0, 1, 1, 2]
    f = counts(mini, "consult-nonagg", start_year=1900)
    assert int(f[1904]) == 0 and int(f[1905]) == 1 and int(f[1920]) == 1


def test_alliance_years_same_year_alliance_counts_once(mini):
    ay = al.measures.alliance_years(mini, "defense", start_year=1900)
    assert ay[ay.atopid == 1001]["year"].tolist() == [1900]
    assert ay.groupby("year").size().get(1910) == 2


def test_membership_years_reentry_and_phases(mini):
    my = al.measures.membership_years(mini, start_year=1900)
    years_200 = my[(my.atopid == 1003) & (my.member == 200)]["year"].tolist()
    assert years_200 == [1902, 1903, 1904, 1905, 1906, 1910, 1911, 1912, 1913, 1914, 1915]
    # defense read per member and phase: in 1004 only the U.S. (2) promises defense, from 1912
    d = al.measures.membership_years(mini, "defense", start_year=1900)
    assert sorted(d[d.atopid == 1004]["member"].unique().tolist()) == [2]
    assert d[(d.atopid == 1004)]["year"].min() == 1912


def test_signing_shares_by_era(mini):
    eras = (("1900-1904", 1900, 1904), ("1905-end", 1905, None))
    t = al.measures.signing_shares(mini, eras=eras).set_index("period")
    assert t.loc["1900-1904", "signed"] == 2 and t.loc["1900-1904", "defense"] == 2
    assert t.loc["1905-end", "signed"] == 4
    assert t.loc["1905-end", "consult-only"] == 2
    assert t.loc["1905-end", "consult-only_share"] == 0.5
    assert t.loc["1905-end", "last_year"] == 1920


def test_year_range_errors(mini):
    with pytest.raises(al.ParameterError, match="start_year 1910 is after end_year 1905"):
        al.measures.counts_by_year(mini, "defense", start_year=1910, end_year=1905)
    with pytest.raises(al.ParameterError, match="outside ATOP 5.9's coverage 1815-1920"):
        al.measures.counts_by_year(mini, "defense", end_year=2000)


@pytest.mark.realdata
def test_real_51_documented_facts(atop51):
    a = atop51.alliances.set_index("atopid")
    assert len(a) == 789 and atop51.version == "5.1" and atop51.coverage == (1815, 2018)
    nato = a.loc[3180]
    assert (nato["begyr"], nato["defense"], bool(nato["in_force_at_end"])) == (1949, 1, True)
    assert bool(al.measures.get_provision("consult-only").mask(a.loc[[4980]]).iloc[0])
    c = counts(atop51, "defense")
    assert 1960 <= c.idxmax() <= 1989
    assert c.index.min() == 1815 and c.index.max() == 2018


@pytest.mark.realdata
def test_real_51_figure_values(atop51):
    """The values the notebooks report (computed independently with plain pandas here)."""
    a = atop51.alliances
    end = a["endyr"].fillna(2018)
    for provision, rule in [
        ("defense", a.defense == 1),
        ("consult-only", (a.consul == 1) & (a.defense == 0)),
        ("consult-nonagg", (a.consul == 1) & (a.nonagg == 1) & (a.defense == 0)),
    ]:
        c = counts(atop51, provision)
        for year in (1950, 1967, 1991, 2018):
            assert c[year] == int(((a.begyr <= year) & (end >= year) & rule).sum())
    c = counts(atop51, "defense")
    assert (c.idxmax(), c.max(), c[1991], c[2018]) == (1967, 63, 48, 48)
    assert counts(atop51, "consult-only")[2018] == 161


@pytest.mark.realdata
def test_real_401_coverage(atop401):
    assert atop401.version == "4.01" and atop401.coverage == (1815, 2016)
    assert len(atop401.alliances) == 745
    assert counts(atop401, "defense").index.max() == 2016


def test_line_figure_with_no_rows_says_so(tmp_path):
    """A figure whose data are empty (nothing signed in the years asked for) is drawn, not a crash."""
    import pandas as pd

    empty = pd.DataFrame({"year": pd.Series([], dtype="int64"), "count": pd.Series([], dtype="int64")})
    fig = al.figures.line_figure(empty, "Empty", "Count", "note")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["No data to plot for these years"]
    out = al.figures.save_figure(fig, empty, "empty", tmp_path)
    assert out["csv"].read_text() == "year,count\n"
