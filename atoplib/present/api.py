"""The notebooks' verbs: the small flat API ``import atoplib as al`` offers a chapter.

One argument order everywhere: the notebook's context first (``ctx``, from :func:`start`), then
what to show (a claim id, an exhibit name), then options. Every verb returns an object that
displays richly in JupyterLab and on the website and carries the same words as plain text. What a
verb derives is kept in this machine's cache (:mod:`atoplib.present.derived`), so a chapter run
again on the same inputs with the same code shows the very same outputs without deriving them.

==================  ==========================================================================
``start``           check the parameters, load the release and the inputs, prepare the output
``quote``           the memo's words for some claims, located (from the claims ledger)
``verdict``         the ledger's verdict for some claims: status, sentence, readings folded
``ledger``          every claim's verdict on this release: one row per claim, readings folded
``figure``          draw, save (PNG, SVG, CSV) and show a named figure
``table``           save (CSV) and show a named table
``describe``        a sentence of facts from the data (no verdict)
``show``            any frame as a formatted table
==================  ==========================================================================
"""

from __future__ import annotations

import pandas as pd

from ..errors import ParameterError
from ..memo import ledger as _ledger
from ..memo.claims import REGISTRY
from .display import Prose, Table, show_table
from .derived import reuse_or_derive
from .exhibits import lookup
from .verdict_view import LedgerView, QuotesView, VerdictsView


def _exhibits():
    from .catalog import EXHIBITS

    return EXHIBITS


def _claim_ids(claim_ids) -> list[str]:
    ids = [c for group in claim_ids for c in ([group] if isinstance(group, str) else group)]
    unknown = [c for c in ids if c not in REGISTRY]
    if unknown or not ids:
        raise ParameterError(f"no claim '{unknown[0] if unknown else ''}' in the ledger; the claims are: "
                             f"{', '.join(REGISTRY)}")
    return ids


def quote(*claim_ids: str) -> QuotesView:
    """The memo's exact words for each claim, with where they stand: a notebook never types a quote."""
    return QuotesView([REGISTRY[c] for c in _claim_ids(claim_ids)])


def verdict(ctx, *claim_ids: str, quote: bool = False):
    """The claims ledger's verdict for each claim on this release (its status, the number under the
    memo's rule, what the alternatives say), with its readings folded beneath."""
    ids = _claim_ids(claim_ids)
    return reuse_or_derive(ctx, ("verdict", *ids, quote), lambda: (
        VerdictsView([_ledger.verdict(c, ctx.evidence) for c in ids], quote=quote), []), None)


def ledger(ctx):
    """Every claim's verdict on this release, one row per claim, in the memo's order."""
    def derive():
        evidence = ctx.evidence
        return LedgerView(_ledger.verdicts(evidence), _ledger.summary_sentence(evidence)), []
    return reuse_or_derive(ctx, ("ledger",), derive, None)


def figure(ctx, name: str, width: int = 800):
    """Draw the named figure in the house style, save ``<name>.png``, a byte-stable ``.svg`` and the
    plotted data as ``.csv`` in the figures folder, and show the saved PNG."""
    exhibit = lookup(_exhibits(), name, "figure")

    def derive():
        from .figures import publish_figure

        frame = exhibit.data(ctx)
        shown = publish_figure(exhibit.draw(ctx, frame), frame, exhibit.name, ctx.figures_dir, width=width)
        return shown, [ctx.figures_dir / f"{exhibit.name}.{ext}" for ext in ("png", "svg", "csv")]
    return reuse_or_derive(ctx, ("figure", name, width), derive, ctx.figures_dir)


def table(ctx, name: str):
    """Save the named table's data as ``<name>.csv`` (when it is saved: in the figures folder, or
    the output folder for the report's own tables) and show it to a reader. A table with nothing to
    show (its data None, e.g. no base release to compare with) saves nothing and shows its note,
    which says why, as one line."""
    exhibit = lookup(_exhibits(), name, "table")
    folder = ctx.output_dir if exhibit.folder == "report" else ctx.figures_dir

    def derive():
        frame = exhibit.data(ctx)
        if frame is None:
            return Prose(exhibit.note_for(ctx)), []
        files = []
        if exhibit.save:
            from .figures import save_table

            files.append(save_table(frame, f"{exhibit.name}.csv", folder))
        shown = exhibit.view(ctx, frame) if exhibit.view is not None else frame
        caption = exhibit.title_for(ctx)
        note = exhibit.note_for(ctx)
        return show_table(shown, caption=f"{caption}. {note}" if note else caption, **exhibit.options), files
    return reuse_or_derive(ctx, ("table", name), derive, folder)


def describe(ctx, name: str):
    """A sentence of facts the data give (never a verdict: those are the ledger's)."""
    exhibit = lookup(_exhibits(), name, "text")
    return reuse_or_derive(ctx, ("describe", name), lambda: (Prose(exhibit.data(ctx)), []), None)


def show(frame: pd.DataFrame, caption: str | None = None, **options) -> Table:
    """Any frame as a table for a reader (:func:`atoplib.present.display.show_table`)."""
    return show_table(frame, caption, **options)
