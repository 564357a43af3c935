"""The U.S. alliance system: treaties found by query, exits with their codes, alliances per year,
and the partner outlier; hand counts on `us-mini` (tests/fixtures/us-mini/README.md) and facts
of the real ATOP 5.1 / 4.01 releases."""

import warnings

import pandas as pd
import pytest

import atoplib as al



#: COW codes and abbreviations of the fixture's states, typed by hand (a stand-in for states2016.csv).
STATES = pd.DataFrame(
    [(2, "USA", "United States of America"), (20, "CAN", "Canada"), (40, "CUB", "Cuba"),
     (70, "MEX", "Mexico"), (140, "BRA", "Brazil"), (200, "UKG", "United Kingdom"),
     (220, "FRN", "France"), (290, "POL", "Poland"), (315, "CZE", "Czech Republic"),
     (365, "RUS", "Russia"), (640, "TUR", "Turkey"), (740, "JPN", "Japan")],
    columns=["ccode", "stateabb", "statenme"],
)


def named(frame: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """COW abbreviation and full name after the code, as the notebooks show them."""
    return al.data.add_state_names(frame, name="name", states=states)


def pair_names(ties: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """Both sides of each pair labelled."""
    ties = al.data.add_state_names(ties, code="ccode_a", abbreviation="state_a", states=states)
    return al.data.add_state_names(ties, code="ccode_b", abbreviation="state_b", states=states)


QUERIES = (
    al.measures.TreatyQuery("NATO-like", 1949, (2, 20, 200, 220), min_founders=4),
    al.measures.TreatyQuery("Japan 1951", 1951, (2, 740), bilateral=True),
    al.measures.TreatyQuery("Japan 1960", 1960, (2, 740), bilateral=True),
    al.measures.TreatyQuery("absent", 1949, (2, 740), bilateral=True),
)


@pytest.fixture(scope="module")
def states51(states_file):
    return al.data.load_states(states_file)


# --------------------------------------------------------------------------- treaties

def test_queries_find_by_members_and_year(usmini):
    assert QUERIES[0].candidates(usmini) == [2002]  # not the 1949 bilateral decoy 2006
    assert QUERIES[1].candidates(usmini) == [2003]
    assert QUERIES[2].candidates(usmini) == [2004]
    assert al.measures.TreatyQuery("too big", 1949, (2, 200), min_founders=5).candidates(usmini) == []
    assert al.measures.TreatyQuery("exactly 2", 1949, (2, 200), founders=2).candidates(usmini) == [2006]


def test_memo_treaties_table_on_fixture(usmini):
    with pytest.warns(al.AtopWarning, match="no alliance matching 'absent'"):
        table = al.memo.memo_treaties(usmini, STATES, QUERIES)
    assert table["atopid"].tolist()[:3] == [2002, 2003, 2004] and pd.isna(table["atopid"].iloc[3])
    nato = table.iloc[0]
    assert nato["members"] == "United States of America; Canada; United Kingdom; France; Turkey"
    assert nato["n_members"] == 5 and nato["in_force_at_end"]
    japan51 = table.iloc[1]
    assert (japan51["defense"], japan51["asymm"], japan51["in_force_at_end"]) == (1, 1, False)
    assert table.iloc[3]["members"] == "" and table.iloc[3]["n_members"] == 0


def test_ambiguous_query_warns_and_takes_lowest(usmini):
    query = al.measures.TreatyQuery("any 1949 U.S.-U.K.", 1949, (2, 200))
    with pytest.warns(al.AtopWarning, match="matches ATOPIDs 2002, 2006"):
        assert al.measures.find_treaty(usmini, query) == 2002


def test_memo_treaties_real_51(atop51, states51):
    table = al.memo.memo_treaties(atop51, states51).set_index("atopid")
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
    table = al.memo.memo_treaties(atop401, states51)
    assert table["atopid"].tolist() == [3180, 3075, 3220, 3375, 3210, 3240, 3215]


# --------------------------------------------------------------------------- exits

def test_member_exits_on_fixture(usmini, mini):
    exits = named(al.measures.member_exits(usmini, 2001), STATES)
    assert exits[["ccode", "state", "exit_year", "termmode", "termcaus"]].values.tolist() == [[40, "CUB", 1962, 3, 4]]
    assert exits["termmode_meaning"].item() == al.measures.TERMMODE[3]
    assert al.measures.member_exits(usmini, 2002).empty  # phase 1 ends with termmode 2: not an exit
    assert al.measures.member_exits(usmini, 2006).empty  # the alliance itself ended
    # mini: 200 leaves 1003 in 1906 and re-enters; 710 leaves 1002 in 1911
    e3 = named(al.measures.member_exits(mini, 1003), STATES)
    assert e3[["ccode", "exit_year"]].values.tolist() == [[200, 1906]]
    e2 = named(al.measures.member_exits(mini, 1002), STATES)
    assert e2[["ccode", "state", "exit_year"]].values.tolist() == [[710, "non-COW 710", 1911]]
    with pytest.raises(al.ParameterError, match="ATOPID 9999"):
        al.measures.member_exits(usmini, 9999)


def test_rio_pact_exits_real(atop51, states51):
    exits = al.memo.rio_pact_exits(atop51, states51)
    assert list(exits.columns[:3]) == ["ccode", "state", "exit_year"]
    assert exits[["ccode", "state", "exit_year"]].values.tolist() == [
        [40, "CUB", 1962], [70, "MEX", 2004], [93, "NIC", 2014],
        [145, "BOL", 2014], [101, "VEN", 2015], [130, "ECU", 2016],
    ]
    # all six: broken before the scheduled end, over a policy dispute unrelated to the alliance
    assert exits["termmode"].eq(3).all() and exits["termcaus"].eq(4).all()


def test_france_never_left_nato(atop51, states51):
    spells = al.measures.membership_spells(atop51, 3180, 220)
    assert spells[["phase", "entry_year"]].values.tolist() == [[1, 1949], [2, 1951]]
    assert spells["termmode"].tolist() == [2, 0]  # phase change, then still a member
    assert bool(spells["in_force_at_end"].iloc[-1])
    # NATO's only exit is West Germany's at unification (loss of independence)
    exits = named(al.measures.member_exits(atop51, 3180), states51)
    assert exits[["ccode", "exit_year", "termmode", "termcaus"]].values.tolist() == [[260, 1990, 4, 2]]


# --------------------------------------------------------------------------- alliances per year

def test_alliances_of_state_by_year_by_hand(usmini):
    table = al.measures.alliances_of_state_by_year(usmini, start_year=1946).pivot(index="year", columns="provision", values="count")
    assert table.loc[1946].tolist() == [0, 0, 0]
    assert table.loc[1950, ["any", "defense", "consult-only"]].tolist() == [3, 2, 1]  # 2001, 2002; 2006
    assert table.loc[1960, ["any", "defense"]].tolist() == [4, 4]  # 2001, 2002, 2003 ends and 2004 begins
    assert table.loc[1956, "any"] == 3  # 2001, 2002, 2003
    assert table.loc[1965, ["any", "defense", "consult-only"]].tolist() == [3, 3, 0]
    soviet = al.measures.alliances_of_state_by_year(usmini, al.data.USSR, ("defense",), start_year=1954).set_index("year")["count"]
    assert soviet[1954] == 0 and soviet[1955] == 1 and soviet[1970] == 1


# --------------------------------------------------------------------------- partners and the outlier

@pytest.fixture(scope="module")
def mini_partners(usmini):
    return al.data.add_state_names(al.measures.partner_counts(usmini, start_year=1946), states=STATES)


def test_partner_counts_by_hand(mini_partners):
    p = mini_partners.set_index(["year", "state"])["partners"]
    assert p[(1950, "USA")] == 6 and p[(1950, "UKG")] == 3 and p[(1950, "CAN")] == 3
    assert p[(1955, "USA")] == 8 and p[(1955, "JPN")] == 1 and p[(1955, "RUS")] == 2
    assert p[(1962, "USA")] == 8 and (1963, "CUB") not in p.index  # Cuba counts in its exit year only
    assert p[(1965, "USA")] == 7 and p[(1965, "UKG")] == 4  # 2008 adds no new partner for UKG
    assert (1950, "JPN") not in p.index  # only states with a partner are listed
    assert list(mini_partners.columns) == ["year", "ccode", "state", "partners"]


def test_outlier_by_year_by_hand(mini_partners):
    outlier = al.measures.outlier_by_year(mini_partners, years=(1946, 1970)).set_index("year")
    assert outlier.loc[1946, "partners"] == 0 and pd.isna(outlier.loc[1946, "next_ccode"])
    assert outlier.loc[1946, "states_with_partners"] == 0 and pd.isna(outlier.loc[1946, "median_partners"])
    row = outlier.loc[1950]
    assert (row["partners"], row["next_partners"], row["median_partners"], row["states_with_partners"]) == (6, 3, 3.0, 7)
    assert row["next_ccode"] == 20  # ties at 3: the lowest code (CAN)
    assert outlier.loc[1955, "median_partners"] == 3.0 and outlier.loc[1955, "states_with_partners"] == 12
    row = outlier.loc[1965]
    assert (row["partners"], row["next_partners"], row["next_state"], row["median_partners"]) == (7, 4, "CAN", 2.0)
    table = al.measures.outlier_table(outlier.reset_index(), (1955, 1965, 1999))
    assert table["year"].tolist() == [1955, 1965] and table["ratio_to_next"].tolist() == [2.0, 1.75]


def test_directed_view_by_hand(usmini):
    view = al.data.add_state_names(al.measures.directed_partners(usmini, start_year=1965, end_year=1965), states=STATES).set_index("state")
    assert view.loc["USA", ["partners", "promises_to", "promised_by"]].tolist() == [7, 7, 6]
    assert view.loc["JPN", ["partners", "promises_to", "promised_by"]].tolist() == [1, 0, 1]
    assert view.loc["UKG", ["partners", "promises_to", "promised_by"]].tolist() == [4, 4, 4]


def test_network_share_by_hand(mini_partners):
    share = al.measures.network_share_by_year(mini_partners).set_index(["year", "ccode"])
    # 1965 pairs: USA 7; MEX-BRA; CAN-UKG, CAN-FRN, CAN-TUR, UKG-FRN, UKG-TUR, FRN-TUR; RUS-POL, RUS-CZE, POL-CZE
    assert share.loc[(1965, 2), "total_dyads"] == 17
    assert share.loc[(1965, 2), "share"] == pytest.approx(round(7 / 17, 4))
    assert share.loc[(1965, 365), "dyads"] == 2
    assert share.loc[(1950, 365), "dyads"] == 0 and share.loc[(1950, 365), "share"] == 0


def test_defense_ties_and_regions(usmini):
    ties = pair_names(al.measures.defense_ties(usmini, 1965), STATES)
    assert len(ties) == 17 and (ties["ccode_a"] < ties["ccode_b"]).all()
    assert ties[ties.ccode_a == 2]["state_b"].tolist() == ["CAN", "MEX", "BRA", "UKG", "FRN", "TUR", "JPN"]
    assert al.measures.region_of([2, 165, 200, 399, 402, 626, 630, 698, 700, 990, 8152]).tolist() == [
        "Americas", "Americas", "Europe", "Europe", "Africa", "Africa", "Middle East", "Middle East",
        "Asia/Oceania", "Asia/Oceania", "other"]


def test_network_figure_is_deterministic(usmini, tmp_path):
    ties = pd.concat([pair_names(al.measures.defense_ties(usmini, y), STATES) for y in (1950, 1965)])
    svgs = []
    for run in range(2):
        fig = al.figures.network_figure(ties, "note")
        out = al.figures.save_figure(fig, ties, f"net{run}", tmp_path)
        svgs.append(out["svg"].read_bytes())
    assert svgs[0] == svgs[1]


def test_gapped_lines_figure_breaks_at_missing_years():
    frame = pd.DataFrame({"year": [1, 2, 3, 4], "value": pd.array([1.0, None, 3.0, 4.0], dtype="Float64"),
                          "group": "a"})
    fig = al.figures.gapped_lines_figure(frame, "value", "group", {"a": "#000000"}, "t", "y", "note")
    xy = fig.axes[0].lines[0].get_xydata()
    assert len(xy) == 4 and pd.isna(xy[1][1])  # the gap is kept, not bridged


def test_us_outlier_real_51(atop51, states51):
    """The memo: 'roughly 64-66 defense-pact partners in 2018 and the next state about 38'."""
    partners = al.data.add_state_names(al.measures.partner_counts(atop51), states=states51)
    outlier = al.measures.outlier_by_year(partners, years=atop51.coverage).set_index("year")
    assert outlier.loc[2018, "partners"] == 66
    assert (outlier.loc[2018, "next_state"], outlier.loc[2018, "next_partners"]) == ("FRN", 38)
    directed = al.data.add_state_names(al.measures.directed_partners(atop51, start_year=2018), states=states51).set_index("state")
    assert directed.loc["USA", ["promises_to", "promised_by"]].tolist() == [66, 64]  # Japan, Pakistan do not promise
    # the U.S. has had the most defense-pact partners every year since NATO (1949)
    assert (outlier.loc[1949:, "partners"] > outlier.loc[1949:, "next_partners"]).all()


def test_us_partners_2018_independent(atop51):
    """2018 U.S. partners counted straight from the member file, without atoplib's dyads."""
    m = atop51.members
    live = m[(m.yrent <= 2018) & (m.in_force_at_end | (m.yrexit >= 2018))]
    us_rows = live[live.member == 2]
    partners = set()
    for atopid, rows in live[live.atopid.isin(us_rows.atopid)].groupby("atopid"):
        us_defends = bool(us_rows.loc[us_rows.atopid == atopid, "defense"].eq(1).any())
        for member, defense in zip(rows.member, rows.defense):
            if member != 2 and (us_defends or defense == 1):
                partners.add(int(member))
    assert len(partners) == 66


def test_a_member_going_on_into_the_next_phase_has_not_left(atop51):
    """SEATO (ATOPID 3260): phase 1 ends in 1977 for everyone; the U.S. and Thailand go on in
    phase 2, so only the six others left. Checked against the raw member file with plain pandas."""
    raw = pd.read_csv(atop51.release.files["m"])
    seato = raw[raw["atopid"].eq(3260)]
    ended = seato[seato["yrexit"].ne(0)]
    again = set(seato.loc[seato["phase"].gt(1), "member"])
    expected = sorted((int(m), int(y)) for m, y in zip(ended["member"], ended["yrexit"]) if m not in again)
    exits = al.measures.member_exits(atop51, 3260)
    assert sorted(zip(exits["ccode"], exits["exit_year"])) == expected
    assert 2 not in exits["ccode"].tolist() and 800 not in exits["ccode"].tolist() and len(expected) == 6


def test_by_provision_wide_puts_counts_and_partners_side_by_side():
    counts = pd.DataFrame({"year": [1950, 1950, 1951, 1951], "provision": ["any", "defense"] * 2, "count": [3, 2, 4, 2]})
    partners = pd.DataFrame({"year": [1950, 1950, 1951, 1951], "provision": ["any", "defense"] * 2,
                             "partners": [9, 7, 10, 7]})
    wide = al.measures.by_provision_wide(counts, partners)
    assert wide.columns.tolist() == ["alliances_any", "alliances_defense", "partners_any", "partners_defense"]
    assert wide.loc[1951].tolist() == [4, 2, 10, 7]


def test_asymmetric_member_codes_lists_the_members_of_asymm_treaties(usmini):
    treaties = pd.DataFrame({"atopid": pd.array([2003, 2002, None], dtype="Int64"), "asymm": pd.array([1, 0, 1], dtype="Int64")})
    codes = al.memo.asymmetric_member_codes(usmini, treaties)
    expected = usmini.members.loc[usmini.members["atopid"].eq(2003), ["atopid", "member", "phase", "defense", "consul"]]
    assert codes.equals(expected) and len(codes) > 0
