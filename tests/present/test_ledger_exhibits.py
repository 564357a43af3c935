"""The exhibits of chapter 08 (atoplib/present/ledger_exhibits.py): the ledger's two files saved in
the output folder and counted, the claims left not judged without the COW files, and the claims x
releases table, on the hand-made releases; one real ATOP 5.1 value recomputed with plain pandas."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import atoplib as al
from atoplib.data import base as base_module
from atoplib.memo import reproduction
from atoplib.present.catalog import EXHIBITS

from support import FIXTURES, MINI, real_dir

COW_VARIABLES = ("COW_STATES_FILE", "COW_NMC_FILE", "COW_MAJORS_FILE")


def start(tmp_path, data_dir=MINI, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return al.start(data_dir=str(data_dir), output_dir=str(tmp_path / "out"), **kw)


@pytest.fixture
def no_cow(tmp_path, monkeypatch):
    """No COW file can be had (none named exists, and no download in tests)."""
    for variable in COW_VARIABLES:
        monkeypatch.setenv(variable, str(tmp_path / f"missing-{variable.lower()}.csv"))
    monkeypatch.delenv(base_module.BASE_DATA_DIR_ENV, raising=False)


@pytest.fixture
def mini_ctx(tmp_path, no_cow):
    return start(tmp_path, base_version=None)


def test_the_two_files_are_saved_in_the_output_folder_and_counted(mini_ctx):
    counts = al.table(mini_ctx, "reproduction")
    readings = al.table(mini_ctx, "reproduction-readings")
    claims = pd.read_csv(mini_ctx.output_dir / "reproduction.csv", dtype=str, keep_default_na=False)
    rows = pd.read_csv(mini_ctx.output_dir / "reproduction-readings.csv", dtype=str, keep_default_na=False)
    assert not (mini_ctx.figures_dir / "reproduction.csv").exists()
    assert list(claims.columns) == list(reproduction.COLUMNS) and list(rows.columns) == list(reproduction.READING_COLUMNS)
    assert claims["claim_id"].tolist() == list(al.memo.claims.REGISTRY)  # every claim, in the memo's order
    # the counts a reader sees are the files' own, counted with plain pandas (the question apart)
    question = claims["claim_id"].eq("nato-today")
    by_status = claims.loc[~question, "status"].value_counts()
    words = {"agree": "Agrees", "partly": "Partly agrees", "differ": "Differs", "n/a": "Not judged",
             "not testable": "Not testable"}
    expected = {words[s]: int(n) for s, n in by_status.items()}
    expected["The memo asks"] = 1
    assert dict(zip(counts.text["status"], counts.text["claims"].astype(int))) == expected
    assert sum(readings.text[c].astype(int).sum() for c in readings.text.columns[1:]) == len(rows)
    stated = rows[rows["class"].eq("stated")]["status"].value_counts()
    first = readings.text.set_index("class of reading").loc["the memo's rule"]
    assert {words[s]: int(n) for s, n in stated.items()} == {k: int(v) for k, v in first.items() if int(v)}


def test_claims_left_not_judged_without_the_cow_files(mini_ctx):
    al.table(mini_ctx, "reproduction")
    al.table(mini_ctx, "reproduction-readings")
    rows = pd.read_csv(mini_ctx.output_dir / "reproduction-readings.csv", dtype=str, keep_default_na=False)
    claims = pd.read_csv(mini_ctx.output_dir / "reproduction.csv", dtype=str, keep_default_na=False)
    na = claims.set_index("claim_id")["status"].eq("n/a")
    # a claim is left not judged for a missing input when it is n/a and a stated reading is n/a for want of COW
    cow = rows[rows["class"].eq("stated") & rows["status"].eq("n/a") & rows["reason"].str.contains("COW")]
    expected = [c for c in claims["claim_id"] if na[c] and c in set(cow["claim_id"]) and c != "nato-today"]
    assert expected  # the mini release needs COW for some claims
    text = str(al.describe(mini_ctx, "claims-not-judged"))
    assert text.startswith("Not judged because COW's state list (COW_STATES_FILE), COW's National Material "
                           "Capabilities (COW_NMC_FILE) and COW's major powers (COW_MAJORS_FILE) are missing: ")
    assert "\n" not in text and text.endswith(".")
    named = text.split(" are missing: ")[1].rstrip(".").replace(" and ", ", ").split(", ")
    assert named == expected


def test_without_a_base_the_release_is_shown_alone(mini_ctx):
    assert str(al.describe(mini_ctx, "across-releases")) == "No other release to compare with, so ATOP 5.9 is shown alone."
    table = al.table(mini_ctx, "claims-across-releases")
    assert list(table.text.columns) == ["claim", "where in the memo", "ATOP 5.9"]
    assert table.caption == "Every claim's status on ATOP 5.9"


def test_claims_beside_a_base_release(tmp_path, no_cow, monkeypatch):
    """`us-mini` (5.8) set beside `mini` (5.9): the sentence counts the claims whose status moves."""
    monkeypatch.setenv(base_module.BASE_DATA_DIR_ENV, str(FIXTURES / "us-mini"))
    ctx = start(tmp_path, base_version="5.8")
    frame = EXHIBITS["claims-across-releases"].data(ctx)
    assert list(frame.columns[-2:]) == ["ATOP 5.9", "ATOP 5.8"]
    moved = frame[frame["ATOP 5.9"] != frame["ATOP 5.8"]]
    sentence = str(al.describe(ctx, "across-releases"))
    assert sentence.startswith(f"{len(frame) - len(moved)} of {len(frame)} claims keep their status from ATOP 5.8 "
                               f"to ATOP 5.9")
    for claim_id in moved["claim_id"]:
        assert f"{claim_id}: " in sentence
    shown = al.table(ctx, "claims-across-releases").text.set_index("claim")
    assert shown.loc["nato-today", "ATOP 5.9"] == "The memo asks"
    assert shown.loc["allies-reliance", "ATOP 5.8"] == "Not testable"


@pytest.mark.realdata
def test_real_ledger_file_holds_figure_2s_level(tmp_path, states_file):
    """The ledger's measure of 'nearly 150' is Figure 2's count in 2018, counted here from the raw file."""
    folder = real_dir("5.1")
    if folder is None:
        pytest.skip("the real ATOP 5.1 files are not at hand")
    ctx = start(tmp_path, folder, states_file=str(states_file), base_version=None)
    al.table(ctx, "reproduction")
    a = pd.read_csv(next(folder.rglob("atop5_1a.csv")))
    in_force = a[(a["begyr"] <= 2018) & ((a["endyr"] >= 2018) | (a["endyr"] == 0))]
    figure2 = int(((in_force["consul"] == 1) & (in_force["defense"] == 0)).sum())
    claims = pd.read_csv(ctx.output_dir / "reproduction.csv", dtype=str, keep_default_na=False).set_index("claim_id")
    assert f"{figure2} in 2018" in claims.loc["consult-nearly-150", "measured"]
    assert claims.loc["consult-nearly-150", "status"] == "differ"
