"""The README's generated ledger sections stay what the ledger gives: the claims table (real ATOP 5.1
and 4.01 with the COW tables) and the map of claim ids to notebooks and files. Regenerate with
``atoplib.memo.ledger_text.readme_section`` / ``readme_exhibits`` when a test here fails."""

from __future__ import annotations

import pytest

from atoplib import paths
from atoplib.memo import ledger, ledger_text

from support import cow_file

README = paths.PROJECT_ROOT / "README.md"


def block(start: str, end: str) -> str:
    text = ledger_text.generated_block(README.read_text(encoding="utf-8"), start, end)
    assert text, f"README.md lacks the generated section {start!r}"
    return text


def test_readme_exhibits_match_the_registry():
    assert block(ledger_text.EXHIBITS_START, ledger_text.EXHIBITS_END) == ledger_text.readme_exhibits()


@pytest.mark.realdata
def test_readme_claims_table_matches_the_ledger(atop51, atop401):
    from atoplib.data.cow import load_majors, load_nmc, load_states

    files = {}
    for name, env in (("states2016.csv", "COW_STATES_FILE"), ("NMC-60-abridged.csv", "COW_NMC_FILE"),
                      ("majors2016.csv", "COW_MAJORS_FILE")):
        files[name] = cow_file(name, env)
        if files[name] is None:
            pytest.skip(f"COW {name} not found (set {env} or provide ../shared/data/cow)")
    cow = {"states": load_states(files["states2016.csv"]), "nmc": load_nmc(files["NMC-60-abridged.csv"]),
           "majors": load_majors(files["majors2016.csv"])}
    expected = ledger_text.readme_section([ledger.ledger_table(atop51, **cow), ledger.ledger_table(atop401, **cow)])
    assert block(ledger_text.README_START, ledger_text.README_END) == expected
