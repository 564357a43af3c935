"""Power asymmetry inside alliances: how much stronger the strongest member is than the rest.

**Measure.** For each alliance and year in force, the members that year are joined to COW
National Material Capabilities (CINC, :func:`atoplib.data.load_nmc`). The *strongest member's
share* is its CINC divided by the members' combined CINC (1/n for equals, near 1 when one member
dwarfs the rest); for bilateral pacts the *ratio* of the stronger to the weaker member's CINC is
given too.

**No invented values.** NMC covers 1816-2016 (the years are read from the file). An alliance-year
outside those years, or with any member lacking a CINC value that year (a state outside the COW
system such as ATOP's 8152, or a year COW does not code), gets ``<NA>``, never 0 or a share of the
members that happen to have data. ``members_with_cinc`` says how many had a value.

**Groups.** An alliance-year belongs to the *U.S.* group when the United States (COW 2) is a
member that year, else to the *Soviet/Russian* group when COW 365 is (the Soviet Union to 1991,
Russia after), else to *other*. :func:`led_by_group_state` reports how often the group's state is
in fact the strongest member, i.e. whether the U.S. and Soviet pacts are U.S.- and Soviet-*led*.

ATOP's own ``asymm`` code (obligations differ among members, codebook 2.33) is a second lens,
independent of capabilities: :func:`asymmetry_by_group` gives the share of pacts coded ``asymm = 1``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.checks import checked
from ..data.cow import US, USSR
from ..data.tables import AtopData
from ..errors import ParameterError
from .persistence import is_major
from .provisions import get_provision
from .trends import COLD_WAR, membership_years, year_range

GROUPS = ("U.S.", "Soviet/Russian", "other")
GROUP_STATE = {"U.S.": US, "Soviet/Russian": USSR}


@checked
def nmc_years(nmc: pd.DataFrame) -> tuple[int, int]:
    """First and last year of the NMC file (1816-2016 for NMC 6.0)."""
    return int(nmc["year"].min()), int(nmc["year"].max())


@checked
def alliance_power(
    data: AtopData,
    nmc: pd.DataFrame,
    provision: str = "defense",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """One row per alliance-year in force under ``provision`` (alliance-level codes):
    ``atopid, year, group, members, members_with_cinc, bilateral, total_cinc, strongest,
    strongest_cinc, strongest_share, ratio, asymm``.

    ``strongest`` is the COW code of the member with the largest CINC; ``ratio`` (bilateral
    alliance-years only) is the stronger member's CINC over the weaker's. CINC-based columns are
    ``<NA>`` outside the NMC years or when any member lacks a CINC value."""
    missing = [c for c in ("ccode", "year", "cinc") if c not in nmc.columns]
    if missing:
        raise ParameterError(f"nmc table lacks column '{missing[0]}'; load it with atoplib.cow.load_nmc")
    start, end = year_range(data, start_year, end_year)
    rule = get_provision(provision)
    chosen = data.alliances.loc[rule.mask(data.alliances, f"the alliance file of ATOP {data.version}"),
                                ["atopid"] + (["asymm"] if "asymm" in data.alliances.columns else [])]
    years = membership_years(data, None, start, end)
    years = years.loc[years["atopid"].isin(chosen["atopid"]), ["atopid", "member", "year"]].drop_duplicates()
    years["member"] = years["member"].astype("int64")
    years["atopid"] = years["atopid"].astype("int64")
    cinc = nmc[["ccode", "year", "cinc"]].rename(columns={"ccode": "member"})
    years = years.merge(cinc, on=["member", "year"], how="left")
    years["is_us"] = years["member"].eq(US)
    years["is_ussr"] = years["member"].eq(USSR)

    grouped = years.groupby(["atopid", "year"], sort=True)
    out = grouped.agg(
        members=("member", "size"),
        members_with_cinc=("cinc", "count"),
        total_cinc=("cinc", "sum"),
        strongest_cinc=("cinc", "max"),
        weakest_cinc=("cinc", "min"),
        has_us=("is_us", "any"),
        has_ussr=("is_ussr", "any"),
    ).reset_index()
    top = years.dropna(subset=["cinc"]).sort_values(["atopid", "year", "cinc", "member"],
                                                    ascending=[True, True, False, True], kind="stable")
    top = top.drop_duplicates(["atopid", "year"])[["atopid", "year", "member"]].rename(columns={"member": "strongest"})
    out = out.merge(top, on=["atopid", "year"], how="left")

    complete = out["members_with_cinc"].eq(out["members"])
    out["bilateral"] = out["members"].eq(2)
    for column in ("total_cinc", "strongest_cinc", "weakest_cinc"):
        out[column] = out[column].where(complete)
    out["strongest"] = out["strongest"].where(complete).astype("Int64")
    out["strongest_share"] = out["strongest_cinc"] / out["total_cinc"]
    out["ratio"] = (out["strongest_cinc"] / out["weakest_cinc"]).where(out["bilateral"])
    out["group"] = np.select([out["has_us"], out["has_ussr"]], ["U.S.", "Soviet/Russian"], "other")
    out = out.merge(chosen, on="atopid", how="left")
    if "asymm" not in out.columns:
        out["asymm"] = pd.array([pd.NA] * len(out), dtype="Int64")
    columns = ["atopid", "year", "group", "members", "members_with_cinc", "bilateral", "total_cinc",
               "strongest", "strongest_cinc", "strongest_share", "ratio", "asymm"]
    out = out[columns].sort_values(["year", "atopid"], kind="stable").reset_index(drop=True)
    for column in ("total_cinc", "strongest_cinc", "strongest_share", "ratio"):
        out[column] = out[column].astype("Float64")
    return out


@checked
def asymmetry_by_group(power: pd.DataFrame) -> pd.DataFrame:
    """Per year and group (:data:`GROUPS`): ``year, group, pacts, pacts_with_cinc,
    mean_strongest_share, median_bilateral_ratio, asymm_share``; every year from the first to the
    last of ``power`` and every group is listed (0 pacts and ``<NA>`` values where it has none).

    Means and medians are over the alliance-years with a value (``<NA>`` when none has one);
    ``asymm_share`` is the share of the group's pacts that ATOP codes ``asymm = 1``."""
    frame = power.assign(
        _share=power["strongest_share"].astype("float64"),
        _ratio=power["ratio"].astype("float64"),
        _asymm=power["asymm"].astype("float64"),
    )
    out = frame.groupby(["year", "group"], sort=True).agg(
        pacts=("atopid", "size"),
        pacts_with_cinc=("_share", "count"),
        mean_strongest_share=("_share", "mean"),
        median_bilateral_ratio=("_ratio", "median"),
        asymm_share=("_asymm", "mean"),
    ).reset_index()
    for column in ("mean_strongest_share", "median_bilateral_ratio", "asymm_share"):
        out[column] = out[column].astype("Float64").round(4)
    years = range(int(power["year"].min()), int(power["year"].max()) + 1) if len(power) else range(0)
    grid = pd.MultiIndex.from_product([years, GROUPS], names=["year", "group"])
    out = out.set_index(["year", "group"]).reindex(grid).reset_index()
    for column in ("pacts", "pacts_with_cinc"):
        out[column] = out[column].fillna(0).astype("int64")
    out["year"] = out["year"].astype("int64")
    return out


@checked
def period_comparison(power: pd.DataFrame, first: int = COLD_WAR[0], last: int = COLD_WAR[1]) -> pd.DataFrame:
    """Alliance-years from ``first`` to ``last`` pooled per group: ``group, pact_years,
    pact_years_with_cinc, mean_strongest_share, median_bilateral_ratio, asymm_share, led_share``
    (``led_share``: of the alliance-years with CINC, the share whose strongest member is the
    group's state; ``<NA>`` for *other*)."""
    window = power[power["year"].between(first, last)]
    rows = []
    for group in GROUPS:
        part = window[window["group"].eq(group)]
        share = part["strongest_share"].astype("float64")
        ratio = part["ratio"].astype("float64")
        known = part["strongest"].dropna()
        state = GROUP_STATE.get(group)
        rows.append({
            "group": group,
            "pact_years": len(part),
            "pact_years_with_cinc": int(share.notna().sum()),
            "mean_strongest_share": round(float(share.mean()), 4) if share.notna().any() else pd.NA,
            "median_bilateral_ratio": round(float(ratio.median()), 2) if ratio.notna().any() else pd.NA,
            "asymm_share": round(float(part["asymm"].astype("float64").mean()), 4) if len(part) else pd.NA,
            "led_share": round(float(known.eq(state).mean()), 4) if state is not None and len(known) else pd.NA,
        })
    out = pd.DataFrame(rows)
    for column in ("mean_strongest_share", "median_bilateral_ratio", "asymm_share", "led_share"):
        out[column] = out[column].astype("Float64")
    return out


@checked
def led_by_group_state(power: pd.DataFrame) -> pd.DataFrame:
    """For the U.S. and Soviet/Russian groups: ``group, pact_years_with_cinc, led, led_share``,
    how many of their alliance-years (with CINC) have the group's state as the strongest member."""
    rows = []
    for group, state in GROUP_STATE.items():
        known = power.loc[power["group"].eq(group), "strongest"].dropna()
        led = int(known.eq(state).sum())
        rows.append({"group": group, "pact_years_with_cinc": len(known), "led": led,
                     "led_share": round(led / len(known), 4) if len(known) else np.nan})
    return pd.DataFrame(rows)



@checked
def system_years(
    data: AtopData,
    nmc: pd.DataFrame,
    majors: pd.DataFrame,
    provision: str = "defense",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """The major powers' alliance systems, year by year: one row per major power, alliance and year
    in which the power is a member of the alliance (under ``provision``, alliance-level codes) in a
    year it is a COW major power (a spell reaching the majors file's last year goes on):
    ``ccode, atopid, year, own_share, strongest, strongest_share``.

    ``own_share`` is the power's share of the members' combined CINC, ``strongest_share`` the
    strongest member's (:func:`alliance_power`); both ``<NA>`` when a member lacks CINC that year."""
    power = alliance_power(data, nmc, provision, start_year, end_year)
    start, end = year_range(data, start_year, end_year)
    years = membership_years(data, None, start, end)
    years = years.loc[years["atopid"].isin(power["atopid"]), ["atopid", "member", "year"]].drop_duplicates()
    years = years.astype("int64")
    years = years[is_major(majors, years["member"], years["year"])]
    cinc = nmc[["ccode", "year", "cinc"]].rename(columns={"ccode": "member", "cinc": "own_cinc"})
    years = years.merge(cinc, on=["member", "year"], how="left").merge(
        power[["atopid", "year", "total_cinc", "strongest", "strongest_share"]], on=["atopid", "year"])
    years["own_share"] = (years["own_cinc"] / years["total_cinc"].astype("float64")).where(
        years["strongest_share"].notna()).astype("Float64")
    out = years.rename(columns={"member": "ccode"})[["ccode", "atopid", "year", "own_share", "strongest",
                                                      "strongest_share"]]
    return out.sort_values(["ccode", "year", "atopid"], kind="stable").reset_index(drop=True)


@checked
def system_summary(years: pd.DataFrame, spans: dict[str, tuple[int, int, int]] | None = None) -> pd.DataFrame:
    """Each system of :func:`system_years` pooled: one row per system, ``system, ccode, first_year,
    last_year, pact_years, pact_years_with_cinc, mean_own_share, mean_strongest_share, led_share``.

    ``spans`` names systems as ``{label: (ccode, first, last)}`` (e.g. the Soviet Union in
    1946-1991); by default each power over all its years, labelled by its COW code. Means are over
    the alliance-years with CINC for every member, never filled; ``led_share``: the share of those
    in which the power is the strongest member."""
    if spans is None:
        spans = {str(int(c)): (int(c), int(g["year"].min()), int(g["year"].max())) for c, g in years.groupby("ccode")}
    rows = []
    for label, (ccode, first, last) in spans.items():
        part = years[years["ccode"].eq(ccode) & years["year"].between(first, last)]
        known = part[part["strongest_share"].notna()]
        rows.append({
            "system": label, "ccode": int(ccode),
            "first_year": int(part["year"].min()) if len(part) else pd.NA,
            "last_year": int(part["year"].max()) if len(part) else pd.NA,
            "pact_years": len(part), "pact_years_with_cinc": len(known),
            "mean_own_share": float(known["own_share"].astype("float64").mean()) if len(known) else np.nan,
            "mean_strongest_share": float(known["strongest_share"].astype("float64").mean()) if len(known) else np.nan,
            "led_share": float(known["strongest"].eq(ccode).mean()) if len(known) else np.nan,
        })
    out = pd.DataFrame(rows, columns=["system", "ccode", "first_year", "last_year", "pact_years",
                                      "pact_years_with_cinc", "mean_own_share", "mean_strongest_share", "led_share"])
    for column in ("first_year", "last_year"):
        out[column] = out[column].astype("Int64")
    for column in ("mean_own_share", "mean_strongest_share", "led_share"):
        out[column] = out[column].astype("Float64").round(4)
    return out
