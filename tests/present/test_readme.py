"""The README's generated blocks and docs/ledger.md follow the ledger: regenerate them with
``python -m atoplib.present.readme`` when a test here fails."""

from __future__ import annotations

import pytest

from atoplib.memo.evidence import Evidence
from atoplib.paths import PROJECT_ROOT
from atoplib.present import readme

README = PROJECT_ROOT / "README.md"


def test_ledger_doc_is_generated_from_the_registry():
    assert (PROJECT_ROOT / "docs" / "ledger.md").read_text(encoding="utf-8") == readme.ledger_doc()


def test_readme_exhibits_block_matches_the_registry():
    text = README.read_text(encoding="utf-8")
    assert readme.generated_block(text, readme.EXHIBITS_START, readme.EXHIBITS_END) == readme.exhibits_block()


@pytest.mark.realdata
def test_readme_statuses_are_the_ledgers(atop51, atop401, request):
    cow = request.getfixturevalue("cow_tables")
    expected = readme.ledger_block([Evidence(atop51, **cow), Evidence(atop401, **cow)])
    text = README.read_text(encoding="utf-8")
    assert readme.generated_block(text, readme.LEDGER_START, readme.LEDGER_END) == expected


def test_readme_methods_block_is_the_ledgers_rules():
    text = README.read_text(encoding="utf-8")
    block = readme.generated_block(text, readme.METHODS_START, readme.METHODS_END)
    assert block == readme.methods_block()
    # The quantifier rule as the judges apply it, in the words a reader sees.
    assert "at most one case in ten (10%)" in block and "| stress |" in block
