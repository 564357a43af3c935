"""Partners: what each state belongs to each year, how many partners it has, and the outlier.

Who counts as whose defense-pact partner is defined once, in
:func:`atoplib.measures.dyads.partners_by_year`; this module ranks and summarizes those counts
(:func:`partner_counts`, :func:`outlier_by_year`, :func:`network_share_by_year`) and lists the
pairs behind them (:func:`defense_ties`). Codes only; names: :func:`atoplib.data.add_state_names`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.checks import checked
from ..data.cow import US, USSR
from ..data.tables import AtopData
from ..errors import ParameterError
from .dyads import dyad_years, partners_by_year
from .provisions import get_provision
from .trends import membership_years, year_range

# --------------------------------------------------------------------------- one state's alliances

@checked
def alliances_of_state_by_year(
    data: AtopData,
    ccode: int = US,
    provisions: tuple[str, ...] = ("any", "defense", "consult-only"),
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """How many alliances ``ccode`` belongs to each year, by provision: ``year, provision, count``
    (every year of the range, zeros included).

    A year counts when the state's own membership is in force that year (``yrent <= y <= yrexit``
    or still a member at the end of coverage); the provision is read from the alliance-level codes,
    as in the memo's Figures 1 and 2."""
    start, end = year_range(data, start_year, end_year)
    years = membership_years(data, None, start, end)
    held = years.loc[years["member"].eq(ccode), ["atopid", "year"]].drop_duplicates()
    frames = []
    for name in provisions:
        rule = get_provision(name)
        chosen = data.alliances.loc[rule.mask(data.alliances, f"the alliance file of ATOP {data.version}"), "atopid"]
        counts = held[held["atopid"].isin(chosen)].groupby("year").size()
        counts = counts.reindex(range(start, end + 1), fill_value=0)
        frames.append(pd.DataFrame({"year": counts.index.astype("int64"), "provision": name,
                                    "count": counts.to_numpy(dtype="int64")}))
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- partners and the outlier

#: The rule counted by :func:`partner_counts` with the defaults, as printed under figures.
PARTNER_RULE = (
    "distinct defense-pact partners: two states are partners in a year when both are members of an "
    "alliance in force that year and at least one of them promises the other defense in it "
    "(member-level defense = 1)"
)


@checked
def partner_counts(
    data: AtopData,
    provision: str | None = "defense",
    direction: str = "any",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """Distinct partners per state and year: ``year, ccode, partners`` for every state with at least
    one partner (add ``state`` with :func:`atoplib.data.add_state_names`).

    The partner rule is :func:`atoplib.dyads.partners_by_year`'s (one definition for the whole
    project); with the defaults it is :data:`PARTNER_RULE`."""
    start, end = year_range(data, start_year, end_year)
    counts = partners_by_year(data, provision, direction=direction, start_year=start, end_year=end)
    return counts[["year", "ccode", "partners"]].sort_values(["year", "ccode"], kind="stable").reset_index(drop=True)


@checked
def directed_partners(
    data: AtopData,
    provision: str | None = "defense",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """The directed view per state and year: ``year, ccode, partners, promises_to,
    promised_by`` — ``promises_to``: how many states it has promised ``provision`` to (for defense:
    promised to defend); ``promised_by``: how many have promised it to this state. Every state with
    a partner in either direction is listed; missing directions are 0."""
    start, end = year_range(data, start_year, end_year)
    keys = ["year", "ccode"]
    frames = {
        "partners": partners_by_year(data, provision, "any", start, end),
        "promises_to": partners_by_year(data, provision, "promised_by", start, end),
        "promised_by": partners_by_year(data, provision, "promised_to", start, end),
    }
    out = frames["partners"].rename(columns={"partners": "partners"})
    for name in ("promises_to", "promised_by"):
        out = out.merge(frames[name].rename(columns={"partners": name}), on=keys, how="left")
        out[name] = out[name].fillna(0).astype("int64")
    return out[["year", "ccode", "partners", "promises_to", "promised_by"]].sort_values(
        keys, kind="stable").reset_index(drop=True)



@checked
def state_partners_by_year(
    data: AtopData,
    ccode: int = US,
    provisions: tuple[str | None, ...] = ("any", "defense"),
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """One state's distinct partners each year under each provision: ``year, provision, partners``
    (every year of the range, 0 when it has none); ``"any"``: fellow members of any alliance."""
    start, end = year_range(data, start_year, end_year)
    frames = []
    for name in provisions:
        counts = partners_by_year(data, name, "any", start, end)
        own = counts[counts["ccode"].eq(ccode)].set_index("year")["partners"].reindex(range(start, end + 1), fill_value=0)
        frames.append(pd.DataFrame({"year": own.index.astype("int64"), "provision": name or "any",
                                    "partners": own.to_numpy(dtype="int64")}))
    return pd.concat(frames, ignore_index=True)


def years_within(years, start: int, end: int, default=()) -> list[int]:
    """The chosen years (``default`` when ``years`` is None) that fall in ``start..end``, sorted,
    without repeats; a year that is not a whole number is a :class:`ParameterError`."""
    chosen = default if years is None else ([years] if isinstance(years, (int, np.integer)) else years)
    out = set()
    for year in chosen:
        if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
            raise ParameterError(f"years must be whole years such as 1985, not {year!r}")
        if start <= year <= end:
            out.add(int(year))
    return sorted(out)

@checked
def outlier_by_year(
    partners: pd.DataFrame, ccode: int = US, years: tuple[int, int] | None = None
) -> pd.DataFrame:
    """How far one state stands out each year: ``year, partners, next_ccode, next_state,
    next_name, next_partners, median_partners, states_with_partners`` (``next_state`` and
    ``next_name`` when ``partners`` carries ``state`` and ``name``: :func:`atoplib.data.add_state_names`).

    ``partners`` is ``ccode``'s count (0 when it has none); ``next_*`` the state with the most
    partners among the others (ties: the lowest code); ``median_partners`` the median over every
    state with at least one partner (``ccode`` included). ``years`` (first, last) lists every year
    of the range, including years without any partnership."""
    frame = partners[["year", "ccode", "partners"] + [c for c in ("state", "name") if c in partners]]
    first, last = years if years is not None else (int(frame["year"].min()), int(frame["year"].max()))
    index = pd.Index(range(first, last + 1), name="year")
    own = frame[frame["ccode"].eq(ccode)].set_index("year")["partners"].reindex(index, fill_value=0)
    others = frame[frame["ccode"].ne(ccode)].sort_values(["year", "partners", "ccode"],
                                                          ascending=[True, False, True], kind="stable")
    top = others.drop_duplicates("year").set_index("year").reindex(index)
    grouped = frame.groupby("year")["partners"]
    out = pd.DataFrame({
        "year": index.to_numpy(dtype="int64"),
        "partners": own.to_numpy(dtype="int64"),
        "next_ccode": top["ccode"].astype("Int64").to_numpy(),
        "next_state": top["state"].to_numpy() if "state" in top else pd.NA,
        "next_name": top["name"].to_numpy() if "name" in top else pd.NA,
        "next_partners": top["partners"].fillna(0).astype("int64").to_numpy(),
        "median_partners": grouped.median().reindex(index).astype("Float64").to_numpy(),
        "states_with_partners": grouped.size().reindex(index, fill_value=0).astype("int64").to_numpy(),
    })
    return out


@checked
def by_provision_wide(counts: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """One row per year: ``alliances_<provision>`` from :func:`alliances_of_state_by_year` and
    ``partners_<provision>`` from :func:`state_partners_by_year`, side by side."""
    alliances = counts.pivot(index="year", columns="provision", values="count").add_prefix("alliances_")
    return alliances.join(partners.pivot(index="year", columns="provision", values="partners").add_prefix("partners_"))


@checked
def lead_since(outlier: pd.DataFrame) -> int | None:
    """The first year of the unbroken run, ending in the last year of ``outlier``, in which the
    state had more partners than any other; None when it does not lead in the last year."""
    leads = (outlier["partners"] > outlier["next_partners"]).to_numpy()
    if len(leads) == 0 or not leads[-1]:
        return None
    run = leads[::-1].cumprod()[::-1].astype(bool)
    return int(outlier["year"].to_numpy()[run].min())


@checked
def outlier_table(outlier: pd.DataFrame, years) -> pd.DataFrame:
    """The rows of :func:`outlier_by_year` for the chosen years (those inside its range), with
    ``ratio_to_next`` (partners / next_partners) added."""
    table = outlier[outlier["year"].isin(list(years))].copy()
    table["ratio_to_next"] = (table["partners"] / table["next_partners"].where(table["next_partners"] > 0)).round(2)
    return table.reset_index(drop=True)


@checked
def network_share_by_year(partners: pd.DataFrame, ccodes=(US, USSR)) -> pd.DataFrame:
    """Each state's share of all partner pairs each year: ``year, ccode, dyads, total_dyads, share``.

    ``partners`` must be undirected counts (direction ``"any"``), so every pair is counted once by
    each side and ``total_dyads`` is half the sum of all states' partners; ``dyads`` is the
    state's own partner count."""
    total = (partners.groupby("year")["partners"].sum() // 2).rename("total_dyads")
    frames = []
    for code in ccodes:
        own = partners[partners["ccode"].eq(code)].set_index("year")["partners"].reindex(total.index, fill_value=0)
        frames.append(pd.DataFrame({"year": total.index.to_numpy(dtype="int64"), "ccode": int(code),
                                    "dyads": own.to_numpy(dtype="int64"), "total_dyads": total.to_numpy(dtype="int64")}))
    out = pd.concat(frames, ignore_index=True)
    out["share"] = (out["dyads"] / out["total_dyads"].where(out["total_dyads"] > 0)).round(4)
    return out.sort_values(["year", "ccode"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- the network picture

#: World regions by COW code range (COW's own numbering by region).
REGIONS = (
    ("Americas", 2, 165),
    ("Europe", 200, 399),
    ("Africa", 402, 626),
    ("Middle East", 630, 698),
    ("Asia/Oceania", 700, 990),
)


def region_of(ccodes) -> pd.Series:
    """Region of each COW code (:data:`REGIONS`); codes outside every range are ``"other"``."""
    codes = pd.Series(ccodes).astype("int64").reset_index(drop=True)
    labels = pd.Series("other", index=codes.index, dtype="object")
    for name, first, last in REGIONS:
        labels = labels.mask(codes.between(first, last), name)
    return labels


@checked
def defense_ties(data: AtopData, year: int, provision: str | None = "defense") -> pd.DataFrame:
    """The undirected partner pairs of one year (the pairs behind :func:`partner_counts`):
    ``year, ccode_a, ccode_b`` with ``ccode_a < ccode_b``."""
    start, end = year_range(data, year, year)
    rule = get_provision(provision)
    dyads = dyad_years(data, start, end)
    promises = rule.mask(dyads, f"the dyad-years of ATOP {data.version}")
    ties = dyads.loc[promises, ["stateA", "stateB", "year"]]
    a = np.minimum(ties["stateA"], ties["stateB"])
    b = np.maximum(ties["stateA"], ties["stateB"])
    out = pd.DataFrame({"year": ties["year"].to_numpy(), "ccode_a": a.to_numpy(), "ccode_b": b.to_numpy()})
    out = out.drop_duplicates().sort_values(["ccode_a", "ccode_b"], kind="stable").reset_index(drop=True)
    return out[["year", "ccode_a", "ccode_b"]]
