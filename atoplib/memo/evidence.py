"""What the ledger's judges read: one release of ATOP and, when given, COW's tables; and the counts
its judges share, computed once per release.

A judge raises :class:`~atoplib.memo.types.NotAvailable` when the release (or a file it needs: the
alliance-phase file, COW's tables) cannot speak to its reading; the ledger records that reading as
``n/a`` with the message as the reason.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd

from ..data.cow import US
from ..data.tables import AtopData, check_release
from ..errors import AtopWarning
from ..measures import readings as rules
from ..measures.treaties import find_treaty
from .treaties import MEMO_TREATIES, NAMED_TREATIES
from .types import NotAvailable

#: What the COW tables are, for the reason of an ``n/a``.
COW_TABLES = {"states": "COW's state list (COW_STATES_FILE)",
              "nmc": "COW's National Material Capabilities (COW_NMC_FILE)",
              "majors": "COW's major powers (COW_MAJORS_FILE)"}


@dataclass
class Evidence:
    """One release, loaded, with COW's state list, capabilities (NMC) and major powers when given.

    ``cached(key, compute)`` computes a value once per release, so that several readings and
    claims share one count.
    """

    data: AtopData
    states: pd.DataFrame | None = None
    nmc: pd.DataFrame | None = None
    majors: pd.DataFrame | None = None
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        check_release(self.data)

    @property
    def version(self) -> str:
        return self.data.version

    @property
    def release(self) -> str:
        return f"ATOP {self.data.version}"

    @property
    def missing(self) -> tuple[str, ...]:
        """The COW tables this evidence lacks (``states``, ``nmc``, ``majors``)."""
        return tuple(name for name in COW_TABLES if getattr(self, name) is None)

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def need(self, *tables: str) -> None:
        """NotAvailable naming the COW tables among ``tables`` that this evidence lacks."""
        missing = [t for t in tables if getattr(self, t) is None]
        if missing:
            raise NotAvailable(f"needs {' and '.join(COW_TABLES[t] for t in missing)}, which was not given")

    # ------------------------------------------------------------------ shared counts

    def counts(self, provision: str, rule: str = "alliance") -> pd.Series:
        """Alliances in force per year (index: year) under a counting rule, over the whole coverage."""
        def compute():
            frame = rules.counts_under_rule(self.data, provision, rule)
            return None if frame is None else frame.set_index("year")["count"]

        series = self.cached(f"counts:{provision}:{rule}", compute)
        if series is None:
            raise NotAvailable(f"ATOP {self.version} has no alliance-phase (aph) file, so it has no phase-level codes")
        return series

    def window(self, series: pd.Series, start: int, end: int | None = None) -> pd.Series:
        """``series`` over ``start``-``end`` (default: the coverage end); NotAvailable outside coverage."""
        first, last = self.data.coverage
        end = last if end is None else end
        if start < first or end > last or start > end:
            needed = f"{start} onward" if start > last else (f"{start}" if start == end else f"{start}-{end}")
            raise NotAvailable(f"the reading needs {needed}; ATOP {self.version} covers {first}-{last}")
        return series.loc[start:end]

    def signed(self, provision: str, rule: str, first: int, last: int | None = None) -> dict:
        """Alliances signed in ``first``-``last`` and how many meet ``provision`` (a signing rule)."""
        last = self.data.last_year if last is None else last
        if last < first:
            raise NotAvailable(f"the reading needs alliances signed from {first}; ATOP {self.version} ends in "
                               f"{self.data.last_year}")
        result = self.cached(f"signed:{provision}:{rule}:{first}:{last}",
                             lambda: rules.signed_counts(self.data, provision, rule, first, last))
        if result is None:
            raise NotAvailable(f"ATOP {self.version} has no alliance-phase (aph) file, so it has no first-phase codes")
        return result

    def treaty(self, name_start: str) -> int | None:
        """The ATOPID of a named treaty (:data:`~atoplib.memo.treaties.NAMED_TREATIES`), found by its
        query; None when the release has no match."""
        query = next((q for q in NAMED_TREATIES if q.name.startswith(name_start)), None)
        if query is None:
            raise KeyError(f"no named treaty starts with {name_start!r}")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AtopWarning)
            return self.cached(f"treaty:{query.name}", lambda: find_treaty(self.data, query))

    def memo_treaties(self) -> dict[str, int | None]:
        """The memo's treaties (:data:`~atoplib.memo.treaties.MEMO_TREATIES`) by name: ATOPID or None."""
        return {q.name: self.treaty(q.name) for q in MEMO_TREATIES}

    def us_alliances(self) -> pd.Index:
        """ATOPIDs of the alliances the U.S. (COW 2) ever belongs to."""
        return self.cached("us-alliances", lambda: pd.Index(
            sorted(self.data.members.loc[self.data.members["member"].eq(US), "atopid"].unique())))

    def state_name(self, ccode: int) -> str:
        """The state's COW name when COW's state list is given, else its code in words."""
        names = self.cached("state-names", lambda: {} if self.states is None else dict(
            zip(self.states["ccode"].astype(int), self.states["statenme"].astype(str))))
        return names.get(int(ccode), f"state {int(ccode)} (COW code)")
