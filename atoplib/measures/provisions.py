"""What a provision means: one definition each, as data, in the memo's and the codebook's words.

A :class:`Provision` is a conjunction of ``column == value`` conditions on ATOP's 0/1 codes. The
same definition applies to the alliance table (alliance-level codes: 1 if any member takes the
obligation in any phase, codebook 1.x) and to the member table (per member and phase, codebook 2.x).

Users can add their own with :func:`register_provision`, e.g.
``register_provision("consult-asym", {"consul": 1, "defense": 0, "asymm": 1}, "…")``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..data.codebook import allowed_codes, describe_codes
from ..errors import ParameterError


@dataclass(frozen=True)
class Provision:
    """An alliance counts under this provision when every ``column == value`` in ``rule`` holds."""

    name: str
    label: str
    rule: tuple[tuple[str, int], ...]
    description: str

    @property
    def columns(self) -> list[str]:
        return [column for column, _ in self.rule]

    def rule_text(self) -> str:
        """The rule as printed on figures: ``consul = 1 and defense = 0``."""
        if not self.rule:
            return "every alliance"
        return " and ".join(f"{column} = {value}" for column, value in self.rule)

    def mask(self, frame: pd.DataFrame, source: str = "the data") -> pd.Series:
        """Boolean Series: which rows of ``frame`` (alliance or member table) meet the rule."""
        result = pd.Series(True, index=frame.index)
        for column, value in self.rule:
            if column not in frame.columns:
                raise ParameterError(
                    f"provision '{self.name}' needs column '{column}', which {source} lacks; "
                    f"redefine the provision with columns the release has"
                )
            if not pd.api.types.is_numeric_dtype(frame[column]):
                raise ParameterError(
                    f"provision '{self.name}' needs numeric codes in column '{column}', but {source} "
                    f"holds text there; redefine the provision with a code column"
                )
            result &= frame[column].eq(value).fillna(False).astype(bool)
        return result


_REGISTRY: dict[str, Provision] = {}
_ALIASES: dict[str, str] = {}


def register_provision(
    name: str,
    rule: dict[str, int],
    label: str | None = None,
    description: str = "",
    aliases: tuple[str, ...] = (),
    replace: bool = False,
) -> Provision:
    """Add a provision definition; ``rule`` maps ATOP columns to the value they must take."""
    key = name.strip().lower()
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", key):
        raise ParameterError(f"provision name '{name}' must be lower-case letters, digits, '-' or '_'")
    if (key in _REGISTRY or key in _ALIASES) and not replace:
        raise ParameterError(f"provision '{key}' is already defined; pass replace=True to redefine it")
    if not isinstance(rule, dict):
        raise ParameterError(f"provision '{name}': rule must be a dict such as {{'consul': 1, 'defense': 0}}")
    cleaned = []
    for column, value in rule.items():
        if not isinstance(column, str) or not isinstance(value, (int,)) or isinstance(value, bool):
            raise ParameterError(
                f"provision '{name}': condition {column!r}: {value!r} must map a column name to an integer code"
            )
        allowed = allowed_codes(column)
        if allowed is not None and int(value) not in allowed:
            raise ParameterError(
                f"provision '{name}': {column.strip().lower()} = {value} can never hold: ATOP's codebook codes "
                f"{column.strip().lower()} as {describe_codes(allowed)}; use one of those codes"
            )
        cleaned.append((column.strip().lower(), int(value)))
    provision = Provision(key, label or key, tuple(cleaned), description)
    _REGISTRY[key] = provision
    for alias in aliases:
        _ALIASES[alias] = key
    return provision


def get_provision(provision: str | Provision | None) -> Provision:
    """Look up a provision by name or alias (``None`` means every alliance)."""
    if isinstance(provision, Provision):
        return provision
    key = "any" if provision is None else str(provision).strip().lower()
    key = _ALIASES.get(key, key)
    try:
        return _REGISTRY[key]
    except KeyError:
        raise ParameterError(
            f"unknown provision '{provision}'; known: {', '.join(sorted(_REGISTRY))} "
            f"(or define one with atoplib.register_provision)"
        ) from None


def provisions() -> pd.DataFrame:
    """The defined provisions as a table: name, label, rule, description."""
    return pd.DataFrame(
        [(p.name, p.label, p.rule_text(), p.description) for p in _REGISTRY.values()],
        columns=["name", "label", "rule", "description"],
    )


register_provision(
    "any", {}, "Any alliance",
    "Every alliance in the release, whatever its obligations.",
    aliases=("all", "atopally"),
)
register_provision(
    "defense", {"defense": 1}, "Defense pacts",
    "Mutual-defense promise: members promise active military support if a partner is attacked "
    "(the memo's Figure 1; NATO Art. 5). Codebook: defense = 1.",
    aliases=("defence", "defense-pact"),
)
register_provision(
    "offense", {"offense": 1}, "Offense pacts",
    "Promise of active military support in a conflict the members initiate. Codebook: offense = 1.",
)
register_provision(
    "neutral", {"neutral": 1}, "Neutrality pacts",
    "Promise to stay out of a conflict involving a partner. Codebook: neutral = 1.",
    aliases=("neutrality",),
)
register_provision(
    "nonagg", {"nonagg": 1}, "Non-aggression pacts",
    "Promise not to attack one another. Codebook: nonagg = 1.",
    aliases=("non-aggression", "nonaggression"),
)
register_provision(
    "consul", {"consul": 1}, "Consultation pacts",
    "Promise to consult in a crisis (NATO Art. 4), with or without other obligations. Codebook: consul = 1.",
    aliases=("consultation", "consult"),
)
register_provision(
    "consult-only", {"consul": 1, "defense": 0}, "Consultative pacts without defense",
    "The memo's Figure 2: alliances with a consultation promise and no mutual-defense promise "
    "(consul = 1 and defense = 0), e.g. the 2001 Sino-Russian treaty (ATOPID 4980).",
    aliases=("consultative", "consult_only", "consultative-only"),
)
register_provision(
    "consult-nonagg", {"consul": 1, "nonagg": 1, "defense": 0}, "Consultation and non-aggression, no defense",
    "The memo's footnote 3 variant: consul = 1, nonagg = 1 and defense = 0.",
    aliases=("consult_nonagg", "footnote"),
)
