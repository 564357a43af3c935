"""The reproduction report (atoplib.memo.reproduction): the claims ledger on two hand-made releases
built so that the verdicts flip between them (counts worked out by hand below), and the file it
writes. Real ATOP 5.1 and 4.01 values are checked in test_ledger.py."""

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
    root = tmp_path / "memo-like"
    root.mkdir()
    write_release(root, "7.1", [
        (55, 1950, 0, 1, 0, 0, lambda k: (2, 100 + k)),
        (5, 1975, 1985, 1, 0, 0, lambda k: (2, 200 + k)),
        (70, 1992, 0, 0, 1, 1, lambda k: (300 + k, 400 + k)),
        (70, 1992, 0, 0, 1, 0, lambda k: (500 + k, 600 + k)),
        (1, 2020, 2020, 0, 0, 1, lambda k: (700, 701)),
    ])
    data = _load(root)
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
    root = tmp_path / "contrary"
    root.mkdir()
    write_release(root, "7.2", [
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
    data = _load(root)
    assert data.coverage == (1815, 2020)
    return data


def statuses(table: pd.DataFrame, claim_id: str) -> list[str]:
    """The statuses of a claim's readings, in the ledger's order (its overall row left out)."""
    return table[table["claim_id"].eq(claim_id)]["status"].tolist()[1:]


def overall(table: pd.DataFrame) -> dict[str, str]:
    rows = table[table["reading"].eq("overall")]
    return dict(zip(rows["claim_id"], rows["status"]))


def measured(table: pd.DataFrame, claim_id: str) -> list[str]:
    return table[table["claim_id"].eq(claim_id)]["measured"].tolist()[1:]


def test_memo_like_release(memo_like):
    table = rp.reproduction_table(memo_like, load_cow=False)
    assert tuple(table.columns) == rp.COLUMNS
    status = overall(table)
    # 55 defense pacts every year 1986-2020 (phase readings n/a: no phase file)
    assert status["defense-just-under-60"] == "agree"
    assert statuses(table, "defense-just-under-60").count("agree") == 16
    assert measured(table, "defense-just-under-60")[0] == "55 a year in 1992-2020 (mean 55.0)"
    # the peak: 60 in 1975-1985; the 1980s (58.0) and 1970s (57.5) lead the decade means
    assert status["defense-grew-peak"] == "agree"
    assert measured(table, "defense-grew-peak")[2] == ("0 in 1945; maximum 60 in 1975-1985; "
                                                         "highest decade means 1980s 58.0, 1970s 57.5")
    # declined: the mean fell (58.0 -> 55.0), but 2020 (55) is not below 1991 (55)
    assert statuses(table, "defense-declined")[:2] == ["agree", "differ"] and status["defense-declined"] == "partly"
    assert measured(table, "consult-nearly-150")[0] == "140 in 2020" and status["consult-nearly-150"] == "agree"
    assert status["consult-surged"] == "agree" and status["footnote-similar"] == "agree"
    assert status["out-of-fashion"] == "agree"
    assert measured(table, "out-of-fashion")[0] == "0.0% (0 of 141) signed 1992-end vs 100.0% (60 of 60) in 1946-1991"
    # forms in 2020: 140 consultation pacts, 70 of them with non-aggression, + 1 non-aggression pact:
    # consultation last -> 71 non-aggression pacts lead; consultation first -> 140 consultation pacts
    forms = statuses(table, "most-common-form")
    assert forms.count("agree") == 8 and forms.count("differ") == 4 and forms.count("n/a") == 6
    assert measured(table, "most-common-form")[0] == ("in force in 2020: consultation pacts 70 of 196 (35.7%); "
                                                      "most common: non-aggression pacts (71)")


def test_contrary_release(contrary):
    table = rp.reproduction_table(contrary, load_cow=False)
    status = overall(table)
    # maximum 50 in 1950-1960 and 1993: no reading puts the peak in the 1970s-80s
    assert status["defense-grew-peak"] == "differ"
    assert measured(table, "defense-grew-peak")[0] == "40 in 1945; maximum 50 in 1950-1960 and 1993"
    assert status["defense-declined"] == "differ"  # 1980s mean 40.0, 1992-2020 mean 44.8; 40 in 1991, 45 in 2020
    assert measured(table, "defense-declined")[:2] == ["mean 40.0 in 1980-1989, 44.8 in 1992-2020", "40 in 1991, 45 in 2020"]
    assert status["defense-just-under-60"] == "differ"
    assert measured(table, "defense-just-under-60")[0] == "40-50 a year in 1992-2020 (mean 44.8)"
    assert status["consult-nearly-150"] == "differ" and measured(table, "consult-nearly-150")[0] == "20 in 2020"
    # new pacts after 1991: defense 15 of 56 (26.8%) against 10 of 30 (33.3%) in the Cold War, not
    # below half; but 20 consultative-only against 15 defense pacts: "opting" holds
    assert statuses(table, "out-of-fashion")[:2] == ["differ", "agree"] and status["out-of-fashion"] == "partly"
    assert measured(table, "out-of-fashion")[1] == "20 consultative-only vs 15 defense pacts signed 1992-end"


def test_short_coverage_gives_na_not_a_verdict(mini):
    table = rp.reproduction_table(mini, load_cow=False)
    status = overall(table)
    for claim_id in ("defense-grew-peak", "defense-declined", "defense-just-under-60", "consult-nearly-150",
                     "out-of-fashion", "most-common-form", "rio-exits"):
        assert status[claim_id] == "n/a", claim_id
    reasons = table[table["claim_id"].eq("defense-just-under-60")]["reason"].tolist()[1:]
    assert reasons[0] == "the reading needs 1992 onward; ATOP 5.9 covers 1815-1920"


def test_write_reproduction_csv(memo_like, tmp_path):
    table = rp.reproduction_table(memo_like, load_cow=False)
    from atoplib.present.figures import save_table

    path = save_table(table, rp.FILE_NAME, tmp_path / "out")
    assert path == tmp_path / "out" / "reproduction.csv"
    back = pd.read_csv(path, keep_default_na=False, dtype=str)
    assert list(back.columns) == ["claim_id", "location", "quote", "reading", "release", "measured", "status", "reason"]
    assert len(back) == len(table) and back["reading"].eq("overall").sum() == back["claim_id"].nunique()
    assert back.equals(table.reset_index(drop=True).astype(str))


def test_releases_table(memo_like, contrary):
    both = rp.releases_table([rp.reproduction_table(memo_like, load_cow=False),
                              rp.reproduction_table(contrary, load_cow=False)])
    assert list(both.columns) == ["claim_id", "location", "quote", "ATOP 7.1", "ATOP 7.2"]
    row = both.set_index("claim_id").loc["defense-just-under-60"]
    assert (row["ATOP 7.1"], row["ATOP 7.2"]) == ("agree", "differ")
