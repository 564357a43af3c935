"""COW NMC loading and power asymmetry inside alliances: hand-computed CINC shares on the
`us-mini` fixture (tests/fixtures/us-mini/README.md) and documented facts of ATOP 5.1 x NMC 6.0."""

import warnings

import pandas as pd
import pytest

import atoplib as al
from atoplib.data.cow import load_nmc

from support import FIXTURES, cow_file

CINC = {2: 0.30, 365: 0.20, 200: 0.08, 740: 0.06, 220: 0.05, 20: 0.02, 140: 0.02, 290: 0.02,
        70: 0.01, 315: 0.01, 640: 0.01, 40: 0.005}


@pytest.fixture(scope="module")
def nmc_mini():
    """Constant CINC per state, NMC years 1946-1968; Turkey (640) only from 1954."""
    rows = [(c, y, v) for c, v in CINC.items() for y in range(1946, 1969) if not (c == 640 and y < 1954)]
    return pd.DataFrame(rows, columns=["ccode", "year", "cinc"])


@pytest.fixture(scope="module")
def power(usmini, nmc_mini):
    return al.measures.alliance_power(usmini, nmc_mini, start_year=1945).set_index(["atopid", "year"])


@pytest.fixture(scope="module")
def nmc60():
    path = cow_file("NMC-60-abridged.csv", "COW_NMC_FILE")
    if path is None:
        pytest.skip("COW NMC-60-abridged.csv not found (set COW_NMC_FILE or provide ../shared/data/cow)")
    return load_nmc(path)


# --------------------------------------------------------------------------- load_nmc

def test_load_nmc_reads_stata_numbers_and_missing_code():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        nmc = load_nmc(FIXTURES / "us-mini" / "nmc-mini.csv", verify=False)  # hand-made: not the official file
    assert list(nmc.columns[:4]) == ["ccode", "year", "stateabb", "cinc"]
    assert nmc["cinc"].tolist() == [0.3, 0.3, 0.02]
    usa = nmc[nmc.ccode == 2].set_index("year")
    assert pd.isna(usa.loc[1947, "pec"]) and usa.loc[1948, "pec"] == 60  # -9 is missing, not a number
    assert pd.isna(usa.loc[1948, "milex"]) and usa.loc[1947, "milex"] == 100


def test_load_nmc_under_another_name_must_be_the_official_file(tmp_path):
    """A COW file under an unpinned name is checked by content (issue 13, case 3): the hand-made
    fixture is not the official NMC 6.0, so it is refused in one line unless verification is off."""
    copy = tmp_path / "my-nmc.csv"
    copy.write_bytes((FIXTURES / "us-mini" / "nmc-mini.csv").read_bytes())
    with pytest.raises(al.ChecksumError, match=r"my-nmc.csv: not an official COW 6.0 file: .*ATOP_VERIFY=0"):
        load_nmc(copy)
    assert len(load_nmc(copy, verify=False)) == 3


def test_load_nmc_errors(tmp_path, monkeypatch):
    monkeypatch.delenv("COW_NMC_FILE", raising=False)
    with pytest.raises(al.DataNotFoundError, match="COW_NMC_FILE"):
        load_nmc()
    with pytest.raises(al.DataNotFoundError, match="does not exist"):
        load_nmc(tmp_path / "absent.csv")
    bad = tmp_path / "nmc.csv"
    bad.write_text("ccode,year,milex\n2,1950,3\n")
    with pytest.raises(al.SchemaError, match="'cinc' is missing"):
        load_nmc(bad, verify=False)
    bad.write_text("ccode,year,cinc\n2,1950,.3\n2,1950,.2\n")
    with pytest.raises(al.SchemaError, match="appears twice in year 1950"):
        load_nmc(bad, verify=False)
    bad.write_text("ccode,year,cinc\n2,1950,high\n")
    with pytest.raises(al.SchemaError, match="non-numeric value 'high'"):
        load_nmc(bad, verify=False)


def test_load_nmc_pinned_hash_refuses_edited_copy(tmp_path, nmc60):
    source = cow_file("NMC-60-abridged.csv", "COW_NMC_FILE")
    edited = tmp_path / "NMC-60-abridged.csv"
    edited.write_bytes(source.read_bytes().replace(b".039697491", b".039697492", 1))
    with pytest.raises(al.ChecksumError, match="NMC-60-abridged.csv"):
        load_nmc(edited)


def test_load_nmc_real_file(nmc60):
    assert al.measures.nmc_years(nmc60) == (1816, 2016)
    assert len(nmc60) == 15951
    assert not nmc60.duplicated(["ccode", "year"]).any()
    assert nmc60["cinc"].notna().all()
    assert nmc60.loc[(nmc60.ccode == 2) & (nmc60.year == 1816), "cinc"].item() == pytest.approx(0.039697491)
    assert nmc60["milex"].isna().sum() == 2217  # COW's -9 codes, read as missing


# --------------------------------------------------------------------------- shares by hand

def test_strongest_share_by_hand(power):
    share = power["strongest_share"]
    assert share[(2001, 1950)] == pytest.approx(0.30 / 0.335)
    assert share[(2001, 1965)] == pytest.approx(0.30 / 0.33)  # Cuba gone after 1962
    assert share[(2002, 1950)] == pytest.approx(0.30 / 0.45)
    assert share[(2002, 1965)] == pytest.approx(0.30 / 0.46)
    assert share[(2004, 1965)] == pytest.approx(0.30 / 0.36)
    assert share[(2005, 1965)] == pytest.approx(0.20 / 0.23)
    assert share[(2008, 1965)] == pytest.approx(0.08 / 0.13)
    assert power.loc[(2004, 1965), "ratio"] == pytest.approx(5.0)
    assert power.loc[(2008, 1960), "ratio"] == pytest.approx(1.6)
    assert pd.isna(power.loc[(2002, 1965), "ratio"])  # not bilateral
    assert power.loc[(2005, 1965), "strongest"] == 365


def test_no_values_invented(power):
    # Turkey has no CINC in 1952-1953: the whole alliance-year is NA, not a share of the rest
    row = power.loc[(2002, 1952)]
    assert row["members"] == 5 and row["members_with_cinc"] == 4
    assert pd.isna(row["strongest_share"]) and pd.isna(row["strongest"])
    assert power.loc[(2002, 1954), "strongest_share"] == pytest.approx(0.30 / 0.46)
    # after the NMC years: NA, never 0
    for year in (1969, 1970):
        assert power.xs(year, level="year")["strongest_share"].isna().all()
    # consult-only alliances are not defense pacts
    assert 2006 not in power.index.get_level_values("atopid")
    assert 2007 not in power.index.get_level_values("atopid")


def test_groups_and_aggregates(power, usmini, nmc_mini):
    groups = power.xs(1965, level="year")["group"].to_dict()
    assert groups == {2001: "U.S.", 2002: "U.S.", 2004: "U.S.", 2005: "Soviet/Russian", 2008: "other"}
    by = al.measures.asymmetry_by_group(power.reset_index()).set_index(["year", "group"])
    us = by.loc[(1965, "U.S.")]
    assert us["pacts"] == 3 and us["pacts_with_cinc"] == 3
    assert us["mean_strongest_share"] == pytest.approx(round((0.30 / 0.33 + 0.30 / 0.46 + 0.30 / 0.36) / 3, 4))
    assert us["asymm_share"] == pytest.approx(0.3333)  # 2004 only
    assert us["median_bilateral_ratio"] == pytest.approx(5.0)
    assert by.loc[(1952, "U.S."), "pacts_with_cinc"] == 2  # 2001, 2003 (2002 lacks Turkey)
    assert pd.isna(by.loc[(1969, "U.S."), "mean_strongest_share"])
    # every year and group listed: no "other" defense pact before 2008 begins in 1960
    assert by.loc[(1947, "other"), "pacts"] == 0 and pd.isna(by.loc[(1947, "other"), "mean_strongest_share"])
    assert len(by) == (1970 - 1947 + 1) * 3
    assert by.loc[(1969, "U.S."), "asymm_share"] == pytest.approx(0.3333)  # ATOP's asymm does not need NMC


def test_period_comparison(power):
    table = al.measures.period_comparison(power.reset_index(), 1965, 1965).set_index("group")
    assert table.loc["U.S.", "pact_years"] == 3
    assert table.loc["Soviet/Russian", "mean_strongest_share"] == pytest.approx(0.8696)
    assert table.loc["other", "mean_strongest_share"] == pytest.approx(0.6154)
    assert table.loc["U.S.", "led_share"] == 1.0
    assert table.loc["U.S.", "mean_strongest_share"] == pytest.approx(0.7982)
    led = al.measures.led_by_group_state(power.reset_index()).set_index("group")
    assert led.loc["Soviet/Russian", "led_share"] == 1.0


# --------------------------------------------------------------------------- real data

def test_real_power_shares(atop51, nmc60):
    power = al.measures.alliance_power(atop51, nmc60).set_index(["atopid", "year"])
    # U.S.-South Korea 1953 (3240): computed independently from the two CINC values
    cinc = nmc60.set_index(["ccode", "year"])["cinc"]
    us, rok = cinc[(2, 1953)], cinc[(732, 1953)]
    assert power.loc[(3240, 1953), "strongest_share"] == pytest.approx(us / (us + rok))
    assert power.loc[(3240, 1953), "ratio"] == pytest.approx(us / rok)
    # nothing after NMC's last year; NATO has a share every NMC year but 1954, when ATOP counts
    # West Germany (260) as a member and COW does not yet (its system membership starts 1955)
    assert power.xs(2017, level="year")["strongest_share"].isna().all()
    nato = power.xs(3180, level="atopid").loc[1949:2016]
    assert nato.index[nato["strongest_share"].isna()].tolist() == [1954]
    assert nato.loc[1954, "members_with_cinc"] == nato.loc[1954, "members"] - 1
    assert (nato["strongest"].dropna() == 2).all()
    comparison = al.measures.period_comparison(power.reset_index()).set_index("group")
    assert comparison.loc["U.S.", "led_share"] == 1.0
    # ATOP's asymm lens: no Soviet/Russian defense pact-year is coded asymmetric... almost
    assert comparison.loc["Soviet/Russian", "asymm_share"] < 0.01 < comparison.loc["U.S.", "asymm_share"]


def test_power_systems_by_hand(usmini, nmc_mini):
    """Each major power's defense pacts in 1965 (us-mini README, constant CINC): the U.S. in 2001
    (.30/.33), 2002 (.30/.46) and 2004 (.30/.36); the U.K. in 2002 (.08/.46) and 2008 (.08/.13);
    France in 2002 (.05/.46) and 2008 (.05/.13); Russia in 2005 (.20/.23). Canada is no major power."""
    majors = pd.DataFrame({"ccode": [2, 200, 220, 365], "stateabb": ["USA", "UKG", "FRN", "RUS"],
                           "styear": [1898, 1816, 1816, 1816], "endyear": [2016, 2016, 2016, 2016]})
    years = al.measures.power.system_years(usmini, nmc_mini, majors, "defense", 1965, 1965)
    assert sorted(set(years["ccode"])) == [2, 200, 220, 365]
    table = al.measures.power.system_summary(years).set_index("ccode")
    assert table.loc[2, "pact_years"] == 3 and table.loc[2, "led_share"] == 1.0
    assert table.loc[2, "mean_own_share"] == pytest.approx(round((0.30 / 0.33 + 0.30 / 0.46 + 0.30 / 0.36) / 3, 4))
    assert table.loc[200, "mean_own_share"] == pytest.approx(round((0.08 / 0.46 + 0.08 / 0.13) / 2, 4))
    assert table.loc[200, "led_share"] == 0.5  # the U.S. leads 2002, the U.K. 2008
    assert table.loc[220, "led_share"] == 0.0
    assert table.loc[365, "mean_own_share"] == pytest.approx(round(0.20 / 0.23, 4))
    named = al.measures.power.system_summary(years, {"the U.K. in 1965": (200, 1965, 1965), "nobody": (999, 1965, 1965)})
    assert named["system"].tolist() == ["the U.K. in 1965", "nobody"] and named.loc[1, "pact_years"] == 0
