"""The memo's claims as rows: two hand-made releases built so that every verdict flips between
them (counts worked out by hand below), the `mini` fixture (too short for most rules: n/a), and
the real ATOP 5.1 and 4.01 releases."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import atoplib as al
from atoplib.memo import reproduction as rp

A_COLUMNS = ["atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday", "ineffect",
             "defense", "offense", "neutral", "nonagg", "consul", "version"]
M_COLUMNS = ["atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "ineffect",
             "phase", "defense", "offense", "neutral", "nonagg", "consul", "version"]


def write_release(root, version: str, groups: list[tuple]) -> None:
    """``groups``: (how many, begyr, endyr or 0 for in force, defense, consul, nonagg, members(k))."""
    a_rows, m_rows = [], []
    atopid = 1000
    for n, begyr, endyr, defense, consul, nonagg, members in groups:
        for k in range(n):
            atopid += 1
            end = (endyr, 12, 31, 0) if endyr else (0, 0, 0, 1)
            a_rows.append([atopid, begyr, 1, 1, *end, defense, 0, 0, nonagg, consul, version])
            for member in members(k):
                m_rows.append([atopid, member, begyr, 1, 1, *end, 0, defense, 0, 0, nonagg, consul, version])
    pd.DataFrame(a_rows, columns=A_COLUMNS).to_csv(root / f"atop{version.replace('.', '_')}a.csv", index=False)
    pd.DataFrame(m_rows, columns=M_COLUMNS).to_csv(root / f"atop{version.replace('.', '_')}m.csv", index=False)


def _load(root) -> al.AtopData:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return al.load_atop(root)


@pytest.fixture
def memo_like(tmp_path) -> al.AtopData:
    """Everything the memo says holds. By hand:

    defense: 55 U.S. bilateral pacts 1950-end + 5 more 1975-1985 -> 0 in 1945, 55 in 1950-1974,
    60 in 1975-1985, 55 from 1986 (1980s mean 58.0, 1992-2020 all 55);
    consultative-only: 140 pacts 1992-end, 70 of them with nonagg = 1 (footnote variant: 70);
    one non-aggression pact signed and ended in 2020 sets the coverage end.
    Signed after 1991: 141 (140 consultative-only, 0 defense); 1946-1991: 60, all defense.
    U.S. partners: 55-60 a year from 1950, every other state 1.
    """
    write_release(tmp_path, "7.1", [
        (55, 1950, 0, 1, 0, 0, lambda k: (2, 100 + k)),
        (5, 1975, 1985, 1, 0, 0, lambda k: (2, 200 + k)),
        (70, 1992, 0, 0, 1, 1, lambda k: (300 + k, 400 + k)),
        (70, 1992, 0, 0, 1, 0, lambda k: (500 + k, 600 + k)),
        (1, 2020, 2020, 0, 0, 1, lambda k: (700, 701)),
    ])
    data = _load(tmp_path)
    assert data.coverage == (1815, 2020)
    return data


@pytest.fixture
def contrary(tmp_path) -> al.AtopData:
    """Nothing the memo says holds. By hand:

    defense: 40 pacts 1900-end (state 200 with 300+k), 10 in 1950-1960 (200 with 400+k), 10 in
    1993 only and 5 from 1995 (both U.S. bilateral) -> 40 in 1945, 50 in 1950-1960, 40 in
    1961-1992, 50 in 1993, 40 in 1994, 45 from 1995 (1980s mean 40.0; 1992-2020 mean 1300/29 = 44.8);
    consultative-only: 10 consultation + non-aggression pacts 1900-1950 (also the footnote
    variant), 20 consultation-only pacts from 1992 -> 20 in 2020, footnote variant 0 after 1950;
    non-aggression only: 20 signed 1960 (ended 1961), 20 signed 1995 (ended 2000), 1 in 2020.
    Signed 1946-1991: 30 (10 defense, 33.3%); after 1991: 56 (15 defense = 26.8%,
    20 consultative-only = 35.7%, 21 non-aggression only).
    """
    write_release(tmp_path, "7.2", [
        (40, 1900, 0, 1, 0, 0, lambda k: (200, 300 + k)),
        (10, 1950, 1960, 1, 0, 0, lambda k: (200, 400 + k)),
        (10, 1993, 1993, 1, 0, 0, lambda k: (2, 500 + k)),
        (5, 1995, 0, 1, 0, 0, lambda k: (2, 600 + k)),
        (10, 1900, 1950, 0, 1, 1, lambda k: (700 + k, 750 + k)),
        (20, 1992, 0, 0, 1, 0, lambda k: (800 + k, 850 + k)),
        (20, 1960, 1961, 0, 0, 1, lambda k: (900 + k, 950 + k)),
        (20, 1995, 2000, 0, 0, 1, lambda k: (1000 + k, 1050 + k)),
        (1, 2020, 2020, 0, 0, 1, lambda k: (1100, 1101)),
    ])
    data = _load(tmp_path)
    assert data.coverage == (1815, 2020)
    return data


def test_memo_like_release_agrees_on_every_claim(memo_like):
    table = rp.reproduction_table(memo_like)
    assert list(table.columns) == ["claim", "rule", "memo_value", "measured", "status", "reason"]
    assert table.index.tolist() == [c.id for c in rp.CLAIMS]
    assert set(table["status"]) == {"agree"}
    assert (table["reason"] == "").all()
    m = table["measured"]
    assert m["defense-growth"] == "0 in 1945 → 60 at most in 1946-1991"
    assert m["defense-peak"] == "maximum 60, reached in 1975-1985"
    assert m["defense-decline"] == "mean 58.0 in 1980-1989 → 55.0 in 1992-2020"
    assert m["defense-level"] == "55 in 1992-2020 (mean 55.0)"
    assert m["consult-level"] == "140 in 2020"
    assert m["consult-overtakes"] == "more in 29 of 29 years 1992-2020 (2020: 140 vs 55)"
    assert m["footnote-similar"] == "r = 1.000; 0 → 70 from 1991 to 2020 (consultative-only 0 → 140)"
    assert m["mostly-consultative"] == "99.3% (140 of 141 signed 1992-2020)"
    assert m["out-of-fashion"] == "0.0% (0 of 141) signed 1992-2020 vs 100.0% (60 of 60) in 1946-1991"
    assert m["us-outlier"] == "U.S. 55 partners in 2020 (next: ccode 100 with 1); most every year 1950-2020"


def test_contrary_release_differs_on_every_claim(contrary):
    table = rp.reproduction_table(contrary)
    assert set(table["status"]) == {"differ"}
    assert (table["reason"] != "").all()
    m, r = table["measured"], table["reason"]
    assert m["defense-growth"] == "40 in 1945 → 50 at most in 1946-1991"
    assert r["defense-growth"] == "the Cold War maximum 50 is less than 1.5× the 1945 count 40"
    assert m["defense-peak"] == "maximum 50, reached in 1950-1960 and 1993"
    assert m["defense-decline"] == "mean 40.0 in 1980-1989 → 44.8 in 1992-2020"
    assert m["defense-level"] == "40-50 in 1992-2020 (mean 44.8)"
    assert r["defense-level"] == "29 of 29 years after 1991 fall outside 55-59; the 1980s averaged 40.0"
    assert r["consult-level"] == "20 in 2020: below 140-149 (maximum after 1991: 20)"
    assert m["consult-overtakes"] == "more in 0 of 29 years 1992-2020 (2020: 20 vs 45)"
    assert "0 → 0 from 1991 to 2020" in m["footnote-similar"]
    assert m["mostly-consultative"] == "35.7% (20 of 56 signed 1992-2020)"
    assert r["mostly-consultative"] == "35.7% are consultative-only; of the rest, non-aggression pacts without consultation: 21, defense pacts: 15"
    assert m["out-of-fashion"] == "26.8% (15 of 56) signed 1992-2020 vs 33.3% (10 of 30) in 1946-1991"
    assert r["us-outlier"] == "the U.S. does not have the most defense partners in 1950-2020"  # 200 has 40+, the U.S. at most 10


def test_thresholds_decide_the_verdict(contrary, monkeypatch):
    """Loosen one rule's threshold and its verdict (only) flips: the rules are the constants."""
    monkeypatch.setattr(rp, "GROWTH_FACTOR", 1.25)  # 50 >= 1.25 x 40
    monkeypatch.setattr(rp, "NEARLY_150", (20, 150))
    table = rp.reproduction_table(contrary)
    assert table.loc["defense-growth", "status"] == "agree"
    assert table.loc["consult-level", "status"] == "agree"
    assert (table.drop(index=["defense-growth", "consult-level"])["status"] == "differ").all()


def test_short_coverage_gives_na_not_a_verdict(mini):
    table = rp.reproduction_table(mini)
    assert table.loc["defense-peak", "status"] == "differ"  # 1815-1920 can be judged: peak 2 in 1910-1915
    assert table.loc["defense-peak", "measured"] == "maximum 2, reached in 1910-1915"
    na = table[table["status"] == "n/a"]
    assert len(na) == len(rp.CLAIMS) - 1
    assert na.loc["defense-level", "reason"] == "the rule needs 1992 onward; ATOP 5.9 covers 1815-1920"
    assert na.loc["defense-growth", "reason"] == "the rule needs 1945; ATOP 5.9 covers 1815-1920"
    summary = rp.reproduction_summary(table).set_index("status")["claims"].to_dict()
    assert summary == {"agree": 0, "differ": 1, "n/a": len(rp.CLAIMS) - 1}


def test_write_reproduction_csv(memo_like, tmp_path):
    path = rp.write_reproduction(rp.reproduction_table(memo_like), tmp_path / "out")
    assert path == tmp_path / "out" / "reproduction.csv"
    back = pd.read_csv(path, keep_default_na=False)
    assert list(back.columns) == ["claim", "rule", "memo_value", "measured", "status", "reason"]
    assert len(back) == len(rp.CLAIMS) and set(back["status"]) == {"agree"}


@pytest.mark.realdata
def test_real_51_reproduction(atop51):
    table = rp.reproduction_table(atop51)
    assert table["status"].to_dict() == {
        "defense-growth": "agree",
        "defense-peak": "agree",
        "defense-decline": "agree",
        "defense-level": "differ",
        "consult-level": "differ",
        "consult-overtakes": "agree",
        "footnote-similar": "agree",
        "mostly-consultative": "differ",
        "out-of-fashion": "agree",
        "us-outlier": "agree",
    }
    m = table["measured"]
    assert m["defense-peak"] == "maximum 63, reached in 1967, 1977 and 1981"
    assert m["defense-level"] == "44-50 in 1992-2018 (mean 47.3)"
    assert m["consult-level"] == "161 in 2018"
    assert table.loc["consult-level", "reason"] == "161 in 2018: above 140-149 every year since 2002"
    assert m["mostly-consultative"] == "48.0% (134 of 279 signed 1992-2018)"
    assert m["us-outlier"].startswith("U.S. 66 partners in 2018 (next: ccode 220 with 38)")


@pytest.mark.realdata
def test_real_401_reproduction_flips_mostly_consultative(atop401):
    """In 4.01 (through 2016) 126 of 250 post-1991 alliances are consultative-only: 50.4%, a majority."""
    table = rp.reproduction_table(atop401)
    assert table.loc["mostly-consultative", "status"] == "agree"
    assert table.loc["mostly-consultative", "measured"] == "50.4% (126 of 250 signed 1992-2016)"
    assert table.loc["consult-level", "measured"] == "153 in 2016"
    assert table.loc["defense-level", "measured"] == "42-48 in 1992-2016 (mean 45.4)"


def test_text_and_verdict(contrary, mini):
    table = rp.reproduction_table(contrary)
    text = rp.as_text(table, "7.2")
    assert text.splitlines()[0] == '[differ] Defense pacts "grew" during the Cold War'
    assert text.splitlines()[1] == "    memo: grew  |  ATOP 7.2: 40 in 1945 → 50 at most in 1946-1991"
    assert text.count("    why: ") == len(rp.CLAIMS)
    assert rp.rules_text(table).splitlines()[0].startswith("defense-growth: defense = 1; agree if")
    assert rp.verdict(table, "7.2").startswith(f"Of the {len(rp.CLAIMS)} claims checked against ATOP 7.2, 0 agree and {len(rp.CLAIMS)} differ (defense-growth, ")
    short = rp.verdict(rp.reproduction_table(mini), "5.9")
    assert short.startswith("Of the 10 claims checked against ATOP 5.9, 0 agree and 1 differ (defense-peak); 9 cannot be measured")
