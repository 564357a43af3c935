"""The report website (atoplib.report.site): built from the committed ATOP 5.1 report and
opened page by page in headless Chromium (Playwright, Debian's /usr/bin/chromium).

Screenshots of the landing page and of Figure 1's chapter are saved in the test's temporary
folder; with ATOP_SAVE_SCREENSHOTS=<folder> they are also copied there (ATOP_SAVE_SCREENSHOTS=docs/img
refreshes the README's picture, docs/img/site-landing.png). Without Chromium or playwright the
browser tests skip, unless ATOP_REQUIRE_BROWSER=1 (set by .ci/run): then they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest

import atoplib.present.figures as figs
from atoplib import paths
from atoplib.report import site, site_pages
from atoplib.errors import ReportError
import atoplib as al

REPORT = paths.PROJECT_ROOT / "reports" / "atop-5.1"
CHROMIUM = os.environ.get("ATOP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FORBIDDEN = ("NBVAL", "data_dir =")
MEMO = paths.PROJECT_ROOT.parent / "shared" / "memo" / "poast-2026-us-alliance-network-today.txt"


def expected_ledger(report: Path) -> pd.DataFrame:
    """The claims and statuses the report's reproduction.csv gives, read with plain pandas."""
    frame = pd.read_csv(report / "reproduction.csv", dtype=str, keep_default_na=False)
    if "reading" in frame.columns:
        frame = frame[frame["reading"] == "overall"]
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------- no browser needed

def test_figure_text_reads_title_and_source_note_back_from_the_svg():
    folder = REPORT / "figures"
    title, note = site.figure_text(folder / "fig1-defense-pacts.svg", folder / "fig1-defense-pacts.csv")
    assert title == "Figure 1. Defense pacts in force, 1815-2018"
    assert note == figs.source_note("5.1", "alliance-level file (atop5_1a.csv)", "defense = 1",
                                    "Shaded: the Cold War (1946-1991).", in_force_through=2018)
    # legend entries (values of the CSV) are skipped; the title sits before them
    title, note = site.figure_text(folder / "asymmetry-atop-asymm.svg", folder / "asymmetry-atop-asymm.csv")
    assert title == "Pacts with asymmetric obligations (ATOP asymm)"
    assert note.endswith("asymm = 1 (obligations differ among members).")
    # a legend drawn after the note is not part of it
    _, note = site.figure_text(folder / "defense-network.svg", folder / "defense-network.csv")
    assert note.endswith("(member-level defense = 1).") and "Americas" not in note


def test_staged_notebook_drops_parameters_and_markers_folds_code_and_captions_figures(tmp_path):
    source = REPORT / "01-defense-pacts.ipynb"
    before = source.read_bytes()
    used = site.stage_notebook(source, tmp_path / source.name, REPORT / "figures")
    assert source.read_bytes() == before  # the report's notebook is only read
    nb = json.loads((tmp_path / source.name).read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    original = [c for c in json.loads(before)["cells"] if c["cell_type"] == "code"]
    assert len(code) == len(original) - 2  # the parameters and injected-parameters cells
    text = "".join("".join(c["source"]) for c in code)
    assert "NBVAL" not in text and "data_dir =" not in text
    assert all("hide-input" in c["metadata"]["tags"] for c in code)
    assert [u.stem for u in used] == ["fig1-defense-pacts", "fig1-defense-pacts-readings"]
    meta = next(c["metadata"]["mystnb"] for c in code if "mystnb" in c["metadata"])
    assert meta["image"]["alt"] == "Figure 1. Defense pacts in force, 1815-2018"
    assert meta["figure"]["name"] == "fig1-defense-pacts"
    assert 'href="figures/fig1-defense-pacts.csv"' in meta["figure"]["caption"]
    assert 'href="figures/fig1-defense-pacts.svg"' in meta["figure"]["caption"]


def test_ledger_rows_read_the_committed_report_and_the_ledger_layout(tmp_path):
    rows = site_pages.ledger_rows(REPORT)
    expected = expected_ledger(REPORT)
    assert rows["status"].tolist() == expected["status"].tolist()
    # every claim the data can check links to its chapter; a statement no data can check has none
    testable = rows["status"].ne("not testable")
    assert rows.loc[testable, "chapter"].ne("").all() and rows.loc[~testable, "chapter"].eq("").all()
    # the ledger's layout: only the reading "overall" is shown, one row per claim
    pd.DataFrame({
        "claim_id": ["a", "a", "b"], "location": ["Figure 1 note"] * 3, "quote": ["x", "x", "y"],
        "reading": ["overall", "alliance-level", "overall"], "release": ["5.1"] * 3,
        "measured": ["1", "1", "2"], "status": ["agree", "agree", "differ"], "reason": ["", "", "r"],
    }).to_csv(tmp_path / "reproduction.csv", index=False)
    rows = site_pages.ledger_rows(tmp_path)
    assert rows[["claim_id", "status"]].values.tolist() == [["a", "agree"], ["b", "differ"]]
    pd.DataFrame({"claim": ["x"], "status": ["agree"]}).to_csv(tmp_path / "reproduction.csv", index=False)
    with pytest.raises(ReportError, match="not a claims ledger"):
        site_pages.ledger_rows(tmp_path)


def test_a_folder_that_is_not_a_report_is_refused_in_one_line(tmp_path):
    with pytest.raises(site.SiteError, match="has no manifest.json"):
        site.build_site(tmp_path)


# --------------------------------------------------------------------------- in the browser

def _missing(reason: str) -> None:
    """Skip, except where the browser test must run (CI sets ATOP_REQUIRE_BROWSER=1): fail."""
    (pytest.fail if os.environ.get("ATOP_REQUIRE_BROWSER") == "1" else pytest.skip)(reason)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    try:
        import myst_nb  # noqa: F401
    except ImportError:
        _missing("the site needs the 'site' extra (sphinx, myst-nb, sphinx-book-theme)")
    out = tmp_path_factory.mktemp("site") / "site"
    index = site.build_site(REPORT, out)
    assert index == out / "index.html"
    return out


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the browser test needs playwright (the 'test' extra)")
    if not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM}; install Debian's chromium or set ATOP_CHROMIUM")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _ids(page: Path, cache: dict) -> set[str]:
    if page not in cache:
        cache[page] = set(re.findall(r'\b(?:id|name)="([^"]+)"', page.read_text(encoding="utf-8")))
    return cache[page]


@pytest.mark.slow
def test_every_page_loads_cleanly_in_chromium(built, browser, tmp_path):
    pages = sorted(built.glob("*.html"))
    chapters = sorted(p.stem + ".html" for p in REPORT.glob("[0-9][0-9]-*.ipynb"))
    assert {"index.html", *chapters} <= {p.name for p in pages}
    assert site.external_assets(built) == []
    anchors: dict = {}
    tab = browser.new_page(viewport={"width": 1280, "height": 1000})
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:", "about:"))
           else problems.append(f"request to the web: {r.url}"))
    for page in pages:
        problems.clear()
        tab.goto(page.as_uri(), wait_until="load")
        images = tab.eval_on_selector_all("img", "els => els.map(e => [e.getAttribute('src'), e.complete, e.naturalWidth])")
        broken = [src for src, complete, width in images if not (complete and width > 0)]
        assert not broken, f"{page.name}: images not loaded: {broken}"
        for href in tab.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.exists(), f"{page.name}: link {href} leads nowhere"
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in _ids(target, anchors), f"{page.name}: anchor {href} missing"
        html = tab.content()
        for text in FORBIDDEN:
            assert text not in html, f"{page.name} shows {text!r}"
        assert not problems, f"{page.name}: {problems}"
    for name in chapters:  # code is folded: no cell's source is visible until asked for
        tab.goto((built / name).as_uri(), wait_until="load")
        assert tab.locator(".cell_input").count() > 0
        assert not any(tab.locator(".cell_input").nth(i).is_visible() for i in range(tab.locator(".cell_input").count()))
        assert tab.locator(".prev-next-area a").count() >= 1, f"{name}: no previous/next links"
    for text in FORBIDDEN:
        assert text not in (built / "searchindex.js").read_text(encoding="utf-8")


@pytest.mark.slow
def test_landing_page_shows_the_ledger_and_links_every_figure(built, browser, tmp_path):
    tab = browser.new_page(viewport={"width": 1280, "height": 1400})  # the question and most of the ledger
    tab.goto((built / "index.html").as_uri(), wait_until="load")
    expected = expected_ledger(REPORT)
    rows = tab.locator("#claims-ledger tbody tr")
    assert rows.count() == len(expected)
    statuses = [rows.nth(i).locator("td.status").inner_text().strip() for i in range(rows.count())]
    assert statuses == expected["status"].tolist()
    links = [rows.nth(i).locator("a").count() for i in range(rows.count())]
    testable = expected["status"].ne("not testable").tolist()
    assert all(n == 1 for n, t in zip(links, testable) if t), "every checkable claim links to its chapter"
    quote = tab.locator("blockquote").first.inner_text().strip()
    if MEMO.is_file():  # the question is quoted exactly (a capital first letter allowed)
        memo = " ".join(MEMO.read_text(encoding="utf-8").split())
        assert quote in memo or quote[0].lower() + quote[1:] in memo, quote
    shown = set(tab.eval_on_selector_all(".figure-grid img", "els => els.map(e => e.getAttribute('src'))"))
    drawn = {f"figures/{p.name}" for p in (REPORT / "figures").glob("*.png")}
    assert shown == drawn
    for row in json.loads((REPORT / "manifest.json").read_text())["data"]["files"]:
        assert row["sha256"] in tab.inner_text("main")
    tab.screenshot(path=str(tmp_path / "site-landing.png"))
    tab.screenshot(path=str(tmp_path / "site-landing-full.png"), full_page=True)
    # Figure 1's chapter: the figure has alt text, a caption (its source note) and its downloads
    tab.goto((built / "01-defense-pacts.html").as_uri(), wait_until="load")
    figure = tab.locator("figure#fig1-defense-pacts")
    assert figure.locator("img").get_attribute("alt") == "Figure 1. Defense pacts in force, 1815-2018"
    caption = figure.inner_text()
    assert "Source: ATOP version 5.1, alliance-level file (atop5_1a.csv); counted: defense = 1" in caption
    hrefs = figure.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert {"figures/fig1-defense-pacts.csv", "figures/fig1-defense-pacts.svg"} <= set(hrefs)
    figure.scroll_into_view_if_needed()
    tab.screenshot(path=str(tmp_path / "site-figure-1.png"))
    tab.screenshot(path=str(tmp_path / "site-figure-1-full.png"), full_page=True)
    keep = os.environ.get("ATOP_SAVE_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for name in ("site-landing.png", "site-landing-full.png", "site-figure-1.png", "site-figure-1-full.png"):
            shutil.copy2(tmp_path / name, Path(keep) / name)
