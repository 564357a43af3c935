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

import re

import numpy as np
import pandas as pd

from ..data.checks import checked
from ..data.tables import AtopData
from .provisions import get_provision
from .trends import counts_by_year

#: Alliance columns describing the release rather than the alliance.
RELEASE_COLUMNS = re.compile(r"^(version|new\d+|rev\d+|in_force_at_end)$")
#: Columns that record how and when an alliance ended (codebook: ENDYR/ENDMO/ENDDAY, INEFFECT,
#: TERM = 0 while in effect); compared with the end-of-coverage rule above.
END_COLUMNS = ("endyr", "endmo", "endday", "ineffect", "term")

CHANGE_ORDER = ("added", "removed", "recoded", "ended")


@checked
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


@checked
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


@checked
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


@checked
def change_summary(changes: pd.DataFrame) -> pd.DataFrame:
    """How many alliances per kind of change: ``change, alliances`` (every kind listed, zeros included)."""
    counts = changes["change"].value_counts().reindex(list(CHANGE_ORDER), fill_value=0)
    return counts.rename_axis("change").rename("alliances").reset_index()


@checked
def variable_summary(values: pd.DataFrame) -> pd.DataFrame:
    """How often each variable was recoded: ``variable, alliances`` (most often first)."""
    counts = values.groupby("variable", observed=True)["atopid"].nunique().sort_values(ascending=False, kind="stable")
    return counts.rename("alliances").reset_index()


@checked
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
