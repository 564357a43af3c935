"""The exhibits of chapter 07: what changed between a base release (ATOP 4.01 by default) and the
release the collection runs on.

The comparison itself is :class:`~atoplib.present.comparison.Comparison` (the alliances added,
removed, recoded and ended, the recoded values, the yearly counts in both releases and where their
differences come from), found once per notebook from the notebook's ``base_version`` and the
settings' base release (``base_data_dir``, ``ATOP_BASE_DATA_DIR``, ...). The exhibits show it with
every ATOP variable and code in words (:mod:`atoplib.data.variables`) and states by name; the
report's three comparison tables (``release-changes.csv``, ``recoded-values.csv``,
``yearly-differences.csv``) are saved in the output folder itself, as before.

Without a base release nothing is compared: every table shows, as one line, that the comparison was
skipped, why and how to supply a base (:attr:`Comparison.skipped`), and writes no file; the figures
show the new release alone.
"""

from __future__ import annotations

import pandas as pd

from ..data.schema import OBLIGATIONS
from ..data.variables import variable_meaning, with_meaning
from ..measures.compare import change_summary, variable_summary
from ..measures.differences import sources_summary
from ..measures.provisions import get_provision
from ..measures.trends import COLD_WAR
from .comparison import Comparison, compare_releases
from .exhibits import Exhibit
from .figures import COLD_WAR_NOTE, PALETTE, line_figure, source_note
from .release_exhibits import state_names

#: What each kind of change means.
CHANGES = {"added": "in the new release only (a new ATOPID)",
           "removed": "in the base release only",
           "recoded": "in both, with a changed alliance-level code or date, or a changed member set",
           "ended": "in force at the end of the base's coverage and ended in the later years the new release adds "
                    "(news, not a recode)"}
#: The years the yearly table shows (with each release's last year).
SHOWN_YEARS = (COLD_WAR[0], 1967, COLD_WAR[1], 2000, 2010)
#: A change row names its variables with their meaning up to this many; more are named in the
#: table of recoded variables.
VARIABLES_NAMED = 4


def comparison(ctx) -> Comparison:
    """The comparison of this notebook's release with its base (``base_version``; the base release's
    folder from the settings), found once."""
    return ctx.cached("comparison", lambda: compare_releases(ctx.data, ctx.option("base_version")))


def _skipped(ctx) -> str:
    return comparison(ctx).skipped


def _base(ctx) -> str:
    base = comparison(ctx).base
    return f"ATOP {base.version}" if base is not None else "the base release"


def _names(ctx, codes: str) -> str:
    """Space-separated COW codes as state names."""
    listed = [int(c) for c in str(codes).split()]
    names = state_names(ctx, listed)
    return ", ".join(names[c] for c in listed)


def _compared(ctx, frame):
    """None without a base release (the table then shows the skip line), else ``frame(comparison)``."""
    found = comparison(ctx)
    return None if found.base is None else frame(found)


# --------------------------------------------------------------------------- the two releases

def _overview(ctx) -> pd.DataFrame:
    return comparison(ctx).overview().rename(columns={
        "member_rows": "membership rows", "in_force_at_end": "in force at the end", "verified": "checksums verified"})


def _overview_title(ctx) -> str:
    found = comparison(ctx)
    if found.base is None:
        return f"The release, ATOP {ctx.version}, shown alone"
    return f"The two releases: the base, ATOP {found.base.version}, and the new, ATOP {ctx.version}"


# --------------------------------------------------------------------------- alliances added, removed, recoded

def _change_counts(found: Comparison) -> pd.DataFrame:
    table = change_summary(found.changes)
    table.insert(1, "what it means", table["change"].map(CHANGES))
    return table


def _additions(ctx) -> str:
    found = comparison(ctx)
    if found.base is None:
        return found.skipped
    changes = found.changes
    added = changes[changes["change"] == "added"]
    decades = (added["begyr"] // 10 * 10).value_counts().sort_index()
    by_decade = ", ".join(f"{d}s: {n}" for d, n in decades.items()) or "none"
    return (f"ATOP {ctx.version} adds {len(added)} alliances that ATOP {found.base.version} does not have; by the "
            f"decade they were signed: {by_decade}.")


def _what_changed(variables: str) -> str:
    names = [v for v in str(variables).split() if v]
    if not names:
        return "–"
    if len(names) > VARIABLES_NAMED:
        return f"{len(names)} variables (each in the table of recoded variables)"
    return "; ".join("the member set" if n == "members" else f"{n} ({variable_meaning(n)})" for n in names)


def _added(found: Comparison) -> pd.DataFrame:
    changes = found.changes
    return changes[changes["change"] == "added"].reset_index(drop=True)


def _added_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"ATOPID": frame["atopid"], "signed": frame["begyr"],
                         "members": frame["members_added"].fillna("").map(lambda c: _names(ctx, c) or "–")})


def _changes_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[frame["change"] != "added"]
    return pd.DataFrame({
        "ATOPID": frame["atopid"], "change": frame["change"], "signed": frame["begyr"],
        "what changed": frame["variables"].fillna("").map(_what_changed),
        "members added": frame["members_added"].fillna("").map(lambda c: _names(ctx, c) or "–"),
        "members removed": frame["members_removed"].fillna("").map(lambda c: _names(ctx, c) or "–"),
    })


def _changes_note(ctx) -> str:
    return _skipped(ctx) or ("Only the alliance-level columns both releases share are compared (the version column "
                             "and the newN/revN flags left out); two missing values are equal. Member sets: every "
                             "state ever a member (COW names). Every change, the additions too, is written to "
                             "release-changes.csv (report folder)")


def _variables_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    table = variable_summary(frame)
    ids = frame.groupby("variable", observed=True)["atopid"].agg(lambda s: ", ".join(str(int(a)) for a in s.unique()))
    return pd.DataFrame({"variable": table["variable"], "what it records": table["variable"].map(variable_meaning),
                         "alliances recoded": table["alliances"], "ATOPIDs": table["variable"].map(ids)})


def _obligations(found: Comparison) -> pd.DataFrame:
    values = found.values
    return values[values["variable"].isin(OBLIGATIONS)].reset_index(drop=True)


def _obligations_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    base, new = _base(ctx), f"ATOP {ctx.version}"
    return pd.DataFrame({
        "ATOPID": frame["atopid"],
        "obligation": [f"{v} ({variable_meaning(v)})" for v in frame["variable"]],
        base: [with_meaning(v, c) for v, c in zip(frame["variable"], frame["base"])],
        new: [with_meaning(v, c) for v, c in zip(frame["variable"], frame["new"])],
    })


# --------------------------------------------------------------------------- Figures 1 and 2 in both releases

def _overlay(provision: str):
    def data(ctx) -> pd.DataFrame:
        return comparison(ctx).overlay(provision, ctx.start_year, ctx.end_year)
    return data


def _overlay_figure(provision: str, title: str):
    def draw(ctx, frame: pd.DataFrame):
        found = comparison(ctx)
        shown = [d for d in (found.base, ctx.data) if d is not None]
        releases = " and ".join(d.version for d in shown)
        coverage = "; ".join(f"{d.version}: {d.first_year}-{d.last_year}" for d in shown)
        colors = {f"ATOP {ctx.version}": PALETTE[provision]}
        if found.base is not None:
            colors[f"ATOP {found.base.version}"] = PALETTE["other"]
        note = source_note(releases, "alliance-level files", get_provision(provision).rule_text(),
                           f"Each release over its own coverage ({coverage}). {COLD_WAR_NOTE}")
        return line_figure(frame, title, "Alliances in force", note, hue="release", colors=colors)
    return draw


# --------------------------------------------------------------------------- the yearly differences

def _label(provision: str) -> str:
    return f"{get_provision(provision).label} ({get_provision(provision).rule_text()})"


def _yearly_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    found = comparison(ctx)
    years = {*SHOWN_YEARS, ctx.data.last_year, found.base.last_year}
    shown = found.at_years(sorted(years))
    return pd.DataFrame({"year": shown["year"], "provision": shown["provision"].map(_label),
                         _base(ctx): shown["base"], f"ATOP {ctx.version}": shown["new"],
                         "difference": shown["difference"]})


def _yearly_note(ctx) -> str:
    return _skipped(ctx) or ("Selected years; every year either release covers is in yearly-differences.csv (report "
                             "folder). A year only one release covers is left empty (–) for the other, never counted "
                             "as zero")


def _sources_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    table = sources_summary(frame)
    return pd.DataFrame({"provision": table["provision"].map(_label), "years the counts differ": table["years_differing"],
                         "largest difference": table["largest"], "years moved by additions": table["added"],
                         "by removals": table["removed"], "by recodes": table["recoded"]})


def _effects_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"ATOPID": frame["atopid"], "signed": frame["begyr"],
                         "provision": frame["provision"].map(_label), "effect of the recode": frame["effect"]})


def _summary_sentence(ctx) -> str:
    return comparison(ctx).summary()


EXHIBITS = (
    Exhibit("releases-compared", "table", "07-what-changed", _overview_title, _overview, save=False,
            note=_skipped),
    Exhibit("release-change-counts", "table", "07-what-changed", "Alliances added, removed, recoded and ended",
            lambda ctx: _compared(ctx, _change_counts), save=False, note=_skipped),
    Exhibit("release-additions", "text", "07-what-changed", "The alliances added, by decade signed", _additions),
    Exhibit("release-added", "table", "07-what-changed", "The alliances added",
            lambda ctx: _compared(ctx, _added), view=_added_view, save=False,
            note=lambda ctx: _skipped(ctx) or "Members: every state ever a member (COW names)"),
    Exhibit("release-changes", "table", "07-what-changed", "The alliances removed, recoded or ended",
            lambda ctx: _compared(ctx, lambda found: found.changes), view=_changes_view, folder="report",
            note=_changes_note),
    Exhibit("recoded-values", "table", "07-what-changed", "The variables recoded, and in how many alliances",
            lambda ctx: _compared(ctx, lambda found: found.values), view=_variables_view, folder="report",
            note=lambda ctx: _skipped(ctx) or "Every changed value (atopid, variable, base, new) is written to "
                                              "recoded-values.csv (report folder)"),
    Exhibit("recoded-obligations", "table", "07-what-changed",
            "The recoded obligations: the codes the provisions read",
            lambda ctx: _compared(ctx, _obligations), view=_obligations_view, save=False,
            note=lambda ctx: _skipped(ctx) or "Each code with the codebook's label"),
    Exhibit("changed-fig1-defense-pacts", "figure", "07-what-changed", "Figure 1 in two releases: defense pacts in force",
            _overlay("defense"), draw=_overlay_figure("defense", "Figure 1 in two releases: defense pacts in force")),
    Exhibit("changed-fig2-consultative-pacts", "figure", "07-what-changed",
            "Figure 2 in two releases: consultative pacts without defense", _overlay("consult-only"),
            draw=_overlay_figure("consult-only", "Figure 2 in two releases: consultative pacts without defense")),
    Exhibit("yearly-differences", "table", "07-what-changed", "Alliances in force in both releases, in selected years",
            lambda ctx: _compared(ctx, lambda found: found.yearly), view=_yearly_view, folder="report",
            note=_yearly_note),
    Exhibit("difference-sources", "table", "07-what-changed", "Where the yearly differences come from",
            lambda ctx: _compared(ctx, lambda found: found.sources), view=_sources_view, save=False,
            note=lambda ctx: _skipped(ctx) or "Over the years both releases cover: in how many years each source "
                                              "moves the count (additions raise it, removals lower it)"),
    Exhibit("recoded-effects", "table", "07-what-changed", "The recoded alliances that move a count",
            lambda ctx: _compared(ctx, lambda found: found.effects), view=_effects_view, save=False, note=_skipped),
    Exhibit("what-changed", "text", "07-what-changed", "What changed, in one sentence", _summary_sentence),
)
