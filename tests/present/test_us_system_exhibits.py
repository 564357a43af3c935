"""Chapter 04's exhibits: the memo's treaties found by query, their codes, exits, and the U.S. each
year; hand counts on `us-mini` (tests/fixtures/us-mini/README.md) and the Rio Pact's exits in the
real ATOP 5.1 recomputed with plain pandas."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import atoplib as al
from support import real_dir
from us_mini_context import us_mini_context


def data(ctx, name: str):
    from atoplib.present.catalog import EXHIBITS

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)  # us-mini lacks most of the memo's treaties
        return EXHIBITS[name].data(ctx)


def view(ctx, name: str) -> pd.DataFrame:
    from atoplib.present.catalog import EXHIBITS

    exhibit = EXHIBITS[name]
    return exhibit.view(ctx, data(ctx, name))


@pytest.fixture
def ctx(tmp_path, monkeypatch):
    return us_mini_context(tmp_path, monkeypatch)


def test_the_memo_treaties_us_mini_has_are_the_two_japan_treaties(ctx):
    """The memo's queries need 12 NATO and 15 Rio founders: us-mini's NATO- and Rio-like pacts are
    too small, so only the bilateral U.S.-Japan pacts 2003 (1951) and 2004 (1960) are found."""
    table = data(ctx, "us-treaties")
    assert table.columns.tolist() == ["atopid", "name", "signed", "members"]
    found = table.dropna(subset=["atopid"])
    assert found["atopid"].tolist() == [2003, 2004]
    assert found["members"].tolist() == ["United States of America; Japan"] * 2
    shown = view(ctx, "us-treaties")
    assert shown.columns.tolist() == ["treaty", "ATOPID", "signed", "members, in order of entry"]
    assert shown.loc[0, "members, in order of entry"] == "(not found in this release)"  # NATO


def test_treaty_codes_in_words(ctx):
    codes = data(ctx, "us-treaty-codes").set_index("treaty")
    japan51 = codes.loc["U.S.-Japan Security Treaty"]
    assert japan51["members"] == 2 and japan51["defense promise (defense)"] and japan51["obligations differ (asymm)"]
    assert not japan51["in force in 1970"]  # 2003 ends in 1960
    assert codes.loc["U.S.-Japan Treaty of Mutual Cooperation and Security", "in force in 1970"]
    assert pd.isna(codes.loc["North Atlantic Treaty (NATO)", "defense promise (defense)"])  # not found


def test_treaties_found_sentence(ctx):
    text = data(ctx, "us-treaties-found")
    assert text.startswith("ATOP 5.8 holds 2 of the 7 treaties the memo names")
    assert ("Of those, coded defense = 1: 2; asymm = 1: 2; in force at the end of 1970: 1 "
            "(ended: U.S.-Japan Security Treaty).") in text


def test_who_promises_what_in_the_asymmetric_treaties(ctx):
    rows = data(ctx, "us-asymmetric-treaty-members")
    assert rows["state"].tolist() == ["United States of America", "Japan"] * 2
    assert rows["promises defense (defense)"].tolist() == [True, False, True, False]
    assert rows["promises to consult (consul)"].all()


def test_no_rio_pact_or_nato_in_us_mini_says_so(ctx):
    assert data(ctx, "rio-pact-exits").empty
    assert data(ctx, "nato-exits").empty
    assert data(ctx, "nato-france") == "No alliance in ATOP 5.8 matches the North Atlantic Treaty's query."
    assert data(ctx, "nato-france-membership").empty


def test_us_alliances_and_partners_each_year(ctx):
    alliances = data(ctx, "us-alliances-by-provision").set_index(["year", "provision"])["count"]
    # 1955: 2001, 2002, 2003 (defense) and 2006 (consultation only, ends 1955)
    assert [alliances[(1955, p)] for p in ("any", "defense", "consult-only")] == [4, 3, 1]
    assert [alliances[(1965, p)] for p in ("any", "defense", "consult-only")] == [3, 3, 0]
    partners = data(ctx, "us-partners-by-provision").set_index(["year", "provision"])["partners"]
    assert [partners[(y, "defense")] for y in (1950, 1955, 1965)] == [6, 8, 7]
    assert partners[(1950, "any")] == 6  # the U.K. is also in 2006: counted once


def test_selected_years_and_the_last_year(ctx):
    table = data(ctx, "us-system-selected-years").set_index("year")
    assert table.index.tolist() == [1920, 1946, 1950, 1960, 1970]
    assert table.columns.tolist() == ["alliances", "defense pacts", "consultation only", "partners",
                                      "defense partners"]
    # 1960: 2001, 2002, 2003 (ends 1960) and 2004 (begins 1960); partners CUB MEX BRA CAN UKG FRN TUR JPN
    assert table.loc[1960].tolist() == [4, 4, 0, 8, 8]
    assert data(ctx, "us-system-today") == (
        "In 1970 the U.S. belongs to 3 alliances, 3 of them defense pacts and 0 consultative pacts without "
        "defense; it shares an alliance with 7 states, 7 of them defense-pact partners.")


def test_figures_write_their_data(ctx):
    al.figure(ctx, "us-alliances-by-provision")
    saved = pd.read_csv(ctx.figures_dir / "us-alliances-by-provision.csv")
    assert saved.columns.tolist() == ["year", "provision", "count"] and len(saved) == 3 * (1970 - 1815 + 1)
    assert (ctx.figures_dir / "us-alliances-by-provision.svg").is_file()


# --------------------------------------------------------------------------- the real ATOP 5.1

def test_rio_pact_exits_in_atop51_recomputed_with_pandas(tmp_path, monkeypatch, states_file):
    folder = real_dir("5.1")
    if folder is None:
        pytest.skip("real ATOP 5.1 files not found")
    members = pd.read_csv(next(folder.rglob("atop5_1m.csv")))
    alliances = pd.read_csv(next(folder.rglob("atop5_1a.csv")))
    # the Rio Pact: signed 1947, with the U.S., Mexico, Brazil and Argentina among 15+ founders
    founders = members[members["yrent"].eq(members.groupby("atopid")["yrent"].transform("min"))]
    sets = founders.groupby("atopid")["member"].agg(set)
    rio = [a for a, s in sets.items() if {2, 70, 140, 160} <= s and len(s) >= 15
           and alliances.set_index("atopid").loc[a, "begyr"] == 1947]
    assert len(rio) == 1
    rows = members[members["atopid"].eq(rio[0]) & members["yrexit"].gt(0) & members["termmode"].ne(2)]
    expected = rows.sort_values(["yrexit", "member"])[["member", "yrexit"]].values.tolist()

    monkeypatch.setenv("COW_STATES_FILE", str(states_file))
    ctx = al.start(data_dir=str(folder), output_dir=str(tmp_path / "out"))
    table = al.table(ctx, "rio-pact-exits")
    saved = pd.read_csv(ctx.figures_dir / "rio-pact-exits.csv")
    assert saved[["ccode", "exit_year"]].values.tolist() == expected
    assert len(expected) == 6 and "Cuba" in repr(table)
