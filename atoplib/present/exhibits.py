"""The collection's exhibits: every figure, table and factual sentence a chapter shows, by name.

An :class:`Exhibit` holds what a notebook cell used to spell out: how its data are derived from the
release (``data``), how it is drawn (``draw``, figures), which columns a reader sees (``view``,
tables), its title and its source note. A chapter's cell then states, calls and shows::

    al.figure(ctx, "fig1-defense-pacts")      # draws, saves PNG + SVG + CSV, shows the PNG
    al.table(ctx, "rio-pact-exits")           # saves the CSV, shows the table
    al.describe(ctx, "release-summary")       # a sentence of facts from the data

The exhibits live in modules by chapter concept (``trend_exhibits``, ...); :data:`EXHIBITS` is
the one registry, in the order the chapters show them. The README's list of exhibits and the
website's captions are generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

import pandas as pd

from ..errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from .context import NotebookContext as Context

KINDS = ("figure", "table", "text")
#: Where a table's CSV is saved: the figures folder, or the output folder itself (the report's own
#: tables: the claims ledger's ``reproduction.csv``, the release comparison's ``release-changes.csv``, ...).
FOLDERS = ("figures", "report")

Text = str | Callable[["Context"], str]


def _text(value: Text, ctx: "Context") -> str:
    return value(ctx) if callable(value) else value


@dataclass(frozen=True)
class Exhibit:
    """One figure, table or factual sentence of a chapter."""

    name: str  # the file stem: "fig1-defense-pacts" (saved as .png/.svg/.csv or .csv)
    kind: str  # one of KINDS
    chapter: str  # the notebook that shows it, e.g. "01-defense-pacts"
    title: Text  # the figure's title or the table's caption, for a reader
    data: Callable[["Context"], Any]  # the data: a frame (figures, tables) or the sentence (text); a table's
    # data may be None when there is nothing to show (no base release): the table verb then shows the note alone
    draw: Callable[["Context", pd.DataFrame], Any] | None = None  # figures: the matplotlib Figure
    view: Callable[["Context", pd.DataFrame], pd.DataFrame] | None = None  # tables: what a reader sees
    note: Text = ""  # the source note under a figure or table
    save: bool = True  # write the data as CSV (figures always save PNG, SVG and CSV)
    options: dict = field(default_factory=dict)  # show_table's decimals / percent / index
    folder: str = "figures"  # tables: where the CSV is saved, one of FOLDERS

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"exhibit {self.name}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.kind == "figure" and self.draw is None:
            raise ValueError(f"exhibit {self.name}: a figure needs draw")
        if self.folder not in FOLDERS:
            raise ValueError(f"exhibit {self.name}: folder {self.folder!r} is not one of {', '.join(FOLDERS)}")

    def title_for(self, ctx: "Context") -> str:
        return _text(self.title, ctx)

    def note_for(self, ctx: "Context") -> str:
        return _text(self.note, ctx)


def registry(*groups: tuple[Exhibit, ...]) -> dict[str, Exhibit]:
    """The exhibits of several modules, by name; a name may appear once."""
    out: dict[str, Exhibit] = {}
    for group in groups:
        for exhibit in group:
            if exhibit.name in out:
                raise ValueError(f"exhibit {exhibit.name!r} is defined twice")
            out[exhibit.name] = exhibit
    return out


def lookup(exhibits: dict[str, Exhibit], name: str, kind: str) -> Exhibit:
    """The exhibit called ``name``, of ``kind``; one line naming the known ones otherwise."""
    exhibit = exhibits.get(name)
    if exhibit is None or exhibit.kind != kind:
        known = ", ".join(n for n, e in exhibits.items() if e.kind == kind)
        raise ParameterError(f"no {kind} called '{name}'; the {kind}s are: {known}")
    return exhibit
