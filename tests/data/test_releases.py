"""Any ATOP release loads the same way: Stata copies give the same tables as the CSVs, a release
never seen before (ATOP 6.0, extra columns, later coverage) loads with one warning, and the
official zip layout loads with verified checksums.

Every Stata file, zip and synthetic release here is written to ``tmp_path`` during the test;
none is committed.
"""

from __future__ import annotations

import shutil
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import atoplib as al
from atoplib.data import registry

from support import FIXTURES, real_dir

MINI = FIXTURES / "mini"


# --------------------------------------------------------------------------- builders

def write_stata_copy(src: Path, dest: Path, stem_from: str | None = None, stem_to: str | None = None) -> Path:
    """Write every ATOP CSV of ``src`` as ``.dta`` into ``dest`` (as Stata users receive them).

    The ``version`` column is stored the way Stata stores a number by default (float), so the
    loader must read ``5.9``/``4.01`` back from a float.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(src.glob("atop*.csv")):
        frame = pd.read_csv(path)
        if "version" in frame:
            frame["version"] = frame["version"].astype("float32")
        name = path.stem if stem_from is None else path.stem.replace(stem_from, stem_to)
        frame.to_stata(dest / f"{name}.dta", write_index=False, version=118)
    return dest


#: years added to the copies of the mini alliances in the synthetic ATOP 6.0
SHIFT = 102
#: ATOPIDs of the shifted copies: original + OFFSET
OFFSET = 6000


def write_unseen_release(root: Path, version: str = "6.0") -> Path:
    """A release nobody has pinned: ``ATOP 6.0 (.csv)/atop6_0a.csv`` and ``atop6_0m.csv``.

    Built from the mini fixture: its six alliances as they are, plus a copy of each signed
    ``SHIFT`` years later (ATOPID + ``OFFSET``), so the data run to 1920 + SHIFT = 2022, later
    than any release we know; the alliance file gains a numeric column (``cyber``) and a text
    column (``treaty_name``), the member file a numeric one (``cyberm``).
    """
    stem = version.replace(".", "_")
    folder = root / f"ATOP {version} (.csv)"
    folder.mkdir(parents=True)
    a = pd.read_csv(MINI / "atop5_9a.csv", dtype={"version": str})
    m = pd.read_csv(MINI / "atop5_9m.csv", dtype={"version": str})

    def shifted(frame: pd.DataFrame, years: list[str]) -> pd.DataFrame:
        copy = frame.copy()
        copy["atopid"] += OFFSET
        for column in years:
            copy[column] = copy[column].where(copy[column].eq(0), copy[column] + SHIFT)
        return copy

    a = pd.concat([a, shifted(a, ["begyr", "endyr"])], ignore_index=True)
    m = pd.concat([m, shifted(m, ["yrent", "yrexit"])], ignore_index=True)
    a["cyber"] = (a["atopid"] > OFFSET).astype(int)
    a["treaty_name"] = "Treaty " + a["atopid"].astype(str)
    m["cyberm"] = 0
    a["version"] = m["version"] = version
    a.to_csv(folder / f"atop{stem}a.csv", index=False)
    m.to_csv(folder / f"atop{stem}m.csv", index=False)
    return folder


@pytest.fixture
def fresh_warnings(monkeypatch):
    """Forget which releases already warned in this process (each release warns once per process)."""
    monkeypatch.setattr(registry, "_warned", set())


def _load_quiet(path, **kw) -> al.AtopData:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", al.AtopWarning)
        return al.load_atop(path, **kw)


def _same_tables(left: al.AtopData, right: al.AtopData) -> None:
    pd.testing.assert_frame_equal(left.alliances, right.alliances, check_like=True)
    pd.testing.assert_frame_equal(left.members, right.members, check_like=True)
    assert left.coverage == right.coverage and left.version == right.version


# --------------------------------------------------------------------------- (a) Stata

def test_stata_copy_of_mini_gives_the_same_tables_and_counts(tmp_path, mini):
    folder = write_stata_copy(MINI, tmp_path / "ATOP 5_9 (dta)")
    data = _load_quiet(tmp_path)
    assert data.release.format == "dta"
    assert sorted(p.name for p in data.release.files.values()) == ["atop5_9a.dta", "atop5_9m.dta"]
    assert data.version == "5.9"  # read back from a float32 Stata column
    _same_tables(data, mini)
    for provision in ("defense", "consult-only", "consult-nonagg"):
        pd.testing.assert_frame_equal(al.measures.counts_by_year(data, provision), al.measures.counts_by_year(mini, provision))
    # hand count (fixture README): defense pacts 1910-1915 = 2 (1003, 1004)
    c = al.measures.counts_by_year(data, "defense").set_index("year")["count"]
    assert c.loc[1910:1915].tolist() == [2] * 6 and int(c[1916]) == 1
    assert folder.name == "ATOP 5_9 (dta)"


def test_folder_with_both_formats_is_refused(tmp_path):
    """A .csv and a .dta of one kind side by side: nothing says which is current (before: CSV won
    silently). Refused naming both; each format in a folder of its own loads."""
    from support import one_line

    shutil.copytree(MINI, tmp_path / "both")
    write_stata_copy(MINI, tmp_path / "both")
    with pytest.raises(al.DataNotFoundError) as err:
        al.load_atop(tmp_path / "both")
    one_line(err, f"{tmp_path / 'both'} holds atop5_9a.csv and atop5_9a.dta side by side",
             "move one format to a folder of its own")
    for path in (tmp_path / "both").glob("*.dta"):
        path.rename(path.with_suffix(".dta.bak"))
    assert _load_quiet(tmp_path / "both").release.format == "csv"


@pytest.mark.realdata
def test_stata_copy_of_real_401_matches_the_csv(tmp_path, atop401, fresh_warnings):
    src = real_dir("4.01")
    write_stata_copy(src, tmp_path / "ATOP 4_01 (dta)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = al.load_atop(tmp_path)
    atop_warnings = [w for w in caught if issubclass(w.category, al.AtopWarning)]
    assert len(atop_warnings) == 1, [str(w.message) for w in atop_warnings]
    assert "atop4_01a.dta" in str(atop_warnings[0].message)
    assert data.release.format == "dta" and not data.release.verified
    _same_tables(data, atop401)
    assert len(data.alliances) == 745 and data.coverage == (1815, 2016)
    for provision in ("defense", "consult-only", "consult-nonagg"):
        pd.testing.assert_frame_equal(al.measures.counts_by_year(data, provision), al.measures.counts_by_year(atop401, provision))
    shares = al.measures.signing_shares(data)
    pd.testing.assert_frame_equal(shares, al.measures.signing_shares(atop401))


# --------------------------------------------------------------------------- (b) unseen release

def test_unseen_release_loads_with_exactly_one_warning(tmp_path, fresh_warnings):
    folder = write_unseen_release(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = al.load_atop(tmp_path)
    assert [w.category for w in caught] == [al.AtopWarning], [str(w.message) for w in caught]
    assert "6.0 has no pinned checksums" in str(caught[0].message)
    assert data.version == "6.0" and not data.release.verified
    assert data.release.source == str(tmp_path) and folder.name == "ATOP 6.0 (.csv)"
    # coverage read from the data: the latest year written is 1920 + SHIFT
    assert data.coverage == (1815, 1920 + SHIFT)
    assert len(data.alliances) == 12
    # the new columns are kept: a code column as Int64, a text column as text
    assert str(data.alliances["cyber"].dtype) == "Int64" and int(data.alliances["cyber"].sum()) == 6
    assert data.alliances.set_index("atopid").loc[7004, "treaty_name"] == "Treaty 7004"
    assert "cyberm" in data.members.columns
    # loading it again in the same process does not warn again
    with warnings.catch_warnings(record=True) as again:
        warnings.simplefilter("always")
        al.load_atop(tmp_path)
    assert again == []


def test_unseen_release_counts_follow_the_hand_counts(tmp_path, fresh_warnings):
    write_unseen_release(tmp_path)
    data = _load_quiet(tmp_path)
    c = al.measures.counts_by_year(data, "defense").set_index("year")["count"]
    # mini's hand counts, and the same again SHIFT years later; 1004 still in force: 1 to the end
    assert int(c[1910]) == 2 and int(c[1910 + SHIFT]) == 3  # 1003+6000, 1004+6000 and 1004 itself
    assert int(c[1900 + SHIFT]) == 2  # 1001+6000 and 1004
    assert int(c[1920 + SHIFT]) == 2 and list(c.index)[-1] == 2022
    k = al.measures.counts_by_year(data, "consult-only").set_index("year")["count"]
    assert int(k[1920]) == 2 and int(k[2022]) == 4  # 1002, 1006 and their copies


def test_a_provision_on_a_text_column_is_refused(tmp_path, fresh_warnings):
    write_unseen_release(tmp_path)
    data = _load_quiet(tmp_path)
    rule = al.measures.register_provision("named-test", {"treaty_name": 1}, replace=True)
    with pytest.raises(al.ParameterError, match="numeric codes in column 'treaty_name'"):
        al.measures.counts_by_year(data, rule)


def test_a_required_column_with_text_is_still_an_error(tmp_path, fresh_warnings):
    folder = write_unseen_release(tmp_path)
    path = folder / "atop6_0a.csv"
    frame = pd.read_csv(path, dtype=str)
    frame["defense"] = "yes"
    frame.to_csv(path, index=False)
    with pytest.raises(al.SchemaError, match="column 'defense' has the non-numeric value 'yes' in data row 1"):
        _load_quiet(tmp_path)


def test_unseen_stata_release_in_an_underscore_folder(tmp_path, fresh_warnings):
    """``ATOP 6_0 (dta)``: a Stata release never seen, in the folder naming ATOP uses for Stata."""
    csv = write_unseen_release(tmp_path / "csv")
    folder = write_stata_copy(csv, tmp_path / "dta" / "ATOP 6_0 (dta)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = al.load_atop(tmp_path / "dta")
    assert len([w for w in caught if issubclass(w.category, al.AtopWarning)]) == 1
    assert data.version == "6.0" and data.release.format == "dta" and data.coverage == (1815, 2022)
    _same_tables(data, _load_quiet(csv))
    assert folder.parent == tmp_path / "dta"


# --------------------------------------------------------------------------- (c) official zip

def _zip(path: Path, inner: str, files: list[Path]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            zf.write(f, f"{inner}/{f.name}")
    return path


@pytest.mark.realdata
def test_official_zip_layout_of_real_51_loads_verified(tmp_path, atop51, fresh_warnings):
    src = real_dir("5.1")
    files = sorted(p for p in src.glob("atop5_1*.csv"))
    archive = _zip(tmp_path / "atop_5.1__.csv_.zip", "ATOP 5.1 (.csv)", files)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a verified official release loads without any warning
        data = al.load_atop(archive)
    assert data.version == "5.1" and data.release.verified and data.release.format == "csv"
    assert data.release.source == str(archive)
    pinned = al.data.pinned_hashes("5.1")
    assert {p.name: data.release.checksums[k] for k, p in data.release.files.items()} == {
        p.name: pinned[p.name] for p in files
    }
    assert len(data.alliances) == 789 and data.coverage == (1815, 2018)
    _same_tables(data, atop51)
    # the same zip given as a folder that holds it
    assert _load_quiet(tmp_path).release.verified


@pytest.mark.realdata
def test_stata_zip_of_real_401_in_official_layout(tmp_path, atop401, fresh_warnings):
    dta = write_stata_copy(real_dir("4.01"), tmp_path / "stage")
    archive = _zip(tmp_path / "atop_4.01__.dta_.zip", "ATOP 4_01 (dta)", sorted(dta.glob("*.dta")))
    data = _load_quiet(archive)
    assert data.version == "4.01" and data.release.format == "dta" and data.coverage == (1815, 2016)
    _same_tables(data, atop401)


def test_edited_file_in_a_pinned_release_is_refused(tmp_path, fresh_warnings):
    """A file named like a pinned release's but with other bytes: refused, override named."""
    folder = tmp_path / "ATOP 5.1 (.csv)"
    folder.mkdir()
    for kind in ("a", "m"):
        frame = pd.read_csv(MINI / f"atop5_9{kind}.csv", dtype={"version": str})
        frame["version"] = "5.1"
        frame.to_csv(folder / f"atop5_1{kind}.csv", index=False)
    with pytest.raises(al.ChecksumError, match="differs from the pinned ATOP 5.1 value.*ATOP_VERIFY=0"):
        al.load_atop(tmp_path)
    data = _load_quiet(tmp_path, verify=False)
    assert data.version == "5.1" and not data.release.verified


# --------------------------------------------------------------------------- whole runs (slow)

def _outputs(notebook: Path) -> tuple[str, str]:
    """(stdout text and plain-text results, stderr text) of an executed notebook."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    out, err = [], []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                (err if o.get("name") == "stderr" else out).append(o.get("text", ""))
            elif "data" in o:
                out.append(str(o["data"].get("text/plain", "")))
    return "".join(out), "".join(err)


def _svg_x_range(svg: Path) -> tuple[float, float]:
    """The years at the left and right edge of a house-style figure's axes, read off its SVG:
    the axes box (``patch_2``) and two labelled x ticks (grid lines, with the label as a comment)
    give the scale."""
    import re

    text = svg.read_text()
    box = re.search(r'<g id="patch_2">\s*<path d="M ([\d.]+) [\d.]+\s*L ([\d.]+) ', text)
    ticks = re.findall(r'<g id="xtick_\d+">\s*<g id="line2d_\d+">\s*<path d="M ([\d.]+) .*?<!-- (\d{4}) -->', text, re.S)
    (x1, y1), (x2, y2) = (float(ticks[0][0]), int(ticks[0][1])), (float(ticks[-1][0]), int(ticks[-1][1]))
    per_pixel = (y2 - y1) / (x2 - x1)
    left, right = float(box.group(1)), float(box.group(2))
    return y1 + (left - x1) * per_pixel, y1 + (right - x1) * per_pixel


@pytest.mark.slow
@pytest.mark.realdata
def test_collection_on_real_401_follows_its_coverage(collection_401):
    """ATOP 4.01 ends in 2016: titles, notes, axes and printed numbers say so; nothing says 2017-2018."""
    _, folder = collection_401
    assert folder.name == "atop-4.01"
    for name in ("fig1-defense-pacts", "fig2-consultative-pacts", "changed-fig1-defense-pacts"):
        left, right = _svg_x_range(folder / "figures" / f"{name}.svg")
        assert (round(left), round(right)) == (1815, 2016), name
        assert pd.read_csv(folder / "figures" / f"{name}.csv")["year"].max() == 2016
    svg = (folder / "figures" / "fig1-defense-pacts.svg").read_text()
    assert "<!-- Figure 1. Defense pacts in force, 1815-2016 -->" in svg
    assert "end of 2016" in svg  # the in-force rule on the note: still in force at the end of 2016
    texts = {p.name: " ".join(_outputs(p)[0].split()) for p in sorted(folder.glob("*.ipynb"))}  # unwrapped
    from atoplib.data.codebook import QUOTES
    from atoplib.memo import claims
    # the memo's and the codebook's own words may name 2018 ("from 1815 to 2018")
    quoted = [quote for claim in claims.REGISTRY.values() for quote, _ in claim.quotes]
    quoted += [quote.text for quote in QUOTES.values()]
    for name, text in texts.items():
        for quote in quoted:
            text = text.replace(" ".join(quote.split()), "")
        assert "2017" not in text and "2018" not in text, name
    assert "ATOP 4.01 covers 1815-2016" in texts["00-overview.ipynb"]
    assert "153 in 2016" in texts["08-reproduction-report.ipynb"]
    table = pd.read_csv(folder / "reproduction.csv", keep_default_na=False)
    overall = table.set_index("claim_id")["status"]  # one row per claim
    assert overall["consult-nearly-150"] == "differ" and overall["version-coverage"] == "n/a"  # 4.01 is not 5.x


@pytest.mark.slow
def test_collection_on_an_unseen_release(tmp_path, fresh_warnings, monkeypatch):
    """A release never seen (ATOP 6.0, coverage to 2022, extra columns) runs end to end with one warning."""

    monkeypatch.delenv("ATOP_BASE_DATA_DIR", raising=False)
    write_unseen_release(tmp_path / "data")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # min_signed=1: the decade figure of 03 keeps decades with a single signing (the release is tiny)
        folder = al.report.run_collection(data_dir=tmp_path / "data", output_root=tmp_path / "reports",
                                       notebooks=["00", "01", "02", "03", "07", "08"],
                                       parameters={"min_signed": 1}, progress=False)
    atop_warnings = [str(w.message) for w in caught if issubclass(w.category, al.AtopWarning)]
    assert len(atop_warnings) == 1 and "ATOP 6.0 has no pinned checksums" in atop_warnings[0]
    assert folder.name == "atop-6.0.partial"  # some notebooks, a non-default parameter: never the canonical report
    fig1 = pd.read_csv(folder / "figures" / "fig1-defense-pacts.csv")
    assert (fig1["year"].min(), fig1["year"].max()) == (1815, 2022)
    assert int(fig1.set_index("year").loc[2012, "count"]) == 3  # 1003, 1004 and 1004's copy (hand count)
    assert tuple(round(v) for v in _svg_x_range(folder / "figures" / "fig1-defense-pacts.svg")) == (1815, 2022)
    for notebook in sorted(folder.glob("*.ipynb")):
        out, err = _outputs(notebook)
        assert err.count("no pinned checksums") == 1, notebook.name  # one warning per kernel, nothing else
        assert "Traceback" not in out + err
    assert "1815-2022" in _outputs(folder / "00-overview.ipynb")[0]
    assert "No base release was found, so ATOP 6.0 is shown alone" in _outputs(folder / "07-what-changed.ipynb")[0]
    table = pd.read_csv(folder / "reproduction.csv", keep_default_na=False)
    assert len(table) == table["claim_id"].nunique() >= 40  # the claims ledger, one row per claim
    assert set(table["status"]) <= {"agree", "partly", "differ", "n/a", "not testable"}
    # Figure 1's stated peak reading: decade means of the yearly count (the 2010s hold the 2012-2017 peak of 3)
    counts = fig1.set_index("year")["count"]
    peak = table.set_index("claim_id").loc["defense-grew-peak", "measured"]
    assert peak.startswith(f"highest decade means: 2010s {counts.loc[2010:2019].mean():.1f}, ")


@pytest.mark.realdata
def test_the_ledger_judges_every_claim_on_an_unseen_release(tmp_path, quiet_unpinned, cow_tables):
    """Every reading of every claim runs on a release whose groups are nearly empty (no U.S. or
    Soviet defense pact with CINC in the Cold War): what it cannot judge is n/a, with the reason."""
    from atoplib.memo.evidence import Evidence
    from atoplib.memo.ledger import verdicts

    write_unseen_release(tmp_path / "data")
    found = {v.id: v for v in verdicts(Evidence(al.load_atop(tmp_path / "data"), **cow_tables))}
    assert len(found) >= 40
    soviet = found["soviet-comparable"]
    assert soviet.status == "n/a"
    assert soviet.sentence.startswith("Not judged on ATOP 6.0: no Soviet defense pact with CINC data in 1946-1991")
