"""Would NATO get Article 5 today? A logistic model of the defense clause on what is known at signing.

**Unit and outcome.** One row per alliance. ``defense`` is 1 when any member promises active
defense in the alliance's *first* phase (member file, lowest phase): what was signed, not what a
later renegotiation added (ATOP's alliance-level code records any phase).

**Features** (:data:`FEATURES`, each known on the day of signing):

* ``era``: before 1946, the Cold War (1946-1991, the reference), after 1991: the memo's question
  is whether the era changed what states sign.
* ``multilateral``: more than two founding members; multilateral pacts pool risks differently and
  are the form of NATO and Rio.
* ``major_power``: a founding member is a COW major power in the signing year; great powers can
  make (and are asked for) defense promises that small states cannot.
* ``strongest_share``: the strongest founding member's share of the founders' combined CINC in
  the signing year (:func:`atoplib.measures.power.alliance_power`); asymmetric pacts are the memo's
  U.S. model (patron and protégés).
* ``region``: the founders' COW region (:func:`atoplib.measures.partners.region_of`; ``several regions``
  when they span more than one);
  regional security orders differ in what they sign. A region with fewer than 5 pacts with, or
  without, a defense clause in a model's sample is pooled as "other regions" (else the model
  predicts it perfectly and cannot be estimated).
* ``basing``: the first phase provides for stationing troops (``base`` 1-3); bases and defense
  promises often come together in one design.

Left out on purpose: ``asymm``, ``milcon``, ``intcom``, ``subord`` (they describe the military
obligation itself, so they would explain the defense clause by its own content).

**Missing power data.** NMC 6.0 covers 1816-2016: pacts signed in 1815, 2017 or 2018, or with a
founder that NMC does not score that year, have no ``strongest_share`` and are dropped from the
models that use it (:func:`model_sample` says how many). The model describes which pacts carried
a defense clause in each era; it is not a causal estimate.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data.checks import checked
from ..data.tables import AtopData
from ..errors import ParameterError
from .partners import region_of
from .persistence import founders, is_major
from .power import alliance_power
from .treaties import TreatyQuery, find_treaty
from .trends import COLD_WAR

ERAS = ("before 1946", "1946-1991 (Cold War)", "after 1991")
REFERENCE_ERA = ERAS[1]
SEVERAL = "several regions"
POOLED = "other regions (pooled)"
#: A region needs at least this many pacts with and without a defense clause to get its own term.
MIN_CELL = 5
FEATURES = {
    "era": "signing era (before 1946, Cold War, after 1991): the memo asks whether the era changed what is signed",
    "multilateral": "more than two founding members: the form of NATO and Rio, which pools risk differently",
    "major_power": "a COW major power among the founders: great powers can give defense promises small states cannot",
    "strongest_share": "the strongest founder's share of the founders' CINC at signing: the patron-protégé asymmetry",
    "region": "the founders' COW region (or several): regional security orders differ in what they sign",
    "basing": "a basing provision (base 1-3) in the first phase: bases and defense promises come in one design",
}
SPECS = {
    "full model": ("era", "multilateral", "major_power", "strongest_share", "region", "basing"),
    "major-power pacts only": ("era", "multilateral", "strongest_share", "region", "basing"),
    "without asymmetry": ("era", "multilateral", "major_power", "region", "basing"),
}


@checked
def named_pacts(data: AtopData, queries: tuple[TreatyQuery, ...]) -> pd.DataFrame:
    """``atopid, pact`` for each query the release has (a missing one is left out with a warning)."""
    found = [(find_treaty(data, q), q.name) for q in queries]
    return pd.DataFrame([(a, n) for a, n in found if a is not None], columns=["atopid", "pact"])


def era_label(year: int) -> str:
    return ERAS[0] if year < COLD_WAR[0] else ERAS[1] if year <= COLD_WAR[1] else ERAS[2]


@checked
def power_at_signing(data: AtopData, nmc: pd.DataFrame) -> pd.DataFrame:
    """``atopid, begyr, members, members_with_cinc, strongest, strongest_share``: the members in
    force in the signing year and the strongest one's share of their CINC
    (:func:`atoplib.measures.power.alliance_power`; blank when any lacks a CINC value)."""
    power = alliance_power(data, nmc, None)
    signed = data.alliances[["atopid", "begyr"]].astype("int64")
    out = signed.merge(power, left_on=["atopid", "begyr"], right_on=["atopid", "year"], how="left")
    out["members"] = out["members"].fillna(0).astype("int64")
    out["members_with_cinc"] = out["members_with_cinc"].fillna(0).astype("int64")
    return out[["atopid", "begyr", "members", "members_with_cinc", "strongest", "strongest_share"]]


@checked
def signing_features(data: AtopData, majors: pd.DataFrame, nmc: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per alliance: ``atopid, begyr, era, defense, defense_any_phase, founders,
    multilateral, major_power, strongest_share, region, basing`` (module docstring)."""
    members = data.members
    first = members[members["phase"].eq(members.groupby("atopid")["phase"].transform("min"))]
    defense = first.groupby("atopid")["defense"].max().astype("int64")
    base_source = first if "base" in first else data.alliances
    basing = base_source.groupby("atopid")["base"].max() if "base" in base_source else pd.Series(dtype="Int64")
    starters = founders(data).merge(data.alliances[["atopid", "begyr"]].astype("int64"), on="atopid")
    starters["major"] = is_major(majors, starters["member"], starters["begyr"])
    starters["region"] = region_of(starters["member"]).to_numpy()
    by_pact = starters.groupby("atopid").agg(founders=("member", "nunique"), major_power=("major", "max"),
                                             regions=("region", lambda s: sorted(set(s))))
    out = data.alliances[["atopid", "begyr", "defense"]].astype("int64").rename(columns={"defense": "defense_any_phase"})
    out["era"] = out["begyr"].map(era_label)
    out["defense"] = out["atopid"].map(defense).astype("Int64")
    out = out.join(by_pact, on="atopid")
    out["multilateral"] = out["founders"].gt(2).astype("int64")
    out["major_power"] = out["major_power"].astype("int64")
    out["region"] = out["regions"].map(lambda r: r[0] if len(r) == 1 else SEVERAL)
    out["basing"] = out["atopid"].map(basing).gt(0).astype("boolean").astype("Int64")
    if nmc is not None:
        out = out.merge(power_at_signing(data, nmc)[["atopid", "strongest_share"]], on="atopid", how="left")
        out["strongest_share"] = out["strongest_share"].astype("Float64")
    else:
        out["strongest_share"] = pd.array([pd.NA] * len(out), dtype="Float64")
    return out[["atopid", "begyr", "era", "defense", "defense_any_phase", "founders", "multilateral",
                "major_power", "strongest_share", "region", "basing"]]


@dataclass
class ModelFit:
    spec: str
    features: tuple[str, ...]
    result: object  # statsmodels LogitResults (HC1 covariance)
    sample: pd.DataFrame
    dropped: dict[str, int]
    levels: dict[str, list[str]]
    pooled: dict[str, str]  # sparse regions -> POOLED

    @property
    def n(self) -> int:
        return len(self.sample)


@checked
def model_sample(features: pd.DataFrame, spec: str = "full model") -> tuple[pd.DataFrame, dict[str, int]]:
    """The rows a specification uses, and how many were dropped and why."""
    if spec not in SPECS:
        raise ParameterError(f"unknown model '{spec}'; choose one of: {', '.join(SPECS)}")
    sample, dropped = features, {}
    if spec == "major-power pacts only":
        dropped["no major power among the founders"] = int(sample["major_power"].eq(0).sum())
        sample = sample[sample["major_power"].eq(1)]
    reasons = {"defense": "defense not coded", "basing": "base not coded",
               "strongest_share": "no CINC share at signing (outside NMC 1816-2016 or a founder without CINC)"}
    for column in ["defense"] + [c for c in ("basing", "strongest_share") if c in SPECS[spec]]:
        missing = sample[column].isna()
        if missing.any():
            dropped[reasons[column]] = int(missing.sum())
            sample = sample[~missing]
    return sample.reset_index(drop=True), dropped


def _design(frame: pd.DataFrame, features: tuple[str, ...], levels: dict[str, list[str]],
            pooled: dict[str, str] | None = None) -> pd.DataFrame:
    """The design matrix: a constant, 0/1 columns for every non-reference level, numeric columns;
    ``pooled`` maps sparse regions to :data:`POOLED`."""
    frame = frame.assign(region=frame["region"].replace(pooled or {})) if "region" in frame else frame
    columns = {"const": np.ones(len(frame))}
    for name in features:
        if name in levels:
            for level in levels[name][1:]:
                columns[f"{name}[{level}]"] = frame[name].eq(level).to_numpy(dtype=float)
        else:
            columns[name] = frame[name].astype("float64").to_numpy()
    return pd.DataFrame(columns, index=frame.index)


def _levels(sample: pd.DataFrame, features: tuple[str, ...]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Category levels (reference first) and the sparse regions pooled: a region with fewer than
    :data:`MIN_CELL` pacts with, or without, a defense clause joins :data:`POOLED`."""
    levels, pooled = {}, {}
    if "era" in features:
        present = [e for e in ERAS if sample["era"].eq(e).any()]
        levels["era"] = sorted(present, key=lambda e: e != REFERENCE_ERA)
    if "region" in features:
        cells = pd.crosstab(sample["region"], sample["defense"].astype("int64")).reindex(columns=[0, 1], fill_value=0)
        pooled = {r: POOLED for r in cells.index[cells.min(axis=1) < MIN_CELL]}
        counts = sample["region"].replace(pooled).value_counts()
        levels["region"] = [counts.index[0]] + sorted(counts.index[1:])
    return levels, pooled


@checked
def fit_defense_model(features: pd.DataFrame, spec: str = "full model") -> ModelFit:
    """Logit of ``defense`` on the specification's features, HC1 robust standard errors."""
    import statsmodels.api as sm

    sample, dropped = model_sample(features, spec)
    chosen = SPECS[spec]
    levels, pooled = _levels(sample, chosen)
    exog = _design(sample, chosen, levels, pooled)
    if sample.empty:
        raise ParameterError(f"the {spec} has no alliance with every feature coded; use a release with CINC data")
    with warnings.catch_warnings():  # a failed fit is reported below, as one line
        warnings.simplefilter("ignore")
        try:
            result = sm.Logit(sample["defense"].astype("float64"), exog).fit(disp=0, cov_type="HC1", maxiter=200)
        except (np.linalg.LinAlgError, ValueError) as err:  # singular design, perfect separation, ...
            reason = " ".join(str(err).split()) or type(err).__name__
            raise ParameterError(f"the {spec} cannot be fitted on these {len(sample)} alliances ({reason}); "
                                 f"use a release with more alliances or a smaller specification") from None
    if not result.mle_retvals.get("converged", True):
        raise ParameterError(f"the {spec} did not converge on this sample; use a larger sample or another specification")
    return ModelFit(spec, chosen, result, sample, dropped, levels, pooled)


def coefficients(fit: ModelFit) -> pd.DataFrame:
    """``term, coef, odds_ratio, robust_se, p_value, lower, upper`` (95% interval of the odds ratio)."""
    res = fit.result
    ci = np.exp(res.conf_int())
    return pd.DataFrame({"term": res.params.index, "coef": res.params.round(3).to_numpy(),
                         "odds_ratio": np.exp(res.params).round(3).to_numpy(), "robust_se": res.bse.round(3).to_numpy(),
                         "p_value": res.pvalues.round(4).to_numpy(), "lower": ci[0].round(3).to_numpy(),
                         "upper": ci[1].round(3).to_numpy()})


@checked
def predict(fit: ModelFit, profiles: pd.DataFrame) -> pd.DataFrame:
    """Predicted probability of a defense clause for each profile row, with a 95% interval
    computed on the logit scale (delta method, HC1 covariance) and transformed back:
    ``probability, lower, upper`` added to ``profiles``."""
    res = fit.result
    profiles = profiles.assign(region=profiles["region"].replace(fit.pooled)) if "region" in profiles else profiles
    for name, levels in fit.levels.items():
        unknown = set(profiles[name]) - set(levels)
        if unknown:
            raise ParameterError(f"{name} '{sorted(unknown)[0]}' is not in the {fit.spec}'s sample; "
                                 f"it has {', '.join(levels)}")
    exog = _design(profiles, fit.features, fit.levels)[res.params.index]
    xb = exog.to_numpy() @ res.params.to_numpy()
    se = np.sqrt(np.einsum("ij,jk,ik->i", exog.to_numpy(), res.cov_params().to_numpy(), exog.to_numpy()))
    expit = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    return profiles.assign(probability=expit(xb).round(4), lower=expit(xb - 1.959964 * se).round(4),
                           upper=expit(xb + 1.959964 * se).round(4))


@checked
def counterfactual(fit: ModelFit, features: pd.DataFrame, atopid: int, years: tuple[int, ...]) -> pd.DataFrame:
    """The pact ``atopid``'s features at signing, re-dated to each of ``years`` (only the era
    changes): ``spec, n, atopid, year, era, probability, lower, upper``. A year whose era has no
    pact in the model's sample (e.g. a sample of Cold War pacts only) gets no row."""
    row = features[features["atopid"].eq(atopid)]
    if row.empty:
        raise ParameterError(f"ATOPID {atopid} is not among the alliances given; pick one the release has")
    eras = fit.levels.get("era", list(ERAS))
    profiles = pd.concat([row.assign(year=y, era=era_label(y)) for y in years], ignore_index=True)
    out = predict(fit, profiles[profiles["era"].isin(eras)])
    return out.assign(spec=fit.spec, n=fit.n)[["spec", "n", "atopid", "year", "era", "probability", "lower", "upper"]]


@checked
def named_checks(fit: ModelFit, features: pd.DataFrame, atopids) -> pd.DataFrame:
    """Fitted probability against the actual first-phase code for each named pact in the sample:
    ``atopid, begyr, era, probability, lower, upper, defense``."""
    rows = features[features["atopid"].isin(list(atopids))]
    rows = rows[rows["atopid"].isin(fit.sample["atopid"])]
    out = predict(fit, rows)
    return out[["atopid", "begyr", "era", "probability", "lower", "upper", "defense"]].reset_index(drop=True)
