"""The exhibits of chapter 10 (access): basing, integrated command and subordination of forces in
U.S. pacts against all others, the U.S. pacts with one-way basing, and one-way basing by great power.

The data come from :mod:`atoplib.measures.access`: each year's alliances in force split by whether
the U.S. is a member that year, with the share of each ATOP code (``base``, ``intcom``, ``subord``;
their meanings: :data:`atoplib.measures.access.CODES`); every U.S. alliance with ``base = 3`` and its
strongest member at signing (COW CINC); and, for each COW major power, the alliances it signed as a
major power with one-way basing. Nothing here judges the memo: the verdicts are the ledger's.
"""

from __future__ import annotations

import pandas as pd

from ..data.cow import US, add_state_names
from ..measures import access, persistence
from ..measures.trends import alliance_years, membership_years
from ..memo.rules import listed, pct
from ..memo.treaties import NAMED_TREATIES
from .exhibits import Exhibit
from .figures import PALETTE, mark_cold_war, source_note, use_house_style

CHAPTER = "10-access"
#: Years the basing table shows when they fall in the years chosen (with the last year chosen).
BASE_YEARS = (1950, 1970, 1991)
#: The figures of the codes other than basing: the ATOP column and the figure's title.
COMMAND = {"intcom": "Integrated command in peace and war", "subord": "Forces subordinated in war"}
POOLED = "other great powers (pooled)"
#: The two windows of signing years the great-power comparison covers: (first signing year, file stem).
GREAT_POWER_WINDOWS = {"all-years": None, "since-1946": 1946}


# --------------------------------------------------------------------------- yearly shares of a code

def code_shares(ctx, column: str) -> pd.DataFrame:
    """``year, side, code, meaning, pacts, count, share`` in the years chosen
    (:func:`access.code_shares_by_year`)."""
    return ctx.cached(f"access:shares:{column}", lambda: access.code_shares_by_year(
        ctx.data, column, None, ctx.start_year, ctx.end_year))


def share_figure(shares: pd.DataFrame, column: str, title: str, note: str, codes: tuple[str, ...] | None = None):
    """Two panels side by side (U.S. pacts, all other pacts): the yearly share of pacts in force
    with each ``column`` code except 0 (the complement); returns the matplotlib Figure."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    use_house_style()
    codes = codes or tuple(str(c) for c in access.CODES[column] if c != 0)
    frame = shares[shares["code"].isin(codes)].dropna(subset=["share"])
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), sharey=True)
    colors = dict(zip(codes, [PALETTE["highlight"], PALETTE["consult-nonagg"], PALETTE["defense"]][-len(codes):]))
    for ax, side in zip(axes, access.SIDES):
        part = frame[frame["side"].eq(side)]
        for code in codes:
            line = part[part["code"].eq(code)]
            if len(line):
                sns.lineplot(x=line["year"], y=line["share"], ax=ax, lw=2, color=colors[code],
                             label=f"{code}: {access.CODES[column][int(code)]}", legend=False)
        ax.set_title(side, fontsize=11)
        ax.set_xlabel("")
        if len(shares):
            ax.set_xlim(shares["year"].min(), shares["year"].max())
        mark_cold_war(ax)
    axes[0].set_ylabel("Share of pacts in force")
    axes[0].set_ylim(0, max(0.05, float(frame["share"].max()) * 1.15) if len(frame) else 1)
    handles, labels = axes[0].get_legend_handles_labels()
    more = axes[1].get_legend_handles_labels()
    for handle, label in zip(*more):
        if label not in labels:
            handles.append(handle)
            labels.append(label)
    fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=len(labels), frameon=False)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    fig.text(0.01, -0.08, note, ha="left", va="top", fontsize=8, color="#404040", wrap=True)
    return fig


def _base_note(ctx) -> str:
    return source_note(ctx.version, f"alliance file {ctx.alliance_file}, member file {ctx.member_file}",
                       "share of alliances in force each year with each base code (alliance level), by whether the "
                       "U.S. is a member that year", in_force_through=ctx.data.last_year)


def _command_note(column: str):
    def note(ctx) -> str:
        return source_note(ctx.version, f"alliance file {ctx.alliance_file}",
                           f"share of alliances in force each year with each {column} code, by whether the U.S. is a "
                           "member that year", in_force_through=ctx.data.last_year)
    return note


def _share_exhibit(column: str, title: str, note) -> Exhibit:
    return Exhibit(f"access-{column}-shares", "figure", CHAPTER, title, lambda ctx: code_shares(ctx, column),
                   draw=lambda ctx, frame: share_figure(frame, column, title, note(ctx)), note=note)


def shares_in(shares: pd.DataFrame, column: str, years) -> pd.DataFrame:
    """Some years of :func:`access.code_shares_by_year` as a wide table: ``year, side, pacts`` and
    one share column per code, headed by the column, the code and its meaning (``base 3: one-way
    (not reciprocal)``); codes no pact has in any of the years are left out."""
    part = shares[shares["year"].isin(list(years))]
    grid = pd.MultiIndex.from_product([sorted(set(part["year"])), access.SIDES], names=["year", "side"])
    pacts = part.groupby(["year", "side"])["pacts"].first().reindex(grid, fill_value=0)
    used = part.groupby("code", sort=False)["count"].sum()
    part = part[part["code"].isin(used.index[used > 0])]
    label = part["code"].where(part["code"].eq(access.NOT_CODED), f"{column} " + part["code"] + ": " + part["meaning"])
    part = part.assign(label=label)
    order = list(dict.fromkeys(part["label"]))
    wide = part.pivot(index=["year", "side"], columns="label", values="share").reindex(index=grid, columns=order)
    out = wide.rename_axis(None, axis=1).assign(pacts=pacts).reset_index()
    return out[["year", "side", "pacts", *order]]


def _shown_years(ctx) -> list[int]:
    return sorted({y for y in (*BASE_YEARS, ctx.end_year) if ctx.start_year <= y <= ctx.end_year})


def _wide_table(column: str, years):
    def data(ctx) -> pd.DataFrame:
        return shares_in(code_shares(ctx, column), column, years(ctx))
    return data


def _percent_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    """The share columns (after ``year, side, pacts``) as percentages, their headers marked (%)."""
    shares = list(frame.columns[3:])
    out = frame.copy()
    for column in shares:
        out[column] = (100 * out[column].astype("Float64")).round(1)
    return out.rename(columns={c: f"{c} (%)" for c in shares})


SHARES = (
    _share_exhibit("base", "Basing provisions in alliances in force", _base_note),
    Exhibit("access-base-selected-years", "table", CHAPTER,
            "Alliances in force in selected years: the share with each base code",
            _wide_table("base", _shown_years), view=_percent_view, save=False,
            note="not coded: ATOP found no text on basing", options={"decimals": 1}),
    *(_share_exhibit(column, title, _command_note(column)) for column, title in COMMAND.items()),
    *(Exhibit(f"access-{column}-last-year", "table", CHAPTER,
              lambda ctx, column=column: f"Alliances in force in {ctx.end_year}: the share with each {column} code",
              _wide_table(column, lambda ctx: [ctx.end_year]), view=_percent_view, save=False,
              options={"decimals": 1})
      for column in COMMAND),
)


# --------------------------------------------------------------------------- who stations, who hosts

def _who_hosts(ctx) -> str:
    check = access.member_base_check(ctx.data)
    said = ("ATOP does not say which member stations troops and which hosts them." if check["varying"] == 0
            else "Some phases record basing by member.")
    return (f"Alliance phases in the member file: {check['phases']}; phases whose members carry different base "
            f"codes: {check['varying']}. {said}")


def one_way_table(data, nmc: pd.DataFrame | None = None, states: pd.DataFrame | None = None) -> pd.DataFrame:
    """U.S. alliances with one-way basing (:func:`access.one_way_pacts`) for a reader:
    ``atopid, pact, signed, ended, defense, strongest_at_signing, members``."""
    pacts = access.one_way_pacts(data, US, nmc)
    labels = persistence.pact_labels(data, pacts["atopid"], states, NAMED_TREATIES)[["atopid", "pact", "members"]]
    out = pacts.merge(labels, on="atopid", how="left")
    if "strongest" in out:
        out = add_state_names(out, code="strongest", abbreviation=None, name="strongest_at_signing", states=states)
        out["strongest_at_signing"] = out["strongest_at_signing"].where(out["strongest"].notna())
    columns = ["atopid", "pact", "signed", "ended", "defense", "strongest_at_signing", "members"]
    return out[[c for c in columns if c in out]]


def _one_way_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(defense=frame["defense"].eq(1).astype("boolean").where(frame["defense"].notna())).rename(
        columns={"defense": "defense promise", "strongest_at_signing": "strongest member at signing"})


def us_defense_pacts_base(ctx) -> pd.DataFrame:
    """The defense pacts in force in the last year chosen with the U.S. a member that year, and their
    basing code: ``atopid, pact, signed, base, meaning``."""
    year = ctx.end_year
    access.require_code(ctx.data, "base")
    pacts = set(alliance_years(ctx.data, "defense", year, year)["atopid"])
    members = membership_years(ctx.data, None, year, year)
    chosen = sorted(int(a) for a in set(members.loc[members["member"].eq(US), "atopid"]) & pacts)
    labels = persistence.pact_labels(ctx.data, chosen, ctx.states, NAMED_TREATIES)[["atopid", "pact", "signed"]]
    base = ctx.data.alliances.set_index("atopid")["base"].astype("Int64")
    out = labels.assign(base=labels["atopid"].map(base).astype("Int64"))
    out["meaning"] = out["base"].map(lambda c: access.NOT_CODED if pd.isna(c) else access.BASE.get(int(c), f"code {c}"))
    return out


def _base_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={"base": "ATOP base", "meaning": "basing provision"})


ONE_WAY = (
    Exhibit("access-who-hosts", "text", CHAPTER, "Does the member file say who hosts?", _who_hosts),
    Exhibit("access-us-one-way-basing", "table", CHAPTER, "U.S. alliances with one-way basing (base = 3)",
            lambda ctx: one_way_table(ctx.data, ctx.nmc, ctx.states), view=_one_way_view,
            note="strongest member at signing: the largest COW CINC among the members in the signing year "
                 "(–: a member had no CINC value that year)"),
    Exhibit("access-us-defense-pacts-base", "table", CHAPTER,
            lambda ctx: f"Defense pacts in force in {ctx.end_year} with the U.S. a member, and their basing code",
            us_defense_pacts_base, view=_base_view, save=False),
)


# --------------------------------------------------------------------------- great powers compared

def great_powers(ctx, first: int | None) -> pd.DataFrame:
    """:func:`access.great_power_access` for the alliances signed from ``first`` (``None``: all years)."""
    return ctx.cached(f"access:great-powers:{first}", lambda: access.great_power_access(
        ctx.data, ctx.majors, ctx.nmc, first_signed=first))


def _since(ctx, first: int | None) -> str:
    return f"{first or ctx.data.first_year}-{ctx.data.last_year}"


def access_sentence(table: pd.DataFrame, since: str, states: pd.DataFrame | None = None) -> str:
    """The great-power comparison of one-way basing (the strongest-member reading), one sentence;
    ``states`` (a COW state table) names the powers."""
    rows = table.dropna(subset=["one_way_strongest_share"]).set_index("power")
    us = rows.loc["USA"] if "USA" in rows.index else None
    if us is None:
        return f"The U.S. signed no alliance as a major power ({since})."
    sentence = (f"Pacts signed {since} with one-way basing in which the power is the strongest member: the U.S. "
                f"{int(us.one_way_strongest)} of {int(us.pacts_with_cinc)} ({pct(us.one_way_strongest_share)})")
    if POOLED not in rows.index:
        return sentence + "; no other great power signed an alliance as a major power with CINC values for every founder."
    pooled = rows.loc[POOLED]
    shares = rows.drop(["USA", POOLED])["one_way_strongest_share"].astype(float)
    names = states.set_index("stateabb")["statenme"] if states is not None else pd.Series(dtype=str)
    top = [names.get(p, p) for p in shares.index[shares.eq(shares.max())]]
    which = (f"the highest single other power is {top[0]}" if len(top) == 1
             else f"the highest single other powers are {listed(top)}, each")
    return (sentence + f", other great powers pooled {int(pooled.one_way_strongest)} of {int(pooled.pacts_with_cinc)} "
            f"({pct(pooled.one_way_strongest_share)}); {which} with {pct(shares.max())}.")


def _great_powers_text(ctx) -> str:
    return " ".join(access_sentence(great_powers(ctx, first), _since(ctx, first), ctx.states)
                    for first in GREAT_POWER_WINDOWS.values())


def _great_powers_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    names = ctx.states.set_index("stateabb")["statenme"]
    shown = frame.assign(power=frame["power"].map(lambda p: names.get(p, p))).drop(columns="ccode")
    return shown.rename(columns={"pacts": "pacts signed as a major power", "one_way": "one-way basing",
                                 "one_way_share": "one-way share", "pacts_with_cinc": "pacts with CINC values",
                                 "one_way_strongest": "one-way, the power strongest",
                                 "one_way_strongest_share": "one-way, strongest share"})


GREAT_POWERS = (
    *(Exhibit(f"access-great-powers-{stem}", "table", CHAPTER,
              lambda ctx, first=first: f"Alliances signed {_since(ctx, first)} by each COW major power as a major power",
              lambda ctx, first=first: great_powers(ctx, first), view=_great_powers_view,
              note="the pooled row counts each pact once per other great power",
              options={"percent": ("one-way share", "one-way, strongest share")})
      for stem, first in GREAT_POWER_WINDOWS.items()),
    Exhibit("access-great-powers-compared", "text", CHAPTER, "One-way basing by great power, in two sentences",
            _great_powers_text),
)

EXHIBITS = (*SHARES, *ONE_WAY, *GREAT_POWERS)
