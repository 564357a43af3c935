"""The defense-clause model: features at signing by hand on `tests/fixtures/beyond`, and the real
ATOP 5.1 predictions reproduced to three decimals by an independent statsmodels fit on a design
matrix built with plain pandas."""

from __future__ import annotations

import atoplib as al
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from atoplib.measures import persistence, signing

from support import cow_file


def test_features_at_signing_match_hand_counts(beyond, majors, nmc):
    features = signing.signing_features(beyond, majors, nmc).set_index("atopid")
    assert features.loc[3001, ["era", "founders", "multilateral", "major_power", "region", "basing"]].tolist() == [
        "1946-1991 (Cold War)", 4, 1, 1, "Americas", 1]
    assert features.loc[3001, "strongest_share"] == pytest.approx(.3 / .335, abs=1e-6)
    assert features.loc[3002, "defense"] == 1  # the U.S. promises defense, Japan does not: any member counts
    assert features.loc[3009, "region"] == "several regions"  # USA, UKG, PHI
    assert features.loc[3003, ["region", "major_power", "multilateral"]].tolist() == ["Europe", 1, 1]
    assert features.loc[3005, ["major_power", "multilateral", "era"]].tolist() == [0, 0, "before 1946"]
    assert features.loc[3007, "era"] == "1946-1991 (Cold War)" and features.loc[3010, "era"] == "after 1991"
    assert features.loc[3006, "defense"] == 0
    assert pd.isna(features.loc[3010, "basing"])  # base not coded
    no_power = signing.signing_features(beyond, majors, None)
    assert no_power["strongest_share"].isna().all()


def test_model_sample_says_what_is_dropped(beyond, majors):
    features = signing.signing_features(beyond, majors, None)
    sample, dropped = signing.model_sample(features, "full model")
    assert dropped == {"base not coded": 1,
                       "no CINC share at signing (outside NMC 1816-2016 or a founder without CINC)": 9}
    assert sample.empty
    sample, dropped = signing.model_sample(features, "major-power pacts only")
    # 3005 and 3007 have no major power (3010's founder France is one); then 3010 lacks base, the rest CINC
    assert dropped == {"no major power among the founders": 2, "base not coded": 1,
                       "no CINC share at signing (outside NMC 1816-2016 or a founder without CINC)": 7}
    with pytest.raises(al.ParameterError):
        signing.model_sample(features, "a model nobody defined")


@pytest.fixture(scope="module")
def real(atop51):
    nmc_path = cow_file("NMC-60-abridged.csv", "COW_NMC_FILE")
    majors_path = cow_file("majors2016.csv", "COW_MAJORS_FILE")
    if nmc_path is None or majors_path is None:
        pytest.skip("COW NMC or majors file not found (COW_NMC_FILE, COW_MAJORS_FILE or ../shared/data/cow)")
    nmc_table = al.data.load_nmc(nmc_path)
    return signing.signing_features(atop51, persistence.load_majors(majors_path), nmc_table), nmc_table


def _plain_design(frame: pd.DataFrame, reference_region: str) -> pd.DataFrame:
    """The full model's design matrix with plain pandas: dummies against the Cold War and the region."""
    era = pd.get_dummies(frame["era"]).astype(float).drop(columns="1946-1991 (Cold War)")
    region = pd.get_dummies(frame["region"]).astype(float).drop(columns=reference_region)
    X = pd.concat([frame[["multilateral", "major_power", "strongest_share", "basing"]].astype(float), era, region], axis=1)
    return sm.add_constant(X, has_constant="add")


@pytest.mark.realdata
def test_real_features_against_plain_pandas(real, atop51):
    features, nmc_table = real
    nato = features.set_index("atopid").loc[3180]
    m = pd.read_csv(atop51.release.file("m"))
    founders = m[m["atopid"].eq(3180) & m["yrent"].eq(1949)]["member"].unique()
    cinc = nmc_table[nmc_table["year"].eq(1949) & nmc_table["ccode"].isin(founders)]["cinc"]
    assert (nato["founders"], nato["multilateral"], nato["major_power"]) == (len(founders), 1, 1) == (12, 1, 1)
    assert nato["strongest_share"] == pytest.approx(cinc.max() / cinc.sum(), abs=1e-9)
    first = m[m["phase"].eq(m.groupby("atopid")["phase"].transform("min"))].groupby("atopid")["defense"].max()
    assert int(features["defense"].sum()) == int(first.sum())
    a = pd.read_csv(atop51.release.file("a"))
    assert features["strongest_share"].isna().sum() >= a["begyr"].isin([1815, 2017, 2018]).sum()


@pytest.mark.realdata
def test_real_predictions_reproduced_by_an_independent_fit(real):
    features, _ = real
    fit = signing.fit_defense_model(features, "full model")
    ours = signing.counterfactual(fit, features, 3180, (1949, 2018))
    sample = features.dropna(subset=["basing", "strongest_share"]).reset_index(drop=True)
    assert len(sample) == fit.n
    cells = pd.crosstab(sample["region"], sample["defense"])
    assert cells.min(axis=1).min() >= signing.MIN_CELL  # no region pooled in the full model on 5.1
    reference = sample["region"].value_counts().index[0]
    X = _plain_design(sample, reference)
    independent = sm.Logit(sample["defense"].astype(float), X).fit(disp=0, cov_type="HC1")
    nato = features[features["atopid"].eq(3180)]
    profiles = pd.concat([nato.assign(era="1946-1991 (Cold War)"), nato.assign(era="after 1991")])
    Xp = _plain_design(pd.concat([profiles, sample]), reference).iloc[:2][X.columns]
    xb = Xp.to_numpy() @ independent.params.to_numpy()
    se = np.sqrt(np.diag(Xp.to_numpy() @ independent.cov_params().to_numpy() @ Xp.to_numpy().T))
    expit = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    np.testing.assert_allclose(ours["probability"], expit(xb), atol=5e-4)
    np.testing.assert_allclose(ours["lower"], expit(xb - 1.959964 * se), atol=5e-4)
    np.testing.assert_allclose(ours["upper"], expit(xb + 1.959964 * se), atol=5e-4)
    again = signing.counterfactual(signing.fit_defense_model(features, "full model"), features, 3180, (1949, 2018))
    assert ours.round(3).equals(again.round(3))
    assert ours["probability"].iloc[0] > ours["probability"].iloc[1]


@pytest.mark.realdata
def test_real_sensitivity_models(real):
    features, _ = real
    major = signing.fit_defense_model(features, "major-power pacts only")
    assert major.sample["major_power"].eq(1).all() and "major_power" not in major.result.params.index
    plain = signing.fit_defense_model(features, "without asymmetry")
    assert "strongest_share" not in plain.result.params.index
    assert plain.n == int(features["basing"].notna().sum())


def test_a_model_that_cannot_be_fitted_is_one_line(beyond, majors, nmc):
    """The hand-made release has too few alliances for the full model: one ParameterError line
    saying so (not numpy's LinAlgError or statsmodels' separation error)."""
    features = signing.signing_features(beyond, majors, nmc)
    with pytest.raises(al.ParameterError, match=r"^the full model (did not converge|cannot be fitted)"):
        signing.fit_defense_model(features, "full model")
    # six copies of one pact, three with a defense clause: the design matrix is singular
    same = pd.concat([features.dropna().head(1)] * 6, ignore_index=True).assign(defense=[0, 1] * 3)
    same["atopid"] = range(1, 7)
    with pytest.raises(al.ParameterError, match=r"^the full model cannot be fitted on these 6 alliances \(.+\); "
                                               r"use a release with more alliances or a smaller specification$"):
        signing.fit_defense_model(same, "full model")
