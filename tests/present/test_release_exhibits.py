"""The exhibits of chapter 00 (atoplib/present/release_exhibits.py): the release and the collection,
on the hand-made `mini` release (tests/fixtures/mini/README.md) worked out by hand, and the real
ATOP 5.1 values recomputed with plain pandas from the raw CSV files."""

from __future__ import annotations

import hashlib
import json
import warnings

import pandas as pd
import pytest

import atoplib as al
from atoplib import paths
from atoplib.present.catalog import EXHIBITS

from support import MINI, real_dir, release


def start(tmp_path, data_dir=MINI, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return al.start(data_dir=str(data_dir), output_dir=str(tmp_path / "out"), **kw)


def data(ctx, name):
    return EXHIBITS[name].data(ctx)


@pytest.fixture
def mini_ctx(tmp_path, monkeypatch):
    # no COW state list: the chapter still runs, naming states by their codes
    monkeypatch.setenv("COW_STATES_FILE", str(tmp_path / "no-states.csv"))
    return start(tmp_path, start_year=1900)


def test_release_summary_on_mini(mini_ctx):
    # 6 alliances; 1002, 1004 and 1006 still in force (endyr 0); 16 member rows; members 2, 20, 200,
    # 220, 365, 710 and 8152; no checksums pinned for 5.9
    text = str(al.describe(mini_ctx, "release-summary"))
    assert text.startswith("ATOP 5.9 (csv files) covers 1815-1920: 6 alliances (one row per ATOPID), 3 of them "
                           "still in force at the end of 1920; 16 membership rows (alliance × member × phase) for 7 "
                           "distinct members. The files' checksums are not verified")


def test_release_files_on_mini(mini_ctx):
    table = data(mini_ctx, "release-files")
    assert table[["file", "what it holds"]].values.tolist() == [
        ["atop5_9a.csv", "alliance level: one row per alliance (ATOPID)"],
        ["atop5_9m.csv", "member level: one row per alliance, member and phase"],
    ]
    assert table["sha256"].tolist() == [hashlib.sha256((MINI / name).read_bytes()).hexdigest() for name in table["file"]]


def test_in_force_at_both_ends(mini_ctx):
    # 1900: 1001 alone; 1920: 1002, 1004 and 1006
    assert str(al.describe(mini_ctx, "release-in-force")) == (
        "ATOP 5.9 covers 1815-1920. Under this rule, the alliances in force number 1 in 1900 and 3 in 1920; 3 are "
        "coded as still in force at the end of 1920 (endyr = 0).")


def test_counted_provisions(mini_ctx):
    table = data(mini_ctx, "counted-provisions")
    assert table["provision"].tolist() == ["defense", "consult-only", "consult-nonagg", "consul", "nonagg"]
    assert table.set_index("provision").loc["consult-only", "counted when"] == "consul = 1 and defense = 0"


def test_the_memos_atopids_missing_from_a_release(mini_ctx):
    table = data(mini_ctx, "memo-atopids")
    assert table["ATOPID"].tolist() == [4980, 3180]
    assert table["members"].tolist() == ["no alliance 4980 in ATOP 5.9", "no alliance 3180 in ATOP 5.9"]


def test_organ1_codes_with_their_meaning(tmp_path):
    def with_organ1(text):
        lines = text.splitlines()
        codes = ["", "0", "1", "3", "3", "", "2"]  # header, then 1001-1006
        return "\n".join(f"{line},{code}" if i else f"{line},organ1" for i, (line, code) in enumerate(zip(lines, codes))) + "\n"

    ctx = start(tmp_path, release(tmp_path, a=with_organ1))
    table = data(ctx, "organ1-codes")
    assert table.values.tolist() == [
        [0, "none", 1], [1, "regularly scheduled meetings", 1],
        [2, "named organization w/ regularly scheduled meetings", 1], [3, "permanent bureaucracy", 2],
        ["–", "not coded", 1],
    ]


def test_a_release_without_organ1_says_so_in_one_line(mini_ctx):
    shown = al.table(mini_ctx, "organ1-codes")
    assert str(shown) == "ATOP 5.9 has no organ1 column"


def test_every_chapter_is_listed_with_its_title(mini_ctx):
    table = data(mini_ctx, "chapters")
    notebooks = sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    assert table["chapter"].tolist() == [p.stem for p in notebooks] and len(notebooks) == 12
    for path, title in zip(notebooks, table["title"]):
        first = next(c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "markdown")
        heading = "".join(first["source"]).splitlines()[0]
        assert heading == f"# {title}", path.name
    claims = table.set_index("chapter")["the memo's claims it judges"]
    assert claims["01-defense-pacts"] == "fig1-mutual, defense-grew-peak, defense-declined, defense-just-under-60"
    assert claims["07-what-changed"] == "–"


@pytest.mark.realdata
def test_real_release(tmp_path, states_file):
    folder = real_dir("5.1")
    if folder is None:
        pytest.skip("the real ATOP 5.1 files are not at hand")
    ctx = start(tmp_path, folder, states_file=str(states_file))
    a = pd.read_csv(next(folder.rglob("atop5_1a.csv")))
    m = pd.read_csv(next(folder.rglob("atop5_1m.csv")))
    organ1 = data(ctx, "organ1-codes").set_index("organ1")["alliances"]
    assert organ1[3] == int((a["organ1"] == 3).sum()) and organ1["–"] == int(a["organ1"].isna().sum())
    examples = data(ctx, "memo-atopids").set_index("ATOPID")
    assert examples.loc[4980, "members"] == "Russia, China"
    assert set(m.loc[m["atopid"] == 4980, "member"]) == {365, 710}
    assert examples.loc[3180, "signed"] == int(a.loc[a["atopid"] == 3180, "begyr"].iloc[0])
    assert examples.loc[3180, "defense"] == "1 (yes)"
    in_force_2018 = ((a["begyr"] <= 2018) & ((a["endyr"] >= 2018) | (a["endyr"] == 0))).sum()
    assert f"and {in_force_2018:,} in 2018" in str(al.describe(ctx, "release-in-force"))
