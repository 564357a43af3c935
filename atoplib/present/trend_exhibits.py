"""The exhibits of chapters 01-03: Figure 1 (defense pacts), Figure 2 and footnote 3 (consultative
pacts), and what was signed era by era and decade by decade.

Each exhibit derives its data from the release with :mod:`atoplib.measures` (counts in force under
the collection's one in-force rule; signings by ``begyr``) and draws in the house style
(:mod:`atoplib.present.figures`). Nothing here judges the memo: the verdicts are the ledger's.
"""

from __future__ import annotations

import pandas as pd

from ..data.cow import US
from ..measures import summaries
from ..measures.provisions import get_provision
from ..measures.readings import FORM_NAMES, HIERARCHIES, HIERARCHY_TEXT, forms_in_force, forms_signed
from ..measures.trends import COLD_WAR, POST_COLD_WAR, alliance_years, counts_by_year, signing_shares
from ..memo.claims import REGISTRY
from ..memo.ledger_figures import band_rule_text, reading_band
from ..memo.rules import years_text
from .display import spans_text
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
#: Figure 2's table: its columns in words.
FIG2_HEADERS = {"defense": "defense (Figure 1)", "consult-only": "consultative, no defense (Figure 2)",
                "consult-nonagg": "with non-aggression, no defense (footnote 3)"}


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


def _fig2_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns=FIG2_HEADERS)


def _crossings(ctx) -> str:
    defense, consult = counts(ctx, "defense"), counts(ctx, "consult-only")
    spans = summaries.spans_above(defense, consult)
    year, value = summaries.peak(consult)
    return (f"In {ctx.start_year}-{ctx.end_year}, consultative pacts without defense outnumber defense pacts in "
            f"{spans_text(spans)}; they peak at {value} in {year}.")


#: What a consultative pact of Figure 2 may promise besides consultation (ATOP's other obligations).
OTHER_PROMISES = {"nonagg": "non-aggression (nonagg = 1)", "neutral": "neutrality (neutral = 1)",
                  "offense": "offense (offense = 1)"}


def _in_force(ctx, year: int) -> pd.DataFrame:
    """The alliance-level rows of the alliances in force in ``year``."""
    atopids = alliance_years(ctx.data, None, year, year)["atopid"]
    return ctx.data.alliances[ctx.data.alliances["atopid"].isin(atopids)]


def _consult_obligations(ctx) -> pd.DataFrame:
    """Figure 2's pacts in force in the last year shown, by what else they promise."""
    alliances = _in_force(ctx, ctx.end_year)
    pacts = alliances[get_provision("consult-only").mask(alliances)]
    rows = [{"what else the pact promises": f"also {label}", "pacts": int(pacts[code].eq(1).sum())}
            for code, label in OTHER_PROMISES.items()]
    alone = ~pacts[list(OTHER_PROMISES)].eq(1).any(axis=1)
    rows.append({"what else the pact promises": "nothing else (offense, neutral and nonagg all 0)",
                 "pacts": int(alone.sum())})
    out = pd.DataFrame(rows)
    out["share"] = (out["pacts"] / len(pacts)).round(4) if len(pacts) else float("nan")
    return out


def _consult_obligations_title(ctx) -> str:
    alliances = _in_force(ctx, ctx.end_year)
    total = int(get_provision("consult-only").mask(alliances).sum())
    return f"What else the {total} consultative pacts of Figure 2 in force in {ctx.end_year} promise"


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
            "Defense, consultative and footnote-3 pacts in force in selected years", _fig2_table, save=False,
            view=_fig2_view, note=lambda ctx: f"Counted: {'; '.join(f'{FIG2_HEADERS[n]}: {_rule(n)}' for n in COMPARED.values())}"),
    Exhibit("fig2-crossings", "text", "02-consultative-pacts", "Where consultation overtakes defense", _crossings),
    Exhibit("consultative-pacts-other-promises", "table", "02-consultative-pacts", _consult_obligations_title,
            _consult_obligations, save=False, options={"percent": ("share",)},
            note="A pact may promise several of these, so the rows overlap; ATOP's obligations are defense, "
                 "offense, neutrality, non-aggression and consultation (codebook, section 2)"),
    Exhibit("fig2-consultative-pacts-readings", "figure", "02-consultative-pacts",
            "Figure 2 across the ledger's counting rules", lambda ctx: _band(ctx, "consult-nearly-150"),
            draw=_band_figure("consult-nearly-150", "Figure 2 across the ledger's readings"),
            note=lambda ctx: f"the band spans the counting rules; the dashed line is the memo's "
                             f"“{REGISTRY['consult-nearly-150'].quote}”"),
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
        columns={"defense": "with defense (defense = 1)", "consult-only": "consultative (consul = 1, defense = 0)",
                 "defense_share": "defense share",
                 "consult-only_share": "consultative share"})


def _nato_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={"consul": "signed with consultation (consul = 1)",
                                 "with_defense": "also defense (defense = 1)"})


#: The two orders that give each pact one form (the memo's figure classes; consultation alone).
FORM_ORDERS = {"memo-figures": "figures' classes", "consultation-last": "consultation alone"}


def _forms(ctx) -> pd.DataFrame:
    """Each form's count among the pacts in force in the last year shown and those signed since
    the Cold War, under the memo's figure classes and under consultation read as the only promise."""
    end = ctx.end_year
    frames = []
    for hierarchy, label in FORM_ORDERS.items():
        order = [FORM_NAMES[o] for o in HIERARCHIES[hierarchy]]
        now = forms_in_force(ctx.data, end, hierarchy).set_index("form")["count"]
        frame = pd.DataFrame({"order of obligations": label, "form": order,
                              f"in force in {end}": now.reindex(order).to_numpy()})
        if end >= POST_COLD_WAR:  # the years after the Cold War are among those shown
            new = forms_signed(ctx.data, POST_COLD_WAR, end, hierarchy).set_index("form")["count"]
            frame[f"signed {POST_COLD_WAR}-{end}"] = new.reindex(order).to_numpy()
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _forms_note(ctx) -> str:
    return ("Each pact takes one form, its highest obligation in an order: the figures' classes rank "
            f"{HIERARCHY_TEXT['memo-figures']}; consultation alone ranks {HIERARCHY_TEXT['consultation-last']}. "
            "Alliance-level codes; signed: begyr")


def _defense_share(frame: pd.DataFrame, label: str) -> dict:
    return {"group": label, "alliances": len(frame), "defense pacts (defense = 1)": int(frame["defense"].eq(1).sum()),
            "share": round(frame["defense"].eq(1).mean(), 4) if len(frame) else float("nan")}


def _us_against_the_rest(ctx) -> pd.DataFrame:
    """The share of defense pacts among U.S. alliances and the others', in force in the last year
    shown and signed since the Cold War."""
    end = ctx.end_year
    alliances = ctx.data.alliances
    us = set(ctx.data.members.loc[ctx.data.members["member"].eq(US), "atopid"])
    now = _in_force(ctx, end)
    rows = [_defense_share(now[now["atopid"].isin(us)], f"U.S. alliances in force in {end}"),
            _defense_share(now[~now["atopid"].isin(us)], f"other states' alliances in force in {end}")]
    if end >= POST_COLD_WAR:  # the years after the Cold War are among those shown
        signed = alliances[alliances["begyr"].between(POST_COLD_WAR, end)]
        rows += [_defense_share(signed[signed["atopid"].isin(us)], f"U.S. alliances signed {POST_COLD_WAR}-{end}"),
                 _defense_share(signed[~signed["atopid"].isin(us)], f"other states' alliances signed {POST_COLD_WAR}-{end}")]
    return pd.DataFrame(rows)


SIGNING = (
    Exhibit("signing-shares-by-era", "table", "03-out-of-fashion", "Alliances signed in each era, by promise",
            _eras, view=_era_view, options={"percent": ("defense share", "consultative share")}),
    Exhibit("fig3-signing-shares-by-decade", "figure", "03-out-of-fashion",
            "Figure 3. New alliances with a defense promise, by decade", _decade_data, draw=_decade_figure,
            note=_decade_note),
    Exhibit("forms-of-commitment", "table", "03-out-of-fashion",
            "The forms of alliance commitment: pacts in force at the end and pacts signed since the Cold War", _forms,
            save=False, note=_forms_note),
    Exhibit("us-defense-share", "table", "03-out-of-fashion",
            "Defense pacts among U.S. alliances and among other states' alliances", _us_against_the_rest, save=False,
            options={"percent": ("share",)},
            note="U.S. alliances: those the United States (COW code 2) ever belongs to; alliance-level codes"),
    Exhibit("nato-question-base-rate", "table", "03-out-of-fashion",
            "Alliances signed with a consultation promise (NATO's Article 4) that also promise defense (Article 5)",
            lambda ctx: summaries.defense_given_consultation(_eras(ctx)), save=False, view=_nato_view,
            options={"percent": ("share",)}),
)

EXHIBITS = (*FIGURE_1, *FIGURE_2, *SIGNING)
