"""Readable outputs (atoplib.present.display): HTML tables and prose that keep a plain-text
form with the same numbers (what nbval compares)."""

from __future__ import annotations

import re

import pandas as pd
from IPython.core.formatters import format_display_data

from atoplib.present.display import levels_text, show_levels, show_table, show_prose, spans_text

FRAME = pd.DataFrame({
    "group": ["U.S.", "Soviet/Russian", "other"],
    "pact_years": [490, 492, 1349],
    "mean_strongest_share": [0.8596, 0.9141, 0.7105],
    "led_share": pd.array([1.0, 0.998, None], dtype="Float64"),
    "ccode": [2, 365, 1000],
    "signed": [1949, 1947, 1951],
    "note": ["a long text " * 12, "<b>not markup</b>", "x"],
})


def _cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


def test_table_html_formats_numbers_keeps_years_and_codes_plain_and_truncates_nothing():
    formats = format_display_data(show_table(FRAME))[0]
    html = formats["text/html"]
    cells = _cells(html)
    assert cells[0] == [c.replace("_", " ") for c in FRAME.columns]  # headers in words
    assert len(cells) == 1 + len(FRAME)  # every row
    assert cells[3][:6] == ["other", "1,349", "0.711", "–", "1000", "1951"]
    assert cells[1][3] == "1.000" and cells[2][3] == "0.998"
    assert cells[1][6] == ("a long text " * 12).strip()  # nothing cut
    assert "&lt;b&gt;not markup&lt;/b&gt;" in html and "<b>not markup" not in html
    # text columns left-aligned, number columns right-aligned, by column position
    uid = re.search(r'<table id="(T_atop[0-9a-f]+)"', html).group(1)
    assert re.search(rf"#{uid}\s+td \{{\s*text-align: left", html)
    right = set(re.findall(rf"#{uid}\s+td\.col(\d+) \{{\s*text-align: right", html))
    assert right == {"1", "2", "3", "4", "5"}
    assert "…" not in html and "..." not in html


def test_table_plain_text_holds_the_same_numbers_aligned():
    text = format_display_data(show_table(FRAME))[0]["text/plain"]
    lines = text.splitlines()
    assert re.split(r"\s{2,}", lines[0].strip()) == [c.replace("_", " ") for c in FRAME.columns]
    assert lines[3].startswith("other ")  # text left-aligned
    assert "1,349" in lines[3] and lines[1].index("490") + 3 == lines[3].index("1,349") + 5  # right-aligned
    assert text == repr(show_table(FRAME))  # stable: what nbval compares


def test_table_html_is_the_same_on_every_run():
    assert show_table(FRAME)._repr_html_() == show_table(FRAME.copy())._repr_html_()


def test_table_index_and_decimals():
    frame = pd.DataFrame({"count": [7.0, 63.0]}, index=pd.Index([1815, 1967], name="year"))
    assert repr(show_table(frame, index=True)).splitlines() == ["year  count", "1815      7", "1967     63"]
    assert repr(show_table(pd.DataFrame({"share": [0.5, 0.25]}), decimals=1)).splitlines()[1:] == ["  0.5", "  0.2"]


def test_verdict_is_markdown_with_the_same_text_as_plain():
    text = "ATOP 5.1 counts 161 in 2018, more than 'nearly 150' (140-149) admits.\nSecond *point*_x."
    formats = format_display_data(show_prose(text))[0]
    assert formats["text/plain"] == text
    assert formats["text/markdown"] == ("ATOP 5.1 counts 161 in 2018, more than 'nearly 150' (140-149) admits."
                                        "\n\nSecond \\*point\\*\\_x.")


def test_levels_and_spans_read_as_words():
    levels = {"first": 1970, "last": 1989, "min": 53, "max": 63, "mean": 57.9}
    assert levels_text(levels) == "1970-1989: 53 to 63 a year, mean 57.9"
    assert repr(show_levels({"first": 1992, "last": 2018, "min": 44, "max": 50, "mean": 47.3}, "after the Cold War")) \
        == "after the Cold War 1992-2018: 44 to 50 a year, mean 47.3"
    assert levels_text({"min": 48, "max": 48, "years_counted": 3}) == "48 every year, years counted 3"
    assert spans_text([(1887, 1893), (1992, 2018)]) == "1887-1893 and 1992-2018"
    assert spans_text([(1887, 1893), (1900, 1900), (1992, 2018)]) == "1887-1893, 1900 and 1992-2018"
    assert spans_text([]) == "no year"


def test_an_empty_table_shows_its_columns_and_says_none():
    """A release where NATO has no exits: the empty exits table still renders (header and 'none')."""
    from atoplib.present.display import show_table

    empty = pd.DataFrame({"ccode": pd.Series(dtype="int64"), "state": pd.Series(dtype="object"),
                          "termmode_meaning": pd.Series(dtype="int64")})
    table = show_table(empty)
    assert repr(table).splitlines() == ["ccode  state  termmode meaning", "(none)"]
    assert "<th" in table._repr_html_() and "ccode" in table._repr_html_()
