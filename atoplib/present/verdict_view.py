"""The ledger's verdicts as a reader sees them: wrapped prose, never a line of stream output.

Every object here displays richly (HTML in JupyterLab and on the report's website) and carries a
plain-text form (``text/plain``) holding the same words, wrapped, which is what nbval compares.
Nothing here decides a status: each object shows a :class:`~atoplib.memo.types.Verdict` of the
claims ledger (:mod:`atoplib.memo.ledger`).

* :class:`VerdictView` -- one claim: the status, the memo's words and where they stand, the
  verdict's sentence, and its readings folded beneath (``<details>``).
* :class:`LedgerView` -- the whole ledger: one row per claim, its readings folded beneath it.
* :class:`QuotesView` -- the memo's words for some claims, as block quotes.
"""

from __future__ import annotations

import html
import re
import textwrap
from typing import Iterable

from ..memo.types import CLASSES, Claim, Verdict

#: The plain-text width nbval compares and a terminal shows.
WIDTH = 100
STATUS_LABELS = {"agree": "Agrees", "partly": "Partly agrees", "differ": "Differs", "n/a": "Not judged",
                 "not testable": "Not testable"}
QUESTION_LABEL = "The memo asks"
#: Badge colours by status (text colour, background); chosen for contrast on white.
COLOURS = {"agree": ("#1b5e20", "#e8f5e9"), "partly": ("#7a4f01", "#fff4e0"), "differ": ("#8e1b1b", "#fdecea"),
           "n/a": ("#37474f", "#eceff1"), "not testable": ("#37474f", "#eceff1")}
CLASS_LABELS = {"stated": "the memo's rule", "alternative": "alternative", "stress": "stress test"}
#: Short cells (a reading's class, its status) keep their words on one line.
NOWRAP = ";white-space:nowrap;overflow-wrap:normal"
_EMPHASIS = re.compile(r"\*([^*\s][^*]*?)\*")


def quote_html(text: str) -> str:
    """The memo's words as HTML: escaped, its ``*emphasis*`` (the memo's italics) as <em>."""
    return _EMPHASIS.sub(r"<em>\1</em>", html.escape(text))


def quote_plain(text: str) -> str:
    """The memo's words as plain text: its ``*emphasis*`` marks dropped."""
    return _EMPHASIS.sub(r"\1", text)


def status_label(verdict: Verdict) -> str:
    if verdict.claim.kind == "question":
        return QUESTION_LABEL
    return STATUS_LABELS[verdict.status]


def _badge(verdict: Verdict) -> str:
    fg, bg = COLOURS[verdict.status]
    return (f'<span class="atop-badge atop-{verdict.status.replace(" ", "-").replace("/", "")}" style="display:inline-block;'
            f'padding:0.05em 0.5em;border-radius:0.6em;font-weight:600;font-size:0.85em;color:{fg};background:{bg};'
            f'border:1px solid {fg}">{html.escape(status_label(verdict))}</span>')


def _where(claim: Claim) -> str:
    return claim.location


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(" ".join(str(text).split()), WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def _readings_html(verdict: Verdict) -> str:
    rows = []
    for cls in CLASSES:
        for reading, found in verdict.findings:
            if reading.cls != cls:
                continue
            cells = (CLASS_LABELS[reading.cls], reading.text, found.measured, found.status, found.reason, reading.why)
            rows.append("<tr>" + "".join(
                f'<td style="text-align:left;vertical-align:top;padding:0.2em 0.5em{NOWRAP if i in (0, 3) else ""}">'
                f"{html.escape(c)}</td>" for i, c in enumerate(cells)) + "</tr>")
    head = "".join(f'<th style="text-align:left;padding:0.2em 0.5em;overflow-wrap:normal">{h}</th>'
                   for h in ("class", "reading", "measured", "status", "why this status", "why this reading"))
    return (f'<details class="atop-readings"><summary>{len(verdict.findings)} reading'
            f'{"s" if len(verdict.findings) != 1 else ""}: the memo\'s rule, alternatives and stress tests</summary>'
            f'<table class="atop-table" style="border-collapse:collapse;font-size:0.9em;width:100%;'
            f'table-layout:auto"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></details>')


class VerdictView:
    """One verdict for a reader (see the module text)."""

    def __init__(self, verdict: Verdict, quote: bool = True):
        self.verdict = verdict
        self.quote = quote

    def __repr__(self) -> str:
        v = self.verdict
        lines = [f"{v.id}: {status_label(v)} ({v.release})"]
        if self.quote:
            lines.append(_wrap(f"“{quote_plain(v.claim.quote)}” ({_where(v.claim)})", "  "))
        lines.append(_wrap(v.sentence, "  "))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        v = self.verdict
        quote = (f'<blockquote style="margin:0.3em 0 0.3em 0;padding-left:0.8em;border-left:3px solid #ccc">'
                 f'“{quote_html(v.claim.quote)}” <span style="color:#555">({html.escape(_where(v.claim))})</span>'
                 f'</blockquote>') if self.quote else ""
        readings = _readings_html(v) if v.findings else ""
        return (f'<div class="atop-verdict" style="max-width:100%;overflow-wrap:anywhere;margin:0.4em 0">'
                f'<p style="margin:0.2em 0">{_badge(v)} <strong>{html.escape(v.id)}</strong> '
                f'<span style="color:#555">({html.escape(v.release)})</span></p>{quote}'
                f'<p style="margin:0.3em 0">{html.escape(v.sentence)}</p>{readings}</div>')


class VerdictsView:
    """Several verdicts, one after another."""

    def __init__(self, verdicts: Iterable[Verdict], quote: bool = True):
        self.views = [VerdictView(v, quote) for v in verdicts]

    def __repr__(self) -> str:
        return "\n\n".join(repr(v) for v in self.views)

    def _repr_html_(self) -> str:
        return "".join(v._repr_html_() for v in self.views)


class LedgerView:
    """The whole ledger of one release: one row per claim (id, the memo's words and where, status,
    what the memo's rule measures), each claim's verdict and readings folded beneath it."""

    def __init__(self, verdicts: Iterable[Verdict], note: str = ""):
        self.verdicts = list(verdicts)
        self.note = note

    def __repr__(self) -> str:
        lines = [_wrap(self.note)] if self.note else []
        for v in self.verdicts:
            lines.append(f"{v.id}: {status_label(v)}")
            lines.append(_wrap(f"“{quote_plain(v.claim.quote)}” ({_where(v.claim)})", "  "))
            lines.append(_wrap(f"measured: {v.measured}", "  "))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f'<th style="text-align:left;padding:0.3em 0.5em">{h}</th>'
                       for h in ("claim", "the memo's words", "status", "measured under the memo's rule"))
        rows = []
        for v in self.verdicts:
            cells = (f'<strong>{html.escape(v.id)}</strong>',
                     f'“{quote_html(v.claim.quote)}”<br><span style="color:#555">{html.escape(_where(v.claim))}</span>',
                     _badge(v), html.escape(v.measured))
            rows.append('<tr style="border-top:1px solid #ddd">' + "".join(
                f'<td style="text-align:left;vertical-align:top;padding:0.3em 0.5em;overflow-wrap:anywhere">{c}</td>'
                for c in cells) + "</tr>")
            folded = (f'<details><summary>The verdict and its readings</summary><p>{html.escape(v.sentence)}</p>'
                      + (_readings_html(v) if v.findings else "") + "</details>")
            rows.append(f'<tr><td></td><td colspan="3" style="text-align:left;padding:0 0.5em 0.4em 0.5em;'
                        f'overflow-wrap:anywhere">{folded}</td></tr>')
        note = f"<p>{html.escape(self.note)}</p>" if self.note else ""
        return (f'{note}<table class="atop-ledger" style="border-collapse:collapse;width:100%;table-layout:fixed;'
                f'font-size:0.92em"><colgroup><col style="width:18%"><col style="width:36%"><col style="width:9.5em">'
                f'<col style="width:34%"></colgroup><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


class QuotesView:
    """The memo's words for some claims: one block quote each, located."""

    def __init__(self, claims: Iterable[Claim]):
        self.claims = list(claims)

    def __repr__(self) -> str:
        return "\n".join(_wrap(f"“{quote_plain(c.quote)}” ({_where(c)})") for c in self.claims)

    def _repr_html_(self) -> str:
        return "".join(f'<blockquote style="margin:0.4em 0;padding-left:0.8em;border-left:3px solid #ccc">'
                       f'“{quote_html(c.quote)}” <span style="color:#555">({html.escape(_where(c))})</span>'
                       f'</blockquote>' for c in self.claims)
