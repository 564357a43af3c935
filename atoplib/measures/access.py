"""Access: basing, integrated command and subordination of forces in ATOP, U.S. pacts against others.

**Codes** (ATOP 5.1 codebook, alliance-level variables, section 2.33): ``base`` 0 no provision,
1 joint troop placements on neutral territory, 2 reciprocal (every member may station troops on
or use the facilities of the others), 3 one-way (one or more states may station troops on the
territory of one or more other members, not reciprocally); ``intcom`` 1 an integrated command in
peace *and* war; ``subord`` 1 one party's forces are subordinated to a named state's in war, 2 to
a state that depends on conditions. Blank: ATOP did not find the text ("not coded").

**Who stations?** ``base`` is coded for the alliance as a whole; the member file repeats the
same value for every member (it never varies within an alliance phase in 5.1), so ATOP does not
say which member may station troops and which hosts them. The reading used to credit a great
power with one-way access (:func:`great_power_access`): ``base = 3`` and the power is the
*strongest member at signing* (COW CINC), i.e. the patron stations on the protégés' soil. The
looser reading, any pact with ``base = 3`` that has the power as a member, is reported beside it.
"""

from __future__ import annotations

import pandas as pd

from ..data.checks import checked
from ..data.cow import US
from ..errors import SchemaError
from ..data.tables import AtopData
from .persistence import founders, is_major
from .provisions import get_provision
from .signing import power_at_signing
from .trends import alliance_years, membership_years, year_range

BASE = {
    0: "none",
    1: "joint placement on neutral territory",
    2: "reciprocal",
    3: "one-way (not reciprocal)",
}
INTCOM = {0: "no integrated command", 1: "integrated command in peace and war"}
SUBORD = {0: "no subordination", 1: "subordinated to a named state in war",
          2: "subordinated, commander depends on conditions"}
CODES = {"base": BASE, "intcom": INTCOM, "subord": SUBORD}
NOT_CODED = "not coded"
SIDES = ("U.S. pacts", "all other pacts")


@checked
def require_code(data: AtopData, column: str) -> None:
    """One line, not a KeyError, when a release's alliance file lacks the code an analysis reads."""
    if column not in data.alliances.columns:
        source = data.release.files.get("a")
        raise SchemaError(f"{source.name if source else 'the alliance file'} of ATOP {data.version} has no column "
                          f"'{column}'; the access analysis needs ATOP's {column} code (codebook 5.1, section 2)")


@checked
def code_shares_by_year(
    data: AtopData, column: str, provision: str | None = None,
    start_year: int | None = None, end_year: int | None = None,
) -> pd.DataFrame:
    """Alliances in force each year under ``provision``, by whether the U.S. is a member that year
    and by their ``column`` code (``base``, ``intcom`` or ``subord``): ``year, side, code, meaning,
    pacts, count, share`` (every year, side and code listed; ``share`` blank when a side has no pact)."""
    meanings = CODES[column]
    require_code(data, column)
    start, end = year_range(data, start_year, end_year)
    years = alliance_years(data, provision, start, end, columns=(column,))
    us_years = membership_years(data, None, start, end)
    us_years = set(map(tuple, us_years.loc[us_years["member"].eq(US), ["atopid", "year"]].to_numpy().tolist()))
    years["side"] = [SIDES[0] if (a, y) in us_years else SIDES[1] for a, y in zip(years["atopid"], years["year"])]
    years["code"] = years[column].astype("Int64").astype("string").fillna(NOT_CODED)
    counts = years.groupby(["year", "side", "code"]).size()
    codes = [str(c) for c in meanings] + [NOT_CODED]
    grid = pd.MultiIndex.from_product([range(start, end + 1), SIDES, codes], names=["year", "side", "code"])
    out = counts.reindex(grid, fill_value=0).rename("count").reset_index()
    out["pacts"] = out.groupby(["year", "side"])["count"].transform("sum")
    out["share"] = (out["count"] / out["pacts"].where(out["pacts"] > 0)).round(4)
    out["meaning"] = out["code"].map(lambda c: meanings.get(int(c)) if c != NOT_CODED else NOT_CODED)
    return out[["year", "side", "code", "meaning", "pacts", "count", "share"]]


@checked
def code_shares_in(shares: pd.DataFrame, year: int) -> pd.DataFrame:
    """One year of :func:`code_shares_by_year` as a wide table: ``side, pacts`` and one share
    column per code meaning (codes no pact has in that year are left out)."""
    part = shares[shares["year"].eq(year)]
    used = part.groupby("meaning")["count"].sum()
    part = part[part["meaning"].isin(used.index[used > 0])]
    wide = part.pivot(index="side", columns="meaning", values="share")
    order = [m for m in dict.fromkeys(part["meaning"]) if m in wide.columns]
    pacts = part.groupby("side")["pacts"].first()
    return wide[order].rename_axis(None, axis=1).assign(pacts=pacts)[["pacts", *order]].reset_index()


@checked
def member_base_check(data: AtopData) -> dict[str, int]:
    """Does the member file say who hosts? ``phases``: alliance phases in the member file;
    ``varying``: those whose members carry different ``base`` codes (0 in ATOP 5.1 and 4.01)."""
    if "base" not in data.members:
        return {"phases": 0, "varying": 0}
    spread = data.members.groupby(["atopid", "phase"])["base"].nunique(dropna=True)
    return {"phases": int(len(spread)), "varying": int(spread.gt(1).sum())}


@checked
def one_way_pacts(data: AtopData, ccode: int = US, nmc: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every alliance with ``base = 3`` that ``ccode`` belongs to, by signing year: ``atopid,
    signed, ended, defense`` and, with ``nmc``, ``strongest`` (COW code of the member with the
    largest CINC in the signing year; ``<NA>`` when a member has no CINC value). Add names with
    :func:`atoplib.data.add_state_names` and :func:`atoplib.measures.persistence.pact_labels`."""
    require_code(data, "base")
    ids = set(data.members.loc[data.members["member"].eq(ccode), "atopid"].astype(int))
    chosen = data.alliances[data.alliances["atopid"].isin(ids) & data.alliances["base"].eq(3).fillna(False)]
    out = pd.DataFrame({
        "atopid": chosen["atopid"].astype("int64").to_numpy(), "signed": chosen["begyr"].astype("int64").to_numpy(),
        "ended": chosen["endyr"].astype("Int64").astype("string").where(
            ~chosen["in_force_at_end"].astype(bool), "in force").to_numpy(),
        "defense": chosen["defense"].astype("Int64").to_numpy(),
    })
    if nmc is not None:
        power = power_at_signing(data, nmc)[["atopid", "strongest"]]
        out = out.merge(power, on="atopid", how="left")
        out["strongest"] = out["strongest"].astype("Int64")
    return out.sort_values(["signed", "atopid"]).reset_index(drop=True)


@checked
def great_power_access(
    data: AtopData, majors: pd.DataFrame, nmc: pd.DataFrame, provision: str | None = None,
    first_signed: int | None = None, last_signed: int | None = None,
) -> pd.DataFrame:
    """For each COW major power, the alliances it signed as a major power (a founding member in a
    year it was a major power, signed ``first_signed``-``last_signed``): ``ccode, power, pacts,
    one_way, one_way_share, pacts_with_cinc, one_way_strongest, one_way_strongest_share``.

    ``one_way``: pacts with ``base = 3`` (loose reading); ``one_way_strongest``: of the pacts with
    CINC values for every founder, those with ``base = 3`` in which the power is the strongest
    member (the reading used); its share is over ``pacts_with_cinc``. The last row pools every
    major power except the U.S. (``ccode`` blank), counting each pact once per power."""
    require_code(data, "base")
    rule = get_provision(provision)
    chosen = data.alliances[rule.mask(data.alliances, f"the alliance file of ATOP {data.version}")]
    first = data.first_year if first_signed is None else first_signed
    last = data.last_year if last_signed is None else last_signed
    chosen = chosen[chosen["begyr"].between(first, last)]
    pairs = founders(data).merge(chosen[["atopid", "begyr", "base"]].astype({"atopid": "int64"}), on="atopid")
    pairs = pairs[is_major(majors, pairs["member"], pairs["begyr"])]
    power = power_at_signing(data, nmc)[["atopid", "strongest"]]
    pairs = pairs.merge(power, on="atopid", how="left")
    pairs["one_way"] = pairs["base"].eq(3).fillna(False).astype(bool)
    pairs["known"] = pairs["strongest"].notna()
    pairs["strongest_one_way"] = pairs["one_way"] & pairs["strongest"].eq(pairs["member"]).fillna(False).astype(bool)
    names = majors.drop_duplicates("ccode").set_index("ccode")["stateabb"]

    def summary(part: pd.DataFrame) -> dict:
        n, known = len(part), int(part["known"].sum())
        return {"pacts": n, "one_way": int(part["one_way"].sum()),
                "one_way_share": round(part["one_way"].mean(), 4) if n else pd.NA,
                "pacts_with_cinc": known, "one_way_strongest": int(part["strongest_one_way"].sum()),
                "one_way_strongest_share": round(part["strongest_one_way"].sum() / known, 4) if known else pd.NA}

    rows = [{"ccode": int(c), "power": names.get(c, str(c)), **summary(part)} for c, part in pairs.groupby("member")]
    rows.append({"ccode": pd.NA, "power": "other great powers (pooled)", **summary(pairs[pairs["member"].ne(US)])})
    out = pd.DataFrame(rows)
    out["ccode"] = out["ccode"].astype("Int64")
    for column in ("one_way_share", "one_way_strongest_share"):
        out[column] = out[column].astype("Float64")
    return out
