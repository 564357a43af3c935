"""The claims ledger shown to a reader in a notebook: its table and its paragraphs."""

from __future__ import annotations

import pandas as pd

from ..memo.ledger_text import reader_view
from .display import show_table, show_verdict


def show_ledger(table: pd.DataFrame, columns: tuple[str, ...] | None = None, compact: bool = True):
    """A ledger table for a notebook: HTML with every cell in full and text left-aligned, and the
    same rows as aligned plain text (what nbval compares); see :mod:`atoplib.present.display`.
    ``compact``: :func:`reader_view` (each quote once, above its readings)."""
    shown = reader_view(table) if compact else table
    return show_table(shown[[c for c in (columns or shown.columns) if c in shown.columns]])


def show_paragraphs(paragraphs: list[str]):
    """Paragraphs for a notebook: Markdown, one paragraph each, and the same as plain text."""
    return show_verdict("\n".join(paragraphs) if paragraphs else "No claim differs.")
