"""The U.S. alliance system: treaties found by query, exits with their codes, alliances per year,
and the partner outlier; hand counts on `us-mini` (tests/fixtures/us-mini/README.md) and facts
of the real ATOP 5.1 / 4.01 releases."""

import warnings

import pandas as pd
import pytest

import atoplib as al
from atoplib import us

from conftest import FIXTURES

#: COW codes and abbreviations of the fixture's states, typed by hand (a stand-in for states2016.csv).
STATES = pd.DataFrame(
    [(2, "USA", "United States of America"), (20, "CAN", "Canada"), (40, "CUB", "Cuba"),
     (70, "MEX", "Mexico"), (140, "BRA", "Brazil"), (200, "UKG", "United Kingdom"),
     (220, "FRN", "France"), (290, "POL", "Poland"), (315, "CZE", "Czech Republic"),
     (365, "RUS", "Russia"), (640, "TUR", "Turkey"), (740, "JPN", "Japan")],
    columns=["ccode", "stateabb", "statenme"],
)

QUERIES = (
    us.TreatyQuery("NATO-like", 1949, (2, 20, 200, 220), min_founders=4),
    us.TreatyQuery("Japan 1951", 1951, (2, 740), bilateral=True),
    us.TreatyQuery("Japan 1960", 1960, (2, 740), bilateral=True),
    us.TreatyQuery("absent", 1949, (2, 740), bilateral=True),
)


@pytest.fixture(scope="module")
def usmini():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return al.load_atop(FIXTURES / "us-mini")


@pytest.fixture(scope="module")
def states51(states_file):
    return al.load_states(states_file)


# --------------------------------------------------------------------------- treaties

def test_queries_find_by_members_and_year(usmini):
    assert QUERIES[0].candidates(usmini) == [2002]  # not the 1949 bilateral decoy 2006
    assert QUERIES[1].candidates(usmini) == [2003]
    assert QUERIES[2].candidates(usmini) == [2004]
    assert us.TreatyQuery("too big", 1949, (2, 200), min_founders=5).candidates(usmini) == []
    assert us.TreatyQuery("exactly 2", 1949, (2, 200), founders=2).candidates(usmini) == [2006]


def test_memo_treaties_table_on_fixture(usmini):
    with pytest.warns(al.AtopWarning, match="no alliance matching 'absent'"):
        table = us.memo_treaties(usmini, STATES, QUERIES)
    assert table["atopid"].tolist()[:3] == [2002, 2003, 2004] and pd.isna(table["atopid"].iloc[3])
    nato = table.iloc[0]
    assert nato["members"] == "United States of America; Canada; United Kingdom; France; Turkey"
    assert nato["n_members"] == 5 and nato["in_force_at_end"]
    japan51 = table.iloc[1]
    assert (japan51["defense"], japan51["asymm"], japan51["in_force_at_end"]) == (1, 1, False)
    assert table.iloc[3]["members"] == "" and table.iloc[3]["n_members"] == 0


def test_ambiguous_query_warns_and_takes_lowest(usmini):
    query = us.TreatyQuery("any 1949 U.S.-U.K.", 1949, (2, 200))
    with pytest.warns(al.AtopWarning, match="matches ATOPIDs 2002, 2006"):
        assert us.find_treaty(usmini, query) == 2002


def test_memo_treaties_real_51(atop51, states51):
    table = us.memo_treaties(atop51, states51).set_index("atopid")
    assert table.index.tolist() == [3180, 3075, 3220, 3375, 3210, 3240, 3215]
    assert table.loc[3180, "signed"] == 1949 and table.loc[3180, "n_members"] == 30
    assert table.loc[3075, "signed"] == 1947 and table.loc[3075, "n_members"] == 23
    anzus = table.loc[3215, "members"]
    assert anzus == "United States of America; Australia; New Zealand"
    assert not table.loc[3220, "in_force_at_end"] and table.loc[3375, "in_force_at_end"]
    assert table["defense"].eq(1).all()
    # ATOP codes the Japan, South Korea treaties asymmetric, NATO and Rio not
    assert table["asymm"].to_dict() == {3180: 0, 3075: 0, 3220: 1, 3375: 1, 3210: 0, 3240: 1, 3215: 0}


def test_memo_treaties_real_401(atop401, states51):
    table = us.memo_treaties(atop401, states51)
    assert table["atopid"].tolist() == [3180, 3075, 3220, 3375, 3210, 3240, 3215]


# --------------------------------------------------------------------------- exits

def test_member_exits_on_fixture(usmini, mini):
    exits = us.member_exits(usmini, 2001, STATES)
    assert exits[["ccode", "state", "exit_year", "termmode", "termcaus"]].values.tolist() == [[40, "CUB", 1962, 3, 4]]
    assert exits["termmode_meaning"].item() == us.TERMMODE[3]
    assert us.member_exits(usmini, 2002, STATES).empty  # phase 1 ends with termmode 2: not an exit
    assert us.member_exits(usmini, 2006, STATES).empty  # the alliance itself ended
    # mini: 200 leaves 1003 in 1906 and re-enters; 710 leaves 1002 in 1911
    e3 = us.member_exits(mini, 1003, STATES)
    assert e3[["ccode", "exit_year"]].values.tolist() == [[200, 1906]]
    e2 = us.member_exits(mini, 1002, STATES)
    assert e2[["ccode", "state", "exit_year"]].values.tolist() == [[710, "non-COW 710", 1911]]
    with pytest.raises(al.ParameterError, match="ATOPID 9999"):
        us.member_exits(usmini, 9999, STATES)


def test_rio_pact_exits_real(atop51, states51):
    exits = us.rio_pact_exits(atop51, states51)
    assert list(exits.columns[:3]) == ["ccode", "state", "exit_year"]
    assert exits[["ccode", "state", "exit_year"]].values.tolist() == [
        [40, "CUB", 1962], [70, "MEX", 2004], [93, "NIC", 2014],
        [145, "BOL", 2014], [101, "VEN", 2015], [130, "ECU", 2016],
    ]
    # all six: broken before the scheduled end, over a policy dispute unrelated to the alliance
    assert exits["termmode"].eq(3).all() and exits["termcaus"].eq(4).all()


def test_france_never_left_nato(atop51, states51):
    spells = us.membership_spells(atop51, 3180, 220)
    assert spells[["phase", "entry_year"]].values.tolist() == [[1, 1949], [2, 1951]]
    assert spells["termmode"].tolist() == [2, 0]  # phase change, then still a member
    assert bool(spells["in_force_at_end"].iloc[-1])
    # NATO's only exit is West Germany's at unification (loss of independence)
    exits = us.member_exits(atop51, 3180, states51)
    assert exits[["ccode", "exit_year", "termmode", "termcaus"]].values.tolist() == [[260, 1990, 4, 2]]


# --------------------------------------------------------------------------- alliances per year

def test_alliances_of_state_by_year_by_hand(usmini):
    table = us.alliances_of_state_by_year(usmini, start_year=1946).pivot(index="year", columns="provision", values="count")
    assert table.loc[1946].tolist() == [0, 0, 0]
    assert table.loc[1950, ["any", "defense", "consult-only"]].tolist() == [3, 2, 1]  # 2001, 2002; 2006
    assert table.loc[1960, ["any", "defense"]].tolist() == [4, 4]  # 2001, 2002, 2003 ends and 2004 begins
    assert table.loc[1956, "any"] == 3  # 2001, 2002, 2003
    assert table.loc[1965, ["any", "defense", "consult-only"]].tolist() == [3, 3, 0]
    soviet = us.alliances_of_state_by_year(usmini, us.USSR, ("defense",), start_year=1954).set_index("year")["count"]
    assert soviet[1954] == 0 and soviet[1955] == 1 and soviet[1970] == 1
