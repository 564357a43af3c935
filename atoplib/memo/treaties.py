"""The memo's named treaties (NATO, the Rio Pact, U.S.-Japan 1951/1960, U.S.-Philippines,
U.S.-South Korea, ANZUS) as queries, found in any release, and the Rio Pact's exits."""

from __future__ import annotations

import pandas as pd

from ..data.cow import US, add_state_names, load_states
from ..data.tables import AtopData
from ..measures.treaties import TreatyQuery, find_treaty, member_exits, treaty_members

#: The treaties the memo names, as queries (COW codes: 2 USA, 20 Canada, 200 UK, 220 France,
#: 70 Mexico, 140 Brazil, 160 Argentina, 740 Japan, 840 Philippines, 732 South Korea,
#: 900 Australia, 920 New Zealand).
MEMO_TREATIES = (
    TreatyQuery("North Atlantic Treaty (NATO)", 1949, (US, 20, 200, 220), min_founders=12),
    TreatyQuery("Rio Pact (Inter-American Treaty of Reciprocal Assistance)", 1947, (US, 70, 140, 160), min_founders=15),
    TreatyQuery("U.S.-Japan Security Treaty", 1951, (US, 740), bilateral=True),
    TreatyQuery("U.S.-Japan Treaty of Mutual Cooperation and Security", 1960, (US, 740), bilateral=True),
    TreatyQuery("U.S.-Philippines Mutual Defense Treaty", 1951, (US, 840), bilateral=True),
    TreatyQuery("U.S.-South Korea Mutual Defense Treaty", 1953, (US, 732), bilateral=True),
    TreatyQuery("ANZUS (Australia, New Zealand, United States)", 1951, (US, 900, 920), founders=3),
)
#: Pacts named in tables: the memo's treaties and five others, found by members and signing year
#: (COW: 40 Cuba, 41 Haiti, 770 Pakistan, 365 Soviet Union/Russia, 290 Poland, 310 Hungary,
#: 315 Czechoslovakia, 371 Armenia, 705 Kazakhstan, 710 China).
NAMED_TREATIES = MEMO_TREATIES + (
    TreatyQuery("Charter of the Organization of American States", 1948, (US, 40, 41), min_founders=21),
    TreatyQuery("Manila Pact (SEATO)", 1954, (US, 200, 220, 770), min_founders=8),
    TreatyQuery("Warsaw Pact", 1955, (365, 290, 310, 315), min_founders=8),
    TreatyQuery("Collective Security Treaty (Tashkent)", 1992, (365, 371, 705), min_founders=6),
    TreatyQuery("Sino-Russian Treaty of Friendship", 2001, (365, 710), bilateral=True),
)
#: The ATOPIDs the memo itself gives ("the 2001 Sino-Russia Treaty is ATOPID 4980, while the North
#: Atlantic Treaty is ATOPID 3180"); the collection finds treaties by query and checks these.
NATO_ATOPID = 3180
SINO_RUSSIAN_ATOPID = 4980
#: The year the North Atlantic Treaty was signed.
NATO_SIGNED = 1949


def memo_treaties(
    data: AtopData, states: pd.DataFrame | None = None, queries: tuple[TreatyQuery, ...] = MEMO_TREATIES
) -> pd.DataFrame:
    """The memo's treaties as found in ``data``, one row each:
    ``atopid, name, signed, members, n_members, defense, consul, asymm, in_force_at_end, query``.

    ``members`` lists every state that was ever a member (COW names, in order of entry);
    ``defense``, ``consul`` and ``asymm`` are ATOP's alliance-level codes (1 if any member takes
    the obligation; ``asymm`` 1 if obligations differ among members)."""
    if states is None:
        states = load_states()
    alliances = data.alliances.set_index("atopid")
    rows = []
    for query in queries:
        atopid = find_treaty(data, query)
        row = {"atopid": atopid, "name": query.name, "signed": query.signed, "members": "", "n_members": 0,
               "defense": pd.NA, "consul": pd.NA, "asymm": pd.NA, "in_force_at_end": pd.NA,
               "query": query.describe()}
        if atopid is not None:
            members = add_state_names(treaty_members(data, atopid), name="name", states=states)
            code = alliances.loc[atopid]
            row.update(
                signed=int(code["begyr"]),
                members="; ".join(members["name"]),
                n_members=len(members),
                in_force_at_end=bool(code["in_force_at_end"]),
                **{c: code[c] if c in alliances.columns else pd.NA for c in ("defense", "consul", "asymm")},
            )
        rows.append(row)
    out = pd.DataFrame(rows)
    out["atopid"] = out["atopid"].astype("Int64")
    for column in ("defense", "consul", "asymm"):
        out[column] = out[column].astype("Int64")
    out["in_force_at_end"] = out["in_force_at_end"].astype("boolean")
    return out


def rio_pact_exits(data: AtopData, states: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who left the Rio Pact (found by its query in :data:`MEMO_TREATIES`) and when; the columns
    of :func:`member_exits`, the first three being the output contract ``ccode, state, exit_year``
    reordered: ``ccode, state, exit_year, name, entry_year, termmode, ...``."""
    query = next(q for q in MEMO_TREATIES if q.name.startswith("Rio Pact"))
    atopid = find_treaty(data, query)
    if atopid is None:
        columns = ["ccode", "state", "exit_year", "name", "entry_year",
                   "termmode", "termmode_meaning", "termcaus", "termcaus_meaning"]
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    exits = add_state_names(member_exits(data, atopid), name="name", states=states)
    first = ["ccode", "state", "exit_year"]
    return exits[first + [c for c in exits.columns if c not in first]]


def asymmetric_member_codes(data: AtopData, treaties: pd.DataFrame, columns: tuple[str, ...] = ("defense", "consul")) -> pd.DataFrame:
    """The member rows of the memo's treaties that ATOP codes ``asymm = 1`` (from :func:`memo_treaties`):
    ``atopid, member, phase`` and the member-level ``columns``: who promises what to whom."""
    asymmetric = treaties.loc[treaties["asymm"].eq(1), "atopid"].dropna().astype(int).tolist()
    rows = data.members["atopid"].isin(asymmetric)
    return data.members.loc[rows, ["atopid", "member", "phase", *columns]]
