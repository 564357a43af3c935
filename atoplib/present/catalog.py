"""Every exhibit of the collection, by name: the one registry the notebooks' verbs
(:func:`atoplib.present.api.figure`, ``table``, ``describe``), the README's list of exhibits and
the website's captions read. The exhibits themselves live in modules by chapter concept."""

from __future__ import annotations

from . import (
    access_exhibits,
    comparison_exhibits,
    ledger_exhibits,
    nato_today_exhibits,
    network_exhibits,
    persistence_exhibits,
    power_exhibits,
    release_exhibits,
    trend_exhibits,
    us_system_exhibits,
)
from .exhibits import Exhibit, registry

#: Every exhibit, in the order the chapters show them.
EXHIBITS: dict[str, Exhibit] = registry(
    release_exhibits.EXHIBITS,
    trend_exhibits.EXHIBITS,
    us_system_exhibits.EXHIBITS,
    network_exhibits.EXHIBITS,
    power_exhibits.EXHIBITS,
    comparison_exhibits.EXHIBITS,
    ledger_exhibits.EXHIBITS,
    persistence_exhibits.EXHIBITS,
    access_exhibits.EXHIBITS,
    nato_today_exhibits.EXHIBITS,
)
