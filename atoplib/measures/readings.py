"""Counting rules the memo's words admit: which alliances are in force, and with which obligations.

ATOP codes obligations at three levels, and each gives a defensible count of "pacts with a defense
obligation" in a year:

``alliance``
    ATOP's alliance-level codes (``atopX_Ya``): 1 if any member takes the obligation in any phase
    (codebook 5.1, section 2.4). The memo's stated rule (Figure 1 and 2 notes). In force in year
    *y* when ``begyr <= y <= endyr`` (or still in force): the collection's one rule.
``alliance-year-end``
    The same codes, counted only if the alliance is still in force on 31 December of *y*: an
    alliance is not counted in the year it ends (the end-year convention).
``phase``
    The alliance-phase codes (``atopX_Yaph``): the obligations of the phase(s) in force in *y*
    (a year in which one phase ends and the next begins takes the codes of both). A release
    without an aph file (4.01) has no phase-level reading.
``member``
    The member-level codes (``atopX_Ym``): the obligations held by the members whose membership
    is in force in *y* (any member holding it suffices).

Within a year the codes of the rows in force are combined by "any" (the alliance level's own
rule, restricted to that year), and a provision is then applied to the combined codes.

**Forms.** ATOP's obligations are not mutually exclusive (codebook 5.1, section 1.51). To speak
of "the most common form" each pact is given one form, its highest obligation in an order of
obligations. Section 1.51 ranks them in two tiers: promises of active military support (defense,
offense) above promises of cooperation short of it (neutrality, non-aggression, consultation),
consultation pacts being "more vague in their commitments to joint action than defense pacts and
offense pacts". It does not order the second tier, so :data:`HIERARCHIES` holds the defensible
orders: consultation last or first in the second tier, and the memo's own figure classes
(defense first, then consultation without defense as in Figure 2).

Pure measures: ATOP data in, tidy frames out, no prose.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import SchemaError

from ..data.checks import checked
from ..data.schema import OBLIGATIONS, check_dates, read_table
from ..data.tables import AtopData
from .provisions import Provision, get_provision
from .trends import alliance_years, membership_years, year_range

#: The codes a counting rule yields per alliance-year: the five obligations and ``active``
#: (defense or offense: ATOP's "pacts of active assistance", codebook 5.1 section 2.33).
CODES = OBLIGATIONS + ("active",)

#: The counting rules for pacts in force, in the order they are reported.
COUNTING_RULES = ("alliance", "alliance-year-end", "phase", "member")
RULE_TEXT = {
    "alliance": "alliance-level codes (ATOP's alliance file: any member, any phase), in force begyr-endyr",
    "alliance-year-end": "alliance-level codes, counted only if still in force on 31 December (not in its last year)",
    "phase": "phase-level codes (ATOP's alliance-phase file): the obligations of the phase in force that year",
    "member": "member-level codes: an alliance counts if a member in force that year holds the obligation",
}

#: The rules for what a pact promised when it was signed.
SIGNING_RULES = ("alliance", "first-phase", "founding-members")
SIGNING_RULE_TEXT = {
    "alliance": "alliance-level codes (any member, any phase)",
    "first-phase": "the codes of the alliance's first phase (ATOP's alliance-phase file)",
    "founding-members": "member-level codes of the members who joined in the signing year",
}

#: Orders of obligations that give each pact one form (highest obligation first); see the module text.
HIERARCHIES = {
    "consultation-last": ("defense", "offense", "neutral", "nonagg", "consul"),
    "consultation-first": ("defense", "offense", "consul", "neutral", "nonagg"),
    "memo-figures": ("defense", "consul", "offense", "neutral", "nonagg"),
}
HIERARCHY_TEXT = {
    "consultation-last": "defense > offense > neutrality > non-aggression > consultation "
                         "(a consultation pact promises nothing else)",
    "consultation-first": "defense > offense > consultation > neutrality > non-aggression "
                          "(consultation heads the codebook's second tier)",
    "memo-figures": "defense > consultation > offense > neutrality > non-aggression "
                    "(the memo's Figure 1, then Figure 2's consultation without defense)",
}
FORM_NAMES = {
    "defense": "defense pact", "offense": "offense pact", "neutral": "neutrality pact",
    "nonagg": "non-aggression pact", "consul": "consultation pact",
}

#: Active military support: defense or offense (ATOP's ``active``), as a provision on the codes.
ACTIVE = Provision("active", "Pacts of active assistance", (("active", 1),),
                   "Defense or offense promised (ATOP's active = 1, codebook 5.1 section 2.33).")
PHASE_COLUMNS = ("atopid", "phase", "begyr", "endyr") + OBLIGATIONS


# --------------------------------------------------------------------------- tables

def _with_active(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in OBLIGATIONS:
        frame[column] = frame[column].fillna(0).astype("int64")
    frame["active"] = (frame["defense"].eq(1) | frame["offense"].eq(1)).astype("int64")
    return frame


@checked
def has_phases(data: AtopData) -> bool:
    """Whether the release has ATOP's alliance-phase file (5.1 does, 4.01 does not)."""
    return "aph" in data.release.files


@checked
def phase_table(data: AtopData) -> pd.DataFrame | None:
    """ATOP's alliance-phase file, one row per alliance-phase: ``atopid, phase, first_year,
    last_year, in_force_at_end`` and the codes :data:`CODES`; None when the release has none.
    ``last_year`` of a phase still in force (``endyr`` 0) is the coverage end."""
    if not has_phases(data):
        return None
    path = data.release.files["aph"]
    raw = read_table(path, PHASE_COLUMNS)
    check_dates(raw, path, "phase")  # months and days inside the codebook's ranges, as in the other files
    orphans = ~raw["atopid"].isin(data.alliances["atopid"])
    if orphans.any():
        row = int(np.flatnonzero(orphans.to_numpy())[0])
        raise SchemaError(
            f"{path}: data row {row + 1} has ATOPID {int(raw['atopid'].iloc[row])}, which is not in the "
            f"alliance file; the phase file must come from the same release"
        )
    ongoing = raw["endyr"].fillna(0).eq(0)
    out = pd.DataFrame({
        "atopid": raw["atopid"].astype("int64"),
        "phase": raw["phase"].fillna(0).astype("int64"),
        "first_year": raw["begyr"].astype("int64"),
        "last_year": raw["endyr"].mask(ongoing, data.last_year).astype("int64"),
        "in_force_at_end": ongoing.to_numpy(dtype=bool),
    })
    out = pd.concat([out, _with_active(raw[list(OBLIGATIONS)])], axis=1)
    return out.sort_values(["atopid", "phase"], kind="stable").reset_index(drop=True)


def _expand_years(frame: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    first = np.maximum(frame["first_year"].to_numpy(dtype="int64"), start)
    last = np.minimum(frame["last_year"].to_numpy(dtype="int64"), end)
    lengths = np.maximum(last - first + 1, 0)
    index = np.repeat(np.arange(len(frame)), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    out = frame[["atopid", *CODES]].iloc[index].reset_index(drop=True)
    out["year"] = np.repeat(first, lengths) + offsets
    return out


@checked
def alliance_year_codes(data: AtopData, rule: str = "alliance", start_year: int | None = None,
                        end_year: int | None = None) -> pd.DataFrame | None:
    """One row per alliance and year in force under a counting rule (:data:`COUNTING_RULES`):
    ``atopid, year`` and the codes :data:`CODES` (0/1) that rule gives that year.
    None for the ``phase`` rule when the release has no alliance-phase file."""
    start, end = year_range(data, start_year, end_year)
    if rule in ("alliance", "alliance-year-end"):
        years = alliance_years(data, None, start, end, columns=OBLIGATIONS)
        if rule == "alliance-year-end":
            ends = data.alliances.set_index("atopid")["endyr"]
            last = years["atopid"].map(ends)
            years = years[~last.eq(years["year"]).fillna(False).to_numpy(dtype=bool)]
        out = _with_active(years)
    elif rule == "phase":
        phases = phase_table(data)
        if phases is None:
            return None
        out = _expand_years(phases, start, end)
    elif rule == "member":
        out = _with_active(membership_years(data, None, start, end, columns=OBLIGATIONS))
    else:
        raise ValueError(f"unknown counting rule {rule!r}; known: {', '.join(COUNTING_RULES)}")
    out = out.groupby(["atopid", "year"], as_index=False, sort=True)[list(CODES)].max()
    out["atopid"] = out["atopid"].astype("int64")
    out["year"] = out["year"].astype("int64")
    return out[["atopid", "year", *CODES]]


def _provision(provision: str | Provision) -> Provision:
    return ACTIVE if provision == "active" else get_provision(provision)


@checked
def counts_under_rule(data: AtopData, provision: str | Provision, rule: str = "alliance",
                      start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame | None:
    """Alliances in force each year meeting ``provision`` under one counting rule: ``year, count``
    (every year of the range listed); None when the release lacks the rule's file."""
    start, end = year_range(data, start_year, end_year)
    codes = alliance_year_codes(data, rule, start, end)
    if codes is None:
        return None
    chosen = codes[_provision(provision).mask(codes, f"the {rule}-level codes of ATOP {data.version}")]
    counts = chosen.groupby("year").size().reindex(range(start, end + 1), fill_value=0)
    return pd.DataFrame({"year": counts.index.to_numpy(dtype="int64"), "count": counts.to_numpy(dtype="int64")})


@checked
def counts_under_rules(data: AtopData, provision: str | Provision, rules: tuple[str, ...] = COUNTING_RULES,
                       start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """:func:`counts_under_rule` for several rules, long: ``year, rule, count`` (a rule the release
    cannot apply, such as ``phase`` without an aph file, is left out)."""
    frames = []
    for rule in rules:
        counts = counts_under_rule(data, provision, rule, start_year, end_year)
        if counts is not None:
            frames.append(counts.assign(rule=rule))
    return pd.concat(frames, ignore_index=True)[["year", "rule", "count"]]


@checked
def counts_band(data: AtopData, provision: str | Provision, rules: tuple[str, ...] = COUNTING_RULES,
                start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """The band across counting rules each year: ``year, low, high, rules`` (``rules``: how many
    rules the release can apply), from :func:`counts_under_rules`."""
    long = counts_under_rules(data, provision, rules, start_year, end_year)
    band = long.groupby("year")["count"].agg(low="min", high="max", rules="size").reset_index()
    return band.astype({"year": "int64", "low": "int64", "high": "int64", "rules": "int64"})


# --------------------------------------------------------------------------- signing

@checked
def codes_at_signing(data: AtopData, rule: str = "alliance") -> pd.DataFrame | None:
    """One row per alliance: ``atopid, begyr`` and the codes :data:`CODES` it had when signed under
    a signing rule (:data:`SIGNING_RULES`); None for ``first-phase`` without an aph file."""
    alliances = data.alliances[["atopid", "begyr"]].astype("int64")
    if rule == "alliance":
        codes = _with_active(data.alliances[["atopid", *OBLIGATIONS]])
    elif rule == "first-phase":
        phases = phase_table(data)
        if phases is None:
            return None
        codes = phases.sort_values(["atopid", "phase"], kind="stable").drop_duplicates("atopid")
    elif rule == "founding-members":
        members = data.members.merge(alliances, on="atopid")
        founders = members[members["yrent"].eq(members["begyr"]).fillna(False).to_numpy(dtype=bool)]
        codes = _with_active(founders[["atopid", *OBLIGATIONS]]).groupby("atopid", as_index=False)[list(CODES)].max()
    else:
        raise ValueError(f"unknown signing rule {rule!r}; known: {', '.join(SIGNING_RULES)}")
    out = alliances.merge(codes[["atopid", *CODES]].astype("int64"), on="atopid", how="left")
    out[list(CODES)] = out[list(CODES)].fillna(0).astype("int64")
    return out.sort_values("atopid", kind="stable").reset_index(drop=True)


@checked
def signed_counts(data: AtopData, provision: str | Provision, rule: str = "alliance",
                  first_year: int | None = None, last_year: int | None = None) -> dict | None:
    """Alliances signed (``begyr``) in ``first_year``-``last_year`` and how many meet ``provision``
    under a signing rule: ``{"signed", "count", "share"}``; None when the rule is not available."""
    codes = codes_at_signing(data, rule)
    if codes is None:
        return None
    first = data.first_year if first_year is None else first_year
    last = data.last_year if last_year is None else last_year
    window = codes[codes["begyr"].between(first, last)]
    count = int(_provision(provision).mask(window).sum())
    return {"signed": len(window), "count": count, "share": count / len(window) if len(window) else float("nan")}


# --------------------------------------------------------------------------- forms

@checked
def form_of(codes: pd.DataFrame, hierarchy: str) -> pd.Series:
    """Each row's form: its highest obligation under ``hierarchy`` (:data:`HIERARCHIES`), named as
    in :data:`FORM_NAMES`; ``none`` when it has no obligation coded."""
    order = HIERARCHIES[hierarchy]
    form = pd.Series("none", index=codes.index, dtype="object")
    for obligation in reversed(order):
        form = form.mask(codes[obligation].eq(1).to_numpy(dtype=bool), FORM_NAMES[obligation])
    return form


@checked
def form_counts(codes: pd.DataFrame, hierarchy: str) -> pd.DataFrame:
    """How many rows of ``codes`` take each form: ``form, count, share, rank`` (every form listed,
    most common first; ``rank`` 1 is the plurality, ties share a rank)."""
    forms = form_of(codes, hierarchy)
    names = [FORM_NAMES[o] for o in HIERARCHIES[hierarchy]]
    counts = forms.value_counts().reindex(names, fill_value=0)
    out = pd.DataFrame({"form": names, "count": counts.to_numpy(dtype="int64")})
    out["share"] = (out["count"] / max(int(out["count"].sum()), 1)).round(4)
    out["rank"] = out["count"].rank(method="min", ascending=False).astype("int64")
    return out.sort_values(["rank", "form"], kind="stable").reset_index(drop=True)


@checked
def forms_in_force(data: AtopData, year: int, hierarchy: str, rule: str = "alliance") -> pd.DataFrame | None:
    """:func:`form_counts` over the alliances in force in ``year`` under a counting rule."""
    codes = alliance_year_codes(data, rule, year, year)
    return None if codes is None else form_counts(codes, hierarchy)


@checked
def forms_signed(data: AtopData, first_year: int, last_year: int, hierarchy: str,
                 rule: str = "alliance") -> pd.DataFrame | None:
    """:func:`form_counts` over the alliances signed in ``first_year``-``last_year`` (signing rule)."""
    codes = codes_at_signing(data, rule)
    if codes is None:
        return None
    return form_counts(codes[codes["begyr"].between(first_year, last_year)], hierarchy)
