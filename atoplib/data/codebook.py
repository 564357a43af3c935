"""The codes ATOP's codebook allows in a column: what a provision rule may ask for (issue 13).

Read from the ATOP 5.1 codebook (section 2, member and alliance level variables) and checked
against the data of ATOP 5.1 and 4.01, which hold no other code in these columns:

* :data:`DUMMIES` -- "Dummy variable coded 1 if …": 0 or 1. (``refothio`` is called a dummy by
  the codebook but holds 2 in 5.1, so it is left out.)
* :data:`CATEGORIES` -- variables whose codes the codebook lists in full.

A column not listed here is not checked (a code list the codebook does not close, such as
``length`` in months or ``statthr1`` as a COW code, or a column a later release adds).
"""

from __future__ import annotations

DUMMIES = frozenset("""
    cowsys ineffect bilat wartime estmode defense offense neutral nonagg consul active conditio
    defcon offcon neucon concon defcoadv defcoloc defcocon defconum defcodem defconpr offcoadv
    offcoloc offcocon offconum offcodem neucoadv neucoloc neucocon neuconum neucodem neuconpr
    neucoatt concoadv concoloc concocon concoreq olimob asymm obvary dipaid terrres thirdcom
    noothall medarb intcom contrib divgains demwith nomicoop conmen
""".split())

CATEGORIES: dict[str, frozenset[int]] = {
    "pubsecr": frozenset(range(3)),
    "secrart": frozenset(range(9)),
    "proadd": frozenset(range(4)),
    "futmem": frozenset(range(4)),
    "speclgth": frozenset(range(4)),
    "proren": frozenset(range(3)),
    "seppeace": frozenset(range(4)),
    "specthrt": frozenset(range(7)),
    "conwtin": frozenset(range(4)),
    "subord": frozenset(range(3)),
    "armred": frozenset(range(3)),
    "acqterr": frozenset(range(3)),
    "reflnun": frozenset(range(3)),
    "natrefal": frozenset({0, 1, 2, 3, 9}),
    "conres": frozenset(range(3)),
    "ecaid": frozenset(range(4)),
}


def allowed_codes(column: str) -> frozenset[int] | None:
    """The codes the codebook allows in ``column``; None when the codebook does not close the list."""
    column = column.strip().lower()
    if column in DUMMIES:
        return frozenset({0, 1})
    return CATEGORIES.get(column)


def describe_codes(codes: frozenset[int]) -> str:
    """``{0, 1}`` -> ``'0 or 1'``; ``{0, 1, 2}`` -> ``'0, 1 or 2'``."""
    ordered = [str(c) for c in sorted(codes)]
    return ordered[0] if len(ordered) == 1 else f"{', '.join(ordered[:-1])} or {ordered[-1]}"
