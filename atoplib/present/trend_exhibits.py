"""The exhibits of chapters 01-03: Figure 1 (defense pacts), Figure 2 and footnote 3 (consultative
pacts), and what was signed era by era and decade by decade.

Each exhibit derives its data from the release with :mod:`atoplib.measures` (counts in force under
the collection's one in-force rule; signings by ``begyr``) and draws in the house style
(:mod:`atoplib.present.figures`). Nothing here judges the memo: the verdicts are the ledger's.
"""

from __future__ import annotations

import pandas as pd

from ..measures import summaries
from ..measures.provisions import get_provision
from ..measures.trends import COLD_WAR, POST_COLD_WAR, counts_by_year, signing_shares
from ..memo.claims import REGISTRY
from ..memo.ledger_figures import band_rule_text, reading_band
from ..memo.rules import years_text
from .exhibits import Exhibit
from .figures import COLD_WAR_NOTE, PALETTE, line_figure, source_note
from .reading_figures import readings_figure

#: Years every Figure 1 table shows when they fall in the years chosen (with the peak years).
FIG1_YEARS = (1870, 1913, 1939, *COLD_WAR, POST_COLD_WAR, 2000)
FIG2_YEARS = (1913, 1945, COLD_WAR[1], POST_COLD_WAR, 2000, 2010)
#: Figure 2's three series, as the figure's legend names them.
COMPARED = {"Defense pacts (Figure 1)": "defense", "Consultative, no defense (Figure 2)": "consult-only",
            "Consultation + non-aggression, no defense (footnote 3)": "consult-nonagg"}
SIGNING_LABELS = {"defense": "With a defense promise", "consult-only": "Consultation only"}


def counts(ctx, provision: str) -> pd.DataFrame:
    """Alliances in force each year of the years chosen under a provision: ``year, count``."""
    return ctx.cached(f"counts:{provision}", lambda: counts_by_year(ctx.data, provision, ctx.start_year, ctx.end_year))


def _rule(provision: str) -> str:
    return get_provision(provision).rule_text()


def _note(ctx, rule: str, extra: str = COLD_WAR_NOTE) -> str:
    return source_note(ctx.version, f"alliance-level file ({ctx.alliance_file})", rule, extra,
                       in_force_through=ctx.data.last_year)


# --------------------------------------------------------------------------- chapter 01: Figure 1

def _fig1(ctx, frame: pd.DataFrame):
    years = summaries.peak_years(frame)
    year, value = summaries.peak(frame)
    return line_figure(frame, f"Figure 1. Defense pacts in force, {ctx.start_year}-{ctx.end_year}", "Alliances in force",
                       _note(ctx, _rule("defense")), annotate=[(year, value, f"peak: {value} in {years_text(years)}")])


def _selected(ctx, provision: str, years: tuple[int, ...]) -> pd.DataFrame:
    frame = counts(ctx, provision)
    chosen = sorted({ctx.start_year, *years, *summaries.peak_years(frame), ctx.end_year})
    return summaries.values_at(frame, [y for y in chosen if ctx.start_year <= y <= ctx.end_year])


def _levels(ctx) -> str:
    frame = counts(ctx, "defense")
    year_list = years_text(summaries.peak_years(frame))
    parts = [f"Defense pacts in force peak at {summaries.peak(frame)[1]} in {year_list}."]
    for first, last in ((1970, 1989), (POST_COLD_WAR, None)):
        level = summaries.level(frame, first, last)
        if level is not None:
            parts.append(f"In {level['first']}-{level['last']} the count runs from {level['min']} to {level['max']} "
                         f"a year (mean {level['mean']}).")
    return " ".join(parts)


def _band(ctx, claim_id: str) -> pd.DataFrame:
    return reading_band(ctx.data, claim_id, ctx.start_year, ctx.end_year)


def _band_figure(claim_id: str, title: str):
    def draw(ctx, band: pd.DataFrame):
        note = source_note(ctx.version, "alliance, alliance-phase and member files", band_rule_text(band, claim_id),
                           COLD_WAR_NOTE, in_force_through=ctx.data.last_year)
        return readings_figure(band, claim_id, f"{title}, {ctx.start_year}-{ctx.end_year}", note)
    return draw


FIGURE_1 = (
    Exhibit("fig1-defense-pacts", "figure", "01-defense-pacts",
            lambda ctx: f"Figure 1. Defense pacts in force, {ctx.start_year}-{ctx.end_year}",
            lambda ctx: counts(ctx, "defense"), draw=_fig1, note=lambda ctx: _note(ctx, _rule("defense"))),
    Exhibit("fig1-selected-years", "table", "01-defense-pacts", "Defense pacts in force in selected years",
            lambda ctx: _selected(ctx, "defense", FIG1_YEARS), save=False),
    Exhibit("fig1-levels", "text", "01-defense-pacts", "The peak and the levels of Figure 1", _levels),
    Exhibit("fig1-defense-pacts-readings", "figure", "01-defense-pacts",
            "Figure 1 across the ledger's counting rules", lambda ctx: _band(ctx, "defense-just-under-60"),
            draw=_band_figure("defense-just-under-60", "Figure 1 across the ledger's readings"),
            note=lambda ctx: f"the band spans the counting rules; the dashed line is the memo's "
                             f"“{REGISTRY['defense-just-under-60'].quote}”"),
)


# --------------------------------------------------------------------------- chapter 02: Figure 2

def _single(provision: str, title: str, color: str):
    def draw(ctx, frame: pd.DataFrame):
        return line_figure(frame, title.format(start=ctx.start_year, end=ctx.end_year), "Alliances in force",
                           _note(ctx, _rule(provision)), color=PALETTE[color])
    return draw


def _compared(ctx) -> pd.DataFrame:
    return summaries.stacked({label: counts(ctx, name) for label, name in COMPARED.items()})


def _compared_figure(ctx, frame: pd.DataFrame):
    rules = "; ".join(f"{label.split('(')[1].rstrip(')')}: {_rule(name)}" for label, name in COMPARED.items())
    return line_figure(frame, f"Figures 1 and 2 together, {ctx.start_year}-{ctx.end_year}", "Alliances in force",
                       _note(ctx, rules), hue="series", colors={label: PALETTE[name] for label, name in COMPARED.items()})


def _fig2_table(ctx) -> pd.DataFrame:
    table = summaries.side_by_side({name: counts(ctx, name) for name in COMPARED.values()})
    chosen = {ctx.start_year, *FIG2_YEARS, ctx.end_year}
    return table[table["year"].isin(chosen)].reset_index(drop=True)


def _crossings(ctx) -> str:
    defense, consult = counts(ctx, "defense"), counts(ctx, "consult-only")
    spans = summaries.spans_above(defense, consult)
    year, value = summaries.peak(consult)
    runs = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans) or "no year"
    return (f"Consultative pacts without defense outnumber defense pacts in {runs} of the years shown; "
            f"they peak at {value} in {year}.")


FIGURE_2 = (
    Exhibit("fig2-consultative-pacts", "figure", "02-consultative-pacts",
            lambda ctx: f"Figure 2. Consultative pacts without defense in force, {ctx.start_year}-{ctx.end_year}",
            lambda ctx: counts(ctx, "consult-only"),
            draw=_single("consult-only", "Figure 2. Consultative pacts without defense in force, {start}-{end}",
                         "consult-only"),
            note=lambda ctx: _note(ctx, _rule("consult-only"))),
    Exhibit("fig2-footnote-consult-nonagg", "figure", "02-consultative-pacts",
            "Figure 2, footnote 3: consultation and non-aggression, no defense",
            lambda ctx: counts(ctx, "consult-nonagg"),
            draw=_single("consult-nonagg", "Figure 2, footnote 3: consultation and non-aggression, no defense",
                         "consult-nonagg"),
            note=lambda ctx: _note(ctx, _rule("consult-nonagg"))),
    Exhibit("fig2-compared-with-fig1", "figure", "02-consultative-pacts",
            lambda ctx: f"Figures 1 and 2 together, {ctx.start_year}-{ctx.end_year}", _compared,
            draw=_compared_figure),
    Exhibit("fig2-selected-years", "table", "02-consultative-pacts",
            "Defense, consultative and footnote-3 pacts in force in selected years", _fig2_table, save=False),
    Exhibit("fig2-crossings", "text", "02-consultative-pacts", "Where consultation overtakes defense", _crossings),
    Exhibit("fig2-consultative-pacts-readings", "figure", "02-consultative-pacts",
            "Figure 2 across the ledger's counting rules", lambda ctx: _band(ctx, "consult-nearly-150"),
            draw=_band_figure("consult-nearly-150", "Figure 2 across the ledger's readings")),
)


# --------------------------------------------------------------------------- chapter 03: what was signed

def _eras(ctx) -> pd.DataFrame:
    return ctx.cached("signing:era", lambda: signing_shares(ctx.data, "era",
                                                           provisions=("defense", "consult-only", "consul")))


def _decades(ctx) -> pd.DataFrame:
    def compute():
        table = signing_shares(ctx.data, "decade", provisions=("defense", "consult-only"))
        return table[(table["last_year"] >= ctx.start_year) & (table["first_year"] <= ctx.end_year)]
    return ctx.cached("signing:decade", compute)


def _min_signed(ctx) -> int:
    return int(ctx.option("min_signed", 5))


def _decade_data(ctx) -> pd.DataFrame:
    decades = _decades(ctx)
    kept = decades[decades["signed"] >= _min_signed(ctx)]
    return summaries.long_shares(kept, SIGNING_LABELS)


def _decade_note(ctx) -> str:
    decades = _decades(ctx)
    left_out = decades.loc[decades["signed"] < _min_signed(ctx), "period"].tolist()
    rules = "; ".join(f"{label.lower()}: {_rule(name)}" for name, label in SIGNING_LABELS.items())
    dropped = f"Left out (fewer than {_min_signed(ctx)} signed): {', '.join(left_out)}. " if left_out else ""
    return source_note(ctx.version, f"alliance-level file ({ctx.alliance_file})",
                       f"alliances signed (begyr) per decade, plotted at mid-decade; {rules}", f"{dropped}{COLD_WAR_NOTE}")


def _decade_figure(ctx, frame: pd.DataFrame):
    return line_figure(frame, "Figure 3. New alliances with a defense promise, by decade", "Share of alliances signed (%)",
                       _decade_note(ctx), x="midyear", y="percent", hue="provision",
                       colors={label: PALETTE[name] for name, label in SIGNING_LABELS.items()}, marker="o",
                       legend_outside=True)


def _era_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    return frame[["period", "signed", "defense", "consult-only", "defense_share", "consult-only_share"]].rename(
        columns={"consult-only": "consultative, no defense", "defense_share": "defense share",
                 "consult-only_share": "consultative share"})


SIGNING = (
    Exhibit("signing-shares-by-era", "table", "03-out-of-fashion", "Alliances signed in each era, by promise",
            _eras, view=_era_view, options={"percent": ("defense share", "consultative share")}),
    Exhibit("fig3-signing-shares-by-decade", "figure", "03-out-of-fashion",
            "Figure 3. New alliances with a defense promise, by decade", _decade_data, draw=_decade_figure,
            note=_decade_note),
    Exhibit("nato-question-base-rate", "table", "03-out-of-fashion",
            "Alliances signed with a consultation promise (NATO's Article 4) that also promise defense (Article 5)",
            lambda ctx: summaries.defense_given_consultation(_eras(ctx)), save=False,
            options={"percent": ("share",)}),
)

EXHIBITS = (*FIGURE_1, *FIGURE_2, *SIGNING)
