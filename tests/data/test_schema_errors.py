"""Data files whose columns or values are not what ATOP releases hold: one line naming the file,
the row or column, and the fix.

Bad inputs are built at test time in tmp_path from the `mini` fixture (or, for checksums, from a
copy of the real 5.1 files); docs/errors.md lists every message.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from support import MINI, drop, one_line, release

import atoplib as al

pytestmark = pytest.mark.usefixtures("quiet_unpinned")


def drop_column(name):
    def edit(text):
        lines = text.splitlines()
        index = lines[0].split(",").index(name)
        return "\n".join(",".join(v for i, v in enumerate(line.split(",")) if i != index) for line in lines) + "\n"
    return edit


def test_required_column_missing(tmp_path):
    folder = release(tmp_path, m=drop_column("yrexit"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    message = one_line(err, "atop5_9m.csv", "required column 'yrexit' is missing", "use the unmodified file")
    assert "found" not in message  # dayexit/moexit are ATOP's own columns, not a renamed yrexit


def test_required_column_renamed(tmp_path):
    folder = release(tmp_path, a=lambda t: t.replace(",defense,", ",defence,", 1))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "required column 'defense' is missing", "found 'defence': rename it back")


def test_non_numeric_code(tmp_path):
    folder = release(tmp_path, m=lambda t: t.replace("1003,220,1902", "1003,220,19O2"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv", "column 'yrent'", "non-numeric value '19O2'", "data row 8 (line 9)", "fix or re-download")


def test_empty_file(tmp_path):
    folder = release(tmp_path, a=lambda t: "")
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv is empty", "replace it with the file from the ATOP release")


def test_header_without_rows(tmp_path):
    folder = release(tmp_path, m=lambda t: t.splitlines()[0] + "\n")
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv has a header but no rows", "replace it")


@pytest.mark.parametrize("sep", [";", "\t"])
def test_wrong_delimiter(tmp_path, sep):
    folder = release(tmp_path, a=lambda t: t.replace(",", sep))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv is not comma-separated", f"split by {sep!r}", "save it as CSV with commas")


def test_duplicated_atopid(tmp_path):
    folder = release(tmp_path, a=lambda t: t + t.splitlines()[2] + "\n")
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "ATOPID 1002 appears more than once", "use the unmodified file")


def test_begyr_after_endyr(tmp_path):
    folder = release(tmp_path, a=lambda t: t.replace("1003,1902,6,1,1915", "1003,1916,6,1,1915"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "ATOPID 1003 has begyr 1916 after endyr 1915", "fix the dates")


def test_year_before_coverage(tmp_path):
    folder = release(tmp_path, a=lambda t: t.replace("1003,1902", "1003,1702"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "column 'begyr' has year 1702 in data row 3", "coverage 1815-1920", "fix the year")


def test_year_after_coverage_of_state_year_file(tmp_path):
    """The coverage comes from the alliance and member files (here 1900-1925, a member leaving in
    1925 with its alliance); a state-year file that stops at 1920 is blamed, not the member file."""
    folder = release(tmp_path, a=lambda t: t.replace("1003,1902,6,1,1915,12,31", "1003,1902,6,1,1925,12,31"),
                     m=lambda t: t.replace("1003,200,1910,8,1,1915,12,31", "1003,200,1910,8,1,1925,12,31")
                     .replace("1003,220,1902,6,1,1915,12,31", "1003,220,1902,6,1,1925,12,31"))
    (folder / "atop5_9sy.csv").write_text("state,year,version\n2,1900,5.9\n2,1919,5.9\n2,1920,5.9\n")
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, f"{folder / 'atop5_9sy.csv'}: its years stop at 1920 (data row 3), short of the last year 1925 of "
                  "the alliance and member files (atop5_9a.csv, atop5_9m.csv)", "not one release")


def test_year_in_the_future(tmp_path):
    folder = release(tmp_path, a=lambda t: t.replace("1003,1902,6,1,1915", "1003,1902,6,1,2999"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "column 'endyr' has year 2999 in data row 3", "in the future")


def test_member_atopid_not_in_alliance_file(tmp_path):
    extra = "9999,2,1900,1,1,1900,1,1,0,0,1,0,0,0,0,0,1,1,5.9\n"
    folder = release(tmp_path, m=lambda t: t + extra)
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv", "data row 17 has ATOPID 9999", "not in the alliance file atop5_9a.csv")


def test_stata_file_that_is_not_stata(tmp_path):
    folder = release(tmp_path, a_name="atop5_9a.dta", m_name="atop5_9m.dta")  # CSVs under .dta names
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.dta is not a Stata .dta file", "use the release's CSV files")


def test_blank_entry_year(tmp_path):
    folder = release(tmp_path, m=lambda t: t.replace("1003,220,1902", "1003,220,"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv", "column 'yrent' is blank in data row 8", "fill it in")


def test_blank_end_year_is_not_read_as_still_in_force(tmp_path):
    folder = release(tmp_path, a=lambda t: t.replace("1003,1902,6,1,1915", "1003,1902,6,1,"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "column 'endyr' is blank in data row 3", "ATOP writes 0 for 'still in force'")


def test_obligation_code_not_0_or_1(tmp_path):
    row = "1003,1902,6,1,1915,12,31,0,1,1"
    folder = release(tmp_path, a=lambda t: t.replace(row, row[:-1] + "7"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "column 'defense' has the code 7 in data row 3 (ATOPID 1003)", "0 or 1")


def test_code_that_is_not_a_whole_number(tmp_path):
    row = "1003,1902,6,1,1915,12,31,0,1,1"
    folder = release(tmp_path, a=lambda t: t.replace(row, row[:-1] + "0.5"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9a.csv", "column 'defense' has the value 0.5 in data row 3", "whole numbers")


def test_member_leaves_before_joining(tmp_path):
    folder = release(tmp_path, m=lambda t: t.replace("1003,220,1902,6,1,1915", "1003,220,1902,6,1,1901"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv", "data row 8 (ATOPID 1003, member 220) has yrexit 1901 before yrent 1902")


def test_membership_row_repeated(tmp_path):
    folder = release(tmp_path, m=lambda t: t + t.splitlines()[5] + "\n")
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "atop5_9m.csv", "data row 17 repeats data row 5 (ATOPID 1002, member 710", "delete the copy")


def test_excel_byte_order_mark_is_harmless(tmp_path, mini):
    """Not an error: a file saved as Excel's "CSV UTF-8" starts with a BOM; it loads the same."""
    folder = release(tmp_path, a=lambda t: "\ufeff" + t)
    data = al.load_atop(folder)
    assert data.alliances["atopid"].tolist() == mini.alliances["atopid"].tolist()
    assert al.measures.counts_by_year(data, "defense").equals(al.measures.counts_by_year(mini, "defense"))


# --------------------------------------------------------------------------- issue 13: damaged and foreign files

@pytest.mark.parametrize("content, part", [
    (b"", "is empty; replace it with the file from the ATOP release"),
    (b"\x72\x02\x01\x00\x05\x00\x00\x00" + bytes(3000), "is not a Stata .dta file pandas can read (KeyError"),
], ids=["empty", "truncated-header"])
def test_damaged_stata_file(tmp_path, content, part):
    folder = release(tmp_path, a=drop, m=drop)
    pd.read_csv(MINI / "atop5_9m.csv").to_stata(folder / "atop5_9m.dta", write_index=False, version=118)
    (folder / "atop5_9a.dta").write_bytes(content)
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, str(folder / "atop5_9a.dta"), part)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_file(tmp_path, encoding):
    folder = release(tmp_path)
    path = folder / "atop5_9a.csv"
    path.write_bytes(path.read_text().encode(encoding))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, f"{path} is encoded as UTF-16, not as UTF-8 or ASCII text", "save it as 'CSV UTF-8'")


# --------------------------------------------------------------------------- issue 21: nothing read silently

def test_member_file_cut_off_mid_row(tmp_path):
    """Issue 21 case 3: the last line is short (fewer fields than the header); before, its missing
    codes were read as blanks and the obligations of that member row as 0."""
    folder = release(tmp_path, m=lambda t: t.rstrip("\n")[:-20])
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, f"{folder / 'atop5_9m.csv'}: line 17 (data row 16) has 10 of the header's 19 fields",
             "it ends after 'phase' (the file was cut off mid-row)", "replace the file")


@pytest.mark.parametrize("edit, part", [
    (lambda t: t.replace("1002,365,1905,1,15,0,0,0,1,0,0,0,0,1,1,0,0,0,5.9", "1002,365,1905,1,15,0,0,0,1,0,0,0,0,1,1"),
     "line 5 (data row 4) has 15 of the header's 19 fields; it stops after 'consul'"),
    (lambda t: t.replace("1002,365,1905,1,15,0,0,0,1,0,0,0,0,1,1,0,0,0,5.9", "1002,365,1905,1,15,0,0,0,1,0,0,0,0,1,1,0,0,0,5.9,7"),
     "line 5 (data row 4) has 20 fields but the header has 19"),
], ids=["short-row-inside", "long-row"])
def test_row_whose_field_count_differs_from_the_header(tmp_path, edit, part):
    folder = release(tmp_path, m=edit)
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, str(folder / "atop5_9m.csv"), part)


@pytest.mark.parametrize("cut, part", [
    (600, "its header declares 16 rows but it ends in data row"),
    (20, "all 16 rows are there but it ends before Stata's closing tag </stata_dta>"),
], ids=["in-the-rows", "in-the-closing-tags"])
def test_stata_file_cut_short(tmp_path, cut, part):
    """A .dta cut short: pandas fails with 'buffer is smaller…' (or, cut in its closing tags,
    reads it without a word); refused naming the file and the row."""
    folder = release(tmp_path, a=drop, m=drop)
    pd.read_csv(MINI / "atop5_9a.csv").to_stata(folder / "atop5_9a.dta", write_index=False, version=118)
    pd.read_csv(MINI / "atop5_9m.csv").to_stata(folder / "atop5_9m.dta", write_index=False, version=118)
    whole = (folder / "atop5_9m.dta").read_bytes()
    (folder / "atop5_9m.dta").write_bytes(whole[:-cut])
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, f"{folder / 'atop5_9m.dta'}: the file is cut short", part)


def test_stata_file_cut_short_names_the_row(tmp_path):
    folder = release(tmp_path, a=drop, m=drop)
    pd.read_csv(MINI / "atop5_9a.csv").to_stata(folder / "atop5_9a.dta", write_index=False, version=114)
    pd.read_csv(MINI / "atop5_9m.csv").to_stata(folder / "atop5_9m.dta", write_index=False, version=114)
    whole = (folder / "atop5_9m.dta").read_bytes()
    (folder / "atop5_9m.dta").write_bytes(whole[:-100])  # 88-byte rows: row 15 is cut, row 16 gone
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "its header declares 16 rows but it ends in data row 15 (14 whole rows)")


@pytest.mark.parametrize("header, part", [
    (lambda h: h + ",Defense", "column 20 'Defense' differs only in case from column 10 'defense'"),
    (lambda h: h + ",defense", "column 20 'defense' repeats column 10 'defense'"),
], ids=["case", "exact"])
def test_duplicate_column_names(tmp_path, header, part):
    """Before: a traceback (pandas' DataFrame has no attribute 'str'), or the second copy silently unread."""
    def edit(text):
        lines = text.splitlines()
        return "\n".join([header(lines[0])] + [line + ",1" for line in lines[1:]]) + "\n"
    folder = release(tmp_path, a=edit)
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, str(folder / "atop5_9a.csv"), part, "remove one of them")


def test_trailing_comma_in_the_header(tmp_path):
    folder = release(tmp_path, a=lambda t: t.replace("version\n", "version,\n", 1))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, f"{folder / 'atop5_9a.csv'}: the header (line 1) ends with a comma: column 20 (after 'version') has "
                  "no name and no data row has a field for it", "remove the trailing comma from line 1")


def test_unnamed_column_holding_values(tmp_path):
    folder = release(tmp_path, a=lambda t: "\n".join(line + ("," if i == 0 else ",x" if i == 2 else ",")
                                                     for i, line in enumerate(t.splitlines())) + "\n")
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, "column 20 (after 'version') of the header (line 1) has no name, but data row 2 (line 3) holds 'x'")


def test_blank_unnamed_column_on_every_line_is_harmless(tmp_path, mini):
    """Not an error: a trailing comma on every line (an empty column, as some exports add) is dropped."""
    folder = release(tmp_path, a=lambda t: "\n".join(line + "," for line in t.splitlines()) + "\n")
    data = al.load_atop(folder)
    assert list(data.alliances.columns) == list(mini.alliances.columns)
    assert al.measures.counts_by_year(data, "defense").equals(al.measures.counts_by_year(mini, "defense"))


ROW_1003 = "1003,1902,6,1,1915,12,31"


@pytest.mark.parametrize("row, column, part", [
    ("1003,1902,6,1,1915,99,31", "endmo", "has 99 in data row 3 (ATOPID 1003); months are 1-12 (0 only with endyr 0: still in force)"),
    ("1003,1902,13,1,1915,12,31", "begmo", "has 13 in data row 3 (ATOPID 1003); months are 1-12;"),
    ("1003,1902,6,0,1915,12,31", "begday", "has 0 in data row 3 (ATOPID 1003); days are 1-31, blank (or -9) when unknown"),
    ("1003,1902,6,1,1915,12,32", "endday", "has 32 in data row 3 (ATOPID 1003); days are 1-31"),
    ("1003,1902,6,1,1915,4,31", "endday", "has 31 in data row 3 (ATOPID 1003); April 1915 has 30 days"),
    ("1003,1902,2,29,1915,12,31", "begday", "has 29 in data row 3 (ATOPID 1003); February 1902 has 28 days"),
    ("1003,1902,,1,1915,12,31", "begmo", "is blank in data row 3 (ATOPID 1003); months are 1-12; ATOP codes every month"),
], ids=["endmo-99", "begmo-13", "begday-0", "endday-32", "april-31", "february-29", "begmo-blank"])
def test_date_outside_the_codebook_ranges(tmp_path, row, column, part):
    """Issue 21 case 2: before, endmo 99 and begmo 13 silently changed durations."""
    folder = release(tmp_path, a=lambda t: t.replace(ROW_1003, row))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, f"{folder / 'atop5_9a.csv'}: column '{column}' {part}", "fix the date")


def test_end_codes_not_all_zero_while_still_in_force(tmp_path):
    folder = release(tmp_path, m=lambda t: t.replace("1006,20,1920,7,4,0,0,0", "1006,20,1920,7,4,0,5,0"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, f"{folder / 'atop5_9m.csv'}: column 'moexit' has 5 in data row 16 (ATOPID 1006); yrexit is 0 "
                  "(still in force), where ATOP codes moexit 0 too")


def test_codebook_missing_day_code_is_read_as_unknown(tmp_path, mini):
    """Not an error: the codebook's -9 for an unknown day (and a blank) is read as <NA>, never as a day."""
    folder = release(tmp_path, a=lambda t: t.replace(ROW_1003, "1003,1902,6,-9,1915,12,-9"))
    data = al.load_atop(folder)
    row = data.alliances.set_index("atopid").loc[1003]
    assert pd.isna(row["begday"]) and pd.isna(row["endday"]) and row["endmo"] == 12
    assert al.measures.counts_by_year(data, "defense").equals(al.measures.counts_by_year(mini, "defense"))


@pytest.mark.parametrize("verify", ["1", "0"])
def test_obligation_column_wholly_blank_is_refused_also_unverified(tmp_path, monkeypatch, verify):
    """Issue 21 (bar 13): a wholly blank `defense` with ATOP_VERIFY=0 gave zero counts with only a
    warning; verification off may skip hash checks, never the schema."""
    monkeypatch.setenv("ATOP_VERIFY", verify)
    blank = drop_column_values("defense")
    folder = release(tmp_path, a=blank, m=blank)
    with pytest.raises(al.SchemaError) as err, warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        al.load_atop(folder)
    one_line(err, f"{folder / 'atop5_9a.csv'}: column 'defense' is blank in every row",
             "a blank code is never read as 0, also with ATOP_VERIFY=0")


def test_obligation_code_blank_in_one_row(tmp_path):
    folder = release(tmp_path, m=lambda t: t.replace("1003,220,1902,6,1,1915,12,31,0,0,1,", "1003,220,1902,6,1,1915,12,31,0,0,,"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, f"{folder / 'atop5_9m.csv'}: column 'defense' is blank in data row 8 (ATOPID 1003)", "0 or 1 in every row")


def drop_column_values(name):
    """An edit that blanks every value of column ``name`` (the header keeps it)."""
    def edit(text):
        lines = text.splitlines()
        index = lines[0].split(",").index(name)
        rows = [lines[0]] + [",".join("" if i == index else v for i, v in enumerate(line.split(","))) for line in lines[1:]]
        return "\n".join(rows) + "\n"
    return edit


def test_blank_phase_is_not_read_as_phase_0(tmp_path):
    """Before: a blank member `phase` was filled with 0 without a word."""
    folder = release(tmp_path, m=lambda t: t.replace("1004,2,1912,12,31,0,0,0,1,2,", "1004,2,1912,12,31,0,0,0,1,,"))
    with pytest.raises(al.SchemaError) as err:
        al.load_atop(folder)
    one_line(err, f"{folder / 'atop5_9m.csv'}: column 'phase' is blank in data row 11; every member row needs one")


def test_phase_file_date_outside_the_codebook_ranges(tmp_path):
    """The alliance-phase file's dates are held to the same ranges when its phases are read."""
    aph = ("atopid,phase,begyr,begmo,begday,endyr,endmo,endday,defense,offense,neutral,nonagg,consul,version\n"
           "1001,1,1900,3,1,1900,13,1,1,0,0,0,1,5.9\n1006,1,1920,7,4,0,0,0,0,0,0,0,1,5.9\n")
    folder = release(tmp_path)
    (folder / "atop5_9aph.csv").write_text(aph)
    data = al.load_atop(folder)
    with pytest.raises(al.SchemaError) as err:
        al.measures.readings.phase_table(data)
    one_line(err, f"{folder / 'atop5_9aph.csv'}: column 'endmo' has 13 in data row 1 (ATOPID 1001); months are 1-12")
