"""The reproduction report: the claims ledger of a release, written as ``reproduction.csv``.

The claims, their readings and their statuses are the ledger's (:mod:`atoplib.memo.claims`,
:mod:`atoplib.memo.ledger`): one registry, one ``Claim`` type. This module names the file (notebook 08
writes it with ``al.figures.save_table``); ``docs/outputs.md`` documents the columns :data:`COLUMNS`.
"""

from __future__ import annotations

import os

import pandas as pd

from .ledger import COLUMNS, as_evidence, ledger_across_releases, ledger_table

#: The report folder's file, one row per claim and reading plus one ``overall`` row per claim.
FILE_NAME = "reproduction.csv"

__all__ = ["COLUMNS", "FILE_NAME", "across_releases", "reproduction_table", "releases_table"]


def reproduction_table(data, states=None, nmc=None, majors=None, load_cow: bool = True) -> pd.DataFrame:
    """The ledger of one release (an ``AtopData`` or an ``Evidence``): columns :data:`COLUMNS`.
    COW tables not given are loaded from their usual places (``load_cow``), else their readings are n/a."""
    return ledger_table(as_evidence(data, states, nmc, majors, load_cow=load_cow))


def releases_table(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """Claims x releases: ``claim_id, location, quote`` and each release's overall status."""
    return ledger_across_releases(tables)


def across_releases(table: pd.DataFrame, data, base_version: str | None = "4.01",
                    base_data_dir: str | os.PathLike | None = None) -> tuple[pd.DataFrame, str]:
    """This release's ledger beside the base release's: the claims x releases table of overall
    statuses and one sentence saying which claims change status (or that no base was found, in
    which case the table holds this release alone)."""
    from ..data.base import load_base

    base = load_base(base_version, base_data_dir, new=data, missing_ok=True) if base_version else None
    if base is None or base.version == data.version:
        alone = releases_table([table])
        return alone, (f"No other release was found to compare with (base {base_version}), so ATOP "
                       f"{data.version} is shown alone.")
    both = releases_table([table, ledger_table(base)])
    new, old = both.columns[-2], both.columns[-1]
    changed = both[both[new] != both[old]]
    moves = "; ".join(f"{r.claim_id}: {r[old]} in {old}, {r[new]} in {new}"
                      for _, r in changed.iterrows())
    sentence = (f"{len(both) - len(changed)} of {len(both)} claims keep their status from {old} to {new}"
                + (f"; {len(changed)} change: {moves}." if len(changed) else "."))
    return both, sentence
