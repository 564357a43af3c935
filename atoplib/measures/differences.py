"""Where two releases' yearly counts differ, and why: each difference traced to the alliances
added, removed, recoded or ended that cause it (:func:`difference_sources`, :func:`recoded_effects`),
and the two releases' counts side by side for a figure (:func:`overlay_counts`)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..data.checks import checked
from ..data.tables import AtopData
from .compare import release_changes, yearly_differences
from .provisions import get_provision
from .trends import counts_by_year


def _subset(data: AtopData, atopids) -> AtopData:
    """The same release restricted to some ATOPIDs (coverage kept)."""
    keep = data.alliances["atopid"].isin(list(atopids))
    return replace(data, alliances=data.alliances[keep].reset_index(drop=True))


@checked
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


@checked
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


@checked
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


@checked
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
