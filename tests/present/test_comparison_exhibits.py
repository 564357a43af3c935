"""The exhibits of chapter 07 (atoplib/present/comparison_exhibits.py): a hand-made pair of releases
whose changes are known by construction, the same release without a base (every table one skip
line, no comparison file written), and the real 4.01 -> 5.1 comparison against plain pandas."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import atoplib as al
from atoplib.data import base as base_module
from atoplib.present.catalog import EXHIBITS

from support import FIXTURES, MINI, real_dir

TABLES = ("releases-compared", "release-change-counts", "release-added", "release-changes", "recoded-values",
          "recoded-obligations", "yearly-differences", "difference-sources", "recoded-effects")
REPORT_FILES = ("release-changes.csv", "recoded-values.csv", "yearly-differences.csv")
NONAGG = "nonagg (a member promises not to use force against a partner)"
MEM3 = "mem3 (member 3 of the alliance's member list, a COW code)"


def write_next_release(root) -> None:
    """ATOP "6.1": `mini` (5.9, coverage to 1920) with one change of each kind that moves a table:

    * 1005 removed (members 365 and 220; offense, neutral and nonagg: no figure counts it);
    * 1007 added: signed 1921, consultation only, members 2 and 20 -> the coverage ends in 1921;
    * 1003 (defense, 1902-1915) recoded nonagg 0 -> 1: still a defense pact, no count moves;
    * 1006 (consultation, 1920-) recoded nonagg 0 -> 1 and joined by 365: it enters footnote 3's
      count (consul = 1, nonagg = 1, defense = 0) in 1920.
    """
    a = pd.read_csv(MINI / "atop5_9a.csv", dtype={"version": str}).set_index("atopid")
    m = pd.read_csv(MINI / "atop5_9m.csv", dtype={"version": str})
    a, m = a.drop(index=1005), m[m.atopid != 1005]
    a.loc[[1003, 1006], "nonagg"] = 1
    m.loc[m.atopid.isin([1003, 1006]), "nonagg"] = 1
    a.loc[1007] = a.loc[1006]
    a.loc[1007, ["begyr", "begmo", "begday", "nonagg"]] = [1921, 5, 1, 0]
    a.loc[1006, "mem3"] = 365  # the alliance file's member list names the new member too
    joined = m[m.atopid == 1006].iloc[[0]].assign(member=365)
    added = m[m.atopid == 1006].assign(atopid=1007, yrent=1921, moent=5, dayent=1, nonagg=0)
    m = pd.concat([m, joined, added], ignore_index=True)
    a["version"] = m["version"] = "6.1"
    root.mkdir(parents=True)
    a.reset_index().to_csv(root / "atop6_1a.csv", index=False)
    m.to_csv(root / "atop6_1m.csv", index=False)


def start(tmp_path, data_dir, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return al.start(data_dir=str(data_dir), output_dir=str(tmp_path / "out"), **kw)


def shown(ctx, name) -> pd.DataFrame:
    """What a reader sees of a table: its view, as the table verb shows it."""
    exhibit = EXHIBITS[name]
    return exhibit.view(ctx, exhibit.data(ctx))


@pytest.fixture
def pair(tmp_path, monkeypatch):
    """The new release 6.1 with 5.9 as its base (from ATOP_BASE_DATA_DIR), COW names from the
    `beyond` fixture's state list (it has the U.S., France and Russia; not Canada, 20)."""
    write_next_release(tmp_path / "new")
    monkeypatch.setenv(base_module.BASE_DATA_DIR_ENV, str(MINI))
    monkeypatch.setenv("COW_STATES_FILE", str(FIXTURES / "beyond" / "cow-states.csv"))
    monkeypatch.setenv("ATOP_VERIFY", "0")  # a hand-made COW file has no pinned checksum
    return start(tmp_path, tmp_path / "new", base_version="5.9")


def test_the_two_releases(pair):
    table = EXHIBITS["releases-compared"].data(pair)
    assert table[["role", "release", "coverage", "alliances"]].values.tolist() == [
        ["base", "ATOP 5.9", "1815-1920", 6], ["new", "ATOP 6.1", "1815-1921", 6]]
    assert EXHIBITS["releases-compared"].note_for(pair) == ""


def test_change_counts_and_additions(pair):
    counts = EXHIBITS["release-change-counts"].data(pair)
    assert counts[["change", "alliances"]].values.tolist() == [["added", 1], ["removed", 1], ["recoded", 2], ["ended", 0]]
    assert str(al.describe(pair, "release-additions")) == (
        "ATOP 6.1 adds 1 alliances that ATOP 5.9 does not have; by the decade they were signed: 1920s: 1.")
    assert shown(pair, "release-added").values.tolist() == [[1007, 1921, "United States of America, non-COW 20"]]


def test_changes_with_variables_and_members_in_words(pair):
    rows = shown(pair, "release-changes").set_index("ATOPID")
    assert rows.index.tolist() == [1005, 1003, 1006]  # the addition is in its own table
    assert rows.loc[1005, ["change", "signed", "members removed"]].tolist() == ["removed", 1908, "France, Russia"]
    assert rows.loc[1003, "what changed"] == NONAGG
    assert rows.loc[1006, ["what changed", "members added"]].tolist() == [f"{NONAGG}; {MEM3}; the member set", "Russia"]


def test_recoded_variables_and_obligations(pair):
    assert shown(pair, "recoded-values").values.tolist() == [
        ["nonagg", "a member promises not to use force against a partner", 2, "1003, 1006"],
        ["mem3", "member 3 of the alliance's member list, a COW code", 1, "1006"]]
    assert shown(pair, "recoded-obligations").values.tolist() == [
        [1003, NONAGG, "0 (no)", "1 (yes)"], [1006, NONAGG, "0 (no)", "1 (yes)"]]


def test_yearly_differences_sources_and_effects(pair):
    yearly = shown(pair, "yearly-differences")
    assert list(yearly.columns) == ["year", "provision", "ATOP 5.9", "ATOP 6.1", "difference"]
    footnote = yearly[yearly["provision"].str.startswith("Consultation and non-aggression")]
    # 1920: 1002 in both, 1006 only in 6.1 after its recode; 1921: only 6.1 covers it
    assert footnote[["year", "ATOP 5.9", "ATOP 6.1", "difference"]].astype(object).values.tolist() == [
        [1920, 1, 2, 1], [1921, pd.NA, 2, pd.NA]]
    consult = yearly[yearly["provision"].str.startswith("Consultative pacts")]
    assert consult["ATOP 6.1"].tolist() == [2, 3]  # 1002 and 1006; in 1921 1007 too
    sources = shown(pair, "difference-sources")
    assert sources.values.tolist() == [
        ["Consultation and non-aggression, no defense (consul = 1 and nonagg = 1 and defense = 0)", 1, 1, 0, 0, 1]]
    assert shown(pair, "recoded-effects").values.tolist() == [
        [1006, 1920, "Consultation and non-aggression, no defense (consul = 1 and nonagg = 1 and defense = 0)",
         "counted only in new"]]
    assert str(al.describe(pair, "what-changed")).startswith(
        "From ATOP 5.9 to 6.1 (coverage 1815-1920 → 1815-1921), alliances added: 1, removed: 1, recoded: 2")


def test_the_comparison_tables_are_written_to_the_report_folder(pair):
    for name in ("release-changes", "recoded-values", "yearly-differences"):
        al.table(pair, name)
    changes = pd.read_csv(pair.output_dir / "release-changes.csv", keep_default_na=False)
    assert changes["atopid"].tolist() == [1007, 1005, 1003, 1006]
    assert changes.columns.tolist() == ["atopid", "change", "begyr", "variables", "members_added", "members_removed"]
    values = pd.read_csv(pair.output_dir / "recoded-values.csv", dtype=str, keep_default_na=False)
    assert values.values.tolist() == [["1003", "nonagg", "0", "1"], ["1006", "nonagg", "0", "1"], ["1006", "mem3", "", "365"]]
    yearly = pd.read_csv(pair.output_dir / "yearly-differences.csv")
    assert len(yearly) == 3 * (1921 - 1815 + 1)  # every year either release covers, three provisions
    assert not any((pair.figures_dir / name).exists() for name in REPORT_FILES)


def test_the_figures_overlay_both_releases(pair):
    frame = EXHIBITS["changed-fig2-consultative-pacts"].data(pair)
    assert frame.groupby("release")["year"].max().to_dict() == {"ATOP 5.9": 1920, "ATOP 6.1": 1921}
    assert frame.set_index(["release", "year"]).loc[("ATOP 6.1", 1921), "count"] == 3


def test_without_a_base_every_section_says_skipped_in_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv(base_module.BASE_DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))
    ctx = start(tmp_path, MINI, base_version="4.01")
    skip = ("Comparison skipped: no ATOP 4.01 release found to compare with; pass base_data_dir (papermill -p "
            "base_data_dir DIR) or set ATOP_BASE_DATA_DIR to the folder or zip of ATOP 4.01.")
    overview = al.table(ctx, "releases-compared")
    assert overview.caption == f"The release, ATOP 5.9, shown alone. {skip}"
    assert overview.text["role"].tolist() == ["new"]
    for name in TABLES[1:]:
        assert repr(al.table(ctx, name)) == skip, name
    assert str(al.describe(ctx, "release-additions")) == skip
    assert str(al.describe(ctx, "what-changed")).startswith("No base release was found, so ATOP 5.9 is shown alone")
    al.figure(ctx, "changed-fig1-defense-pacts")
    assert sorted(p.name for p in ctx.output_dir.rglob("*.csv")) == ["changed-fig1-defense-pacts.csv"]
    assert pd.read_csv(ctx.figures_dir / "changed-fig1-defense-pacts.csv")["release"].unique().tolist() == ["ATOP 5.9"]


@pytest.mark.realdata
def test_real_comparison_against_plain_pandas(tmp_path, monkeypatch, states_file):
    new, old = real_dir("5.1"), real_dir("4.01")
    if new is None or old is None:
        pytest.skip("the real ATOP 5.1 and 4.01 files are not at hand")
    monkeypatch.setenv(base_module.BASE_DATA_DIR_ENV, str(old))
    ctx = start(tmp_path, new, states_file=str(states_file))
    a51 = pd.read_csv(next(new.rglob("atop5_1a.csv"))).set_index("atopid")
    a401 = pd.read_csv(next(old.rglob("atop4_01a.csv"))).set_index("atopid")
    counts = EXHIBITS["release-change-counts"].data(ctx).set_index("change")["alliances"]
    assert counts["added"] == len(a51.index.difference(a401.index))
    assert counts["removed"] == len(a401.index.difference(a51.index))
    common = a51.index.intersection(a401.index)
    recoded = []
    for column in ("defense", "offense", "neutral", "nonagg", "consul"):
        x, y = a401.loc[common, column], a51.loc[common, column]
        recoded += [(int(i), column) for i in common[(x != y) & ~(x.isna() & y.isna())]]
    assert sorted((r[0], r[1].split(" ")[0]) for r in shown(ctx, "recoded-obligations").values.tolist()) == sorted(recoded)
