"""The exhibits of chapter 06: asymmetry -- how much stronger the leader of a defense pact is than
its partners (COW CINC, National Material Capabilities), pact by pact and year by year, for the
U.S. pacts, the Soviet/Russian pacts and the rest; ATOP's own code for unequal obligations
(``asymm``); and every COW major power's alliance system side by side, as the claims ledger
compares them.

The measures are :mod:`atoplib.measures.power`'s; the systems compared and their years are the
ledger's (:mod:`atoplib.memo.power_readings`). NMC covers 1816-2016: an alliance-year outside it,
or with a member COW does not score, has no value (blank, never zero). Nothing here judges the
memo: the verdicts are the ledger's.
"""

from __future__ import annotations

import pandas as pd

from ..data.cow import NMC_VERSION
from ..measures.power import (
    alliance_power,
    asymmetry_by_group,
    nmc_years,
    period_comparison,
    system_summary,
    system_years,
)
from ..measures.trends import COLD_WAR, POST_COLD_WAR
from ..memo.power_readings import system_spans
from .exhibits import Exhibit
from .figures import PALETTE, gapped_lines_figure, source_note

CHAPTER = "06-asymmetry"
GROUP_COLORS = {"U.S.": PALETTE["us"], "Soviet/Russian": PALETTE["ussr"], "other": PALETTE["other"]}
#: The pooled table's columns in words (the notes say what each holds).
PERIOD_COLUMNS = {"pact_years_with_cinc": "pact-years", "mean_strongest_share": "top share",
                  "median_bilateral_ratio": "CINC ratio", "asymm_share": "unequal", "led_share": "led"}
SYSTEM_COLUMNS = {"pact_years_with_cinc": "pact-years", "mean_own_share": "own share",
                  "mean_strongest_share": "top share", "led_share": "led"}
#: Columns of shares (0-1), shown as percentages.
SHARES = ("mean_own_share", "mean_strongest_share", "asymm_share", "led_share")


def nmc_span(ctx) -> tuple[int, int]:
    """The first and last year of COW's NMC file."""
    return nmc_years(ctx.nmc)


def power(ctx) -> pd.DataFrame:
    """:func:`atoplib.measures.power.alliance_power` for the defense pacts of the years shown."""
    return ctx.cached("power:defense", lambda: alliance_power(ctx.data, ctx.nmc, "defense", ctx.start_year,
                                                              ctx.end_year))


def by_group(ctx) -> pd.DataFrame:
    return ctx.cached("power:by-group", lambda: asymmetry_by_group(power(ctx)))


def _coverage(ctx) -> str:
    first, last = nmc_span(ctx)
    return f"NMC {NMC_VERSION} covers {first}-{last}: no values outside those years."


def _strongest_note(ctx) -> str:
    return source_note(
        ctx.version, f"member file {ctx.member_file} and COW NMC 6.0",
        "mean over defense pacts in force (alliance defense = 1) of the strongest member's share of the "
        "members' combined CINC; blank when any member lacks a CINC value", _coverage(ctx))


def _asymm_note(ctx) -> str:
    return source_note(
        ctx.version, f"alliance file {ctx.alliance_file}",
        "share of defense pacts in force (alliance defense = 1) that ATOP codes asymm = 1 (obligations differ among "
        "members)")


def _strongest_figure(ctx, frame: pd.DataFrame):
    fig = gapped_lines_figure(frame, "mean_strongest_share", "group", GROUP_COLORS,
                              "The strongest member's share of the pact's power", "Mean share of CINC",
                              _strongest_note(ctx))
    fig.axes[0].legend(loc="lower left", ncol=3)
    fig.axes[0].axvline(nmc_span(ctx)[1], color=PALETTE["marker"], lw=0.8, ls=":")
    return fig


def _asymm_figure(ctx, frame: pd.DataFrame):
    return gapped_lines_figure(frame, "asymm_share", "group", GROUP_COLORS,
                               "Pacts with asymmetric obligations (ATOP asymm)", "Share of pacts", _asymm_note(ctx))


def _coverage_text(ctx) -> str:
    first, last = nmc_span(ctx)
    return (f"ATOP {ctx.version} covers {ctx.data.first_year}-{ctx.data.last_year} and COW's NMC {NMC_VERSION} "
            f"{first}-{last}; the years shown are {ctx.start_year}-{ctx.end_year}. Capability measures are blank "
            f"outside {first}-{last} and in an alliance-year with a member COW does not score.")


def _periods(ctx) -> list[tuple[str, int, int]]:
    last_nmc = nmc_span(ctx)[1]
    periods = []
    for label, first, last in (("Cold War", *COLD_WAR), ("after the Cold War", POST_COLD_WAR, last_nmc)):
        first, last = max(first, ctx.start_year), min(last, ctx.end_year, last_nmc)
        if first <= last:
            periods.append((f"{label}, {first}-{last}", first, last))
    return periods


def _pooled(ctx) -> pd.DataFrame:
    frames = [period_comparison(power(ctx), first, last).assign(period=label) for label, first, last in _periods(ctx)]
    columns = ["period", "group", *PERIOD_COLUMNS]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


PACTS = (
    Exhibit("asymmetry-nmc-coverage", "text", CHAPTER, "The years with capability data", _coverage_text),
    Exhibit("asymmetry-strongest-share", "figure", CHAPTER, "The strongest member's share of the pact's power",
            by_group, draw=_strongest_figure, note=_strongest_note),
    Exhibit("asymmetry-atop-asymm", "figure", CHAPTER, "Pacts with asymmetric obligations (ATOP asymm)", by_group,
            draw=_asymm_figure, note=_asymm_note),
    Exhibit("asymmetry-periods", "table", CHAPTER, "Defense pacts in the Cold War and after, pooled by group",
            _pooled, save=False, view=lambda ctx, frame: frame.rename(columns=PERIOD_COLUMNS),
            options={"percent": tuple(PERIOD_COLUMNS[c] for c in SHARES if c in PERIOD_COLUMNS)},
            note="Defense-pact alliance-years pooled over each period. U.S.: pacts with the U.S. as a member that "
                 "year; Soviet/Russian: pacts with COW 365 (the Soviet Union to 1991, Russia after) and not the U.S.; "
                 "other: the rest. Pact-years: those with a CINC value for every member. Top share: the mean of the "
                 "strongest member's CINC over the members' combined CINC (1/n for equals, near 100% when one member "
                 "dwarfs the rest). CINC ratio: in two-member pacts, the median of the stronger member's CINC over the "
                 "weaker's. Unequal: the share coded asymm = 1 (the members' obligations differ). Led: the share in "
                 "which the group's own state (the U.S., COW 365) is the strongest member."),
)


# --------------------------------------------------------------------------- the major powers' systems

def _systems(ctx) -> pd.DataFrame:
    def compute():
        years = system_years(ctx.data, ctx.nmc, ctx.majors, "defense", ctx.start_year, ctx.end_year)
        summary = system_summary(years, system_spans(ctx.evidence, years))
        return summary[summary["pact_years"].gt(0)].reset_index(drop=True)
    return ctx.cached("power:systems", compute)


def _systems_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    years = frame["first_year"].astype("string") + "-" + frame["last_year"].astype("string")
    return pd.concat([frame[["system"]].assign(years=years), frame[list(SYSTEM_COLUMNS)]], axis=1).rename(
        columns=SYSTEM_COLUMNS)


SYSTEMS = (
    Exhibit("asymmetry-power-systems", "table", CHAPTER, "Every COW major power's system of defense pacts",
            _systems, view=_systems_view,
            options={"percent": tuple(SYSTEM_COLUMNS[c] for c in SHARES if c in SYSTEM_COLUMNS)},
            note="A power's system: the defense pacts it belongs to in the years it is a COW major power (the U.S. "
                 "from 1946, the Soviet Union in 1946-1991, Russia in its other years); years: the first and last "
                 "with such a pact; pact-years: those with a CINC value for every member. Own share: the mean of the "
                 "power's CINC over the members' combined CINC; top share: the same for the strongest member, "
                 "whoever it is; led: the share of pact-years in which the power is the strongest member. "
                 "These are the systems the claims ledger compares."),
)

EXHIBITS = (*PACTS, *SYSTEMS)
