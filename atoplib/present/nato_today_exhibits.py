"""The exhibits of chapter 11 (would NATO get Article 5 today?): a logit of the defense clause at
signing on what is known at signing (:mod:`atoplib.measures.signing`), fitted on the alliances
signed in the years chosen, and its prediction for a pact with NATO's profile signed in 1949 and
in the last year chosen.

**The years chosen.** The prediction compares NATO's profile in its own era with the era after the
Cold War, so the model's sample must hold the pacts signed in 1949 and pacts signed after the Cold
War: ``start_year`` at most :data:`LATEST_START` and ``end_year`` at least :data:`EARLIEST_END`
(with ATOP 5.1 every such window fits each specification). Another window is refused in one
line naming the parameter and the years allowed; chapter 11 declares the same bounds in its
metadata (``atop.constraints``), so a report run refuses them before the notebook runs. A
specification that still cannot be fitted on the window (another release) is refused in one
line too. Nothing here judges the memo: the collection's answer is the ledger's.
"""

from __future__ import annotations

import pandas as pd

from ..errors import AtopError, ParameterError
from ..measures import signing
from ..memo.rules import AFTER_COLD_WAR
from ..memo.treaties import NAMED_TREATIES, NATO_ATOPID, NATO_SIGNED
from .exhibits import Exhibit
from .figures import PALETTE, source_note, use_house_style

CHAPTER = "11-nato-today"
#: The latest start_year and the earliest end_year the model's window may have (chapter 11's
#: declared constraints): it must hold the pacts signed in NATO's year and after the Cold War.
LATEST_START = NATO_SIGNED
EARLIEST_END = AFTER_COLD_WAR
START_WHY = (f"the model compares NATO's profile with the pacts of its own era, so its sample must hold those "
             f"signed in {NATO_SIGNED}")
END_WHY = (f"the model compares NATO's profile signed in {NATO_SIGNED} with the same signed after the Cold War, so "
           f"its sample must hold pacts signed from {AFTER_COLD_WAR}")
PREDICTION_TITLE = "A pact like NATO: predicted chance of a defense clause"


# --------------------------------------------------------------------------- the years chosen

def check_window(ctx) -> None:
    """Refuse, in one line naming the parameter and the years allowed, a window the model's
    comparison cannot use (:data:`LATEST_START`, :data:`EARLIEST_END`)."""
    data = ctx.data
    if ctx.start_year > LATEST_START:
        raise ParameterError(f"notebook {CHAPTER} needs start_year at most {LATEST_START} ({START_WHY}), not "
                             f"{ctx.start_year}: choose start_year {data.first_year}-{LATEST_START}")
    if ctx.end_year < EARLIEST_END:
        if data.last_year < EARLIEST_END:
            raise ParameterError(f"notebook {CHAPTER} needs end_year at least {EARLIEST_END} ({END_WHY}); ATOP "
                                 f"{ctx.version} ends in {data.last_year}: use a release covering the years after the "
                                 "Cold War")
        raise ParameterError(f"notebook {CHAPTER} needs end_year at least {EARLIEST_END} ({END_WHY}), not "
                             f"{ctx.end_year}: choose end_year {EARLIEST_END}-{data.last_year}")


# --------------------------------------------------------------------------- the model

def features(ctx) -> pd.DataFrame:
    """Every alliance's features at signing (:func:`signing.signing_features`)."""
    return ctx.cached("nato-today:features", lambda: signing.signing_features(ctx.data, ctx.majors, ctx.nmc))


def signed(ctx) -> pd.DataFrame:
    """The features of the alliances signed in the years chosen: the models' data."""
    table = features(ctx)
    return table[table["begyr"].between(ctx.start_year, ctx.end_year)]


def fits(ctx) -> dict[str, signing.ModelFit]:
    """Each specification (:data:`signing.SPECS`) fitted on the alliances signed in the years chosen."""
    def compute():
        check_window(ctx)
        sample = signed(ctx)
        out = {}
        for spec in signing.SPECS:
            try:
                out[spec] = signing.fit_defense_model(sample, spec)
            except AtopError as err:
                raise ParameterError(f"notebook {CHAPTER} on the alliances signed {ctx.start_year}-{ctx.end_year}: "
                                     f"{err} (here: choose a wider start_year..end_year)") from None
        return out
    return ctx.cached("nato-today:fits", compute)


def _features_table(ctx) -> pd.DataFrame:
    return pd.DataFrame(list(signing.FEATURES.items()), columns=["feature", "why it is in the model"])


def _samples(ctx) -> pd.DataFrame:
    total = len(signed(ctx))
    rows = [{"model": spec, "alliances signed": total, "in the sample": fit.n,
             "left out": "; ".join(f"{n} {why}" for why, n in fit.dropped.items() if n) or "none"}
            for spec, fit in fits(ctx).items()]
    return pd.DataFrame(rows)


def _term(name: str) -> str:
    """``era[before 1946]`` -> ``era: before 1946``."""
    return name.replace("[", ": ").rstrip("]") if name.endswith("]") else name


def _coefficients_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(term=frame["term"].map(_term)).rename(columns={
        "coef": "coefficient", "odds_ratio": "odds ratio", "robust_se": "robust s.e.", "p_value": "p-value",
        "lower": "odds ratio, 95% from", "upper": "to"})


MODEL = (
    Exhibit("nato-today-features", "table", CHAPTER, "The features of the model, each known at signing",
            _features_table, save=False),
    Exhibit("nato-today-samples", "table", CHAPTER,
            lambda ctx: f"The models' samples: alliances signed {ctx.start_year}-{ctx.end_year}", _samples, save=False),
    Exhibit("nato-today-coefficients", "table", CHAPTER, "Logit of the defense clause at signing (full model)",
            lambda ctx: signing.coefficients(fits(ctx)["full model"]), view=_coefficients_view,
            note="odds ratios with 95% intervals from HC1 robust standard errors; reference categories: the Cold War "
                 "and the most common region", options={"decimals": 3}),
)


# --------------------------------------------------------------------------- NATO's profile, then and now

def predictions(ctx) -> pd.DataFrame:
    """Each model's prediction for NATO's profile signed in 1949 and in the last year chosen
    (:func:`signing.counterfactual`): ``spec, n, atopid, year, era, probability, lower, upper``."""
    def compute():
        years = (NATO_SIGNED, ctx.end_year)
        return pd.concat([signing.counterfactual(fit, features(ctx), NATO_ATOPID, years) for fit in fits(ctx).values()],
                         ignore_index=True)
    return ctx.cached("nato-today:predictions", compute)


def nato_sentence(table: pd.DataFrame) -> str:
    """One specification's rows of :func:`signing.counterfactual` in one sentence."""
    if len(table) < 2:
        return "No comparison: the model's sample has pacts of only one of the two signing years' eras."
    a, b = table.iloc[0], table.iloc[-1]
    return (f"{a.spec} ({a.n} pacts): a pact with NATO's profile has a predicted probability of a defense clause of "
            f"{a.probability:.2f} (95% interval {a.lower:.2f}-{a.upper:.2f}) signed in {a.year}, and "
            f"{b.probability:.2f} ({b.lower:.2f}-{b.upper:.2f}) signed in {b.year}.")


def _answers(ctx) -> str:
    table = predictions(ctx)
    return "\n".join(nato_sentence(table[table["spec"].eq(spec)]) for spec in dict.fromkeys(table["spec"]))


def _prediction_note(ctx) -> str:
    return source_note(
        ctx.version, f"member file {ctx.member_file}, COW NMC 6.0 and major powers",
        "logit of first-phase defense on era, multilateral, major power, strongest founder's CINC share, region and "
        f"basing; NATO's (ATOPID {NATO_ATOPID}) features with the era of each signing year; 95% intervals, HC1")


def prediction_figure(table: pd.DataFrame, title: str, note: str):
    """Predicted probabilities with 95% intervals (rows of :func:`signing.counterfactual` for several
    specifications): one row of points per specification, a colour per signing year."""
    import matplotlib.pyplot as plt

    use_house_style()
    fig, ax = plt.subplots(figsize=(8.0, 3.6))
    specs = list(dict.fromkeys(table["spec"]))
    years = list(dict.fromkeys(table["year"]))
    colors = dict(zip(years, [PALETTE["defense"], PALETTE["highlight"], PALETTE["other"]]))
    for i, year in enumerate(years):
        part = table[table["year"].eq(year)]
        y = [specs.index(s) + (i - (len(years) - 1) / 2) * 0.18 for s in part["spec"]]
        ax.errorbar(part["probability"], y, xerr=[part["probability"] - part["lower"], part["upper"] - part["probability"]],
                    fmt="o", color=colors[year], capsize=3, label=f"signed in {year}")
    ax.set_yticks(range(len(specs)), specs)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("Predicted probability of a defense clause (95% interval)")
    ax.set_title(title)
    ax.legend(loc="center right")
    fig.text(0.01, -0.02, note, ha="left", va="top", fontsize=8, color="#404040", wrap=True)
    return fig


def named_checks_table(fit: signing.ModelFit, table: pd.DataFrame, data) -> pd.DataFrame:
    """The fitted probability against the actual code for the named pacts (:data:`NAMED_TREATIES`)
    in the model's sample: ``atopid, pact, begyr, era, probability, lower, upper, defense``."""
    named = signing.named_pacts(data, NAMED_TREATIES)
    return named.merge(signing.named_checks(fit, table, named["atopid"]), on="atopid")


def _checks_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame.assign(defense=frame["defense"].eq(1).astype("boolean").where(frame["defense"].notna()))
    shown = shown[["pact", "begyr", "era", "probability", "lower", "upper", "defense"]]
    return shown.rename(columns={"begyr": "signed", "probability": "fitted probability", "lower": "95% from",
                                 "upper": "to", "defense": "defense clause (first phase)"})


PREDICTION = (
    Exhibit("nato-today-answers", "text", CHAPTER, "Each model's prediction for NATO's profile, in one sentence",
            _answers),
    Exhibit("nato-today-predictions", "figure", CHAPTER, PREDICTION_TITLE, predictions,
            draw=lambda ctx, table: prediction_figure(table, PREDICTION_TITLE, _prediction_note(ctx)),
            note=_prediction_note),
    Exhibit("nato-today-checks", "table", CHAPTER,
            "Named pacts: fitted probability of a defense clause (full model) and the actual code",
            lambda ctx: named_checks_table(fits(ctx)["full model"], features(ctx), ctx.data), view=_checks_view,
            options={"decimals": 2}),
)

EXHIBITS = (*MODEL, *PREDICTION)
