"""The memo's question: "if NATO were formed today, would it have Article 4, the treaty's
consultative clause, but not Article 5?"

The memo asks rather than claims, so the ledger gives no agree or differ (its status is ``n/a``);
the readings are the collection's answers. The stated one is the model of notebook 11: a logit of
a defense clause at signing on features known at signing (:mod:`atoplib.measures.signing`), with
NATO's profile (ATOPID 3180) signed in 1949 and in the release's last year. The alternatives are
the model's other specifications and the base rate of notebook 03: how often pacts signed after
the Cold War with a consultation promise (Article 4) also promised defense (Article 5).
"""

from __future__ import annotations

from ..errors import AtopError
from ..measures import signing
from ..measures.trends import signing_shares
from ..measures.summaries import defense_given_consultation
from .evidence import Evidence
from .rules import AFTER_COLD_WAR, COLD_WAR, pct
from .treaties import NATO_ATOPID, NATO_SIGNED
from .types import Finding, NotAvailable, Reading


def _fit(ev: Evidence, spec: str):
    features = ev.cached("signing-features", lambda: signing.signing_features(ev.data, ev.majors, ev.nmc))
    return features, ev.cached(f"signing-fit:{spec}", lambda: signing.fit_defense_model(features, spec))


def _model(spec: str):
    def judge(ev: Evidence) -> Finding:
        ev.need(*(("majors",) if spec == "without asymmetry" else ("majors", "nmc")))
        if not ev.data.alliances["atopid"].eq(NATO_ATOPID).any():
            raise NotAvailable(f"ATOP {ev.version} has no ATOPID {NATO_ATOPID} (NATO)")
        try:
            features, fit = _fit(ev, spec)
        except AtopError as err:
            raise NotAvailable(str(err)) from None
        table = signing.counterfactual(fit, features, NATO_ATOPID, (NATO_SIGNED, ev.data.last_year))
        then, now = table.iloc[0], table.iloc[1]
        answer = "probably lack" if now.probability < 0.5 else "still have"
        return Finding(f"chance of a defense clause for a pact with NATO's profile: {then.probability:.2f} "
                       f"[{then.lower:.2f}-{then.upper:.2f}] signed {NATO_SIGNED}, {now.probability:.2f} "
                       f"[{now.lower:.2f}-{now.upper:.2f}] signed {ev.data.last_year}", "n/a",
                       f"{spec}, {fit.n} pacts: signed in {ev.data.last_year}, it would {answer} Article 5")
    return judge


def _base_rate(ev: Evidence) -> Finding:
    if ev.data.last_year < AFTER_COLD_WAR:
        raise NotAvailable(f"ATOP {ev.version} ends before the years after the Cold War")
    shares = ev.cached("signing-shares:era", lambda: signing_shares(ev.data, "era", provisions=("defense", "consult-only", "consul")))
    given = defense_given_consultation(shares).set_index("period")
    cold = next((p for p in given.index if str(p).startswith(f"{COLD_WAR[0]}-")), None)
    last = given.index[-1]
    if cold is None or last == cold or given.loc[last, "consul"] == 0:
        raise NotAvailable(f"ATOP {ev.version} has no consultation pacts signed after the Cold War")
    now, then = given.loc[last], given.loc[cold]
    answer = "only Article 4" if now["share"] < 0.5 else "Article 5 as well"
    return Finding(f"of {int(now['consul'])} alliances signed {last} with a consultation promise, "
                   f"{int(now['with_defense'])} ({pct(now['share'], 0)}) also promise defense, against "
                   f"{pct(then['share'], 0)} in {cold}", "n/a",
                   f"on this record a NATO formed today would more likely hold {answer}")


def nato_today_readings() -> tuple[Reading, ...]:
    specs = [s for s in signing.SPECS if s != "full model"]
    return (
        Reading("full-model", "stated", f"the full model's predicted chance of a defense clause for NATO's profile "
                f"(ATOPID {NATO_ATOPID}) signed in {NATO_SIGNED} and in the last year, 95% interval",
                "the memo asks what NATO would contain 'if NATO were formed today': NATO's features at signing, "
                "with only the era changed", _model("full model"), label="the full model"),
        *(Reading(spec.replace(" ", "-"), "alternative", f"the same prediction, {spec}",
                  "the answer's robustness to the model's specification", _model(spec), label=spec) for spec in specs),
        Reading("base-rate", "alternative", "of the alliances signed after the Cold War with a consultation promise "
                "(Article 4), the share that also promise defense (Article 5)", "the base rate, without a model: what "
                "states that promise to consult have chosen since the Cold War", _base_rate, label="the base rate since the Cold War"),
    )
