"""Notebook 07's comparison: two releases side by side (:class:`Comparison`), with the counts,
changes and one sentence saying what changed. Without a base release it compares nothing: every
section says the comparison was skipped, why, and how to supply a base (no zero counts), and the
comparison tables are not written."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from ..data.base import DEFAULT_BASE_VERSION, load_base
from ..data.tables import AtopData
from ..errors import DataNotFoundError, DownloadError
from ..measures.compare import change_summary, recoded_values, release_changes, yearly_differences
from ..measures.differences import difference_sources, overlay_counts, recoded_effects

#: The comparison tables and their file names in the report folder (the output contract).
TABLES = {"changes": "release-changes.csv", "values": "recoded-values.csv", "yearly": "yearly-differences.csv"}


@dataclass
class Comparison:
    """Two releases side by side; ``base`` is None when no base release was found (``note`` says why)."""

    base: AtopData | None
    new: AtopData
    note: str = ""
    provisions: tuple[str, ...] = ("defense", "consult-only", "consult-nonagg")

    @cached_property
    def changes(self) -> pd.DataFrame:
        if self.base is None:
            return release_changes(self.new, self.new).iloc[0:0]
        return release_changes(self.base, self.new)

    @cached_property
    def values(self) -> pd.DataFrame:
        if self.base is None:
            return recoded_values(self.new, self.new)
        return recoded_values(self.base, self.new)

    @cached_property
    def yearly(self) -> pd.DataFrame:
        """:func:`yearly_differences`; without a base, ``base`` and ``difference`` are all <NA>."""
        if self.base is None:
            frame = yearly_differences(self.new, self.new, self.provisions)
            return frame.assign(base=pd.array([pd.NA] * len(frame), dtype="Int64"),
                                difference=pd.array([pd.NA] * len(frame), dtype="Int64"))
        return yearly_differences(self.base, self.new, self.provisions)

    def overview(self) -> pd.DataFrame:
        """``role, release, coverage, alliances, member_rows, in_force_at_end, verified`` per release."""
        rows = []
        for role, data in (("base", self.base), ("new", self.new)):
            if data is None:
                continue
            rows.append({
                "role": role, "release": f"ATOP {data.version}", "coverage": f"{data.first_year}-{data.last_year}",
                "alliances": len(data.alliances), "member_rows": len(data.members),
                "in_force_at_end": int(data.alliances["in_force_at_end"].sum()),
                "verified": bool(data.release.verified),
            })
        return pd.DataFrame(rows)

    def overlay(self, provision: str, start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
        """``year, release, count`` for both releases (the new one alone without a base), clipped to the years."""
        frame = (overlay_counts(self.base, self.new, provision) if self.base is not None
                 else overlay_counts(self.new, self.new, provision).drop_duplicates(ignore_index=True))
        keep = frame["year"].between(start_year or -10**6, end_year or 10**6)
        return frame[keep].reset_index(drop=True)

    @cached_property
    def sources(self) -> pd.DataFrame:
        """:func:`difference_sources` for the comparison's provisions (empty without a base)."""
        if self.base is None:
            return difference_sources(self.new, self.new, self.provisions)
        return difference_sources(self.base, self.new, self.provisions)

    @cached_property
    def effects(self) -> pd.DataFrame:
        """:func:`recoded_effects` for the comparison's provisions (empty without a base)."""
        if self.base is None:
            return recoded_effects(self.new, self.new, self.provisions)
        return recoded_effects(self.base, self.new, self.provisions)

    def at_years(self, years) -> pd.DataFrame:
        """:attr:`yearly` for the given years only (those in either release's coverage)."""
        y = self.yearly
        return y[y["year"].isin([int(v) for v in years])].reset_index(drop=True)

    @property
    def skipped(self) -> str:
        """Empty with a base; without one, the sentence each section shows instead of its numbers."""
        if self.base is not None:
            return ""
        return f"Comparison skipped: {self.note.rstrip('.')}."

    def summary(self) -> str:
        """One sentence: what changed from the base to the new release, with the numbers."""
        new = self.new
        if self.base is None:
            return (f"No base release was found, so ATOP {new.version} is shown alone and nothing is compared: "
                    f"{self.note.rstrip('.')}.")
        base = self.base
        counts = change_summary(self.changes).set_index("change")["alliances"]
        y = self.yearly
        both = y.dropna(subset=["difference"])
        parts = []
        for name in self.provisions:
            d = both[both["provision"] == name]
            moved = d[d["difference"] != 0]
            if moved.empty:
                parts.append(f"{name} counts are identical in every common year")
            else:
                parts.append(
                    f"{name} counts differ in {len(moved)} of {len(d)} common years "
                    f"(by {int(moved['difference'].min()):+d} to {int(moved['difference'].max()):+d})"
                )
        coverage = (f"coverage {base.first_year}-{base.last_year} → {new.first_year}-{new.last_year}"
                    if base.coverage != new.coverage else f"the same coverage {new.first_year}-{new.last_year}")
        return (
            f"From ATOP {base.version} to {new.version} ({coverage}), alliances added: {counts['added']}, "
            f"removed: {counts['removed']}, recoded: {counts['recoded']}, ended after "
            f"{min(base.last_year, new.last_year)}: {counts['ended']}; " + "; ".join(parts) + "."
        )


def compare_releases(
    new: AtopData,
    base_version: str | None = DEFAULT_BASE_VERSION,
    base_data_dir: str | os.PathLike | None = None,
    provisions: tuple[str, ...] = ("defense", "consult-only", "consult-nonagg"),
) -> Comparison:
    """:func:`load_base` + :class:`Comparison`; a missing base gives a comparison of ``new`` alone."""
    try:
        base = load_base(base_version, base_data_dir, new=new)
        note = ""
    except (DataNotFoundError, DownloadError) as err:
        base, note = None, str(err)
    return Comparison(base=base, new=new, note=note, provisions=tuple(provisions))
