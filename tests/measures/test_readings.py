"""Counting rules (atoplib.measures.readings): hand counts on the `mini` fixture with a hand-made
alliance-phase file, and the real 5.1 / 4.01 values computed independently with plain pandas."""

from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pytest

import atoplib as al
from atoplib.measures import readings as r

from support import one_line

#: A hand-made alliance-phase file for `mini` (tests/fixtures/mini/README.md): one phase per
#: alliance, except 1004: phase 1 (1910-1912) consultation only, phase 2 (1912-) defense too.
MINI_APH = """atopid,atopidphase,begyr,endyr,phase,maxphase,defense,offense,neutral,nonagg,consul,version
1001,1001,1900,1900,0,0,1,0,0,0,1,5.9
1002,1002,1905,0,0,0,0,0,0,1,1,5.9
1003,1003,1902,1915,0,0,1,0,0,0,0,5.9
1004,1004.1,1910,1912,1,2,0,0,0,0,1,5.9
1004,1004.2,1912,0,2,2,1,0,0,0,1,5.9
1005,1005,1908,1909,0,0,0,1,1,1,0,5.9
1006,1006,1920,0,0,0,0,0,0,0,1,5.9
"""


def _load(folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return al.load_atop(folder)


@pytest.fixture(scope="module")
def phased(tmp_path_factory, mini_dir):
    """`mini` plus the hand-made phase file, as ATOP names it (atop5_9aph.csv)."""
    folder = tmp_path_factory.mktemp("mini-aph")
    for path in mini_dir.glob("*.csv"):
        shutil.copy2(path, folder / path.name)
    (folder / "atop5_9aph.csv").write_text(MINI_APH)
    return _load(folder)


def series(frame: pd.DataFrame, first=1899, last=1920) -> dict[int, int]:
    s = frame.set_index("year")["count"]
    return {y: int(s[y]) for y in range(first, last + 1)}


def by_hand(spans: dict[tuple[int, int], int]) -> dict[int, int]:
    out = {y: 0 for y in range(1899, 1921)}
    for (a, b), n in spans.items():
        for y in range(a, b + 1):
            out[y] = n
    return out


# --------------------------------------------------------------------------- mini, by hand

def test_defense_under_each_rule_by_hand(phased):
    expected = {
        # mini README: 1900: 1 (1001); 1902-1909: 1 (1003); 1910-1915: 2 (1003, 1004); 1916-1920: 1 (1004)
        "alliance": by_hand({(1900, 1900): 1, (1902, 1909): 1, (1910, 1915): 2, (1916, 1920): 1}),
        # not in the last year: 1001 (ends 1900) never counts, 1003 (ends 1915) counts to 1914
        "alliance-year-end": by_hand({(1902, 1909): 1, (1910, 1914): 2, (1915, 1920): 1}),
        # 1004 promises defense only from its phase 2 (1912)
        "phase": by_hand({(1900, 1900): 1, (1902, 1911): 1, (1912, 1915): 2, (1916, 1920): 1}),
        # member level: 1004's phase-2 U.S. row (1912-) is the first defense promise
        "member": by_hand({(1900, 1900): 1, (1902, 1911): 1, (1912, 1915): 2, (1916, 1920): 1}),
    }
    for rule, counts in expected.items():
        assert series(r.counts_under_rule(phased, "defense", rule, 1899)) == counts, rule


def test_consultative_only_under_each_rule_by_hand(phased):
    # consul = 1 and defense = 0: 1002 (1905-), 1006 (1920-); under phase and member codes also
    # 1004 in 1910-1911 (phase 1), but not in 1912, when phase 2's defense promise is in force too
    alliance = by_hand({(1905, 1919): 1, (1920, 1920): 2})
    phase = by_hand({(1905, 1909): 1, (1910, 1911): 2, (1912, 1919): 1, (1920, 1920): 2})
    assert series(r.counts_under_rule(phased, "consult-only", "alliance", 1899)) == alliance
    assert series(r.counts_under_rule(phased, "consult-only", "alliance-year-end", 1899)) == alliance
    assert series(r.counts_under_rule(phased, "consult-only", "phase", 1899)) == phase
    assert series(r.counts_under_rule(phased, "consult-only", "member", 1899)) == phase


def test_active_is_defense_or_offense(phased):
    # 1005 (offense, 1908-1909) joins the defense pacts: 1908-1909: 2
    active = series(r.counts_under_rule(phased, "active", "alliance", 1899))
    assert active[1907] == 1 and active[1908] == 2 and active[1909] == 2 and active[1910] == 2


def test_phase_table_and_missing_phase_file(phased, mini):
    phases = r.phase_table(phased)
    nato_like = phases[phases["atopid"].eq(1004)]
    assert nato_like["phase"].tolist() == [1, 2]
    assert nato_like["last_year"].tolist() == [1912, 1920]  # still in force: the coverage end
    assert nato_like["in_force_at_end"].tolist() == [False, True]
    assert not r.has_phases(mini) and r.phase_table(mini) is None
    assert r.counts_under_rule(mini, "defense", "phase") is None
    long = r.counts_under_rules(mini, "defense", start_year=1899)
    assert sorted(long["rule"].unique()) == ["alliance", "alliance-year-end", "member"]


def test_phase_file_of_another_release_is_refused(tmp_path, mini_dir):
    for path in mini_dir.glob("*.csv"):
        shutil.copy2(path, tmp_path / path.name)
    (tmp_path / "atop5_9aph.csv").write_text(MINI_APH + "9999,9999,1901,1902,0,0,1,0,0,0,0,5.9\n")
    data = _load(tmp_path)
    with pytest.raises(al.SchemaError) as err:
        r.phase_table(data)
    one_line(err, "atop5_9aph.csv", "ATOPID 9999", "same release")


def test_codes_at_signing_by_hand(phased):
    alliance = r.codes_at_signing(phased, "alliance").set_index("atopid")
    first = r.codes_at_signing(phased, "first-phase").set_index("atopid")
    founders = r.codes_at_signing(phased, "founding-members").set_index("atopid")
    assert alliance.loc[1004, "defense"] == 1
    assert first.loc[1004, "defense"] == 0 and first.loc[1004, "consul"] == 1
    assert founders.loc[1004, "defense"] == 0  # the U.S. promised defense only in phase 2
    assert r.signed_counts(phased, "defense", "alliance", 1900, 1920) == {"signed": 6, "count": 3, "share": 0.5}
    assert r.signed_counts(phased, "defense", "first-phase", 1900, 1920)["count"] == 2
    assert r.signed_counts(phased, "defense", "founding-members", 1900, 1920)["count"] == 2
    assert r.codes_at_signing(_mini_without_phases(phased), "first-phase") is None


def _mini_without_phases(phased):
    from dataclasses import replace

    release = replace(phased.release, files={k: v for k, v in phased.release.files.items() if k != "aph"})
    return replace(phased, release=release)


def test_forms_under_each_hierarchy_by_hand(phased):
    # in force 1920: 1002 (consul, nonagg), 1004 (defense, consul), 1006 (consul)
    last = r.forms_in_force(phased, 1920, "consultation-last").set_index("form")["count"]
    assert (last["non-aggression pact"], last["defense pact"], last["consultation pact"]) == (1, 1, 1)
    first = r.forms_in_force(phased, 1920, "consultation-first")
    assert first.iloc[0]["form"] == "consultation pact" and first.iloc[0]["count"] == 2
    assert first.set_index("form").loc["consultation pact", "rank"] == 1
    # signed 1900-1920: defense 1001, 1003, 1004; 1002 consul+nonagg; 1005 offense+neutral+nonagg; 1006 consul
    signed = r.forms_signed(phased, 1900, 1920, "consultation-last").set_index("form")["count"]
    assert signed.to_dict() == {"defense pact": 3, "offense pact": 1, "non-aggression pact": 1,
                                "consultation pact": 1, "neutrality pact": 0}
    figures = r.forms_signed(phased, 1900, 1920, "memo-figures").set_index("form")["count"]
    assert figures["consultation pact"] == 2 and figures["defense pact"] == 3
    # at signing 1004 promised consultation only: 3 consultation pacts, 2 defense pacts
    at_signing = r.forms_signed(phased, 1900, 1920, "memo-figures", "first-phase").set_index("form")["count"]
    assert at_signing["consultation pact"] == 3 and at_signing["defense pact"] == 2


# --------------------------------------------------------------------------- real data, independently

def _raw(path) -> pd.DataFrame:
    return pd.read_csv(path, low_memory=False)


def _in_force(frame: pd.DataFrame, year: int, begin="begyr", end="endyr", last_year_counts=True) -> pd.DataFrame:
    ongoing = frame[end].eq(0)
    after = frame[end].ge(year) if last_year_counts else frame[end].gt(year)
    return frame[frame[begin].le(year) & (ongoing | after)]


@pytest.mark.realdata
def test_real_51_counts_under_each_rule(atop51):
    files = atop51.release.files
    a, m, aph = _raw(files["a"]), _raw(files["m"]), _raw(files["aph"])
    counts = r.counts_under_rules(atop51, "defense", start_year=1985).pivot(index="year", columns="rule", values="count")
    for year in range(1985, 2019):
        assert counts.loc[year, "alliance"] == int(_in_force(a, year)["defense"].eq(1).sum())
        assert counts.loc[year, "alliance-year-end"] == int(_in_force(a, year, last_year_counts=False)["defense"].eq(1).sum())
        assert counts.loc[year, "phase"] == _in_force(aph, year).groupby("atopid")["defense"].max().eq(1).sum()
        assert counts.loc[year, "member"] == _in_force(m, year, "yrent", "yrexit").groupby("atopid")["defense"].max().eq(1).sum()
    # the README's figures: 48 defense pacts in force in 1991 and 2018, 44-50 a year after 1991
    assert counts.loc[1991, "alliance"] == 48 and counts.loc[2018, "alliance"] == 48
    assert (counts.loc[1992:, "alliance"].min(), counts.loc[1992:, "alliance"].max()) == (44, 50)
    # "just under 60" (50-59 at the loosest) is out of reach of every rule after 1991
    assert counts.loc[1992:].to_numpy().max() <= 50


@pytest.mark.realdata
def test_real_forms_signed_after_1991(atop51, atop401):
    # the README's figures: 279 pacts signed 1992-2018, 134 of them consultative without defense
    for data, signed, consult in ((atop51, 279, 134), (atop401, 250, 126)):
        a = _raw(data.release.files["a"])
        new = a[a["begyr"].ge(1992)]
        no_military = new["defense"].eq(0) & new["offense"].eq(0)
        assert len(new) == signed
        assert int((no_military & new["consul"].eq(1)).sum()) == consult
        forms = r.forms_signed(data, 1992, data.last_year, "consultation-first").set_index("form")["count"]
        assert forms["consultation pact"] == consult and forms.sum() == signed
        # consultation last: a pact with non-aggression is a non-aggression pact
        last = r.forms_signed(data, 1992, data.last_year, "consultation-last").set_index("form")["count"]
        expected = int((no_military & new["neutral"].eq(0) & new["nonagg"].eq(1)).sum())
        assert last["non-aggression pact"] == expected and last.idxmax() == "non-aggression pact"
    assert r.codes_at_signing(atop401, "first-phase") is None
