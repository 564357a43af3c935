"""The internal consistency of a release (issue 13): what holds in every real ATOP release, and a
one-line refusal or warning for a file that breaks it.

Hand-made cases edit a copy of the `mini` fixture (tests/fixtures/mini: every rule holds there);
real-data tests check with plain pandas, independently of the code under test, that 5.1 and 4.01
satisfy each rule, and that the code finds nothing in them.
"""

from __future__ import annotations

import contextlib
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import atoplib as al
from atoplib.data.consistency import check_consistency, consistency_findings, consistency_summary
from atoplib.data.schema import ALLIANCE_COLUMNS, MEMBER_COLUMNS, read_table

from support import FIXTURES, one_line, real_dir

MINI = FIXTURES / "mini"


def _edit(tmp_path: Path, kind: str, atopid: int, column: str, value, nth: int = 0, drop: bool = False) -> Path:
    """A copy of mini with one field of the ``nth`` row of ``atopid`` changed (or that row dropped)."""
    folder = tmp_path / "rel"
    folder.mkdir(exist_ok=True)
    for k in "am":
        target = folder / f"atop5_9{k}.csv"
        if not target.exists():
            target.write_text((MINI / f"atop5_9{k}.csv").read_text())
    path = folder / f"atop5_9{kind}.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    hits = [i for i, line in enumerate(lines[1:], 1) if line.split(",")[0] == str(atopid)]
    fields = lines[hits[nth]].split(",")
    if drop:
        del lines[hits[nth]]
    else:
        fields[header.index(column)] = str(value)
        lines[hits[nth]] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n")
    return folder


def _tables(folder: Path, stem: str = "5_9"):
    a, m = folder / f"atop{stem}a.csv", folder / f"atop{stem}m.csv"
    return read_table(a, ALLIANCE_COLUMNS), read_table(m, MEMBER_COLUMNS), a, m


def _check(folder: Path, strict: bool = True):
    alliances, members, a, m = _tables(folder)
    return check_consistency(alliances, members, a, m, strict=strict)


# --------------------------------------------------------------------------- the fixture holds every rule

def test_mini_is_consistent():
    alliances, members, a, m = _tables(MINI)
    assert consistency_findings(alliances, members).empty
    assert check_consistency(alliances, members, a, m) == []


def test_cleaned_tables_give_the_same_answer(mini):
    """The loader's tables (0 end codes as <NA> + in_force_at_end, sorted) are read the same way."""
    assert consistency_findings(mini.alliances, mini.members).empty


# --------------------------------------------------------------------------- alliance codes vs. members

def test_alliance_code_below_its_members_is_refused(tmp_path):
    folder = _edit(tmp_path, "a", 1003, "defense", 0)  # members 200 and 220 promise defense in 1003
    with pytest.raises(al.SchemaError) as err:
        _check(folder)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{folder / 'atop5_9a.csv'}: ATOPID 1003 has defense 0, but the maximum over its member rows")
    assert "in atop5_9m.csv is 1" in message
    assert "restore the official file, or set ATOP_VERIFY=0 only if the edit is intended" in message


def test_alliance_code_edit_warns_with_verification_off(tmp_path):
    folder = _edit(tmp_path, "a", 1003, "defense", 0)
    warnings_ = _check(folder, strict=False)
    assert len(warnings_) == 1
    assert "ATOPID 1003 has defense 0" in warnings_[0] and "used as it is because ATOP_VERIFY=0" in warnings_[0]


def test_alliance_code_above_its_members_is_found(tmp_path):
    folder = _edit(tmp_path, "a", 1006, "nonagg", 1)  # 1006: consul only, no member has nonagg
    alliances, members, _, _ = _tables(folder)
    found = consistency_findings(alliances, members)
    assert found[["rule", "atopid", "column", "alliance_value", "member_value"]].values.tolist() == [
        ["code", 1006, "nonagg", 1, 0]]


def test_member_code_edit_is_found_from_the_member_side(tmp_path):
    """Both members of 1001 promise defense; withdrawing both leaves the alliance's defense = 1
    unsupported by any member row."""
    folder = _edit(tmp_path, "m", 1001, "defense", 0, nth=0)
    folder = _edit(tmp_path, "m", 1001, "defense", 0, nth=1)
    alliances, members, _, _ = _tables(folder)
    found = consistency_findings(alliances, members)
    assert found[["rule", "atopid", "column", "alliance_value", "member_value"]].values.tolist() == [
        ["code", 1001, "defense", 1, 0]]


def test_a_code_the_collection_does_not_count_only_warns(tmp_path):
    folder = _edit(tmp_path, "a", 1001, "ineffect", 1)  # both members of 1001 have ineffect 0
    warnings_ = _check(folder, strict=True)
    assert len(warnings_) == 1
    assert "ATOPID 1001 has ineffect 1, but the maximum over its member rows in atop5_9m.csv is 0" in warnings_[0]
    assert "the collection does not count ineffect" in warnings_[0]


# --------------------------------------------------------------------------- member spells

@pytest.mark.parametrize("strict", [True, False], ids=["verify-on", "verify-off"])
def test_member_joining_before_its_alliance_is_refused_even_unverified(tmp_path, strict):
    folder = _edit(tmp_path, "m", 1003, "yrent", 1899)  # data row 6: 1003, member 200, 1902 -> 1899
    with pytest.raises(al.SchemaError) as err:
        _check(folder, strict=strict)
    assert str(err.value) == (
        f"{folder / 'atop5_9m.csv'}: data row 6 (ATOPID 1003, member 200) has yrent 1899, before its alliance "
        f"began (begyr 1902 in atop5_9a.csv); a member spell must lie within its alliance's years: fix the dates "
        f"(move the alliance's begyr/endyr with them) or restore the official file"
    )


def test_member_leaving_after_its_alliance_ended_is_refused(tmp_path):
    folder = _edit(tmp_path, "m", 1003, "yrexit", 1917, nth=2)  # 1003 ended 1915; member 220
    with pytest.raises(al.SchemaError) as err:
        _check(folder, strict=False)
    assert "data row 8 (ATOPID 1003, member 220) has yrexit 1917, after its alliance ended (endyr 1915" in str(err.value)


def test_member_still_in_force_in_an_ended_alliance_is_refused(tmp_path):
    folder = _edit(tmp_path, "m", 1005, "yrexit", 0, nth=1)  # 1005 ended 1909; member 220
    with pytest.raises(al.SchemaError) as err:
        _check(folder, strict=False)
    assert "data row 14 (ATOPID 1005, member 220) has yrexit 0 (still in force), but its alliance ended in 1909" in str(err.value)


def test_member_joining_after_its_alliance_ended_is_refused(tmp_path):
    folder = _edit(tmp_path, "m", 1001, "yrent", 1901, nth=1)  # 1001: 1900 only; member 200
    alliances, members, _, _ = _tables(folder)
    found = consistency_findings(alliances, members)
    spell = found[found["rule"] == "spell"]
    assert spell[["atopid", "member", "row", "column", "alliance_value", "member_value"]].values.tolist() == [
        [1001, 200, 2, "yrent>endyr", 1900, 1901]]


# --------------------------------------------------------------------------- begyr, endyr, roster

def test_begyr_earlier_than_every_member(tmp_path):
    folder = _edit(tmp_path, "a", 1002, "begyr", 1904)  # members of 1002 join in 1905 and 1907
    with pytest.raises(al.SchemaError) as err:
        _check(folder)
    assert "ATOPID 1002 has begyr 1904, but its earliest member entry (yrent) in atop5_9m.csv is 1905" in str(err.value)
    assert len(_check(folder, strict=False)) == 1


def test_endyr_later_than_every_member(tmp_path):
    folder = _edit(tmp_path, "a", 1005, "endyr", 1910)
    with pytest.raises(al.SchemaError) as err:
        _check(folder)
    assert "ATOPID 1005 has endyr 1910, but its last member exit (yrexit) in atop5_9m.csv is 1909" in str(err.value)


def test_alliance_in_force_whose_members_all_left(tmp_path):
    folder = _edit(tmp_path, "a", 1001, "endyr", 0)
    with pytest.raises(al.SchemaError) as err:
        _check(folder)
    assert "ATOPID 1001 is still in force (endyr 0), but every member row in atop5_9m.csv has left (last yrexit 1900)" in str(err.value)


def test_member_row_deleted(tmp_path):
    """Warned, not refused: the collection reads the member rows, never the list."""
    folder = _edit(tmp_path, "m", 1002, "", None, nth=2, drop=True)  # 710's row of 1002
    (warning,) = _check(folder)
    assert "ATOPID 1002 lists 3 members (mem1, mem2, …) but atop5_9m.csv has rows for 2 (state 710 differs)" in warning
    assert warning.endswith("the collection reads the member rows, not the list: restore the official file if it was edited")


def test_several_findings_name_the_first_and_count_the_rest(tmp_path):
    folder = _edit(tmp_path, "a", 1001, "consul", 0)
    folder = _edit(tmp_path, "a", 1006, "consul", 0)
    with pytest.raises(al.SchemaError) as err:
        _check(folder)
    assert "ATOPID 1001 has consul 0" in str(err.value) and "(and 1 more alliances differ in consul)" in str(err.value)


def test_summary_sentence(tmp_path):
    alliances, members, _, _ = _tables(MINI)
    assert consistency_summary(consistency_findings(alliances, members), 6, 16).startswith("consistent:")
    folder = _edit(tmp_path, "a", 1003, "defense", 0)
    alliances, members, _, _ = _tables(folder)
    assert consistency_summary(consistency_findings(alliances, members), 6, 16) == (
        "NOT consistent: 1 finding(s) (1 code); see the warnings")


# --------------------------------------------------------------------------- the real releases

def _real_tables(version: str):
    folder = real_dir(version)
    if folder is None:
        pytest.skip(f"real ATOP {version} files not found")
    stem = version.replace(".", "_")
    return pd.read_csv(folder / f"atop{stem}a.csv", low_memory=False), pd.read_csv(folder / f"atop{stem}m.csv", low_memory=False), folder


@pytest.mark.realdata
@pytest.mark.parametrize("version, alliances_n, member_rows", [("5.1", 789, 2510), ("4.01", 745, 2398)])
def test_every_rule_holds_in_the_real_release(version, alliances_n, member_rows):
    """Plain pandas, not the code under test: the rules the module enforces hold exactly."""
    a, m, _ = _real_tables(version)
    assert (len(a), len(m)) == (alliances_n, member_rows)
    ai = a.set_index("atopid")
    codes = ["defense", "offense", "neutral", "nonagg", "consul", "asymm"]
    assert (ai[codes] == m.groupby("atopid")[codes].max().loc[ai.index]).all().all()
    assert (ai["begyr"] == m.groupby("atopid")["yrent"].min()).all()
    last = m.groupby("atopid")["yrexit"].agg(lambda s: 0 if (s == 0).any() else s.max())
    assert (ai["endyr"] == last).all()
    both = m.merge(a[["atopid", "begyr", "endyr"]], on="atopid")
    assert not (both.yrent < both.begyr).any()
    assert not ((both.endyr != 0) & ((both.yrexit > both.endyr) | (both.yrexit == 0))).any()
    roster = a.melt("atopid", [c for c in a.columns if c.startswith("mem") and c[3:].isdigit()]).dropna()
    assert set(zip(roster.atopid, roster.value.astype(int))) == set(zip(m.atopid, m.member))
    # term is not such a rule: some alliances differ from their members' maximum
    assert (ai["term"] != m.groupby("atopid")["term"].max()).sum() == {"5.1": 29, "4.01": 26}[version]


@pytest.mark.realdata
@pytest.mark.parametrize("version", ["5.1", "4.01"])
def test_real_release_has_no_findings(version):
    _, _, folder = _real_tables(version)
    alliances, members, a, m = _tables(folder, version.replace(".", "_"))
    assert consistency_findings(alliances, members).empty
    assert check_consistency(alliances, members, a, m) == []
    data = al.load_atop(folder)
    assert consistency_findings(data.alliances, data.members).empty


@pytest.mark.realdata
def test_fast_on_51():
    data = al.load_atop(real_dir("5.1") or pytest.skip("real ATOP 5.1 files not found"))
    times = []
    for _ in range(10):
        start = time.perf_counter()
        consistency_findings(data.alliances, data.members)
        times.append(time.perf_counter() - start)
    assert min(times) < 0.05, times


def _real_copy(tmp_path: Path) -> Path:
    folder = real_dir("5.1") or pytest.skip("real ATOP 5.1 files not found")
    copy = tmp_path / "atop51"
    copy.mkdir()
    for kind in "am":
        (copy / f"atop5_1{kind}.csv").write_bytes((folder / f"atop5_1{kind}.csv").read_bytes())
    return copy


def _set(path: Path, atopid: int, column: str, value, nth: int = 0) -> int:
    """Change one field of the ``nth`` row of ``atopid`` in a real file (CRLF kept); its data row."""
    raw = path.read_bytes().decode()
    newline = "\r\n" if "\r\n" in raw else "\n"
    lines = raw.split(newline)
    index = lines[0].split(",").index(column)
    row = [i for i, line in enumerate(lines[1:], 1) if line.split(",")[0] == str(atopid)][nth]
    fields = lines[row].split(",")
    fields[index] = str(value)
    lines[row] = ",".join(fields)
    path.write_bytes(newline.join(lines).encode())
    return row


@pytest.mark.realdata
def test_issue_case_1_defense_flipped_in_real_51(tmp_path):
    """Issue 13, case 1: 2270's defense 1 -> 0 changes the 1950 count from 33 to 32 silently."""
    copy = _real_copy(tmp_path)
    _set(copy / "atop5_1a.csv", 2270, "defense", 0)
    alliances, members, a, m = _tables(copy, "5_1")
    found = consistency_findings(alliances, members)
    assert found[["rule", "atopid", "column", "alliance_value", "member_value"]].values.tolist() == [
        ["code", 2270, "defense", 0, 1]]
    with pytest.raises(al.SchemaError):
        check_consistency(alliances, members, a, m)


@pytest.mark.realdata
def test_issue_case_2_member_entry_moved_before_its_alliance(tmp_path):
    """Issue 13, case 2: the first member row of 2270 entering in 1850 (the alliance began in 1930)."""
    copy = _real_copy(tmp_path)
    row = _set(copy / "atop5_1m.csv", 2270, "yrent", 1850)
    m = pd.read_csv(copy / "atop5_1m.csv")
    assert m.loc[row - 1, ["atopid", "yrent"]].tolist() == [2270, 1850]
    alliances, members, a, m_path = _tables(copy, "5_1")
    with pytest.raises(al.SchemaError) as err:
        check_consistency(alliances, members, a, m_path, strict=False)
    assert f"data row {row} (ATOPID 2270, member 200) has yrent 1850, before its alliance began (begyr 1930" in str(err.value)
    assert np.isin(["spell", "begin"], consistency_findings(alliances, members)["rule"]).all()


def test_info_and_summary_say_what_the_check_found(tmp_path, capsys):
    """`atopnb info` prints the result; `--json` and AtopData.summary() carry it (the manifest too)."""
    import json
    import warnings

    from atoplib import cli

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        assert cli.main(["info", "--data-dir", str(MINI)]) == 0
        text = capsys.readouterr().out
        assert ("consistency      consistent: every alliance code is the maximum over its members, begyr/endyr match "
                "the member spells and every spell lies within its alliance (6 alliances, 16 member rows)") in text
        folder = _edit(tmp_path, "a", 1003, "defense", 0)
        assert cli.main(["info", "--json", "--data-dir", str(folder)]) == 2  # verification on: refused
        capsys.readouterr()
        assert al.load_atop(folder, verify=False).summary()["consistency"] == (
            "NOT consistent: 1 finding(s) (1 code); see the warnings")
        assert cli.main(["info", "--json", "--data-dir", str(MINI)]) == 0
        assert json.loads(capsys.readouterr().out)["verification"] == "on"


def test_a_load_with_verification_off_is_not_reused_with_it_on(tmp_path):
    """Loads are cached per process; an inconsistent release loaded with verify=False must still be
    refused by a later load with verification on."""
    import warnings

    folder = _edit(tmp_path, "a", 1003, "defense", 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        assert al.load_atop(folder, verify=False).consistency_note.startswith("NOT consistent")
        with pytest.raises(al.SchemaError):
            al.load_atop(folder, verify=True)


# --------------------------------------------------------------------------- issue 21: coverage and the other files

@pytest.mark.realdata
@pytest.mark.parametrize("version, coverage", [("5.1", (1815, 2018)), ("4.01", (1815, 2016))])
def test_coverage_comes_from_the_alliance_and_member_files(version, coverage):
    """Plain pandas: the first and last year of begyr, endyr, yrent, yrexit (0 = still in force);
    ATOP's own state-year (and 5.1's alliance-phase) file spans exactly these years."""
    a, m, folder = _real_tables(version)
    years = pd.concat([a["begyr"], a["endyr"], m["yrent"], m["yrexit"]])
    years = years[years > 0]
    assert (int(years.min()), int(years.max())) == coverage
    stem = version.replace(".", "_")
    sy = pd.read_csv(folder / f"atop{stem}sy.csv", usecols=["year"])
    assert (int(sy["year"].min()), int(sy["year"].max())) == coverage
    if version == "5.1":
        aph = pd.read_csv(folder / "atop5_1aph.csv", usecols=["begyr", "endyr"])
        phase_years = pd.concat([aph["begyr"], aph["endyr"][aph["endyr"] > 0]])
        assert (int(phase_years.min()), int(phase_years.max())) == coverage
    assert al.load_atop(folder).coverage == coverage


def _real_with_state_years(tmp_path: Path, edit) -> Path:
    """A copy of real 5.1 (a, m, sy) whose state-year file's data lines are passed through ``edit``."""
    copy = _real_copy(tmp_path)
    source = (real_dir("5.1") / "atop5_1sy.csv").read_bytes().decode()
    lines = source.split("\r\n")
    header, rows = lines[0], [line for line in lines[1:] if line]
    (copy / "atop5_1sy.csv").write_bytes("\r\n".join([header, *edit(header.split(","), rows), ""]).encode())
    return copy


@pytest.mark.realdata
@pytest.mark.parametrize("verify", ["1", "0"])
def test_issue_case_1_state_year_row_for_2025(tmp_path, monkeypatch, verify):
    """Issue 21 case 1: one `sy` row for 2025 in a good 5.1 folder made the coverage 1815-2025 and
    invented 47 pacts a year for 2019-2025; refused naming the file, the row and the years, also
    with ATOP_VERIFY=0."""
    monkeypatch.setenv("ATOP_VERIFY", verify)

    def add_2025(header, rows):
        year = header.index("year")
        last = rows[-1].split(",")
        last[year] = "2025"
        return rows + [",".join(last)]

    copy = _real_with_state_years(tmp_path, add_2025)
    if verify == "1":  # the pinned hash catches the edit first
        with pytest.raises(al.ChecksumError) as err:
            al.load_atop(copy)
        one_line(err, f"{copy / 'atop5_1sy.csv'}: sha256", "differs from the pinned ATOP 5.1 value")
        return
    with pytest.raises(al.SchemaError) as err, warnings_ignored():
        al.load_atop(copy)
    one_line(err, f"{copy / 'atop5_1sy.csv'}: data row 11924 has year 2025, past the last year 2018 of the alliance "
                  "and member files (atop5_1a.csv, atop5_1m.csv)", "not one release")


def test_state_year_row_past_the_coverage_of_an_unpinned_release(tmp_path):
    """The same without pinned hashes (a release not in the registry): the coverage rule refuses it."""
    folder = _edit(tmp_path, "a", 1001, "begyr", 1900)
    (folder / "atop5_9sy.csv").write_text("state,year,version\n2,1900,5.9\n2,1920,5.9\n2,2025,5.9\n")
    with pytest.raises(al.SchemaError) as err, warnings_ignored():
        al.load_atop(folder)
    one_line(err, f"{folder / 'atop5_9sy.csv'}: data row 3 has year 2025, past the last year 1920 of the alliance and "
                  "member files (atop5_9a.csv, atop5_9m.csv)", "put the state-year file of the same release beside them")


@pytest.mark.realdata
def test_short_state_year_coverage_blames_the_state_year_file(tmp_path, monkeypatch):
    """Before: the alliance file was blamed ('endyr 2018 … outside the release's coverage 1815-2010')."""
    monkeypatch.setenv("ATOP_VERIFY", "0")

    def up_to_2010(header, rows):
        year = header.index("year")
        return [row for row in rows if int(row.split(",")[year]) <= 2010]

    copy = _real_with_state_years(tmp_path, up_to_2010)
    with pytest.raises(al.SchemaError) as err, warnings_ignored():
        al.load_atop(copy)
    message = one_line(err, f"{copy / 'atop5_1sy.csv'}: its years stop at 2010", "short of the last year 2018 of the "
                       "alliance and member files (atop5_1a.csv, atop5_1m.csv)")
    assert "atop5_1a.csv:" not in message


def test_alliance_phase_file_reaching_past_the_coverage(tmp_path):
    """The alliance-phase file is held to the coverage too (here one phase ends in 1925, past 1920)."""
    folder = _edit(tmp_path, "a", 1001, "begyr", 1900)
    (folder / "atop5_9aph.csv").write_text("atopid,phase,begyr,endyr,version\n1001,1,1900,1900,5.9\n"
                                           "1003,1,1902,1925,5.9\n1006,1,1920,0,5.9\n")
    with pytest.raises(al.SchemaError) as err, warnings_ignored():
        al.load_atop(folder)
    one_line(err, f"{folder / 'atop5_9aph.csv'}: data row 2 has year 1925, past the last year 1920 of the alliance and "
                  "member files", "the alliance-phase file must span the years they cover")


def test_coverage_findings_count_every_row_past_it(tmp_path):
    """One line per file and class, with a count: three state-year rows past 1920 are one message."""
    from atoplib.data.consistency import coverage_findings, finding_messages

    sy = pd.DataFrame({"year": [1900, 1920, 1921, 1925, 1930]})
    found = pd.DataFrame(coverage_findings((1900, 1920), {"sy": (tmp_path / "atop5_9sy.csv", sy)}))
    assert found[["row", "member_value"]].values.tolist() == [[3, 1921], [4, 1925], [5, 1930]]
    messages = finding_messages(found, tmp_path / "atop5_9a.csv", tmp_path / "atop5_9m.csv")
    assert len(messages) == 1 and "data row 3 has year 1921" in messages[0][1] and "(and 2 more rows)" in messages[0][1]


@contextlib.contextmanager
def warnings_ignored():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        yield
