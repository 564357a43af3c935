"""How a reader sees the ledger (atoplib.present.verdict_view, atoplib.present.api): verdicts as
wrapped prose with their readings folded, the memo's italics shown as italics, one row per claim
in the ledger, and the plain text nbval compares holding the same words."""

from __future__ import annotations

import re

from atoplib.present import api
from atoplib.memo import ledger
from atoplib.memo.claims import REGISTRY
from atoplib.memo.evidence import Evidence
from atoplib.present.verdict_view import WIDTH, LedgerView, QuotesView, VerdictView


def test_quotes_are_the_ledgers_words_with_the_memos_italics():
    view = QuotesView([REGISTRY["defense-just-under-60"], REGISTRY["footnote-consult-variable"]])
    lines = repr(view).splitlines()
    assert lines[0] == ("“holding steady at just under 60 globally” (The U.S. Alliance System in a Comparative "
                        "Perspective,")  # wrapped at WIDTH
    assert all(len(line) <= WIDTH for line in lines)
    assert "“the consult variable is coded with a 1” (footnote 3)" in repr(view)  # no literal *asterisks*
    html = view._repr_html_()
    assert "<em>consult</em>" in html and "*consult*" not in html and html.count("<blockquote") == 2


def test_a_verdict_is_wrapped_prose_with_its_readings_folded(mini):
    verdict = ledger.verdict("defense-just-under-60", Evidence(mini))  # mini ends in 1920: not judged
    view = VerdictView(verdict, quote=True)
    text = repr(view)
    assert text.splitlines()[0] == "defense-just-under-60: Not judged (ATOP 5.9)"
    assert all(len(line) <= WIDTH for line in text.splitlines())
    assert " ".join(text.split()).endswith(" ".join(verdict.sentence.split()))
    html = view._repr_html_()
    assert "Not judged" in html and "<details" in html and html.count("<tr>") == len(verdict.findings) + 1  # the header and one row per reading
    assert "overflow-wrap:anywhere" in html and "white-space: pre" not in html


def test_the_ledger_is_one_row_per_claim(usmini):
    ev = Evidence(usmini)
    view = LedgerView(ledger.verdicts(ev), ledger.summary_sentence(ev))
    html = view._repr_html_()
    assert html.count('<tr style="border-top') == len(REGISTRY)  # one row per claim, its readings folded
    assert html.count("<details>") == len(REGISTRY)
    text = repr(view)
    assert text.splitlines()[0].startswith(f"Of the memo's {sum(c.kind not in ('not testable', 'question') for c in REGISTRY.values())} checkable claims")
    assert re.search(r"^defense-just-under-60: Not judged$", text, re.M)  # us-mini ends in 1970


def test_the_verbs_refuse_an_unknown_claim_or_exhibit_in_one_line():
    import pytest

    from atoplib.errors import ParameterError

    with pytest.raises(ParameterError, match="no claim 'nope' in the ledger"):
        api.quote("nope")
    with pytest.raises(ParameterError, match="no figure called 'nope'; the figures are: fig1-defense-pacts"):
        api.figure(None, "nope")
