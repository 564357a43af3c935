"""Data files whose columns or values are not what ATOP releases hold: one line naming the file,
the row or column, and the fix.

Bad inputs are built at test time in tmp_path from the `mini` fixture (or, for checksums, from a
copy of the real 5.1 files); docs/errors.md lists every message.
"""

from __future__ import annotations

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
