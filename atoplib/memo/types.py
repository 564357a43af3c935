"""The claims ledger's types: a claim of the memo, the readings it admits, what a release says
under each, and the verdict the ledger draws from them.

A :class:`Claim` is one sentence (or phrase) of the memo that makes a statement, quoted exactly and
located. It has :class:`Reading` objects: each a way to read the words and count in the data, with
a **class** and a one-line **justification** (``why``) from the memo's words or the ATOP codebook:

``stated``
    the memo's own rule (a figure note's definition, the data and years it names; where it names
    none, the plainest reading of its words with ATOP's alliance-level codes). It decides the status.
``alternative``
    a reading a careful scholar could defend (another counting rule, level, baseline or threshold).
    It shows robustness; it never decides the status.
``stress``
    a deliberately strained reading, kept to show sensitivity. It never moves the status.

A reading's ``judge`` takes the :class:`~atoplib.memo.evidence.Evidence` of one release and returns
a :class:`Finding`: the measured value, a status by the quantifier rule
(:mod:`atoplib.memo.rules`), a one-line reason and the exceptions it found. The ledger
(:mod:`atoplib.memo.ledger`) turns a claim's findings into one :class:`Verdict`.

The claims themselves, in the memo's order, are :data:`atoplib.memo.claims.REGISTRY`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

#: What kind of statement a claim is.
KINDS = ("treaty", "data", "level", "trend", "comparison", "question", "not testable")
#: The classes of a reading (see the module text), in the order they are reported.
CLASSES = ("stated", "alternative", "stress")
#: A finding's or verdict's status. ``n/a``: this release cannot speak to it (or the memo asks a
#: question rather than claims); ``not testable``: no data can.
STATUSES = ("agree", "partly", "differ", "n/a", "not testable")
#: The statuses a judge reaches on data.
TESTED = ("agree", "partly", "differ")


class NotAvailable(Exception):
    """Raised by a judge when this release (or a file it needs) cannot speak to a reading: the
    ledger records the reading as ``n/a`` with the exception's message as the reason."""


@dataclass(frozen=True)
class Finding:
    """What one release says about one claim under one reading."""

    measured: str  # the measured value as a reader reads it, e.g. "161 in 2018"
    status: str  # one of STATUSES
    reason: str  # one line: why this status
    exceptions: tuple[str, ...] = ()  # the cases that do not hold, named (years, states, pacts)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status {self.status!r} is not one of {', '.join(STATUSES)}")

    @property
    def tested(self) -> bool:
        return self.status in TESTED


@dataclass(frozen=True)
class Reading:
    """One way to read a claim's words and count them in the data."""

    id: str  # stable, e.g. "alliance-level"
    cls: str  # one of CLASSES
    text: str  # the rule in words, for the reader
    why: str  # one line: the justification, citing the memo's words, a figure note or the codebook
    judge: Callable[[Any], Finding]  # an atoplib.memo.evidence.Evidence in, a Finding out
    label: str = ""  # a few words naming the reading in a verdict's sentence, e.g. "member-level codes"

    @property
    def name(self) -> str:
        """The reading's name in a sentence: its label, else its rule."""
        return self.label or self.text

    def __post_init__(self) -> None:
        if self.cls not in CLASSES:
            raise ValueError(f"reading {self.id}: class {self.cls!r} is not one of {', '.join(CLASSES)}")
        if not self.why.strip():
            raise ValueError(f"reading {self.id}: give the one-line justification (why)")


@dataclass(frozen=True)
class Claim:
    """One checkable (or explicitly untestable) statement of the memo."""

    id: str  # stable id, e.g. "defense-just-under-60"
    quote: str  # the memo's exact words: a phrase or one sentence
    location: str  # e.g. "The U.S. Alliance System in a Comparative Perspective, paragraph 6"
    kind: str  # one of KINDS
    readings: tuple[Reading, ...] = ()
    untestable: str = ""  # what no data can check (kind "not testable"; its alternatives say what data can show)
    chapter: str = ""  # the notebook that shows the evidence, e.g. "01-defense-pacts"
    outputs: tuple[str, ...] = ()  # output files that hold the evidence
    #: other places where the memo says the same thing, as (exact quote, location) pairs; they are
    #: judged with this claim's readings (e.g. France's NATO signature, said twice)
    also: tuple[tuple[str, str], ...] = ()

    @property
    def quotes(self) -> tuple[tuple[str, str], ...]:
        """Every (quote, location) this claim stands for: its own, then :attr:`also`."""
        return ((self.quote, self.location),) + tuple(self.also)

    def of_class(self, cls: str) -> tuple[Reading, ...]:
        return tuple(r for r in self.readings if r.cls == cls)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"claim {self.id}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        stated = self.of_class("stated")
        if self.kind == "not testable":
            if not self.untestable:
                raise ValueError(f"claim {self.id}: say why it is not testable")
            if stated:
                raise ValueError(f"claim {self.id}: a claim no data can test has no stated reading")
        elif not stated:
            raise ValueError(f"claim {self.id}: a testable claim needs at least one stated reading")
        ids = [r.id for r in self.readings]
        if len(ids) != len(set(ids)):
            raise ValueError(f"claim {self.id}: reading ids repeat")


@dataclass(frozen=True)
class Verdict:
    """The ledger's finding for one claim on one release: its status (from the stated readings),
    the sentence a reader reads, and every reading with its finding."""

    claim: Claim
    release: str  # "ATOP 5.1"
    status: str  # one of STATUSES
    measured: str  # what the stated reading(s) measure
    sentence: str  # the whole finding in words: status, the number under the memo's rule, robustness
    findings: tuple[tuple[Reading, Finding], ...]

    @property
    def id(self) -> str:
        return self.claim.id
