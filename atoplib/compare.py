"""What changed between two ATOP releases: alliances added, removed and recoded, and the
yearly counts of each provision side by side.

* :func:`release_changes` — one row per ATOPID that differs between the releases:
  ``atopid, change, begyr, variables, members_added, members_removed``.
* :func:`recoded_values` — the value-level detail behind "recoded": ``atopid, variable, base, new``.
* :func:`yearly_differences` — ``year, provision, base, new, difference`` over the years either
  release covers; a year outside one release's coverage is ``<NA>`` there (never a zero).

**What counts as a change.** Only the columns both alliance files share are compared; the
columns that identify the release itself (``version``, and the ``newN``/``revN`` flags that
mark what a release added or revised) are left out. Two missing values are equal; a missing
value and a code differ. Member sets are compared as the set of COW codes that ever belong
to the alliance (phases and dates aside).

**End of coverage is not a recode.** 4.01 ends in 2016: an alliance still in force then and
ended in 2018 in 5.1 (ATOPID 4735) has ``endyr`` <NA>, ``ineffect`` 1 and ``term`` 0 in one
release and an end date in the other. That is news, not a changed code, so it is listed as
``change = "ended"`` (with the end columns left out of ``variables``) when nothing else changed. A change of the end date *within* the
earlier release's coverage is a recode.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths, sources
from .errors import DataNotFoundError, DownloadError
from .provisions import get_provision
from .sources import normalize_version
from .tables import AtopData, load_atop
from .trends import counts_by_year

#: Alliance columns describing the release rather than the alliance.
RELEASE_COLUMNS = re.compile(r"^(version|new\d+|rev\d+|in_force_at_end)$")
#: Columns that record how and when an alliance ended (codebook: ENDYR/ENDMO/ENDDAY, INEFFECT,
#: TERM = 0 while in effect); compared with the end-of-coverage rule above.
END_COLUMNS = ("endyr", "endmo", "endday", "ineffect", "term")

CHANGE_ORDER = ("added", "removed", "recoded", "ended")


def compared_columns(base: AtopData, new: AtopData) -> list[str]:
    """The alliance-file columns both releases share and that describe alliances (file order)."""
    shared = set(new.alliances.columns)
    return [c for c in base.alliances.columns if c in shared and not RELEASE_COLUMNS.match(c) and c != "atopid"]


def _differs(x: pd.DataFrame, y: pd.DataFrame) -> pd.DataFrame:
    """Cell-wise: True where the values differ (two missing values are equal)."""
    both_missing = x.isna() & y.isna()
    equal = (x == y).fillna(False).astype(bool)
    return ~(equal | both_missing)


def _ended_after_coverage(base: AtopData, new: AtopData, common: pd.Index) -> pd.Series:
    """ATOPIDs whose end-date difference is explained by the other release's later coverage."""
    b = base.alliances.set_index("atopid").loc[common]
    n = new.alliances.set_index("atopid").loc[common]
    later_in_new = b["in_force_at_end"] & n["endyr"].gt(base.last_year).fillna(False)
    later_in_base = n["in_force_at_end"] & b["endyr"].gt(new.last_year).fillna(False)
    return (later_in_new | later_in_base).astype(bool)


def recoded_values(base: AtopData, new: AtopData) -> pd.DataFrame:
    """Every compared alliance-level value that differs: ``atopid, variable, base, new``.

    End dates that differ only because one release covers later years are left out (see the
    module notes); rows are ordered by ATOPID, then by the variable's place in the file.
    """
    columns = compared_columns(base, new)
    b = base.alliances.set_index("atopid")
    n = new.alliances.set_index("atopid")
    common = b.index.intersection(n.index).sort_values()
    x, y = b.loc[common, columns], n.loc[common, columns]
    differs = _differs(x, y)
    ended = _ended_after_coverage(base, new, common)
    end_cols = [c for c in END_COLUMNS if c in columns]
    differs.loc[ended.to_numpy(), end_cols] = False
    rows, cols = np.nonzero(differs.to_numpy())
    x_values = x.to_numpy(dtype=object)
    y_values = y.to_numpy(dtype=object)
    out = pd.DataFrame(
        {
            "atopid": pd.array(common.to_numpy()[rows], dtype="Int64"),
            "variable": pd.array(np.asarray(columns, dtype=object)[cols], dtype="string"),
            "base": _value_array(x_values[rows, cols]),
            "new": _value_array(y_values[rows, cols]),
        }
    )
    return out.reset_index(drop=True)


def _value_array(values: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """ATOP codes as Int64; Float64 if a value is fractional; text as string (a column that is text
    in one release)."""
    series = pd.Series(values, dtype=object)
    numeric = pd.to_numeric(series, errors="coerce")
    if (numeric.isna() & series.notna()).any():
        return pd.array(series.astype("string"), dtype="string")
    if (numeric.dropna() % 1 == 0).all():
        return pd.array(numeric, dtype="Int64")
    return pd.array(numeric, dtype="Float64")


def _member_sets(data: AtopData) -> pd.Series:
    return data.members.groupby("atopid")["member"].agg(lambda s: frozenset(int(v) for v in s.dropna()))


def _codes(values) -> str:
    return " ".join(str(v) for v in sorted(values))


def release_changes(base: AtopData, new: AtopData) -> pd.DataFrame:
    """Alliances added, removed, recoded (or only ended after the base's coverage) from ``base`` to ``new``.

    Columns: ``atopid`` (Int64), ``change`` (``added``/``removed``/``recoded``/``ended``),
    ``begyr`` (from ``new``, or ``base`` for removed alliances), ``variables`` (the changed
    alliance-level columns in file order, plus ``members`` when the member set changed; empty for
    added/removed), ``members_added``/``members_removed`` (COW codes, space-separated). Unchanged
    alliances are not listed; rows are sorted by change, then ATOPID.
    """
    b = base.alliances.set_index("atopid")
    n = new.alliances.set_index("atopid")
    added = n.index.difference(b.index)
    removed = b.index.difference(n.index)
    common = b.index.intersection(n.index).sort_values()

    values = recoded_values(base, new)
    changed_vars = values.groupby("atopid", sort=False)["variable"].agg(lambda s: " ".join(s))

    b_sets, n_sets = _member_sets(base), _member_sets(new)
    empty = frozenset()
    b_members = pd.Series([b_sets.get(i, empty) for i in common], index=common, dtype=object)
    n_members = pd.Series([n_sets.get(i, empty) for i in common], index=common, dtype=object)
    gained = pd.Series([n - o for o, n in zip(b_members, n_members)], index=common, dtype=object)
    lost = pd.Series([o - n for o, n in zip(b_members, n_members)], index=common, dtype=object)
    member_change = (gained.map(len) > 0) | (lost.map(len) > 0)

    ended = _ended_after_coverage(base, new, common)

    variables = changed_vars.reindex(common).fillna("")
    variables = variables.where(~member_change, (variables + " members").str.strip())
    recoded = variables.ne("")
    change = pd.Series(pd.NA, index=common, dtype="string")
    change = change.mask(ended, "ended").mask(recoded, "recoded")
    keep = change.notna()

    frames = [
        pd.DataFrame({
            "atopid": added, "change": "added", "begyr": n.loc[added, "begyr"].to_numpy(),
            "variables": "", "members_added": [_codes(n_sets.get(i, empty)) for i in added], "members_removed": "",
        }),
        pd.DataFrame({
            "atopid": removed, "change": "removed", "begyr": b.loc[removed, "begyr"].to_numpy(),
            "variables": "", "members_added": "", "members_removed": [_codes(b_sets.get(i, empty)) for i in removed],
        }),
        pd.DataFrame({
            "atopid": common[keep.to_numpy()], "change": change[keep].to_numpy(),
            "begyr": n.loc[common[keep.to_numpy()], "begyr"].to_numpy(),
            "variables": variables[keep].to_numpy(),
            "members_added": gained[keep].map(_codes).to_numpy(),
            "members_removed": lost[keep].map(_codes).to_numpy(),
        }),
    ]
    out = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) else frames[0]
    out = out.astype({
        "atopid": "Int64", "change": "string", "begyr": "Int64", "variables": "string",
        "members_added": "string", "members_removed": "string",
    })
    order = out["change"].map({c: i for i, c in enumerate(CHANGE_ORDER)})
    out = out.assign(_order=order).sort_values(["_order", "atopid"], kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)


def change_summary(changes: pd.DataFrame) -> pd.DataFrame:
    """How many alliances per kind of change: ``change, alliances`` (every kind listed, zeros included)."""
    counts = changes["change"].value_counts().reindex(list(CHANGE_ORDER), fill_value=0)
    return counts.rename_axis("change").rename("alliances").reset_index()


def variable_summary(values: pd.DataFrame) -> pd.DataFrame:
    """How often each variable was recoded: ``variable, alliances`` (most often first)."""
    counts = values.groupby("variable", observed=True)["atopid"].nunique().sort_values(ascending=False, kind="stable")
    return counts.rename("alliances").reset_index()


def yearly_differences(
    base: AtopData,
    new: AtopData,
    provisions: tuple[str, ...] = ("defense", "consult-only"),
) -> pd.DataFrame:
    """Alliances in force per year under each provision in both releases.

    Columns ``year, provision, base, new, difference`` (``new - base``), every year from the
    earlier first year to the later last year of the two coverages; counts are ``<NA>`` for a
    year a release does not cover, and so is the difference.
    """
    first = min(base.first_year, new.first_year)
    last = max(base.last_year, new.last_year)
    years = pd.Index(np.arange(first, last + 1, dtype="int64"), name="year")
    frames = []
    for name in provisions:
        rule = get_provision(name)
        b = counts_by_year(base, rule).set_index("year")["count"].reindex(years).astype("Int64")
        n = counts_by_year(new, rule).set_index("year")["count"].reindex(years).astype("Int64")
        frames.append(pd.DataFrame({
            "year": years.to_numpy(),
            "provision": rule.name,
            "base": b.to_numpy(),
            "new": n.to_numpy(),
            "difference": (n - b).to_numpy(),
        }))
    out = pd.concat(frames, ignore_index=True)
    return out.astype({"year": "int64", "provision": "string", "base": "Int64", "new": "Int64", "difference": "Int64"})


def _subset(data: AtopData, atopids) -> AtopData:
    """The same release restricted to some ATOPIDs (coverage kept)."""
    keep = data.alliances["atopid"].isin(list(atopids))
    return replace(data, alliances=data.alliances[keep].reset_index(drop=True))


def difference_sources(
    base: AtopData,
    new: AtopData,
    provisions: tuple[str, ...] = ("defense", "consult-only"),
) -> pd.DataFrame:
    """Where each yearly difference comes from, over the years both releases cover.

    Columns ``year, provision, difference, added, removed, recoded``: ``added`` counts the
    alliances only the new release has (in force that year under the provision), ``removed``
    minus those only the base has, and ``recoded`` the rest — alliances in both whose codes or
    dates changed — so ``difference = added + removed + recoded``. Years where every column is
    zero are left out (a year whose changes cancel out is kept).
    """
    changes = release_changes(base, new)
    added = changes.loc[changes["change"] == "added", "atopid"].astype(int)
    removed = changes.loc[changes["change"] == "removed", "atopid"].astype(int)
    first, last = max(base.first_year, new.first_year), min(base.last_year, new.last_year)
    frames = []
    for name in provisions:
        rule = get_provision(name)
        total = yearly_differences(base, new, (name,))
        total = total[total["year"].between(first, last)].set_index("year")["difference"].astype("int64")
        plus = counts_by_year(_subset(new, added), rule, first, last).set_index("year")["count"]
        minus = -counts_by_year(_subset(base, removed), rule, first, last).set_index("year")["count"]
        frame = pd.DataFrame({"difference": total, "added": plus, "removed": minus})
        frame["recoded"] = frame["difference"] - frame["added"] - frame["removed"]
        frame = frame[frame.ne(0).any(axis=1)]
        frames.append(frame.reset_index().assign(provision=rule.name))
    out = pd.concat(frames, ignore_index=True)[["year", "provision", "difference", "added", "removed", "recoded"]]
    return out.astype({"year": "int64", "provision": "string", "difference": "int64", "added": "int64",
                       "removed": "int64", "recoded": "int64"})


def recoded_effects(
    base: AtopData,
    new: AtopData,
    provisions: tuple[str, ...] = ("defense", "consult-only"),
) -> pd.DataFrame:
    """The alliances in both releases whose recoding moves a yearly count, and how.

    Columns ``atopid, provision, effect, begyr``; ``effect`` is ``counted only in new`` (the
    recode brings the alliance under the provision), ``counted only in base`` (takes it out), or
    ``years changed`` (counted in both, but its first or last year in force moved within the
    years both releases cover).
    """
    b = base.alliances.set_index("atopid")
    n = new.alliances.set_index("atopid")
    common = b.index.intersection(n.index).sort_values()
    b, n = b.loc[common], n.loc[common]
    last = min(base.last_year, new.last_year)
    b_end = b["endyr"].fillna(base.last_year).clip(upper=last)
    n_end = n["endyr"].fillna(new.last_year).clip(upper=last)
    moved = (b["begyr"] != n["begyr"]) | (b_end != n_end)
    frames = []
    for name in provisions:
        rule = get_provision(name)
        in_b = rule.mask(b, f"the alliance file of ATOP {base.version}")
        in_n = rule.mask(n, f"the alliance file of ATOP {new.version}")
        effect = pd.Series(pd.NA, index=common, dtype="string")
        effect = effect.mask(in_b & in_n & moved.astype(bool), "years changed")
        effect = effect.mask(in_n & ~in_b, "counted only in new").mask(in_b & ~in_n, "counted only in base")
        keep = effect.notna()
        frames.append(pd.DataFrame({
            "atopid": common[keep.to_numpy()], "provision": rule.name,
            "effect": effect[keep].to_numpy(), "begyr": n.loc[keep, "begyr"].to_numpy(),
        }))
    out = pd.concat(frames, ignore_index=True)
    return out.astype({"atopid": "Int64", "provision": "string", "effect": "string", "begyr": "Int64"})


def sources_summary(sources: pd.DataFrame) -> pd.DataFrame:
    """Per provision: in how many years the counts differ, the largest difference, and in how many
    years each source (added, removed, recoded alliances) contributes: ``provision, years_differing,
    largest, added, removed, recoded``."""
    rows = []
    for name, group in sources.groupby("provision", sort=False, observed=True):
        differing = group["difference"].ne(0)
        largest = group.loc[group["difference"].abs().idxmax(), "difference"] if differing.any() else 0
        rows.append({
            "provision": name, "years_differing": int(differing.sum()), "largest": int(largest),
            **{src: int(group[src].ne(0).sum()) for src in ("added", "removed", "recoded")},
        })
    return pd.DataFrame(rows, columns=["provision", "years_differing", "largest", "added", "removed", "recoded"])


def overlay_counts(base: AtopData, new: AtopData, provision: str = "defense") -> pd.DataFrame:
    """Long table for an overlaid figure: ``year, release, count`` (each release over its own coverage)."""
    rule = get_provision(provision)
    frames = []
    for data in (base, new):
        c = counts_by_year(data, rule)
        c.insert(1, "release", f"ATOP {data.version}")
        frames.append(c)
    out = pd.concat(frames, ignore_index=True)
    return out.astype({"year": "int64", "release": "string", "count": "int64"})


# --------------------------------------------------------------------------- two releases at once

#: Where the release to compare with is found when no folder is passed (see :func:`load_base`).
BASE_DATA_DIR_ENV = "ATOP_BASE_DATA_DIR"
DEFAULT_BASE_VERSION = "4.01"


def load_base(
    base_version: str | None = DEFAULT_BASE_VERSION,
    base_data_dir: str | os.PathLike | None = None,
    new: AtopData | None = None,
    missing_ok: bool = False,
    verify: bool | None = None,
) -> AtopData | None:
    """Load the release to compare *with* (the base), looking in this order:

    1. ``base_data_dir`` (a folder or zip, as for any release);
    2. the environment variable ``ATOP_BASE_DATA_DIR``;
    3. the folder the new release came from, if it holds ``base_version`` too (e.g.
       ``ATOP_DATA_DIR`` pointing at a folder with ``ATOP 4.01 (.csv)/`` and ``ATOP 5.1 (.csv)/``);
    4. the download cache (``data/raw/atop-<version>/``) or the official download, where one is known.

    Not found: :class:`DataNotFoundError` naming the ways to pass it, or ``None`` with
    ``missing_ok=True`` (the notebook then says so and shows the new release alone).
    """
    version = normalize_version(base_version) if base_version else None
    hint = (
        f"pass base_data_dir (papermill -p base_data_dir DIR) or set {BASE_DATA_DIR_ENV} to the folder "
        f"or zip of ATOP {version or 'the base release'}"
    )
    try:
        chosen = base_data_dir or os.environ.get(BASE_DATA_DIR_ENV, "").strip() or None
        if chosen:
            return load_atop(chosen, version, verify=verify)
        if new is not None and version is not None:
            source = Path(new.release.source)
            try:
                return load_atop(source, version, verify=verify)
            except DataNotFoundError:
                pass
        if version is not None:
            cached = paths.cache_dir() / f"atop-{version}"
            if cached.is_dir() and any(cached.iterdir()):
                return load_atop(cached, version, verify=verify)
            if sources.download_url(version):
                return load_atop(sources.download_release(version), version, verify=verify)
        raise DataNotFoundError(f"no ATOP {version or 'base'} release found to compare with; {hint}")
    except (DataNotFoundError, DownloadError) as err:
        if missing_ok:
            return None
        if hint in str(err):
            raise
        raise DataNotFoundError(f"{err} (base release: {hint})") from None


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

    def differing_years(self) -> pd.DataFrame:
        """The rows of :attr:`yearly` where both releases count and the counts differ."""
        y = self.yearly
        return y[y["difference"].fillna(0).ne(0)].reset_index(drop=True)

    def verdict(self) -> str:
        """One sentence: what changed from the base to the new release, with the numbers."""
        new = self.new
        if self.base is None:
            return (f"No base release was found, so ATOP {new.version} is shown alone and nothing is compared "
                    f"({self.note}).")
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
