"""The claims ledger's types: a claim of the memo, the readings it admits, and what a release says.

A :class:`Claim` is one sentence (or phrase) of the memo that makes a statement, quoted exactly and
located. Each testable claim has one or more :class:`Reading` objects: a defensible way to read the
words and to count in the data. A reading's ``judge`` takes the :class:`Evidence` of one release and
returns a :class:`Finding`: the measured value, a status and a one-line reason.

Every claim is registered once, in :data:`REGISTRY` (in the memo's order); chapter notebooks, the
reproduction report, ``reproduction.csv``, the site and the README all read it from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..data.tables import AtopData

#: What kind of statement a claim is.
KINDS = ("treaty", "data", "level", "trend", "comparison", "question", "not testable")

class NotAvailable(Exception):
    """Raised by a judge when this release (or a file it needs) cannot speak to a reading: the
    ledger records the reading as ``n/a`` with the exception's message as the reason."""


#: A finding's status. ``n/a``: this release cannot speak to it; ``not testable``: no data can.
STATUSES = ("agree", "partly", "differ", "n/a", "not testable")


@dataclass(frozen=True)
class Finding:
    """What one release says about one claim under one reading."""

    measured: str  # the measured value as a reader reads it, e.g. "161 in 2018"
    status: str  # one of STATUSES
    reason: str  # one line: why this status

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status {self.status!r} is not one of {', '.join(STATUSES)}")


@dataclass(frozen=True)
class Reading:
    """One defensible way to read a claim's words and count them in the data."""

    id: str  # stable, e.g. "alliance-level"
    text: str  # the rule in words, for the reader
    judge: Callable[["Evidence"], Finding]


@dataclass(frozen=True)
class Claim:
    """One checkable (or explicitly untestable) statement of the memo."""

    id: str  # stable id, e.g. "defense-just-under-60"
    quote: str  # the memo's exact words: a phrase or one sentence
    location: str  # e.g. "The U.S. Alliance System in a Comparative Perspective, paragraph 6"
    kind: str  # one of KINDS
    readings: tuple[Reading, ...] = ()
    untestable: str = ""  # for kind "not testable": why no data can check it
    chapter: str = ""  # the notebook that shows the evidence, e.g. "01-defense-pacts"
    outputs: tuple[str, ...] = ()  # output files that hold the evidence
    #: other places where the memo says the same thing, as (exact quote, location) pairs; they are
    #: judged with this claim's readings (e.g. France's NATO signature, said twice)
    also: tuple[tuple[str, str], ...] = ()

    @property
    def quotes(self) -> tuple[tuple[str, str], ...]:
        """Every (quote, location) this claim stands for: its own, then :attr:`also`."""
        return ((self.quote, self.location),) + tuple(self.also)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"claim {self.id}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if (self.kind == "not testable") != (not self.readings):
            raise ValueError(f"claim {self.id}: a claim has readings exactly when it is testable")
        if self.kind == "not testable" and not self.untestable:
            raise ValueError(f"claim {self.id}: say why it is not testable")


@dataclass
class Evidence:
    """What the judges of one release read: the ATOP data and, when given, the COW tables.

    ``cached(key, compute)`` computes a value once per release, so that several readings and
    claims share one count.
    """

    data: "AtopData"
    states: "pd.DataFrame | None" = None
    nmc: "pd.DataFrame | None" = None
    majors: "pd.DataFrame | None" = None
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def version(self) -> str:
        return self.data.version

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]


#: Every claim, in the memo's order, by id.
REGISTRY: dict[str, Claim] = {}


def register(*claims: Claim) -> None:
    """Add claims to the ledger; an id may be registered once."""
    for claim in claims:
        if claim.id in REGISTRY:
            raise ValueError(f"claim {claim.id!r} is already in the ledger")
        REGISTRY[claim.id] = claim
