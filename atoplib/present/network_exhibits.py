"""The exhibits of chapter 05: the U.S. among all states -- defense-pact partners per state and
year, how far the U.S. stands from the next state and the median one, who promises defense to whom
(the directed view), the U.S. and Soviet shares of all defense-pact pairs, and the network itself.

Who counts as a defense-pact partner is defined once
(:func:`atoplib.measures.dyads.partners_by_year`, :data:`atoplib.measures.partners.PARTNER_RULE`);
the composite figures stack several measures into one tidy frame with a ``series`` (or
``network``, ``direction``) label, which is also what their CSV files hold. Nothing here judges
the memo: the verdicts are the ledger's.
"""

from __future__ import annotations

import pandas as pd

from ..data.cow import SOVIET_YEARS, US, USSR, add_state_names
from ..measures.partners import (
    PARTNER_RULE,
    defense_ties,
    directed_partners,
    lead_since,
    network_share_by_year,
    outlier_by_year,
    outlier_table,
    partner_counts,
    years_within,
)
from ..measures.trends import COLD_WAR
from .exhibits import Exhibit
from .figures import PALETTE, gapped_lines_figure, line_figure, network_figure, source_note

CHAPTER = "05-persistent-outlier"
#: The Soviet network's label: COW 365 is the Soviet Union only in these years (Russia after).
SOVIET_LABEL = f"Soviet Union ({SOVIET_YEARS[0]}-{SOVIET_YEARS[1]})"
#: The series of the outlier figure, in drawing order, and the palette name of each.
OUTLIER_SERIES = {"United States": "us", "next largest state": "any", "USSR/Russia (365)": "ussr",
                  "median of states with a partner": "median"}
NETWORK_SERIES = {"United States": "us", SOVIET_LABEL: "ussr"}
#: The directed view's two series (who promises defense to whom) and their palette names.
DIRECTED_SERIES = {"the U.S. promises to defend them": "us", "they promise to defend the U.S.": "highlight"}
#: Default years of the outlier table, the pairs table and the network picture (with the end year).
TABLE_YEARS = (1955, 1980, 2000)
PAIRS_YEARS = (1955, 1970, 1985, COLD_WAR[1], 2000)
NETWORK_YEARS = (1960, 1985)
#: How many states the table of the last year's partners lists, and the directed view's (ties: COW-code order).
TOP_LISTED = 10
TOP_STATES = 8


def series_colors(series: dict[str, str]) -> dict[str, str]:
    """Each series label with its house colour (``OUTLIER_SERIES``, ``NETWORK_SERIES``, ...)."""
    return {label: PALETTE[name] for label, name in series.items()}


def outlier_series(outlier: pd.DataFrame, soviet: pd.DataFrame) -> pd.DataFrame:
    """``year, series, partners``: the U.S. count, the next largest state's, COW 365's and the
    median state's, from :func:`atoplib.measures.outlier_by_year` for the U.S. (``outlier``) and
    for COW 365 (``soviet``)."""
    us, following, ussr, median = OUTLIER_SERIES
    return pd.concat([
        pd.DataFrame({"year": outlier["year"], "series": us, "partners": outlier["partners"]}),
        pd.DataFrame({"year": outlier["year"], "series": following, "partners": outlier["next_partners"]}),
        pd.DataFrame({"year": soviet["year"], "series": ussr, "partners": soviet["partners"]}),
        pd.DataFrame({"year": outlier["year"], "series": median, "partners": outlier["median_partners"].astype(float)}),
    ], ignore_index=True)


def network_share_series(partners: pd.DataFrame) -> pd.DataFrame:
    """:func:`atoplib.measures.network_share_by_year` for the U.S. and COW 365 with a ``network``
    label; COW 365's pairs and share are blanked outside the Soviet years, so Russia is never
    drawn as the Soviet network."""
    share = network_share_by_year(partners, (US, USSR))
    share["network"] = share["ccode"].map({US: "United States", USSR: SOVIET_LABEL})
    outside = share["ccode"].eq(USSR) & ~share["year"].between(*SOVIET_YEARS)
    share.loc[outside, ["dyads", "share"]] = None
    return share


def directed_series(directed: pd.DataFrame, ccode: int = US) -> pd.DataFrame:
    """``year, direction, states`` for one state from :func:`atoplib.measures.directed_partners`:
    how many states it promises defense to, and how many promise defense to it."""
    mine = directed[directed["ccode"].eq(ccode)].melt(
        id_vars="year", value_vars=["promises_to", "promised_by"], var_name="direction", value_name="states")
    to_them, to_it = DIRECTED_SERIES
    mine["direction"] = mine["direction"].map({"promises_to": to_them, "promised_by": to_it})
    return mine


def _note(ctx, rule: str = PARTNER_RULE, extra: str = "") -> str:
    return source_note(ctx.version, f"member file {ctx.member_file}", rule, extra)


# --------------------------------------------------------------------------- partners and the outlier

def partners(ctx) -> pd.DataFrame:
    """Defense-pact partners per state and year (``year, ccode, state, name, partners``)."""
    return ctx.cached("partners:defense", lambda: add_state_names(
        partner_counts(ctx.data, "defense", start_year=ctx.start_year, end_year=ctx.end_year), name="name",
        states=ctx.states))


def _outlier(ctx, ccode: int) -> pd.DataFrame:
    return ctx.cached(f"outlier:{ccode}", lambda: outlier_by_year(partners(ctx), ccode, (ctx.start_year, ctx.end_year)))


def _most_partners(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    last = partners(ctx)
    last = last[last["year"].eq(ctx.end_year)].sort_values(["partners", "ccode"], ascending=[False, True])
    return last.head(TOP_LISTED)[["name", "partners"]].rename(columns={"name": "state"})


def _outlier_note(ctx) -> str:
    return _note(ctx, extra="Next largest: the state other than the U.S. with most partners that year.")


def _outlier_figure(ctx, frame: pd.DataFrame):
    return line_figure(frame, "Defense-pact partners: the U.S. and the rest", "Distinct partners", _outlier_note(ctx),
                       y="partners", hue="series", colors=series_colors(OUTLIER_SERIES))


def _outlier_years(ctx) -> pd.DataFrame:
    chosen = years_within(ctx.option("table_years"), ctx.start_year, ctx.end_year, (*TABLE_YEARS, ctx.end_year))
    table = outlier_table(_outlier(ctx, US), chosen)
    soviet = _outlier(ctx, USSR).set_index("year")["partners"]
    return pd.DataFrame({
        "year": table["year"], "U.S. partners": table["partners"], "next largest state": table["next_name"],
        "its partners": table["next_partners"], "U.S. ÷ next": table["ratio_to_next"],
        "median state": table["median_partners"], "USSR/Russia": table["year"].map(soviet).astype("int64"),
    })


def _outlier_text(ctx) -> str:
    outlier = _outlier(ctx, US)
    row = outlier.set_index("year").loc[ctx.end_year]
    others = (f"the next state, {row['next_name']}, has {int(row['next_partners'])} and the median state with a "
              f"pact {float(row['median_partners']):g}") if pd.notna(row["next_ccode"]) else "no other state has one"
    text = f"In {ctx.end_year} the U.S. has {int(row['partners'])} defense-pact partners; {others}."
    since = lead_since(outlier)
    if since is not None and since == ctx.start_year:
        return (f"{text} The U.S. has had more partners than any other state in every year shown, "
                f"{since}-{ctx.end_year}.")
    if since is not None:
        return f"{text} The U.S. has had more partners than any other state every year since {since}."
    return f"{text} In {ctx.end_year} another state has at least as many partners as the U.S."


OUTLIER = (
    Exhibit("us-defense-partners", "table", CHAPTER,
            lambda ctx: f"The {TOP_LISTED} states with the most defense-pact partners in {ctx.end_year}",
            lambda ctx: partners(ctx)[["year", "ccode", "state", "partners"]], view=_most_partners,
            note=lambda ctx: f"Ties in COW-code order. The file us-defense-partners.csv holds every state and year "
                             f"{ctx.start_year}-{ctx.end_year}; counted: {PARTNER_RULE}."),
    Exhibit("us-outlier-partners", "figure", CHAPTER, "Defense-pact partners: the U.S. and the rest",
            lambda ctx: outlier_series(_outlier(ctx, US), _outlier(ctx, USSR)), draw=_outlier_figure,
            note=_outlier_note),
    Exhibit("outlier-selected-years", "table", CHAPTER, "The U.S., the next largest state and the median state",
            _outlier_years, save=False, options={"decimals": 2},
            note="Defense-pact partners. Next largest: the state other than the U.S. with most partners that year "
                 "(ties: the lowest COW code); U.S. ÷ next: the U.S. count over its count; median state: the median "
                 "over every state with at least one partner; USSR/Russia: COW 365, the Soviet Union to 1991."),
    Exhibit("outlier-today", "text", CHAPTER, "The U.S. against the rest in the last year shown", _outlier_text),
)


# --------------------------------------------------------------------------- the directed view

def _directed(ctx) -> pd.DataFrame:
    return ctx.cached("directed:defense", lambda: directed_partners(ctx.data, "defense", ctx.start_year, ctx.end_year))


def _directed_view(frame: pd.DataFrame, states) -> pd.DataFrame:
    named = add_state_names(frame, abbreviation=None, name="state", states=states)
    return named[["state", "partners", "promises_to", "promised_by"]].rename(
        columns={"promises_to": "promises defense to", "promised_by": "promised defense by"})


def _directed_last(ctx) -> pd.DataFrame:
    directed = _directed(ctx)
    return directed[directed["year"].eq(ctx.end_year)].sort_values(["partners", "ccode"], ascending=[False, True])


def _directed_top(ctx) -> pd.DataFrame:
    return _directed_view(_directed_last(ctx).head(TOP_STATES), ctx.states)


def _one_way(ctx) -> pd.DataFrame:
    last = _directed_last(ctx)
    return _directed_view(last[last["promises_to"].ne(last["promised_by"])], ctx.states)


def _directed_note(ctx) -> str:
    return _note(ctx, "promises_to: states the U.S. promises defense (its member-level defense = 1 in a shared "
                      "alliance in force); promised_by: states that promise the U.S. defense")


def _directed_figure(ctx, frame: pd.DataFrame):
    return line_figure(frame, "Whom the U.S. promises to defend, and who promises to defend it", "States",
                       _directed_note(ctx), y="states", hue="direction", colors=series_colors(DIRECTED_SERIES))


DIRECTED = (
    Exhibit("directed-partners-last-year", "table", CHAPTER,
            lambda ctx: f"Promises made and received in {ctx.end_year}: the {TOP_STATES} states with the most "
                        f"defense-pact partners", _directed_top, save=False,
            note="Promises defense to: states it has promised to defend; promised defense by: states that have "
                 "promised to defend it (member-level defense = 1 in an alliance in force both belong to)."),
    Exhibit("one-way-promises", "table", CHAPTER,
            lambda ctx: f"States whose defense promises run one way in {ctx.end_year}", _one_way, save=False,
            note="The states whose count of promises made differs from the count of promises received."),
    Exhibit("us-directed-partners", "figure", CHAPTER,
            "Whom the U.S. promises to defend, and who promises to defend it",
            lambda ctx: directed_series(_directed(ctx), US), draw=_directed_figure, note=_directed_note),
)


# --------------------------------------------------------------------------- shares of all pairs

def _share(ctx) -> pd.DataFrame:
    return ctx.cached("pairs-share", lambda: network_share_series(partners(ctx)))


def _share_note(ctx) -> str:
    return _note(ctx, "share of all defense-pact partner pairs that include the state; " + PARTNER_RULE,
                 f"COW 365 is shown only while it was the {SOVIET_LABEL}.")


def _share_figure(ctx, frame: pd.DataFrame):
    return gapped_lines_figure(frame, "share", "network", series_colors(NETWORK_SERIES),
                               "Share of all defense-pact pairs", "Share of pairs", _share_note(ctx))


def _pairs_years(ctx) -> pd.DataFrame:
    picked = years_within(None, ctx.start_year, ctx.end_year, (*PAIRS_YEARS, ctx.end_year))
    share = _share(ctx)
    share = share[share["year"].isin(picked)]
    us = share[share["ccode"].eq(US)].set_index("year")
    ussr = share[share["ccode"].eq(USSR)].set_index("year").reindex(us.index)
    return pd.DataFrame({
        "all pairs": us["total_dyads"], "U.S. pairs": us["dyads"].astype("Int64"), "U.S. share": us["share"],
        "Soviet pairs": ussr["dyads"].astype("Int64"), "Soviet share": ussr["share"],
    }).reset_index()


def _cold_war_pairs(ctx) -> str:
    share = _share(ctx)
    cold = share[share["year"].between(*COLD_WAR)].pivot(index="year", columns="ccode", values="dyads")
    ratio = (cold[US] / cold[USSR].where(cold[USSR] > 0)).dropna() if US in cold and USSR in cold else pd.Series()
    if ratio.empty:
        return (f"The years shown ({ctx.start_year}-{ctx.end_year}) hold no Cold War year ({COLD_WAR[0]}-"
                f"{COLD_WAR[1]}) in which both the U.S. and the Soviet Union have a defense-pact partner.")
    return (f"In the Cold War years shown, {int(cold.index.min())}-{int(cold.index.max())}, the U.S. has "
            f"{ratio.min():.1f} to {ratio.max():.1f} times the Soviet Union's defense-pact partners.")


PAIRS = (
    Exhibit("us-share-of-defense-pairs", "figure", CHAPTER, "Share of all defense-pact pairs", _share,
            draw=_share_figure, note=_share_note),
    Exhibit("defense-pairs-selected-years", "table", CHAPTER,
            "Defense-pact pairs that include the U.S. and the Soviet Union", _pairs_years, save=False,
            options={"percent": ("U.S. share", "Soviet share"), "decimals": 1},
            note=f"Every pair of defense-pact partners counted once; the Soviet Union is COW 365 in "
                 f"{SOVIET_YEARS[0]}-{SOVIET_YEARS[1]} (blank after)."),
    Exhibit("cold-war-pairs", "text", CHAPTER, "The U.S. and Soviet networks in the Cold War", _cold_war_pairs),
)


# --------------------------------------------------------------------------- the network picture

def _ties(ctx) -> pd.DataFrame:
    years = years_within(ctx.option("network_years"), ctx.start_year, ctx.end_year, (*NETWORK_YEARS, ctx.end_year))
    ties = pd.concat([defense_ties(ctx.data, year, "defense") for year in years], ignore_index=True)
    ties = add_state_names(ties, code="ccode_a", abbreviation="state_a", states=ctx.states)
    return add_state_names(ties, code="ccode_b", abbreviation="state_b", states=ctx.states)


NETWORK = (
    Exhibit("defense-network", "figure", CHAPTER, "The defense-pact network in chosen years", _ties,
            draw=lambda ctx, frame: network_figure(frame, _note(ctx)), note=lambda ctx: _note(ctx)),
)

EXHIBITS = (*OUTLIER, *DIRECTED, *PAIRS, *NETWORK)
