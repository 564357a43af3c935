"""The exhibits of chapter 04: the U.S. alliance system in the data -- the treaties the memo names,
found by query, with ATOP's codes; who left the Rio Pact and NATO, and how ATOP codes it; France's
membership of NATO; and the alliances and partners the United States has had each year.

Each treaty is found by its query (:data:`atoplib.memo.treaties.MEMO_TREATIES`), never by a typed
ATOPID, so every exhibit works on any release; a treaty a release lacks is shown as not found.
Raw ATOP codes are shown with their meaning (codebook 5.1). Nothing here judges the memo: the
verdicts are the ledger's.
"""

from __future__ import annotations

import pandas as pd

from ..data.cow import US, add_state_names
from ..measures.partners import alliances_of_state_by_year, by_provision_wide, state_partners_by_year, years_within
from ..measures.treaties import TERMCAUS, TERMMODE, member_exits, membership_spells
from ..measures.trends import COLD_WAR
from ..memo.rules import years_text
from ..memo.treaties import asymmetric_member_codes, memo_treaties, rio_pact_exits
from .exhibits import Exhibit
from .figures import PALETTE, line_figure, source_note

CHAPTER = "04-us-alliance-system"
FRANCE = 220
#: Years the table of U.S. alliances and partners shows when they fall in the years chosen.
SYSTEM_YEARS = (1920, COLD_WAR[0], 1950, 1960, COLD_WAR[1], 2000)
#: The provisions of the two yearly figures (alliance-level codes, as in the memo's Figures 1 and 2).
ALLIANCE_PROVISIONS = ("any", "defense", "consult-only")
PARTNER_PROVISIONS = ("any", "defense")
#: The wide table's columns in words.
SYSTEM_COLUMNS = {"alliances_any": "alliances", "alliances_defense": "defense pacts",
                  "alliances_consult-only": "consultation only", "partners_any": "partners",
                  "partners_defense": "defense partners"}
#: ATOP's alliance-level codes of the treaty table, in words.
TREATY_CODES = {"defense": "defense promise (defense)", "consul": "consultation promise (consul)",
                "asymm": "obligations differ (asymm)"}
NOT_FOUND = "(not found in this release)"


def _coded(codes: pd.Series, table: dict[int, str]) -> pd.Series:
    """ATOP codes with their meaning: ``3: broken before its scheduled termination date``."""
    return codes.map(lambda c: "not coded" if pd.isna(c) else f"{int(c)}: {table.get(int(c), 'not in the codebook')}"
                     ).astype("object")


# --------------------------------------------------------------------------- the memo's treaties

def treaties(ctx) -> pd.DataFrame:
    """:func:`atoplib.memo.treaties.memo_treaties` on this release, with COW names."""
    return ctx.cached("memo-treaties", lambda: memo_treaties(ctx.data, ctx.states))


def _treaty_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame.assign(members=frame["members"].where(frame["atopid"].notna(), NOT_FOUND))
    return shown.rename(columns={"name": "treaty", "atopid": "ATOPID", "members": "members, in order of entry"})[
        ["treaty", "ATOPID", "signed", "members, in order of entry"]]


def _treaty_codes(ctx) -> pd.DataFrame:
    table = treaties(ctx)
    out = pd.DataFrame({"treaty": table["name"], "members": table["n_members"].where(table["atopid"].notna())})
    for column, label in TREATY_CODES.items():
        out[label] = table[column].map(lambda v: pd.NA if pd.isna(v) else bool(v == 1)).astype("boolean")
    out[f"in force in {ctx.data.last_year}"] = table["in_force_at_end"]
    return out


def _asymmetric_members(ctx) -> pd.DataFrame:
    table = treaties(ctx)
    codes = asymmetric_member_codes(ctx.data, table)
    codes = add_state_names(codes, code="member", abbreviation=None, name="state", states=ctx.states)
    codes = codes.merge(table[["atopid", "name"]].dropna(subset=["atopid"]).astype({"atopid": "int64"}), on="atopid")
    return pd.DataFrame({
        "treaty": codes["name"], "state": codes["state"], "phase": codes["phase"],
        "promises defense (defense)": codes["defense"].eq(1), "promises to consult (consul)": codes["consul"].eq(1),
    })


def _found(ctx) -> str:
    table = treaties(ctx)
    found = table[table["atopid"].notna()]
    missing = table.loc[table["atopid"].isna(), "name"].tolist()
    ended = found.loc[found["in_force_at_end"].eq(False), "name"].tolist()
    parts = [f"ATOP {ctx.version} holds {len(found)} of the {len(table)} treaties the memo names, found by signing "
             f"year and members" + (f" (not found: {'; '.join(missing)})" if missing else "") + "."]
    if len(found):
        parts.append(f"Of those, coded defense = 1: {int(found['defense'].eq(1).sum())}; asymm = 1: "
                     f"{int(found['asymm'].eq(1).sum())}; in force at the end of {ctx.data.last_year}: "
                     f"{int(found['in_force_at_end'].sum())}"
                     + (f" (ended: {'; '.join(ended)})" if ended else "") + ".")
    return " ".join(parts)


TREATIES = (
    Exhibit("us-treaties", "table", CHAPTER, "The treaties the memo names, as ATOP codes them",
            lambda ctx: treaties(ctx)[["atopid", "name", "signed", "members"]], view=_treaty_view,
            note="Each treaty is found by its signing year (begyr), members it must have and its size; every state "
                 "ever a member is listed."),
    Exhibit("us-treaty-codes", "table", CHAPTER, "ATOP's alliance-level codes for the memo's treaties",
            _treaty_codes, save=False,
            note="yes: ATOP codes 1 on the alliance level (at least one member takes the obligation; for asymm, "
                 "the members' obligations differ); members: every state ever a member."),
    Exhibit("us-treaties-found", "text", CHAPTER, "The memo's treaties in this release", _found),
    Exhibit("us-asymmetric-treaty-members", "table", CHAPTER,
            "Who promises what in the memo's treaties coded asymm = 1 (member-level codes)", _asymmetric_members,
            save=False, note="yes: the member's own code is 1 in that phase."),
)


# --------------------------------------------------------------------------- exits: Rio, NATO, France

def _rio(ctx) -> pd.DataFrame:
    return ctx.cached("rio-exits", lambda: rio_pact_exits(ctx.data, ctx.states))


def _exit_view(ctx, exits: pd.DataFrame) -> pd.DataFrame:
    named = add_state_names(exits[["ccode"]], abbreviation=None, name="state", states=ctx.states)
    return pd.DataFrame({
        "state": named["state"], "joined": exits["entry_year"], "left": exits["exit_year"],
        "how it ended (termmode)": _coded(exits["termmode"], TERMMODE),
        "why (termcaus)": _coded(exits["termcaus"], TERMCAUS),
    })


def _nato(ctx) -> int | None:
    return ctx.evidence.treaty("North Atlantic")


def _nato_exits(ctx) -> pd.DataFrame:
    atopid = _nato(ctx)
    if atopid is None:  # the release has no NATO: no exits to show (the text says it is not found)
        return pd.DataFrame({c: pd.Series(dtype="Int64") for c in ("ccode", "entry_year", "exit_year", "termmode",
                                                                   "termcaus")})
    return ctx.cached("nato-exits", lambda: member_exits(ctx.data, atopid))


def _france(ctx) -> pd.DataFrame:
    atopid = _nato(ctx)
    columns = ["phase", "joined", "left", f"still a member at the end of {ctx.data.last_year}",
               "how the phase ended (termmode)", "why (termcaus)"]
    if atopid is None:
        return pd.DataFrame(columns=columns)
    rows = membership_spells(ctx.data, atopid, FRANCE)
    return pd.DataFrame(dict(zip(columns, (
        rows["phase"], rows["entry_year"], rows["exit_year"].astype("Int64"), rows["in_force_at_end"],
        _coded(rows["termmode"].astype("Int64"), TERMMODE), _coded(rows["termcaus"].astype("Int64"), TERMCAUS)))))


def _france_text(ctx) -> str:
    atopid = _nato(ctx)
    if atopid is None:
        return f"No alliance in ATOP {ctx.version} matches the North Atlantic Treaty's query."
    rows = membership_spells(ctx.data, atopid, FRANCE)
    if rows.empty:
        return f"France (COW {FRANCE}) has no membership row in NATO (ATOPID {atopid})."
    exits = _nato_exits(ctx)
    left = exits.loc[exits["ccode"].eq(FRANCE), "exit_year"]
    phases = len(rows)
    last = (f"still a member at the end of {ctx.data.last_year}" if bool(rows["in_force_at_end"].iloc[-1])
            else f"its last membership row ends in {int(rows['exit_year'].iloc[-1])}")
    return (f"France in NATO (ATOPID {atopid}): a member from {int(rows['entry_year'].min())} in {phases} "
            f"membership row{'s' if phases != 1 else ''} (phases), {last}; exits ATOP records for France: "
            + (years_text(left) if len(left) else "none") + ".")


def _nato_title(ctx) -> str:
    atopid = _nato(ctx)
    return f"Members that left NATO (ATOPID {atopid}) while it went on" if atopid else "Members that left NATO"


EXITS = (
    Exhibit("rio-pact-exits", "table", CHAPTER, "Members that left the Rio Pact while it went on",
            lambda ctx: _rio(ctx)[["ccode", "state", "exit_year"]], view=lambda ctx, frame: _exit_view(ctx, _rio(ctx)),
            note="An exit: a membership ends (yrexit) for a reason other than the alliance moving into a new phase "
                 "(termmode 2), while the alliance goes on; codes as in the ATOP 5.1 codebook (2.32)."),
    Exhibit("nato-france-membership", "table", CHAPTER, "France's membership rows in NATO", _france, save=False,
            note="One row per membership phase (member file); a blank year left: still a member."),
    Exhibit("nato-france", "text", CHAPTER, "France in NATO", _france_text),
    Exhibit("nato-exits", "table", CHAPTER, _nato_title, _nato_exits, view=_exit_view, save=False,
            note="The same rule as the Rio Pact's exits."),
)


# --------------------------------------------------------------------------- the U.S. each year

def _alliances(ctx) -> pd.DataFrame:
    return ctx.cached("us-alliances", lambda: alliances_of_state_by_year(ctx.data, US, ALLIANCE_PROVISIONS,
                                                                         ctx.start_year, ctx.end_year))


def _partners(ctx) -> pd.DataFrame:
    return ctx.cached("us-partners", lambda: state_partners_by_year(ctx.data, US, PARTNER_PROVISIONS,
                                                                    ctx.start_year, ctx.end_year))


def _alliances_note(ctx) -> str:
    return source_note(
        ctx.version, f"member file {ctx.member_file} and alliance file {ctx.alliance_file}",
        "alliances with a U.S. membership in force that year (yrent <= year <= yrexit, or still a member), "
        "by alliance-level code: any alliance; defense = 1; consul = 1 and defense = 0")


def _partners_note(ctx) -> str:
    return source_note(
        ctx.version, f"member file {ctx.member_file}",
        "distinct states sharing an alliance in force with the U.S. that year (any); of those, "
        "pairs in which at least one promises the other defense (member-level defense = 1)")


def _alliances_figure(ctx, frame: pd.DataFrame):
    return line_figure(frame, "U.S. alliances in force, by provision", "Alliances", _alliances_note(ctx),
                       y="count", hue="provision", colors={name: PALETTE[name] for name in ALLIANCE_PROVISIONS})


def _partners_figure(ctx, frame: pd.DataFrame):
    return line_figure(frame, "Distinct U.S. alliance partners", "States", _partners_note(ctx),
                       y="partners", hue="provision", colors={name: PALETTE[name] for name in PARTNER_PROVISIONS})


def _wide(ctx) -> pd.DataFrame:
    return by_provision_wide(_alliances(ctx), _partners(ctx))


def _system_years(ctx) -> pd.DataFrame:
    shown = years_within(None, ctx.start_year, ctx.end_year, (*SYSTEM_YEARS, ctx.end_year))
    table = _wide(ctx).loc[shown].rename_axis(columns=None).reset_index()
    return table[["year", *SYSTEM_COLUMNS]].rename(columns=SYSTEM_COLUMNS)


def _today(ctx) -> str:
    row = _wide(ctx).loc[ctx.end_year]
    return (f"In {ctx.end_year} the U.S. belongs to {int(row['alliances_any'])} alliances, "
            f"{int(row['alliances_defense'])} of them defense pacts and {int(row['alliances_consult-only'])} "
            f"consultative pacts without defense; it shares an alliance with {int(row['partners_any'])} states, "
            f"{int(row['partners_defense'])} of them defense-pact partners.")


YEARLY = (
    Exhibit("us-alliances-by-provision", "figure", CHAPTER, "U.S. alliances in force, by provision", _alliances,
            draw=_alliances_figure, note=_alliances_note),
    Exhibit("us-partners-by-provision", "figure", CHAPTER, "Distinct U.S. alliance partners", _partners,
            draw=_partners_figure, note=_partners_note),
    Exhibit("us-system-selected-years", "table", CHAPTER, "U.S. alliances and partners in selected years",
            _system_years, save=False,
            note="Alliances: the U.S.'s own memberships in force that year; defense pacts: alliance-level "
                 "defense = 1; consultation only: consul = 1 and defense = 0. Partners: distinct states sharing an "
                 "alliance with the U.S.; defense partners: those sharing one in which at least one of the two "
                 "promises the other defense."),
    Exhibit("us-system-today", "text", CHAPTER, "The U.S. system in the last year shown", _today),
)

EXHIBITS = (*TREATIES, *EXITS, *YEARLY)
