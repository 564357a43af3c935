"""What changed between two releases: a hand-made base/new pair whose changes are known by
construction, and the real 4.01 -> 5.1 facts counted independently from the raw CSVs."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import atoplib as al
from atoplib.data import base

from support import FIXTURES, real_dir

MINI = FIXTURES / "mini"


def differing(comparison) -> pd.DataFrame:
    """The yearly rows where both releases count and the counts differ."""
    y = comparison.yearly
    return y[y["difference"].fillna(0).ne(0)].reset_index(drop=True)


def write_next_release(root) -> None:
    """ATOP "6.1": the mini fixture (5.9, coverage to 1920) with these edits, one per kind of change:

    * 1005 removed (members 365, 220);
    * 1007 added: signed 1921, consultation only, members 2 and 20 -> coverage now ends 1921;
    * 1002 (in force at the end of 1920) ends in 1921: news after the base's coverage ("ended");
    * 1003 nonagg 0 -> 1 ("recoded": nonagg);
    * 1004 ends in 1915 instead of staying in force: a recode inside the base's coverage
      (endyr, endmo, endday, ineffect);
    * 1006 gains member 365 ("recoded": members);
    * 1001 unchanged; a new column ``cyber`` that the base lacks (not compared).
    """
    a = pd.read_csv(MINI / "atop5_9a.csv", dtype={"version": str}).set_index("atopid")
    m = pd.read_csv(MINI / "atop5_9m.csv", dtype={"version": str})
    a = a.drop(index=1005)
    m = m[m.atopid != 1005]
    a.loc[1002, ["endyr", "endmo", "endday", "ineffect"]] = [1921, 3, 1, 0]
    m.loc[m.atopid == 1002, ["yrexit", "moexit", "dayexit", "ineffect"]] = [1921, 3, 1, 0]
    m.loc[(m.atopid == 1002) & (m.member == 710), ["yrexit", "moexit", "dayexit", "ineffect"]] = [1911, 12, 31, 0]
    a.loc[1003, "nonagg"] = 1
    m.loc[m.atopid == 1003, "nonagg"] = 1  # recoded for its members too: the alliance code is their maximum
    a.loc[1004, ["endyr", "endmo", "endday", "ineffect"]] = [1915, 6, 30, 0]
    m.loc[m.atopid == 1004, ["yrexit", "moexit", "dayexit", "ineffect"]] = [1915, 6, 30, 0]
    row = a.loc[1006].copy()
    a.loc[1007] = row
    a.loc[1007, ["begyr", "begmo", "begday"]] = [1921, 5, 1]
    new_members = m[m.atopid == 1006].copy()
    added = new_members.assign(atopid=1007, yrent=1921, moent=5, dayent=1)
    joined = new_members.iloc[[0]].assign(member=365)
    m = pd.concat([m, joined, added], ignore_index=True)
    a["cyber"] = 0
    a["version"] = m["version"] = "6.1"
    a.reset_index().to_csv(root / "atop6_1a.csv", index=False)
    m.to_csv(root / "atop6_1m.csv", index=False)


@pytest.fixture
def pair(tmp_path, mini):
    write_next_release(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        new = al.load_atop(tmp_path)
    assert new.coverage == (1815, 1921)
    return mini, new


def test_release_changes_on_the_hand_made_pair(pair):
    base, new = pair
    changes = al.measures.release_changes(base, new)
    got = {int(r.atopid): (r.change, r.variables, r.members_added, r.members_removed) for r in changes.itertuples()}
    assert got == {
        1007: ("added", "", "2 20", ""),
        1005: ("removed", "", "", "220 365"),
        1003: ("recoded", "nonagg", "", ""),
        1004: ("recoded", "endyr endmo endday ineffect", "", ""),
        1006: ("recoded", "members", "365", ""),
        1002: ("ended", "", "", ""),
    }
    assert changes["change"].tolist() == ["added", "removed", "recoded", "recoded", "recoded", "ended"]
    assert changes.set_index("atopid").loc[1005, "begyr"] == 1908
    assert list(changes.columns) == ["atopid", "change", "begyr", "variables", "members_added", "members_removed"]
    summary = al.measures.change_summary(changes).set_index("change")["alliances"].to_dict()
    assert summary == {"added": 1, "removed": 1, "recoded": 3, "ended": 1}


def test_recoded_values_on_the_hand_made_pair(pair):
    base, new = pair
    values = al.measures.recoded_values(base, new)
    rows = [(int(r.atopid), r.variable, None if pd.isna(r.base) else int(r.base), int(r.new)) for r in values.itertuples()]
    assert rows == [
        (1003, "nonagg", 0, 1),
        (1004, "endyr", None, 1915),
        (1004, "endmo", None, 6),
        (1004, "endday", None, 30),
        (1004, "ineffect", 1, 0),
    ]
    assert "cyber" not in al.measures.compared_columns(base, new)
    assert "version" not in al.measures.compared_columns(base, new)


def test_reversed_pair_mirrors_the_changes(pair):
    base, new = pair
    back = al.measures.release_changes(new, base).set_index("atopid")
    assert back.loc[1005, "change"] == "added" and back.loc[1007, "change"] == "removed"
    assert back.loc[1006, "members_removed"] == "365"
    assert back.loc[1002, "change"] == "ended"  # ended 1921 in one release, after the other's coverage


def test_identical_releases_have_no_changes(mini):
    changes = al.measures.release_changes(mini, mini)
    assert changes.empty and list(changes.columns)[:2] == ["atopid", "change"]
    assert al.measures.change_summary(changes)["alliances"].tolist() == [0, 0, 0, 0]


def test_yearly_differences_on_the_hand_made_pair(pair):
    base, new = pair
    diff = al.measures.yearly_differences(base, new).set_index(["provision", "year"])
    assert list(diff.columns) == ["base", "new", "difference"]
    d = diff.loc["defense"]
    # base: 1916-1920 one defense pact (1004); new: 1004 ended in 1915 -> 0
    assert d.loc[1916:1920, "difference"].tolist() == [-1] * 5
    assert d.loc[1910:1915, "difference"].tolist() == [0] * 6
    # 1921: only the new release covers it; no invented zero for the base
    assert d.loc[1921, "base"] is pd.NA and d.loc[1921, "difference"] is pd.NA and d.loc[1921, "new"] == 0
    k = diff.loc["consult-only"]
    # 1920: 1002 and 1006 in both; 1921: 1002, 1006 and the new 1007
    assert (k.loc[1920, "base"], k.loc[1920, "new"], k.loc[1921, "new"]) == (2, 2, 3)
    assert diff.index.get_level_values("year").min() == 1815
    assert len(diff) == 2 * (1921 - 1815 + 1)


def test_overlay_counts_each_release_over_its_own_coverage(pair):
    base, new = pair
    overlay = al.measures.overlay_counts(base, new, "defense")
    assert overlay.groupby("release")["year"].max().to_dict() == {"ATOP 5.9": 1920, "ATOP 6.1": 1921}


@pytest.mark.realdata
def test_real_401_to_51_changes(atop401, atop51):
    raw_a = {v: pd.read_csv(next(real_dir(v).rglob(f"atop{v.replace('.', '_')}a.csv"))) for v in ("4.01", "5.1")}
    old, new = set(raw_a["4.01"]["atopid"]), set(raw_a["5.1"]["atopid"])
    assert (len(old), len(new)) == (745, 789)
    changes = al.measures.release_changes(atop401, atop51)
    kinds = changes.groupby("change")["atopid"].apply(lambda s: set(s.astype(int)))
    assert kinds["added"] == new - old and len(new - old) == 45
    assert kinds["removed"] == old - new == {6065}
    # 4735 was in force at the end of 2016 (4.01) and ended in 2018 (5.1): news, not a recode
    assert kinds["ended"] == {4735}
    a4 = raw_a["4.01"].set_index("atopid")
    a5 = raw_a["5.1"].set_index("atopid")
    assert a4.loc[4735, "endyr"] == 0 and a5.loc[4735, "endyr"] == 2018
    # recoded: independent count over the raw CSVs (shared columns, release markers left out)
    common = sorted(old & new)
    cols = [c for c in a4.columns if c in a5.columns and c not in ("version",)]
    x, y = a4.loc[common, cols], a5.loc[common, cols]
    differs = ~((x == y) | (x.isna() & y.isna()))
    recoded_raw = set(differs.index[differs.any(axis=1)]) - {4735}
    assert kinds["recoded"] == recoded_raw and len(recoded_raw) == 29
    values = al.measures.recoded_values(atop401, atop51)
    assert values[values.atopid == 4485][["variable", "base", "new"]].values.tolist() == [["nonagg", 0, 1]]
    assert al.measures.variable_summary(values).iloc[0].tolist() == ["agprois", 19]


@pytest.mark.realdata
def test_real_yearly_differences_401_to_51(atop401, atop51):
    diff = al.measures.yearly_differences(atop401, atop51).set_index(["provision", "year"])
    assert diff.loc[("defense", 2016)].tolist() == [46, 48, 2]
    assert diff.loc[("consult-only", 2016)].tolist() == [153, 160, 7]
    assert diff.loc[("defense", 2018), "base"] is pd.NA and diff.loc[("defense", 2018), "new"] == 48
    # both releases agree on the Cold War peak
    assert diff.loc[("defense", 1967)].tolist() == [63, 63, 0]


# --------------------------------------------------------------------------- finding the base release

@pytest.fixture
def two_release_folder(tmp_path):
    """One folder holding two releases, each in ATOP's own folder naming."""
    import shutil

    shutil.copytree(MINI, tmp_path / "ATOP 5.9 (.csv)")
    (tmp_path / "ATOP 6.1 (.csv)").mkdir()
    write_next_release(tmp_path / "ATOP 6.1 (.csv)")
    return tmp_path


def _quiet(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return fn(*args, **kw)


def test_load_base_from_argument_env_or_the_new_releases_folder(two_release_folder, tmp_path_factory, monkeypatch):
    monkeypatch.delenv(base.BASE_DATA_DIR_ENV, raising=False)
    new = _quiet(al.load_atop, two_release_folder, "6.1")
    # 3. the folder the new release came from holds 5.9 as well
    assert _quiet(al.data.load_base, "5.9", new=new).version == "5.9"
    # 1. an explicit folder wins
    assert _quiet(al.data.load_base, "5.9", two_release_folder / "ATOP 5.9 (.csv)").coverage == (1815, 1920)
    # 2. the environment variable
    monkeypatch.setenv(base.BASE_DATA_DIR_ENV, str(MINI))
    assert _quiet(al.data.load_base, "5.9").release.source == str(MINI)


def test_load_base_missing_names_the_ways_to_pass_it(mini, monkeypatch):
    monkeypatch.delenv(base.BASE_DATA_DIR_ENV, raising=False)
    with pytest.raises(al.DataNotFoundError) as err:
        al.data.load_base("4.01", new=mini)
    message = str(err.value)
    assert "no ATOP 4.01 release found to compare with" in message
    assert "base_data_dir" in message and "ATOP_BASE_DATA_DIR" in message and "\n" not in message
    assert al.data.load_base("4.01", new=mini, missing_ok=True) is None
    # a wrong version in the folder given: the loader's message, plus how to pass the base
    with pytest.raises(al.DataNotFoundError, match="holds ATOP 5.9, not 4.01.*base_data_dir"):
        al.data.load_base("4.01", MINI)


def test_comparison_of_the_hand_made_pair(pair):
    base, new = pair
    comparison = al.present.Comparison(base, new)
    assert comparison.overview()["release"].tolist() == ["ATOP 5.9", "ATOP 6.1"]
    assert comparison.overview()["alliances"].tolist() == [6, 6]
    assert differing(comparison)[["provision", "year", "difference"]].values.tolist() == [
        ["defense", y, -1] for y in range(1916, 1921)
    ]
    assert comparison.summary() == (
        "From ATOP 5.9 to 6.1 (coverage 1815-1920 → 1815-1921), alliances added: 1, removed: 1, recoded: 3, "
        "ended after 1920: 1; defense counts differ in 5 of 106 common years (by -1 to -1); consult-only counts "
        "are identical in every common year; consult-nonagg counts are identical in every common year."
    )
    overlay = comparison.overlay("defense", start_year=1910)
    assert overlay.groupby("release")["year"].agg(["min", "max"]).values.tolist() == [[1910, 1920], [1910, 1921]]


def test_comparison_without_a_base_shows_the_new_release_alone(mini, monkeypatch):
    monkeypatch.delenv(base.BASE_DATA_DIR_ENV, raising=False)
    comparison = al.present.compare_releases(mini, base_version="4.01")
    assert comparison.base is None and "ATOP_BASE_DATA_DIR" in comparison.note
    assert comparison.changes.empty and comparison.values.empty and differing(comparison).empty
    assert comparison.yearly["base"].isna().all() and comparison.yearly["difference"].isna().all()
    assert comparison.yearly.set_index(["provision", "year"]).loc[("defense", 1910), "new"] == 2
    assert comparison.overview()["role"].tolist() == ["new"]
    assert comparison.overlay("defense")["release"].unique().tolist() == ["ATOP 5.9"]
    assert len(comparison.overlay("defense")) == 1920 - 1815 + 1
    assert comparison.summary().startswith("No base release was found, so ATOP 5.9 is shown alone")


@pytest.mark.realdata
def test_real_comparison_summary(atop401, atop51):
    text = al.present.Comparison(atop401, atop51).summary()
    assert text.startswith(
        "From ATOP 4.01 to 5.1 (coverage 1815-2016 → 1815-2018), alliances added: 45, removed: 1, "
        "recoded: 29, ended after 2016: 1; defense counts differ in "
    )


def test_difference_sources_on_the_hand_made_pair(pair):
    base, new = pair
    d = al.measures.difference_sources(base, new, ("defense", "nonagg")).set_index(["provision", "year"])
    # defense: 1004 ended in 1915 in the new release -> a recode, -1 in 1916-1920
    assert d.loc["defense"].reset_index().values.tolist() == [[y, -1, 0, 0, -1] for y in range(1916, 1921)]
    # nonagg: 1003 (1902-1915) recoded to nonagg = 1 (+1); 1005 (1908-1909, nonagg) removed (-1):
    # in 1908-1909 they cancel, and the year is still listed
    n = d.loc["nonagg"]
    assert n.index.tolist() == list(range(1902, 1916))
    assert n.loc[1908].tolist() == [0, 0, -1, 1]
    assert n.loc[1902].tolist() == [1, 0, 0, 1]
    assert (n["difference"] == n["added"] + n["removed"] + n["recoded"]).all()


@pytest.mark.realdata
def test_real_difference_sources_401_to_51(atop401, atop51):
    d = al.measures.difference_sources(atop401, atop51, ("defense", "consult-only", "consult-nonagg"))
    by = d.groupby("provision")
    # defense and consultative-only: every difference is an added alliance
    assert (by.get_group("defense")["recoded"] == 0).all() and (by.get_group("consult-only")["recoded"] == 0).all()
    assert len(by.get_group("defense")) == 39
    # the footnote variant: ATOPID 4485 recoded nonagg 0 -> 1 (consul = 1, defense = 0, 1993-2016)
    recoded = by.get_group("consult-nonagg").set_index("year")["recoded"]
    assert recoded[recoded != 0].index.tolist() == list(range(1993, 2017)) and set(recoded[recoded != 0]) == {1}
    a = atop51.alliances.set_index("atopid").loc[4485]
    assert (a["begyr"], a["consul"], a["defense"], a["nonagg"]) == (1993, 1, 0, 1)


def test_sources_summary_and_selected_years(pair):
    base, new = pair
    comparison = al.present.Comparison(base, new, provisions=("defense", "nonagg"))
    summary = al.measures.sources_summary(comparison.sources)
    assert summary.values.tolist() == [["defense", 5, -1, 0, 0, 5], ["nonagg", 12, 1, 0, 2, 14]]
    at = comparison.at_years([1916, 1921])
    assert at[at.provision == "defense"][["year", "base", "new"]].astype(object).values.tolist() == [
        [1916, 1, 0], [1921, pd.NA, 0]
    ]


def test_recoded_effects_on_the_hand_made_pair(pair):
    base, new = pair
    effects = al.measures.recoded_effects(base, new, ("defense", "nonagg", "consult-only"))
    assert effects.astype(object).values.tolist() == [
        [1004, "defense", "years changed", 1910],  # ended 1915 instead of staying in force
        [1003, "nonagg", "counted only in new", 1902],
    ]
    # 1002 ends in 1921, after the base's coverage: not a change within the common years
    assert 1002 not in effects["atopid"].tolist()


@pytest.mark.realdata
def test_real_recoded_effects_401_to_51(atop401, atop51):
    effects = al.measures.recoded_effects(atop401, atop51, ("defense", "consult-only", "consult-nonagg"))
    assert effects.astype(object).values.tolist() == [[4485, "consult-nonagg", "counted only in new", 1993]]
