"""Notebook 04's sentences: the memo's treaties as ATOP codes them, the exits it names (the Rio
Pact, France and NATO), and the U.S. system at the end of the years shown."""

from __future__ import annotations

import pandas as pd


def france_never_left(france: pd.DataFrame, nato_exits: pd.DataFrame, ccode: int = 220) -> bool:
    """True when France's last NATO membership spell runs to the end of coverage and ATOP records
    no French exit (``france``: :func:`atoplib.measures.membership_spells`; ``nato_exits``:
    :func:`atoplib.measures.member_exits`)."""
    return bool(not france.empty and france["in_force_at_end"].iloc[-1]) and ccode not in nato_exits["ccode"].tolist()


def france_sentence(france: pd.DataFrame, nato_exits: pd.DataFrame, nato: int, last_year: int) -> str:
    """France in NATO, in one sentence: since when, and whether an exit is recorded."""
    if france.empty:
        return f"France is not a member of NATO (ATOPID {nato}) in this release."
    first = int(france["entry_year"].min())
    if france_never_left(france, nato_exits):
        return (f"France in NATO (ATOPID {nato}): member from {first}, still a member at the end of {last_year}; "
                f"no exit recorded in 1966 or ever.")
    return f"France in NATO (ATOPID {nato}): member from {first}, an exit is recorded: see the rows above."


def us_system_summary(treaties: pd.DataFrame, rio: pd.DataFrame, nato_exits: pd.DataFrame, france_stayed: bool,
                      wide: pd.DataFrame, version: str, last_year: int, end_year: int) -> str:
    """The chapter's closing paragraph: treaties found and coded as defense pacts, those still in
    force, the Rio Pact's and NATO's exits, France, and the U.S. count in ``end_year``."""
    found = int(treaties["atopid"].notna().sum())
    defense = int(treaties["defense"].eq(1).sum())
    alive = int(treaties["in_force_at_end"].fillna(False).sum())
    ended = treaties.loc[treaties["in_force_at_end"].eq(False), "name"].tolist()
    nato_left = ", ".join(f"{s} {y} (termmode {m})" for s, y, m in
                          zip(nato_exits["state"], nato_exits["exit_year"], nato_exits["termmode"])) or "none"
    rio_left = ", ".join(f"{s} {y}" for s, y in zip(rio["state"], rio["exit_year"]))
    return (f"ATOP {version} has {found} of the memo's {len(treaties)} treaties, {defense} coded as defense "
            f"pacts; {alive} are still in force at the end of {last_year}"
            + (f" (ended: {'; '.join(ended)})" if ended else "") + ". "
            f"The Rio Pact lost {len(rio)} members ({rio_left}); "
            f"NATO's recorded exits: {nato_left}; France: {'never left' if france_stayed else 'an exit is recorded'}. "
            f"In {end_year} the U.S. belongs to {wide.loc[end_year, 'alliances_defense']} defense pacts with "
            f"{wide.loc[end_year, 'partners_defense']} defense-pact partners.")
