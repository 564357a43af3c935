"""The reproduction report: the claims ledger of a release as the two CSV files a report holds, and
the claims x releases table of notebook 08.

``reproduction.csv`` has one row per claim (:data:`atoplib.memo.ledger.COLUMNS`: the claim, the
memo's words and where, the release, the status, what the memo's rule measures, the verdict in
words, the chapter); ``reproduction-readings.csv`` one row per claim and reading
(:data:`atoplib.memo.ledger.READING_COLUMNS`: the reading's class, its rule and justification, what
it measures, its status and why). ``docs/outputs.md`` documents both. Everything here comes from
:mod:`atoplib.memo.ledger`; nothing is decided here.
"""

from __future__ import annotations

import pandas as pd

from ..data.base import load_base
from ..data.tables import AtopData
from .evidence import Evidence
from .ledger import COLUMNS, READING_COLUMNS, ledger_across_releases, ledger_table, readings_table

#: The report folder's files.
FILE_NAME = "reproduction.csv"
READINGS_FILE_NAME = "reproduction-readings.csv"

__all__ = ["COLUMNS", "FILE_NAME", "READINGS_FILE_NAME", "READING_COLUMNS", "across_releases", "tables"]


def tables(evidence: Evidence) -> dict[str, pd.DataFrame]:
    """The two files of a release's ledger, by file name."""
    return {FILE_NAME: ledger_table(evidence), READINGS_FILE_NAME: readings_table(evidence)}


def across_releases(evidence: Evidence, base: AtopData | None) -> tuple[pd.DataFrame, str]:
    """This release's ledger beside a base release's: the claims x releases table of statuses and
    one sentence saying which claims change status (or, without a base, this release alone)."""
    if base is None or base.version == evidence.version:
        alone = ledger_across_releases([evidence])
        return alone, f"No other release to compare with, so {evidence.release} is shown alone."
    other = Evidence(base, evidence.states, evidence.nmc, evidence.majors)
    both = ledger_across_releases([evidence, other])
    new, old = both.columns[-2], both.columns[-1]
    changed = both[both[new] != both[old]]
    moves = "; ".join(f"{r.claim_id}: {r[old]} in {old}, {r[new]} in {new}" for _, r in changed.iterrows())
    sentence = (f"{len(both) - len(changed)} of {len(both)} claims keep their status from {old} to {new}"
                + (f"; {len(changed)} change: {moves}." if len(changed) else "."))
    return both, sentence


def base_release(version: str | None, data_dir=None, new: AtopData | None = None) -> AtopData | None:
    """The base release to set beside this one (``None`` when it cannot be found)."""
    return load_base(version, data_dir, new=new, missing_ok=True) if version else None
