"""Readings of the memo's claim that the network gives the U.S. access: "Access refers to the U.S.
being able to more easily station and deploy its military forces".

ATOP's ``base`` (codebook 5.1, BASE) says whether an alliance provides for troops or bases on
another member's territory: 1 joint placement on neutral territory, 2 reciprocal, 3 one-way. It is
an alliance-level code: ATOP does not say which member stations and which hosts (see notebook 10),
so the readings that ask whether the U.S. is the one that stations read the strongest member at
signing (COW CINC) as the one that may.
"""

from __future__ import annotations

from ..measures import access
from .evidence import Evidence
from .rules import judge_first, pct
from .types import Finding, Reading

POOLED = "other great powers (pooled)"


def _share(code: str):
    def judge(ev: Evidence) -> Finding:
        access.require_code(ev.data, "base")
        alliances = ev.data.alliances
        provides = (alliances["base"].gt(0) if code == "any" else alliances["base"].eq(3)).fillna(False).astype(bool)
        us = alliances["atopid"].isin(ev.us_alliances())
        a, b = provides[us], provides[~us]
        ok = a.mean() > b.mean()
        kind = "a basing provision (base 1-3)" if code == "any" else "one-way basing (base = 3)"
        return Finding(f"U.S. alliances {pct(a.mean())} ({int(a.sum())} of {len(a)}); other alliances {pct(b.mean())} "
                       f"({int(b.sum())} of {len(b)})", "agree" if ok else "differ",
                       f"share of alliances (any obligation, all years) with {kind}: "
                       + ("higher for the U.S." if ok else "not higher for the U.S."))
    return judge


def _great_powers(first: int | None, pooled: bool):
    def judge(ev: Evidence) -> Finding:
        ev.need("majors", "nmc")
        table = access.great_power_access(ev.data, ev.majors, ev.nmc, first_signed=first).set_index("power")
        share = table["one_way_strongest_share"].astype("float64")
        since = f"signed {first}-{ev.data.last_year}" if first else "all years"
        if pooled:
            us, rest = share.get("USA"), share.get(POOLED)
            ok = us > rest
            return Finding(f"U.S. {pct(us)}; other great powers pooled {pct(rest)} ({since})", "agree" if ok else "differ",
                           "one-way basing as the strongest member at signing: "
                           + ("more often for the U.S." if ok else "not more often for the U.S."))
        single = share.drop(POOLED, errors="ignore").dropna()
        names = ev.states.set_index("stateabb")["statenme"] if ev.states is not None else None
        values = {(names.get(p, p) if names is not None else p): float(v) for p, v in single.items()}
        us_name = names.get("USA", "USA") if names is not None else "USA"
        ranked = sorted(values.items(), key=lambda kv: -kv[1])
        measured = f"one-way basing as the strongest member, {since}: " + "; ".join(f"{p} {pct(v)}" for p, v in ranked)
        return judge_first(values, us_name, measured, "one-way basing as the strongest member")
    return judge


def access_readings() -> tuple[Reading, ...]:
    return (
        Reading("basing-share", "stated", "a larger share of U.S. alliances than of other alliances provides for "
                "troops or bases on a member's territory (ATOP base 1-3)", "'Access refers to the U.S. being able to "
                "more easily station and deploy its military forces': the alliance texts that provide for stationing "
                "(codebook 5.1 BASE), against the rest", _share("any"), label="basing provisions, U.S. alliances against the rest"),
        Reading("one-way-share", "alternative", "the same for one-way basing only (base = 3)",
                "access read as stationing on a partner's soil without the reverse", _share("one-way"), label="one-way basing, U.S. alliances against the rest"),
        Reading("versus-great-powers", "alternative", "pacts the U.S. signed as a major power give one-way basing with "
                "the U.S. the strongest member at signing more often than the other great powers' pacts, pooled",
                "the U.S. as the one that stations: the strongest member (COW CINC) in a one-way basing pact",
                _great_powers(None, pooled=True), label="one-way basing as the strongest, against other great powers pooled"),
        Reading("versus-each-great-power-since-1946", "alternative", "since 1946, the U.S. has the highest such share "
                "of every major power", "the comparison within the post-war system, power by power (rule 3)",
                _great_powers(1946, pooled=False), label="the same against each great power since 1946"),
    )
