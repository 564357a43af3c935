"""What notebooks 09-11 show beside the ledger's verdicts (the claims ledger): one-sentence
summaries of the survival, exit, access and NATO-today results, and the tables for a reader
(state and treaty names composed onto the measures' codes).
"""

from __future__ import annotations

import pandas as pd

from ..data.cow import US, add_state_names
from ..measures import access, persistence, signing
from ..memo.rules import pct
from ..memo.treaties import NAMED_TREATIES


def survival_sentence(medians: pd.DataFrame, tests: pd.DataFrame) -> str:
    """The Kaplan-Meier medians and the overall log-rank test in one sentence."""
    parts = [f"{r.group} {'not reached' if pd.isna(r.median_years) else f'{r.median_years:.1f} years'} "
             f"({r.ended} of {r.pacts} ended)" for r in medians.itertuples()]
    overall = tests[tests["comparison"].eq("all groups")]
    test = (f"; log-rank test of equal survival across groups: chi-square {overall['statistic'].iloc[0]:.1f}, "
            f"p = {overall['p_value'].iloc[0]:.4f}") if len(overall) else ""
    return "Median duration of defense pacts (Kaplan-Meier): " + "; ".join(parts) + test + "."


def exit_sentence(shares: pd.DataFrame) -> str:
    """Own-exit shares of ended member spells per network, in one sentence."""
    parts = [f"{r.network} {pct(r.left_share)} ({r.left} of {r.ended})" for r in shares.itertuples()
             if pd.notna(r.left_share)]
    return ("Of the member spells in defense pacts that have ended, the share that ended by the member's own exit "
            "while the pact went on: " + "; ".join(parts) + ".")


def access_sentence(table: pd.DataFrame, since: str, states: pd.DataFrame | None = None) -> str:
    """The great-power comparison of one-way basing (the strongest-member reading), one sentence;
    ``states`` (a COW state table) names the powers."""
    rows = table.dropna(subset=["one_way_strongest_share"]).set_index("power")
    us = rows.loc["USA"] if "USA" in rows.index else None
    pooled = rows.loc["other great powers (pooled)"]
    if us is None:
        return f"The U.S. signed no alliance as a major power ({since})."
    single = rows.drop(["USA", "other great powers (pooled)"])
    top = single["one_way_strongest_share"].astype(float).idxmax()
    name = states.set_index("stateabb")["statenme"].get(top, top) if states is not None else top
    return (f"Pacts signed {since} with one-way basing in which the power is the strongest member: the U.S. "
            f"{int(us.one_way_strongest)} of {int(us.pacts_with_cinc)} ({pct(us.one_way_strongest_share)}), other great "
            f"powers pooled {int(pooled.one_way_strongest)} of {int(pooled.pacts_with_cinc)} "
            f"({pct(pooled.one_way_strongest_share)}); "
            f"the highest single other power is {name} with {pct(single.loc[top, 'one_way_strongest_share'])}.")


def nato_sentence(table: pd.DataFrame) -> str:
    """The counterfactual table (:func:`atoplib.measures.signing.counterfactual`) in one sentence."""
    if len(table) < 2:
        return "No comparison: the model's sample has pacts of only one of the two signing years' eras."
    a, b = table.iloc[0], table.iloc[-1]
    return (f"{a.spec} ({a.n} pacts): a pact with NATO's profile has a predicted probability of a defense clause of "
            f"{a.probability:.2f} (95% interval {a.lower:.2f}-{a.upper:.2f}) signed in {a.year}, and "
            f"{b.probability:.2f} ({b.lower:.2f}-{b.upper:.2f}) signed in {b.year}.")


def us_exit_table(data, states: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every exit from a U.S. defense pact (:func:`atoplib.measures.persistence.us_exit_timeline`)
    for a reader: ``exit_year, atopid, pact, member, state, entry_year, ending, how, why``."""
    timeline = persistence.us_exit_timeline(data)
    labels = persistence.pact_labels(data, timeline["atopid"].unique(), states, NAMED_TREATIES)[["atopid", "pact"]]
    out = add_state_names(timeline, code="member", abbreviation=None, name="state", states=states)
    out = out.merge(labels, on="atopid", how="left")
    return out[["exit_year", "atopid", "pact", "member", "state", "entry_year", "ending", "how", "why"]]


def one_way_table(data, nmc: pd.DataFrame | None = None, states: pd.DataFrame | None = None) -> pd.DataFrame:
    """U.S. alliances with one-way basing (:func:`atoplib.measures.access.one_way_pacts`) for a
    reader: ``atopid, pact, signed, ended, defense, strongest_at_signing, members``."""
    pacts = access.one_way_pacts(data, US, nmc)
    labels = persistence.pact_labels(data, pacts["atopid"], states, NAMED_TREATIES)[["atopid", "pact", "members"]]
    out = pacts.merge(labels, on="atopid", how="left")
    if "strongest" in out:
        out = add_state_names(out, code="strongest", abbreviation=None, name="strongest_at_signing", states=states)
        out["strongest_at_signing"] = out["strongest_at_signing"].where(out["strongest"].notna())
    columns = ["atopid", "pact", "signed", "ended", "defense", "strongest_at_signing", "members"]
    return out[[c for c in columns if c in out]]


def named_checks_table(fit: "signing.ModelFit", features: pd.DataFrame, data) -> pd.DataFrame:
    """The fitted probability against the actual code for the named pacts (:data:`NAMED_TREATIES`)
    in the model's sample: ``atopid, pact, begyr, era, probability, lower, upper, defense``."""
    named = signing.named_pacts(data, NAMED_TREATIES)
    return named.merge(signing.named_checks(fit, features, named["atopid"]), on="atopid")
