"""Every exhibit of the collection, by name: the one registry the notebooks' verbs
(:func:`atoplib.present.api.figure`, ``table``, ``describe``), the README's list of exhibits and
the website's captions read. The exhibits themselves live in modules by chapter concept."""

from __future__ import annotations

from . import comparison_exhibits, ledger_exhibits, release_exhibits, trend_exhibits
from .exhibits import Exhibit, registry

#: Every exhibit, in the order the chapters show them.
EXHIBITS: dict[str, Exhibit] = registry(
    release_exhibits.EXHIBITS,
    trend_exhibits.EXHIBITS,
    comparison_exhibits.EXHIBITS,
    ledger_exhibits.EXHIBITS,
)
