"""Beyond the memo's figures: persistence, access and "would NATO get Article 5 today?" as
readings for the claims ledger, and the verdict sentences notebooks 09-11 print.

:data:`READINGS` maps five claim ids to their readings; each judge takes an
:class:`~atoplib.memo.types.Evidence` and returns a :class:`~atoplib.memo.types.Finding`. A judge
that needs a COW table the evidence lacks (``nmc``, ``majors``) returns status ``n/a`` naming it.
The rules (groups, spells, basing reading, model) are those of :mod:`atoplib.measures.persistence`,
:mod:`~atoplib.measures.access` and :mod:`~atoplib.measures.signing`; thresholds live here, once.
"""

from __future__ import annotations

import pandas as pd

from ..data.cow import US
from ..errors import AtopError
from ..measures import access, persistence, signing
from ..measures.treaties import TreatyQuery, find_treaty
from .treaties import MEMO_TREATIES
from .types import Evidence, Finding, Reading
from .verdicts import pct

#: "Not at scale": the share of ended U.S. defense-pact member spells that end in the member's
#: own exit stays below each of these.
EXIT_THRESHOLDS = (0.10, 0.25)
#: "Points of tension" the memo names that fall inside ATOP's coverage, as years to check for exits.
TENSION_YEARS = {"France leaves NATO's integrated command": (1966, 1967), "the invasion of Iraq": (2003, 2004)}
#: Pacts named in tables: the memo's treaties and five others, found by members and signing year
#: (COW: 2 USA, 40 Cuba, 41 Haiti, 200 UK, 220 France, 770 Pakistan, 365 Soviet Union/Russia,
#: 290 Poland, 310 Hungary, 315 Czechoslovakia, 371 Armenia, 705 Kazakhstan, 710 China).
NAMED_TREATIES = MEMO_TREATIES + (
    TreatyQuery("Charter of the Organization of American States", 1948, (US, 40, 41), min_founders=21),
    TreatyQuery("Manila Pact (SEATO)", 1954, (US, 200, 220, 770), min_founders=8),
    TreatyQuery("Warsaw Pact", 1955, (365, 290, 310, 315), min_founders=8),
    TreatyQuery("Collective Security Treaty (Tashkent)", 1992, (365, 371, 705), min_founders=6),
    TreatyQuery("Sino-Russian Treaty of Friendship", 2001, (365, 710), bilateral=True),
)
#: The model's counterfactual: NATO's profile (ATOPID 3180) signed in 1949 and at the coverage end.
NATO_ATOPID, NATO_SIGNED = 3180, 1949


def _needs(ev: Evidence, *inputs: str) -> Finding | None:
    missing = [name for name in inputs if getattr(ev, name) is None]
    if not missing:
        return None
    what = {"nmc": "COW National Material Capabilities (COW_NMC_FILE)", "majors": "COW major powers (COW_MAJORS_FILE)"}
    return Finding("not measured", "n/a", f"needs {' and '.join(what[m] for m in missing)}, which was not given")


def _spells(ev: Evidence) -> pd.DataFrame:
    return ev.cached("beyond:spells", lambda: persistence.member_spells(ev.data))


def _shares(ev: Evidence) -> pd.DataFrame:
    return ev.cached("beyond:exit-shares", lambda: persistence.exit_shares(_spells(ev))).set_index("network")


def _survival(ev: Evidence) -> pd.DataFrame:
    return ev.cached("beyond:survival", lambda: persistence.survival_table(ev.data, ev.majors))


def _fit(ev: Evidence, spec: str) -> tuple[pd.DataFrame, "signing.ModelFit"]:
    features = ev.cached("beyond:features", lambda: signing.signing_features(ev.data, ev.majors, ev.nmc))
    return features, ev.cached(f"beyond:fit:{spec}", lambda: signing.fit_defense_model(features, spec))


# --------------------------------------------------------------------------- exits not at scale

def _exit_threshold(limit: float):
    def judge(ev: Evidence) -> Finding:
        row = _shares(ev).loc["U.S."].to_dict()
        share = float(row["left_share"])
        measured = f"{pct(share)} ({int(row['left'])} of {int(row['ended'])} ended spells)"
        return Finding(measured, "agree" if share < limit else "differ",
                       f"share of ended U.S. defense-pact member spells that ended in the member's own exit, "
                       f"against a limit of {pct(limit)}")
    return judge


def _exit_all_spells(ev: Evidence) -> Finding:
    row = _shares(ev).loc["U.S."].to_dict()
    share = row["left"] / row["spells"]
    return Finding(f"{pct(share)} ({int(row['left'])} of {int(row['spells'])} spells, still-members included)",
                   "agree" if share < EXIT_THRESHOLDS[0] else "differ",
                   f"own exits over every U.S. defense-pact member spell, against a limit of {pct(EXIT_THRESHOLDS[0])}")


def _exit_compared(ev: Evidence) -> Finding:
    shares = _shares(ev)["left_share"].astype(float)
    us, others = shares["U.S."], shares.drop("U.S.")
    status = "agree" if us <= others.min() else "partly" if us <= others.max() else "differ"
    measured = "; ".join(f"{n} {pct(v)}" for n, v in shares.items())
    return Finding(measured, status, "own-exit share of ended member spells in defense pacts: the U.S. network "
                   + {"agree": "has the lowest", "partly": "is between the others", "differ": "has the highest"}[status])


# --------------------------------------------------------------------------- robust system

def _median_value(value) -> float:
    return float("inf") if pd.isna(value) else float(value)


def _robust_median(ev: Evidence) -> Finding:
    if (missing := _needs(ev, "majors")) is not None:
        return missing
    medians = persistence.median_durations(_survival(ev)).set_index("group")["median_years"]
    us = _median_value(medians.get("U.S."))
    rest = {g: _median_value(v) for g, v in medians.items() if g != "U.S."}
    text = "; ".join(f"{g} {'not reached' if v == float('inf') else f'{v:.1f} years'}"
                     for g, v in [("U.S.", us), *rest.items()])
    return Finding(text, "agree" if all(us > v for v in rest.values()) else "differ",
                   "Kaplan-Meier median duration of defense pacts; 'not reached': more than half still in force")


def _robust_logrank(ev: Evidence) -> Finding:
    if (missing := _needs(ev, "majors")) is not None:
        return missing
    survival = _survival(ev)
    tests = persistence.logrank_tests(survival)
    pairs = tests[tests["comparison"].str.startswith("U.S. vs")]
    longer = persistence.median_durations(survival).set_index("group")["median_years"]
    us = _median_value(longer.get("U.S."))
    wins = [(r.comparison, r.p_value) for r in pairs.itertuples()
            if r.p_value < 0.05 and us > _median_value(longer.get(r.comparison.removeprefix("U.S. vs ")))]
    status = "agree" if len(wins) == len(pairs) and len(pairs) else "partly" if wins else "differ"
    measured = "; ".join(f"{r.comparison} p = {r.p_value:.4f}" for r in pairs.itertuples())
    return Finding(measured, status, f"U.S. defense pacts last significantly longer (log-rank, 5%) than {len(wins)} "
                   f"of {len(pairs)} other groups")


def _robust_in_force(ev: Evidence) -> Finding:
    groups = persistence.pact_groups(ev.data, None)
    alliances = ev.data.alliances.merge(groups[["atopid", "network"]], on="atopid")
    chosen = alliances[alliances["defense"].eq(1) & alliances["begyr"].ge(1945)]
    us = chosen[chosen["network"].eq("U.S.")]["in_force_at_end"]
    rest = chosen[chosen["network"].ne("U.S.")]["in_force_at_end"]
    return Finding(f"U.S. {pct(us.mean())} ({int(us.sum())} of {len(us)}); others {pct(rest.mean())} "
                   f"({int(rest.sum())} of {len(rest)})", "agree" if us.mean() > rest.mean() else "differ",
                   f"share of defense pacts signed since 1945 still in force at the end of {ev.data.last_year}")


# --------------------------------------------------------------------------- the alliance held

def _held_named(ev: Evidence) -> Finding:
    spells = _spells(ev)
    names = [q for q in MEMO_TREATIES if q.name.startswith(("North Atlantic", "U.S.-Japan Treaty of Mutual"))]
    lines, held = [], True
    for query in names:
        atopid = find_treaty(ev.data, query)
        if atopid is None:
            return Finding("not found", "n/a", f"ATOP {ev.version} has no alliance matching {query.name}")
        alive = bool(ev.data.alliances.loc[ev.data.alliances["atopid"].eq(atopid), "in_force_at_end"].iloc[0])
        left = int(spells[spells["atopid"].eq(atopid)]["ending"].eq("left").sum())
        held &= alive and left == 0
        lines.append(f"{query.name.split(' (')[0]}: {'in force' if alive else 'ended'}, {left} own exits")
    return Finding("; ".join(lines), "agree" if held else "differ",
                   "NATO (France 1966, Iraq 2003) and the U.S.-Japan treaty (bases) in force at the end of coverage "
                   "with no member's own exit; the 2026 Iran crisis is after ATOP's coverage")


def _held_tension_years(ev: Evidence) -> Finding:
    spells = _spells(ev)
    exits = spells[spells["network"].eq("U.S.") & spells["ending"].eq("left")]
    found = []
    for label, (first, last) in TENSION_YEARS.items():
        if last > ev.data.last_year:
            continue
        hit = exits[exits["exit_year"].between(first, last)]
        names = ev.states.set_index("ccode")["statenme"] if ev.states is not None else pd.Series(dtype=str)
        pacts = (persistence.pact_labels(ev.data, hit["atopid"], ev.states, NAMED_TREATIES).set_index("atopid")["pact"]
                 if ev.states is not None and len(hit) else pd.Series(dtype=str))
        found += [f"{label}: {names.get(r.member, f'COW {r.member}')} left "
                  f"{pacts.get(r.atopid, f'ATOPID {r.atopid}')} in {r.exit_year}" for r in hit.itertuples()]
    return Finding("; ".join(found) or "no exit", "agree" if not found else "partly",
                   "own exits from any U.S. defense pact in " + ", ".join(f"{a}-{b}" for a, b in TENSION_YEARS.values()))


def _held_no_break(ev: Evidence) -> Finding:
    groups = persistence.pact_groups(ev.data, None)
    pacts = ev.data.alliances.merge(groups[["atopid", "network"]], on="atopid")
    pacts = pacts[pacts["network"].eq("U.S.") & pacts["defense"].eq(1)]
    broken = pacts[pacts["term"].eq(2).fillna(False).astype(bool)] if "term" in pacts else pacts.iloc[0:0]
    share = len(broken) / len(pacts) if len(pacts) else 0.0
    status = "agree" if broken.empty else "partly" if share < 0.25 else "differ"
    labels = (persistence.pact_labels(ev.data, broken["atopid"], ev.states, NAMED_TREATIES).set_index("atopid")["pact"]
              if ev.states is not None and len(broken) else pd.Series(dtype=str))
    listed = ", ".join(f"{labels.get(r.atopid, f'ATOPID {r.atopid} ({r.begyr})')}, ended {r.endyr}"
                       for r in broken.itertuples()) or "none"
    return Finding(f"{len(broken)} of {len(pacts)} U.S. defense pacts ended broken: {listed}", status,
                   "U.S. defense pacts that ATOP codes as ended by violation or abrogation (term = 2)")


# --------------------------------------------------------------------------- access

def _access_pacts(ev: Evidence) -> Finding:
    ids = set(ev.data.members.loc[ev.data.members["member"].eq(US), "atopid"])
    alliances = ev.data.alliances
    one_way = alliances["base"].eq(3).fillna(False).astype(bool)
    us = alliances["atopid"].isin(ids)
    a, b = one_way[us], one_way[~us]
    return Finding(f"U.S. alliances {pct(a.mean())} ({int(a.sum())} of {len(a)}); others {pct(b.mean())} "
                   f"({int(b.sum())} of {len(b)})", "agree" if a.mean() > b.mean() else "differ",
                   "share of alliances (any provision, all years) with one-way basing (base = 3)")


def _access_great_powers(first: int | None, each: bool):
    def judge(ev: Evidence) -> Finding:
        if (missing := _needs(ev, "majors", "nmc")) is not None:
            return missing
        table = access.great_power_access(ev.data, ev.majors, ev.nmc, first_signed=first).set_index("power")
        share = table["one_way_strongest_share"].astype(float)
        us, pooled = share.get("USA"), share.get("other great powers (pooled)")
        single = share.drop(["USA", "other great powers (pooled)"], errors="ignore")
        top = single.idxmax() if single.notna().any() else None
        if ev.states is not None and top is not None:
            top = ev.states.set_index("stateabb")["statenme"].get(top, top)
        if each:
            status = "agree" if us > single.max() else "partly" if us > pooled else "differ"
            measured = f"U.S. {pct(us)}; highest other {top} {pct(single.max())}"
        else:
            status, measured = ("agree" if us > pooled else "differ"), f"U.S. {pct(us)}; other great powers {pct(pooled)}"
        since = f"signed {first}-{ev.data.last_year}" if first else "all years"
        return Finding(measured, status, f"pacts a major power signed ({since}) with one-way basing (base = 3) in "
                       "which it is the strongest member at signing (CINC), over those with CINC data")
    return judge


# --------------------------------------------------------------------------- NATO today

def _nato_today(spec: str):
    def judge(ev: Evidence) -> Finding:
        needs = ("majors",) if spec == "without asymmetry" else ("majors", "nmc")
        if (missing := _needs(ev, *needs)) is not None:
            return missing
        if not ev.data.alliances["atopid"].eq(NATO_ATOPID).any():
            return Finding("not measured", "n/a", f"ATOP {ev.version} has no ATOPID {NATO_ATOPID} (NATO)")
        try:
            features, fit = _fit(ev, spec)
        except AtopError as err:
            return Finding("not measured", "n/a", str(err))
        table = signing.counterfactual(fit, features, NATO_ATOPID, (NATO_SIGNED, ev.data.last_year))
        a, b = table.iloc[0], table.iloc[1]
        return Finding(f"{a.probability:.2f} [{a.lower:.2f}-{a.upper:.2f}] signed {NATO_SIGNED}; "
                       f"{b.probability:.2f} [{b.lower:.2f}-{b.upper:.2f}] signed {ev.data.last_year}", "n/a",
                       f"the memo asks; the collection's answer ({spec}, {fit.n} pacts): a pact with NATO's profile "
                       f"signed in {ev.data.last_year} would {'probably' if b.probability < 0.5 else 'still'} "
                       f"{'lack' if b.probability < 0.5 else 'have'} a defense clause")
    return judge


READINGS: dict[str, tuple[Reading, ...]] = {
    "exits-not-at-scale": (
        Reading("under-10-percent", "fewer than 10% of ended U.S. defense-pact member spells end in the member's own "
                "exit while the pact goes on", _exit_threshold(EXIT_THRESHOLDS[0])),
        Reading("under-25-percent", "fewer than 25% of them do", _exit_threshold(EXIT_THRESHOLDS[1])),
        Reading("all-spells", "fewer than 10% of all U.S. defense-pact member spells (still-members included) "
                "end in an own exit", _exit_all_spells),
        Reading("versus-other-networks", "the U.S. network's own-exit share is no higher than the Soviet "
                "network's and other defense pacts'", _exit_compared),
    ),
    "system-robust": (
        Reading("longest-median", "U.S. defense pacts have the longest Kaplan-Meier median duration of the four "
                "groups (U.S., Soviet Union, other great powers, all others)", _robust_median),
        Reading("log-rank", "U.S. defense pacts last significantly longer than each other group (log-rank, 5%)",
                _robust_logrank),
        Reading("still-in-force", "a larger share of U.S. defense pacts signed since 1945 is still in force at the "
                "end of coverage than of other defense pacts", _robust_in_force),
    ),
    "alliance-held": (
        Reading("named-tensions", "the pacts at the memo's points of tension (NATO; U.S.-Japan) are in force with "
                "no member's own exit", _held_named),
        Reading("tension-years", "no member left a U.S. defense pact in the years of the tensions the memo names",
                _held_tension_years),
        Reading("no-pact-broken", "no U.S. defense pact ended by violation or abrogation", _held_no_break),
    ),
    "access-basing": (
        Reading("one-way-share", "U.S. alliances provide one-way basing more often than other alliances",
                _access_pacts),
        Reading("versus-great-powers", "the U.S. gets one-way basing as the strongest member more often than the "
                "other great powers pooled", _access_great_powers(None, each=False)),
        Reading("versus-each-great-power-since-1946", "since 1946, more often than any single other great power",
                _access_great_powers(1946, each=True)),
    ),
    "nato-today": tuple(
        Reading(spec.replace(" ", "-"), f"predicted probability of a defense clause for NATO's profile signed in "
                f"{NATO_SIGNED} and at the end of coverage ({spec})", _nato_today(spec))
        for spec in signing.SPECS
    ),
}


# --------------------------------------------------------------------------- sentences for notebooks

STATUS_WORDS = {"agree": "the data agree with the memo", "partly": "the data partly agree",
                "differ": "the data differ from the memo", "n/a": "the memo asks; the data answer",
                "not testable": "not testable"}


def verdict_sentences(ev: Evidence, claim: str) -> list[str]:
    """One sentence per reading of ``claim`` (a key of :data:`READINGS`): the rule, what was
    measured, the status in words and why."""
    lines = []
    for reading in READINGS[claim]:
        found = reading.judge(ev)
        if claim == "nato-today":
            lines.append(f"{reading.text[0].upper()}{reading.text[1:]}: {found.measured}; {found.reason}.")
        else:
            lines.append(f"If the words mean that {reading.text}: measured {found.measured}; "
                         f"{STATUS_WORDS[found.status]} ({found.reason}).")
    return lines
