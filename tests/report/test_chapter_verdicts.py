"""One verdict path: every verdict a chapter shows is the claims ledger's, claim by claim.

The chapters' plain-text outputs (what nbval compares) are read back and every line
``<claim id>: <status> [(ATOP <release>)]`` is checked against the ledger computed here on the
same release; ``reproduction.csv`` is checked the same way. On ATOP 5.1 the committed chapters and
the committed report are read; on ATOP 4.01 a fresh run of the whole collection (slow)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from atoplib import paths
from atoplib.memo.claims import REGISTRY
from atoplib.memo.evidence import Evidence
from atoplib.memo.ledger import verdicts
from atoplib.present.verdict_view import QUESTION_LABEL, STATUS_LABELS

LABELS = "|".join(re.escape(label) for label in (*STATUS_LABELS.values(), QUESTION_LABEL))
#: A verdict's or a ledger row's first line: the claim id at the start of the line, then its status.
VERDICT_LINE = re.compile(rf"^([a-z0-9][a-z0-9-]*): ({LABELS})(?: \(ATOP ([0-9.]+)\))?$", re.MULTILINE)


def shown_statuses(notebook: Path) -> list[tuple[str, str, str | None]]:
    """(claim id, status label, release named or None) for every verdict a chapter shows."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(out.get("data", {}).get("text/plain", "")) + "".join(out.get("text", ""))
                     for cell in cells for out in cell.get("outputs", []))
    return [match.groups() for match in VERDICT_LINE.finditer(text) if match.group(1) in REGISTRY]


def expected_labels(evidence: Evidence) -> dict[str, str]:
    return {v.id: QUESTION_LABEL if v.claim.kind == "question" else STATUS_LABELS[v.status]
            for v in verdicts(evidence)}


def check_chapters(folder: Path, evidence: Evidence) -> None:
    expected = expected_labels(evidence)
    seen = set()
    for notebook in sorted(folder.glob("[0-9][0-9]-*.ipynb")):
        for claim_id, label, release in shown_statuses(notebook):
            assert label == expected[claim_id], f"{notebook.name} shows {claim_id}: {label}; the ledger: {expected[claim_id]}"
            assert release in (None, evidence.version), f"{notebook.name} names ATOP {release} for {claim_id}"
            seen.add(claim_id)
    assert seen == set(REGISTRY), f"claims no chapter shows: {sorted(set(REGISTRY) - seen)}"


@pytest.mark.realdata
def test_the_committed_chapters_show_the_ledgers_verdicts(ev51):
    check_chapters(paths.NOTEBOOKS_DIR, ev51)


@pytest.mark.realdata
def test_the_committed_report_and_its_csv_show_the_ledgers_verdicts(ev51):
    report = paths.PROJECT_ROOT / "reports" / f"atop-{ev51.version}"
    check_chapters(report, ev51)
    table = pd.read_csv(report / "reproduction.csv", keep_default_na=False).set_index("claim_id")
    assert table["status"].to_dict() == {v.id: v.status for v in verdicts(ev51)}


@pytest.mark.slow
@pytest.mark.realdata
def test_a_run_on_atop_401_shows_the_ledgers_verdicts(collection_401, ev401):
    _, folder = collection_401
    check_chapters(folder, ev401)
    table = pd.read_csv(folder / "reproduction.csv", keep_default_na=False).set_index("claim_id")
    assert table["status"].to_dict() == {v.id: v.status for v in verdicts(ev401)}


def test_a_verdict_line_is_read_back():
    text = "defense-grew-peak: Agrees (ATOP 5.1)\n  Agrees under ...\npersistent-outlier: Differs\n  measured: x: y"
    found = [m.groups() for m in VERDICT_LINE.finditer(text)]
    assert found == [("defense-grew-peak", "Agrees", "5.1"), ("persistent-outlier", "Differs", None)]
