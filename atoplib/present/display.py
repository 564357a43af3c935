"""What a notebook shows a reader: tables as formatted HTML tables, verdicts and summaries as prose.

Each function returns an object that IPython displays richly (HTML or Markdown in JupyterLab and on
the report website) and that also carries a plain-text form (``text/plain``) holding the same
numbers, which is what nbval compares: a cell ending in ``al.show_table(frame)`` stays checkable.

* :func:`show_table` - a DataFrame as an HTML table: text left-aligned, numbers right-aligned with
  thousands separators and fixed decimals, years and codes without separators, missing values as
  "–", every row and every character (nothing truncated), no index unless asked for.
* :func:`show_prose` - sentences (one paragraph per line) as Markdown; the ledger's verdicts
  themselves are shown by :mod:`atoplib.present.verdict_view`.
* :func:`show_levels` - a summary such as ``{'first': 1970, 'last': 1989, 'min': 53, 'max': 63,
  'mean': 57.9}`` as one sentence: "1970-1989: 53 to 63 a year, mean 57.9".
* :func:`spans_text` - year spans such as ``[(1887, 1893), (1992, 2018)]`` as "1887-1893 and 1992-2018".
"""

from __future__ import annotations

import hashlib
import html
import numbers
import re
from typing import Iterable, Mapping

import pandas as pd

#: Integer columns shown without thousands separators: years, ATOP/COW identifiers, phases.
#: Integer columns whose every value lies in YEARS are years too (e.g. a treaty's ``signed``).
PLAIN_INTEGERS = re.compile(r"(^|_)(year|yr|begyr|endyr|yrent|yrexit|first|last|ccode|atopid|id|phase|member)$",
                            re.IGNORECASE)
YEARS = (1800, 2100)
MISSING = "–"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _is_number(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _formatter(name: str, series: pd.Series, decimals: int | None, plain: set[str]):
    """The function turning one column's values into the text a reader sees."""
    if pd.api.types.is_bool_dtype(series):
        return lambda v: MISSING if pd.isna(v) else ("yes" if v else "no")
    if not _is_number(series):
        return lambda v: MISSING if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
    values = series.dropna()
    integral = pd.api.types.is_integer_dtype(series) or (len(values) and (values % 1 == 0).all()
                                                           and decimals is None)
    is_year = len(values) and values.between(*YEARS).all() and (values % 1 == 0).all()
    separator = "" if (name in plain or PLAIN_INTEGERS.search(str(name)) or is_year) else ","
    if integral:
        return lambda v: MISSING if pd.isna(v) else format(int(v), separator + "d")
    places = decimals if decimals is not None else (1 if values.abs().max() >= 10 else 3) if len(values) else 2
    return lambda v: MISSING if pd.isna(v) else format(float(v), f"{separator}.{places}f")


def header(name: object) -> str:
    """A column name as a reader reads it: ``next_ccode`` -> ``next ccode``."""
    return str(name).replace("_", " ")


class Table:
    """A formatted table: ``_repr_html_`` for JupyterLab and the site, ``repr`` as aligned text."""

    def __init__(self, frame: pd.DataFrame, decimals: int | None = None, index: bool = False,
                 plain: Iterable[str] = (), caption: str | None = None):
        frame = frame.reset_index() if index else frame.reset_index(drop=True)
        frame.columns = [str(c) for c in frame.columns]
        plain = {str(c) for c in plain}
        numbers = {c for c in frame.columns if _is_number(frame[c])}
        self.numeric = [header(c) for c in frame.columns if c in numbers]
        self.text = pd.DataFrame({header(c): frame[c].map(_formatter(c, frame[c], decimals, plain))
                                  for c in frame.columns}, index=frame.index)
        self.caption = caption

    def __repr__(self) -> str:
        widths = {c: max([len(c), *(len(str(v)) for v in self.text[c])]) for c in self.text.columns}

        def line(cells: Mapping[str, str]) -> str:
            return "  ".join(cells[c].rjust(widths[c]) if c in self.numeric else cells[c].ljust(widths[c])
                             for c in self.text.columns).rstrip()

        rows = [line({c: c for c in self.text.columns})]
        rows += [line(row) for row in self.text.to_dict("records")] or ["(none)"]
        return "\n".join(([self.caption] if self.caption else []) + rows)

    def _repr_html_(self) -> str:
        digest = hashlib.sha1(repr(self).encode("utf-8")).hexdigest()[:10]  # stable across runs
        styler = self.text.style.format(escape="html").hide(axis="index").set_uuid(f"atop{digest}")
        styler = styler.set_table_attributes('class="atop-table"')
        styles = [{"selector": "th, td", "props": "text-align: left; vertical-align: top; white-space: normal;"
                                                   " padding: 0.2em 0.6em;"}]
        styles += [{"selector": f"th.col{i}", "props": "text-align: right;"}
                   for i, c in enumerate(self.text.columns) if c in self.numeric]
        styles += [{"selector": f"td.col{i}", "props": "text-align: right; white-space: nowrap;"}
                   for i, c in enumerate(self.text.columns) if c in self.numeric]
        styler = styler.set_table_styles(styles)
        if not self.caption:
            return styler.to_html()
        # the caption above the table, as wide as the page: a <caption> would wrap at the width of a
        # narrow table (two columns of years and counts) into a tall column of words
        caption = html.escape(self.caption)
        styler = styler.set_table_attributes(f'class="atop-table" aria-label="{caption}"')
        return (f'<div class="atop-table-block"><p class="atop-table-caption" style="font-weight:600;'
                f'text-align:left;margin:0.3em 0 0.2em 0">{caption}</p>{styler.to_html()}</div>')


class Prose:
    """Sentences for a reader: Markdown (one paragraph per line) with the same text as plain text."""

    def __init__(self, text: str):
        self.text = str(text).strip()

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__

    def _repr_markdown_(self) -> str:
        lines = [ln.strip() for ln in self.text.splitlines() if ln.strip()]
        return "\n\n".join(_MARKDOWN_SPECIAL.sub(r"\\\1", ln) for ln in lines)


def show_table(frame: pd.DataFrame, caption: str | None = None, decimals: int | None = None,
               percent: Iterable[str] = (), index: bool = False, plain: Iterable[str] = ()) -> Table:
    """Show ``frame`` as a table for a reader (see the module doc), under ``caption``.

    ``decimals`` fixes the places of every non-integer column (default: 1 for values of 10 and
    more, else 3); ``percent`` names columns of shares (0-1) shown as percentages, their headers
    marked "(%)"; ``plain`` names more integer columns to print without thousands separators;
    ``index=True`` shows the index as (a) first column(s).
    """
    if not isinstance(frame, pd.DataFrame):
        frame = pd.DataFrame(frame)
    percent = tuple(percent)
    if percent:
        frame = frame.copy()
        for column in percent:
            # formatted as atoplib.memo.rules.pct formats a share, so a table and a verdict agree
            frame[column] = frame[column].astype("Float64").map(
                lambda v: pd.NA if pd.isna(v) else float(f"{100 * float(v):.1f}")).astype("Float64")
        frame = frame.rename(columns={c: f"{c} (%)" for c in percent})
    return Table(frame, decimals=decimals, index=index, plain=plain, caption=caption)


def show_prose(text: str) -> Prose:
    """Show a verdict (or any sentences) as prose; each line becomes a paragraph."""
    return Prose(text)


def _number(value) -> str:
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return f"{float(value):.1f}" if abs(value) >= 10 else f"{float(value):.3g}"


def levels_text(levels: Mapping, label: str = "") -> str:
    """A summary of yearly values as one sentence (see :func:`show_levels`)."""
    levels = dict(levels)
    parts = []
    if "first" in levels and "last" in levels:
        first, last = levels.pop("first"), levels.pop("last")
        span = f"{_number(first)}-{_number(last)}" if first != last else _number(first)
        label = f"{label} {span}".strip() if label else span
    if "min" in levels and "max" in levels:
        low, high = levels.pop("min"), levels.pop("max")
        parts.append(f"{_number(low)} to {_number(high)} a year" if low != high else f"{_number(low)} every year")
    if "mean" in levels:
        parts.append(f"mean {_number(levels.pop('mean'))}")
    parts += [f"{str(k).replace('_', ' ')} {_number(v)}" for k, v in levels.items()]
    return f"{label}: {', '.join(parts)}" if label else ", ".join(parts)


def show_levels(levels: Mapping, label: str = "") -> Prose:
    """Show a summary dict as one sentence, e.g. ``{'first': 1970, 'last': 1989, 'min': 53,
    'max': 63, 'mean': 57.9}`` -> "1970-1989: 53 to 63 a year, mean 57.9"; other keys follow as
    "key value"."""
    return Prose(levels_text(levels, label))


def spans_text(spans: Iterable[tuple[int, int]]) -> str:
    """Year spans as words: ``[(1887, 1893), (1992, 2018)]`` -> "1887-1893 and 1992-2018"."""
    items = [f"{a}-{b}" if a != b else f"{a}" for a, b in spans]
    if not items:
        return "no year"
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
