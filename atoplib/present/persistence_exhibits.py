"""The exhibits of chapter 09 (persistence): how long defense pacts last, as survival data, how
member spells in them end, and every exit from a U.S. defense pact.

The data come from :mod:`atoplib.measures.persistence` for the pacts signed in the years chosen
(``start_year``-``end_year``): Kaplan-Meier curves, medians and log-rank tests by group (U.S.,
Soviet Union, other great powers, all others), member spells and how they end, the U.S. exits with
ATOP's termination codes in the codebook's words. Nothing here judges the memo: the verdicts are the
ledger's.

**The years chosen.** Durations and exit shares need pacts signed over at least :data:`MIN_SPAN`
years; a narrower window (or one in which no defense pact was signed) is refused in one line
naming ``start_year``/``end_year`` and the years to choose. Chapter 09 declares the same rule in
its metadata (``atop.constraints``), so a report run refuses the window before the notebook runs.
"""

from __future__ import annotations

import pandas as pd

from ..data.cow import add_state_names
from ..errors import ParameterError
from ..measures import persistence
from ..memo.rules import pct
from ..memo.treaties import NAMED_TREATIES
from .kernel_parameters import span_message
from .exhibits import Exhibit
from .figures import source_note, use_house_style

CHAPTER = "09-persistence"
#: The fewest years ``start_year``..``end_year`` may span (chapter 09's declared constraint).
MIN_SPAN = 10
SPAN_WHY = "durations and exit shares need pacts signed over at least a decade"
#: Each group's colour in the survival figure.
COLORS = {"U.S.": "#1f4e79", "Soviet Union": "#b22222", "other great powers": "#c55a11", "all others": "#7f7f7f"}
KM_TITLE = "How long defense pacts last"


# --------------------------------------------------------------------------- the years chosen

def check_window(ctx) -> None:
    """Refuse, in one line, years too few for durations and exit shares (:data:`MIN_SPAN`), or years
    in which no defense pact was signed."""
    data = ctx.data
    message = span_message(CHAPTER, MIN_SPAN, SPAN_WHY, ctx.start_year, ctx.end_year, data.first_year,
                           data.last_year, ctx.version)
    if message:
        raise ParameterError(message)
    signed = data.alliances.loc[data.alliances["defense"].eq(1), "begyr"]
    if signed.empty:
        raise ParameterError(f"notebook {CHAPTER}: ATOP {ctx.version} codes no defense pact (alliance defense = 1); "
                             "durations and exits need some: use another release")
    if not signed.between(ctx.start_year, ctx.end_year).any():
        raise ParameterError(f"notebook {CHAPTER}: no defense pact was signed in {ctx.start_year}-{ctx.end_year} "
                             f"(ATOP {ctx.version}); choose start_year..end_year around the years defense pacts were "
                             f"signed, {int(signed.min())}-{int(signed.max())}")


def _signed(ctx) -> str:
    return f"{ctx.start_year}-{ctx.end_year}"


# --------------------------------------------------------------------------- survival

def survival(ctx, censor_independence_loss: bool = False) -> pd.DataFrame:
    """One row per defense pact signed in the years chosen (:func:`persistence.survival_table`)."""
    def compute():
        check_window(ctx)
        return persistence.survival_table(ctx.data, ctx.majors, "defense", ctx.start_year, ctx.end_year,
                                          censor_independence_loss=censor_independence_loss)
    return ctx.cached(f"persistence:survival:{censor_independence_loss}", compute)


def survival_sentence(medians: pd.DataFrame, tests: pd.DataFrame, signed: str) -> str:
    """The Kaplan-Meier medians and the overall log-rank test in one sentence (``signed``: the
    signing years, e.g. ``1815-2018``)."""
    parts = [f"{r.group} {'not reached' if pd.isna(r.median_years) else f'{r.median_years:.1f} years'} "
             f"({r.ended} of {r.pacts} ended)" for r in medians.itertuples()]
    overall = tests[tests["comparison"].eq("all groups")]
    test = (f"; log-rank test of equal survival across groups: chi-square {overall['statistic'].iloc[0]:.1f}, "
            f"p = {overall['p_value'].iloc[0]:.4f}") if len(overall) else ""
    return f"Median duration of defense pacts signed {signed} (Kaplan-Meier): " + "; ".join(parts) + test + "."


def _survival_text(censor: bool):
    def text(ctx) -> str:
        table = survival(ctx, censor)
        sentence = survival_sentence(persistence.median_durations(table), persistence.logrank_tests(table),
                                     _signed(ctx))
        if not censor:
            return sentence
        return ("Counting the pacts ATOP ends only because a member lost its independence (term = 0) as still in "
                "force (censored): " + sentence[0].lower() + sentence[1:])
    return text


def _km_note(ctx) -> str:
    return source_note(
        ctx.version, f"alliance file {ctx.alliance_file}, member file {ctx.member_file}, COW major powers",
        f"defense pacts (alliance defense = 1) signed {ctx.start_year}-{ctx.end_year}, from signing to termination; "
        f"pacts still in force are censored at the end of {ctx.data.last_year}; bands: 95% (Greenwood, log-log)")


def km_figure(curves: pd.DataFrame, title: str, note: str):
    """Kaplan-Meier step curves with their 95% bands, one colour per group; returns the Figure."""
    import matplotlib.pyplot as plt

    use_house_style()
    fig, ax = plt.subplots()
    for group in persistence.GROUPS:
        part = curves[curves["group"].eq(group)]
        if part.empty:
            continue
        color = COLORS[group]
        ax.step(part["years"], part["survival"], where="post", color=color, lw=2,
                label=f"{group} ({int(part['at_risk'].iloc[0])} pacts)")
        ax.fill_between(part["years"], part["lower"], part["upper"], step="post", color=color, alpha=0.12, lw=0)
    ax.set_title(title)
    ax.set_xlabel("Years since signing")
    ax.set_ylabel("Share still in force")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(0, max(1.0, float(curves["years"].max())) if len(curves) else 1)
    ax.legend(loc="upper right")
    fig.text(0.01, -0.02, note, ha="left", va="top", fontsize=8, color="#404040", wrap=True)
    return fig


def _medians_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={"group": "group of pacts", "censored": "still in force (censored)",
                                 "median_years": "median (years)", "median_lower": "95% interval from",
                                 "median_upper": "95% interval to"})


def _tests_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={"statistic": "chi-square", "df": "degrees of freedom", "p_value": "p-value"})


SURVIVAL = (
    Exhibit("persistence-median-durations", "table", CHAPTER,
            lambda ctx: f"Defense pacts signed {ctx.start_year}-{ctx.end_year}, by group: Kaplan-Meier median "
                        f"duration in years, with its 95% interval",
            lambda ctx: persistence.median_durations(survival(ctx)), view=_medians_view, save=False,
            options={"decimals": 1}),
    Exhibit("persistence-km-defense-pacts", "figure", CHAPTER, KM_TITLE,
            lambda ctx: persistence.km_curves(survival(ctx)),
            draw=lambda ctx, curves: km_figure(curves, KM_TITLE, _km_note(ctx)), note=_km_note),
    Exhibit("persistence-survival", "text", CHAPTER, "The medians and the log-rank test in one sentence",
            _survival_text(False)),
    Exhibit("persistence-logrank-tests", "table", CHAPTER, "Log-rank tests of equal survival",
            lambda ctx: persistence.logrank_tests(survival(ctx)), view=_tests_view, save=False,
            options={"decimals": 4}),
    Exhibit("persistence-survival-independence-censored", "text", CHAPTER,
            "The same, with the pacts ended by a member's loss of independence censored",
            _survival_text(True)),
)


# --------------------------------------------------------------------------- member spells and exits

def _signed_in_window(ctx, atopids: pd.Series) -> pd.Series:
    alliances = ctx.data.alliances
    chosen = alliances.loc[alliances["begyr"].between(ctx.start_year, ctx.end_year), "atopid"]
    return atopids.isin(chosen)


def exit_shares(ctx) -> pd.DataFrame:
    """How member spells in the defense pacts signed in the years chosen ended, per network
    (:func:`persistence.exit_shares`)."""
    def compute():
        check_window(ctx)
        spells = persistence.member_spells(ctx.data, "defense")
        return persistence.exit_shares(spells[_signed_in_window(ctx, spells["atopid"])])
    return ctx.cached("persistence:exit-shares", compute)


def exit_sentence(shares: pd.DataFrame, signed: str) -> str:
    """Own-exit shares of ended member spells per network, in one sentence (``signed``: the
    signing years of the pacts)."""
    parts = [f"{r.network} {pct(r.left_share)} ({r.left} of {r.ended})" for r in shares.itertuples()
             if pd.notna(r.left_share)]
    return (f"Of the member spells in defense pacts signed {signed} that have ended, the share that ended by the "
            "member's own exit while the pact went on: " + ("; ".join(parts) or "none has ended") + ".")


def _shares_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame[["network", "spells", "ended", "ended with the alliance", "left", "left_share", "any_exit_share"]]
    return shown.rename(columns={"spells": "member spells", "left": "left (own exit)",
                                 "left_share": "own exits", "any_exit_share": "any exit"})


def us_exit_table(data, states: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every exit from a U.S. defense pact (:func:`persistence.us_exit_timeline`) for a reader:
    ``exit_year, atopid, pact, member, state, entry_year, ending, how, why``."""
    timeline = persistence.us_exit_timeline(data)
    labels = persistence.pact_labels(data, timeline["atopid"].unique(), states, NAMED_TREATIES)[["atopid", "pact"]]
    out = add_state_names(timeline, code="member", abbreviation=None, name="state", states=states)
    out = out.merge(labels, on="atopid", how="left")
    return out[["exit_year", "atopid", "pact", "member", "state", "entry_year", "ending", "how", "why"]]


def _us_exits(ctx) -> pd.DataFrame:
    check_window(ctx)
    table = us_exit_table(ctx.data, ctx.states)
    return table[_signed_in_window(ctx, table["atopid"])].reset_index(drop=True)


def _exits_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame[["exit_year", "pact", "state", "entry_year", "ending", "how", "why"]]
    return shown.rename(columns={"how": "how (ATOP termmode)", "why": "why (ATOP termcaus)"})


EXITS = (
    Exhibit("persistence-member-exit-shares", "table", CHAPTER,
            lambda ctx: f"Member spells in defense pacts signed {ctx.start_year}-{ctx.end_year}, by how they ended",
            exit_shares, view=_shares_view,
            note="own exits: members that left while the pact went on, over the spells that ended; any exit: "
                 "also a loss of independence or a replacement by a new agreement",
            options={"percent": ("own exits", "any exit")}),
    Exhibit("persistence-exits", "text", CHAPTER, "The own-exit shares in one sentence",
            lambda ctx: exit_sentence(exit_shares(ctx), _signed(ctx))),
    Exhibit("persistence-us-defense-exits", "table", CHAPTER,
            lambda ctx: f"Exits from U.S. defense pacts signed {ctx.start_year}-{ctx.end_year}, while the pact went on",
            _us_exits, view=_exits_view),
)

EXHIBITS = (*SURVIVAL, *EXITS)
