"""The report website (atoplib.report.site): built from a report folder and opened page by page in
headless Chromium (Playwright, Debian's /usr/bin/chromium), as a reader would.

The browser tests build the website of the committed ATOP 5.1 report, or of the report folder named
by ATOP_SITE_REPORT (e.g. one just made with ``atopnb report --force -o /tmp/r``). They hold for any
report: every page is read for what a reader must never meet (an output that scrolls sideways, a
caption shown twice, a Python repr, Markdown emphasis shown as asterisks), whatever the chapters say.

Screenshots of the landing page and of the first chapter with a figure are saved in the test's
temporary folder; with ATOP_SAVE_SCREENSHOTS=<folder> they are also copied there
(ATOP_SAVE_SCREENSHOTS=docs/img refreshes the README's picture, docs/img/site-landing.png). Without
Chromium or playwright the browser tests skip, unless ATOP_REQUIRE_BROWSER=1 (set by .ci/run): then
they fail.
"""

from __future__ import annotations

import base64
import hashlib
import html
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
from atoplib.errors import ReportError
from atoplib.report import site, site_pages

REPORT = paths.PROJECT_ROOT / "reports" / "atop-5.1"
#: The report whose website the browser tests open.
SITE_REPORT = Path(os.environ.get("ATOP_SITE_REPORT") or REPORT).expanduser().resolve()
CHROMIUM = os.environ.get("ATOP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FORBIDDEN = ("NBVAL", "data_dir =")
MEMO = paths.PROJECT_ROOT.parent / "shared" / "memo" / "poast-2026-us-alliance-network-today.txt"
#: What a Python object's repr looks like on a page: an object's default repr, a figure's, a dict's,
#: a pandas Series' footer.
REPR = re.compile(r"<IPython\.|<Figure size|<matplotlib\.|\bat 0x[0-9a-fA-F]{6,}"
                  r"|\{'[^'\n]{1,40}': |dtype: (?:int|float|object|bool)")
#: Markdown emphasis shown as typed: *consult* rather than consult in italics.
LITERAL_EMPHASIS = re.compile(r"(?<![\w*])\*[^\s*][^*\n]{0,60}?(?<=[^\s*])\*(?![\w*])")
#: A viewport like a laptop's: the width every output must fit.
VIEWPORT = {"width": 1280, "height": 1000}

#: Run in every page: open every folded output (never the code toggles), then report what a
#: reader would meet. Every visible output block, table or pre block is measured; the page's
#: text is read without the (hidden) code.
READ_PAGE = """() => {
  const main = document.querySelector('main') || document.body;
  for (const d of main.querySelectorAll('details')) {
    const code = d.classList.contains('above-input') || d.classList.contains('below-input')
                 || d.querySelector(':scope > .cell_input, :scope > div > .cell_input');
    if (!code) d.open = true;
  }
  const blocks = new Set([...main.querySelectorAll('.cell_output, .cell_output *, table, pre')]);
  const wide = [...blocks].filter(e => e.clientWidth > 0 && e.checkVisibility()
                                       && e.scrollWidth > e.clientWidth + 1)
    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} is ${e.scrollWidth}px wide in `
              + `${e.clientWidth}px: "${e.innerText.replace(/\\s+/g, ' ').trim().slice(0, 60)}"`);
  const copy = main.cloneNode(true);
  copy.querySelectorAll('.cell_input, details.above-input, details.below-input, script, style')
      .forEach(e => e.remove());
  document.body.appendChild(copy);  // innerText needs the copy laid out
  copy.style.position = 'absolute'; copy.style.left = '-20000px';
  const text = copy.innerText;
  copy.remove();
  const captions = [...main.querySelectorAll('figcaption, caption, .atop-table-caption')]
    .filter(e => e.checkVisibility()).map(e => e.innerText.replace(/\\s+/g, ' ').trim()).filter(t => t);
  const figures = [...main.querySelectorAll('figure')].map(f => ({
    id: f.id, caption: f.querySelector('figcaption') ? f.querySelector('figcaption').innerText : ''}));
  const alts = [...main.querySelectorAll('img')].map(i => i.getAttribute('alt') || '');
  return {wide, text, captions, figures, alts};
}"""


def expected_ledger(report: Path) -> pd.DataFrame:
    """The claims and statuses the report's reproduction.csv gives, one row per claim, read with
    plain pandas (the ledger's layout, or its earlier one with a row per reading)."""
    frame = pd.read_csv(report / "reproduction.csv", dtype=str, keep_default_na=False)
    if "reading" in frame.columns:
        frame = frame[frame["reading"] == "overall"]
    return frame.reset_index(drop=True)


def drawn_texts(svg: Path) -> list[str]:
    """Every text matplotlib drew in a figure (it keeps each as a comment in the SVG)."""
    return [" ".join(t.split()) for t in re.findall(r"<!-- (.*?) -->", svg.read_text(encoding="utf-8"), re.S)]


def shown_figures(report: Path) -> set[str]:
    """The report's figures (by stem) that its notebooks show: their PNG is an output of a cell."""
    stems = {hashlib.sha256(p.read_bytes()).hexdigest(): p.stem for p in (report / "figures").glob("*.png")}
    shown = set()
    for notebook in report.glob("[0-9][0-9]-*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                png = output.get("data", {}).get("image/png")
                if png:
                    digest = hashlib.sha256(base64.b64decode("".join(png) if isinstance(png, list) else png))
                    shown |= {stems[digest.hexdigest()]} if digest.hexdigest() in stems else set()
    return shown


def _squash(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- no browser needed

def test_figure_text_reads_title_and_source_note_back_from_the_svg():
    folder = REPORT / "figures"
    title, note = site.figure_text(folder / "fig1-defense-pacts.svg")
    assert title == "Figure 1. Defense pacts in force, 1815-2018"  # not the "peak: 63 …" label drawn below it
    assert note == figs.source_note("5.1", "alliance-level file (atop5_1a.csv)", "defense = 1",
                                    "Shaded: the Cold War (1946-1991).", in_force_through=2018)
    # legend entries and axis labels are skipped; the title is the topmost text
    title, note = site.figure_text(folder / "asymmetry-atop-asymm.svg")
    assert title == "Pacts with asymmetric obligations (ATOP asymm)"
    assert note.endswith("asymm = 1 (obligations differ among members).")
    # a figure-wide title above panels that are labelled on their own
    title, _ = site.figure_text(folder / "access-base-shares.svg")
    assert title == "Basing provisions in alliances in force"
    # a legend drawn after the note is not part of it; panels titled by year are named together
    title, note = site.figure_text(folder / "defense-network.svg")
    assert note.endswith("(member-level defense = 1).") and "Americas" not in note
    assert title.startswith("Defense network, 1960: ") and "; 1985: " in title and "; 2018: " in title


def test_figure_title_is_the_drawn_title_else_the_catalog_title(tmp_path, monkeypatch):
    folder = REPORT / "figures"
    title, note = site.figure_title("fig1-defense-pacts-readings", folder / "fig1-defense-pacts-readings.svg")
    assert title == next(t for t in drawn_texts(folder / "fig1-defense-pacts-readings.svg") if t.startswith("Figure 1"))
    assert note.startswith("Source: ATOP version 5.1")
    # small multiples draw no title of their own: the catalog's title when it is fixed text
    class Named:
        title = "The defense network in three years"
    monkeypatch.setitem(site.EXHIBITS, "defense-network", Named())
    assert site.figure_title("defense-network", folder / "defense-network.svg")[0] == "The defense network in three years"
    Named.title = staticmethod(lambda ctx: "depends on the run")  # a title the run decides: the panels'
    assert site.figure_title("defense-network", folder / "defense-network.svg")[0].startswith("Defense network, 1960: ")
    (tmp_path / "broken.svg").write_text("<svg", encoding="utf-8")
    with pytest.raises(site.SiteError, match="broken.svg: not a readable SVG"):
        site.figure_text(tmp_path / "broken.svg")


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
    note = drawn_texts(REPORT / "figures" / "fig1-defense-pacts.svg")
    note = next(t for t in note if t.startswith("Source:"))
    # the title and the note are drawn in the picture: the alt text carries them, the caption does not
    assert meta["image"]["alt"].startswith("Figure 1. Defense pacts in force, 1815-2018. Source: ATOP version 5.1")
    assert meta["figure"]["name"] == "fig1-defense-pacts"
    caption = meta["figure"]["caption"]
    assert "Source:" not in caption and note[:40] not in caption and "Figure 1." not in caption
    assert 'href="figures/fig1-defense-pacts.csv"' in caption and 'href="figures/fig1-defense-pacts.svg"' in caption


def _ledger_csv(folder: Path) -> None:
    """A hand-made ledger in the layout of atoplib.memo.ledger.COLUMNS: three claims."""
    pd.DataFrame({
        "claim_id": ["fig1-mutual", "footnote-consult-variable", "us-interests"],
        "location": ["Figure 1 caption", "footnote 3", "The U.S. Perspective, paragraph 1"],
        "quote": ["treaty contains mutual defense provision", "the *consult* variable is coded with a 1",
                  "It can be difficult"],
        "release": ["ATOP 5.1"] * 3, "status": ["partly", "differ", "not testable"],
        "measured": ["44 of 48", "no consult column", "—"],
        "finding": ["Partly agrees under the memo's rule: 44 of 48.", "Differs: the column is consul.", ""],
        "chapter": ["01-defense-pacts", "02-consultative-pacts", ""],
    }).to_csv(folder / "reproduction.csv", index=False)


def test_ledger_rows_read_the_ledger_one_row_per_claim(tmp_path):
    _ledger_csv(tmp_path)
    rows = site_pages.ledger_rows(tmp_path)
    assert rows[["claim_id", "status", "chapter"]].values.tolist() == [
        ["fig1-mutual", "partly", "01-defense-pacts"], ["footnote-consult-variable", "differ", "02-consultative-pacts"],
        ["us-interests", "not testable", ""]]
    assert rows.loc[0, "finding"] == "Partly agrees under the memo's rule: 44 of 48."
    # the earlier layout (a row per reading; the claim's own row is the reading "overall") still reads
    pd.DataFrame({
        "claim_id": ["fig1-mutual", "fig1-mutual", "us-patron"], "location": ["Figure 1 caption"] * 3,
        "quote": ["x", "x", "y"], "reading": ["overall", "alliance-level", "overall"], "release": ["5.1"] * 3,
        "measured": ["1", "1", "2"], "status": ["agree", "agree", "differ"], "reason": ["", "", "r"],
    }).to_csv(tmp_path / "reproduction.csv", index=False)
    rows = site_pages.ledger_rows(tmp_path)
    assert rows[["claim_id", "status", "finding"]].values.tolist() == [["fig1-mutual", "agree", ""],
                                                                      ["us-patron", "differ", "r"]]
    assert rows["chapter"].tolist() == ["01-defense-pacts", "06-asymmetry"]  # the registry's chapters
    pd.DataFrame({"claim": ["x"], "status": ["agree"]}).to_csv(tmp_path / "reproduction.csv", index=False)
    with pytest.raises(ReportError, match="reproduction.csv: columns claim, status are not a claims ledger"):
        site_pages.ledger_rows(tmp_path)


def test_ledger_rows_read_the_committed_report():
    rows = site_pages.ledger_rows(REPORT)
    expected = expected_ledger(REPORT)
    assert rows["claim_id"].tolist() == expected["claim_id"].tolist()
    assert rows["status"].tolist() == expected["status"].tolist()
    assert rows["chapter"].ne("").sum() >= rows["status"].ne("not testable").sum()


def test_landing_page_shows_each_claim_its_status_and_chapter_and_summarizes_the_packages(tmp_path):
    _ledger_csv(tmp_path)
    packages = {"python": "3.11.7", "pandas": "2.2.3", **{f"package-{i}": "1.0" for i in range(150)}}
    manifest = {"release": "5.1", "coverage": {"first_year": 1815, "last_year": 2018}, "packages": packages,
                "data": {"files": [{"name": "atop5_1a.csv", "sha256": "ab" * 32}]}, "notebooks": [{}, {}]}
    chapters = [("01-defense-pacts", "Figure 1"), ("08-reproduction-report", "The ledger")]
    page = site_pages.landing_page(tmp_path, manifest, chapters, [], "ATOP 5.1")
    ledger = page[page.index('<table class="table ledger"'):page.index("</table>")]
    rows = re.findall(r'<tr id="claim-([^"]+)".*?</tr>', ledger, re.S)
    assert rows == ["fig1-mutual", "footnote-consult-variable", "us-interests"]
    assert re.findall(r'data-status="([^"]+)"', ledger) == ["partly", "differ", "not testable"]
    assert ">Partly agrees<" in ledger and ">Differs<" in ledger and ">Not testable<" in ledger
    # a claim links to its chapter when the site has that page (02 is not in this run)
    assert re.findall(r'<a href="([^"]+)"', ledger) == ["01-defense-pacts.html"]
    assert "the <em>consult</em> variable" in ledger and "*consult*" not in page
    assert "Partly agrees under the memo's rule: 44 of 48." in html.unescape(ledger)  # the verdict, folded
    assert "(3 claims: 1 partly, 1 differ, 1 not testable)" in page
    # the packages: a sentence naming the main ones and the link to all of them, not 152 rows
    assert "package-7" not in page and "Python 3.11.7, pandas 2.2.3, and 150 more packages" in page
    assert '<a href="manifest.json">manifest.json</a>' in page
    assert "ab" * 32 in page


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
    index = site.build_site(SITE_REPORT, out)
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


def _pages(built: Path) -> list[Path]:
    """The landing page and every chapter (not Sphinx's search and index pages)."""
    return [p for p in sorted(built.glob("*.html")) if p.name not in ("search.html", "genindex.html")]


def _ids(page: Path, cache: dict) -> set[str]:
    if page not in cache:
        cache[page] = set(re.findall(r'\b(?:id|name)="([^"]+)"', page.read_text(encoding="utf-8")))
    return cache[page]


@pytest.mark.slow
def test_every_page_loads_cleanly_in_chromium(built, browser, tmp_path):
    pages = sorted(built.glob("*.html"))
    chapters = sorted(p.stem + ".html" for p in SITE_REPORT.glob("[0-9][0-9]-*.ipynb"))
    assert {"index.html", *chapters} <= {p.name for p in pages}
    assert site.external_assets(built) == []
    anchors: dict = {}
    tab = browser.new_page(viewport=VIEWPORT)
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
        source = tab.content()
        for text in FORBIDDEN:
            assert text not in source, f"{page.name} shows {text!r}"
        assert not problems, f"{page.name}: {problems}"
    for name in chapters:  # code is folded: no cell's source is visible until asked for
        tab.goto((built / name).as_uri(), wait_until="load")
        assert tab.locator(".cell_input").count() > 0
        assert not any(tab.locator(".cell_input").nth(i).is_visible() for i in range(tab.locator(".cell_input").count()))
        assert tab.locator(".prev-next-area a").count() >= 1, f"{name}: no previous/next links"
    for text in FORBIDDEN:
        assert text not in (built / "searchindex.js").read_text(encoding="utf-8")


def reader_problems(name: str, seen: dict, built: Path) -> list[str]:
    """What a reader of one page would meet that they never should (see the module text)."""
    problems = [f"{name}: {w}" for w in seen["wide"]]
    text = _squash(seen["text"])
    for found in REPR.finditer(text):
        problems.append(f"{name}: a Python repr: …{text[max(0, found.start() - 40):found.end() + 40]}…")
    for alt in seen["alts"]:
        if REPR.search(alt):
            problems.append(f"{name}: a Python repr as alt text: {alt[:80]}")
    for found in LITERAL_EMPHASIS.finditer(text):
        problems.append(f"{name}: Markdown emphasis shown as typed: {found.group(0)}")
    captions = [_squash(c) for c in seen["captions"]]
    for caption in sorted(set(captions)):
        if captions.count(caption) > 1:
            problems.append(f"{name}: the caption {caption[:80]!r} appears {captions.count(caption)} times")
        elif text.count(caption) > 1:
            problems.append(f"{name}: the caption {caption[:80]!r} appears again in the page's text")
    for figure in seen["figures"]:  # a report's figure is named by its file stem
        svg = built / "figures" / f"{figure['id']}.svg"
        if not figure["id"] or not svg.is_file():
            continue
        caption = _squash(figure["caption"])
        for drawn in drawn_texts(svg):
            if len(drawn) >= 20 and drawn in caption:
                problems.append(f"{name}: the caption of {svg.stem} repeats what the picture shows: {drawn[:60]!r}")
    return problems


@pytest.mark.slow
def test_every_page_reads_as_prose_without_sideways_scrolling_repeated_captions_or_reprs(built, browser):
    tab = browser.new_page(viewport=VIEWPORT)
    problems: list[str] = []
    pages = _pages(built)
    assert len(pages) >= 2, "a website has a landing page and at least one chapter"
    for page in pages:
        tab.goto(page.as_uri(), wait_until="load")
        problems += reader_problems(page.name, tab.evaluate(READ_PAGE), built)
    assert not problems, f"{len(problems)} problem(s) a reader would meet:\n" + "\n".join(problems[:30])


def test_the_reader_checks_fail_on_what_issue_19_saw(tmp_path):
    """The browser test's reading of a page catches each problem it is there for (a page as the
    browser reports it, hand-made)."""
    svg = tmp_path / "figures" / "fig1.svg"
    svg.parent.mkdir()
    svg.write_text("<svg><!-- Figure 1. Defense pacts --><!-- Source: ATOP version 5.1, alliance-level file --></svg>")
    clean = {"wide": [], "text": "Defense pacts peak at 63 in 1967. The consult variable.",
             "captions": ["Download fig1: data (CSV)"], "alts": ["Figure 1"],
             "figures": [{"id": "fig1", "caption": "Download fig1: data (CSV)"}]}
    assert reader_problems("p.html", clean, tmp_path) == []
    cases = {
        "wide": {"wide": ["div.output is 1901px wide in 688px"]},
        "a Python repr": {"text": "1970-1989: {'first': 1970, 'last': 1989}"},
        "IPython": {"text": "<IPython.core.display.Image object>"},
        "Thing at 0x": {"text": "<__main__.Thing at 0x7f3a2c1d9e50>"},
        "emphasis": {"text": "the *consult* variable is coded with a 1"},
        "appears 2 times": {"captions": ["Table 1", "Table 1"]},
        "appears again": {"text": "Table 1. Counts. Table 1. Counts.", "captions": ["Table 1. Counts."]},
        "repeats what the picture shows": {"figures": [{"id": "fig1",
                                                         "caption": "Source: ATOP version 5.1, alliance-level file"}]},
    }
    for words, change in cases.items():
        found = reader_problems("p.html", {**clean, **change}, tmp_path)
        assert len(found) == 1 and words in found[0], (words, found)


@pytest.mark.slow
def test_landing_page_shows_the_ledger_and_links_every_figure(built, browser, tmp_path):
    tab = browser.new_page(viewport={"width": 1280, "height": 1400})  # the question and most of the ledger
    tab.goto((built / "index.html").as_uri(), wait_until="load")
    expected = expected_ledger(SITE_REPORT)
    rows = tab.locator("#claims-ledger tbody tr")
    assert rows.count() == len(expected)  # one row per claim
    statuses = rows.evaluate_all("rs => rs.map(r => r.querySelector('td.status').dataset.status)")
    assert statuses == expected["status"].tolist()
    assert all(rows.nth(i).locator("td.status").inner_text().strip() for i in range(rows.count()))
    # each claim links to its chapter's page when the site has it
    chapters = site_pages.ledger_rows(SITE_REPORT)["chapter"].tolist()
    links = rows.evaluate_all("rs => rs.map(r => [...r.querySelectorAll('a')].map(a => a.getAttribute('href')))")
    for claim, chapter, hrefs in zip(expected["claim_id"], chapters, links):
        wanted = [f"{chapter}.html"] if chapter and (built / f"{chapter}.html").is_file() else []
        assert hrefs == wanted, f"{claim}: links {hrefs}, expected {wanted}"
    # the memo's italics are italics
    for i, quote in enumerate(expected["quote"]):
        for word in re.findall(r"\*([^*\s][^*]*)\*", quote):
            assert word in rows.nth(i).locator("em").all_inner_texts(), (quote, word)
    quote = tab.locator("blockquote").first.inner_text().strip()
    if MEMO.is_file():  # the question is quoted exactly (a capital first letter allowed)
        memo = " ".join(MEMO.read_text(encoding="utf-8").split())
        assert quote in memo or quote[0].lower() + quote[1:] in memo, quote
    shown = set(tab.eval_on_selector_all(".figure-grid img", "els => els.map(e => e.getAttribute('src'))"))
    drawn = {f"figures/{p.name}" for p in (SITE_REPORT / "figures").glob("*.png")}
    assert shown == drawn
    for label in tab.locator(".figure-grid span").all_inner_texts():  # a title, not a legend entry
        assert len(label) > 12 and not label.startswith("Source:"), label
    manifest = json.loads((SITE_REPORT / "manifest.json").read_text())
    for row in manifest["data"]["files"]:
        assert row["sha256"] in tab.inner_text("main")
    # the packages are summarized, every version is in manifest.json, which the site carries
    assert tab.locator('a[href="manifest.json"]').count() == 1 and (built / "manifest.json").is_file()
    assert json.loads((built / "manifest.json").read_text()) == manifest
    cells = set(tab.locator("main td").all_inner_texts())
    assert len(cells & set(manifest.get("packages") or {})) <= 1
    tab.screenshot(path=str(tmp_path / "site-landing.png"))
    tab.screenshot(path=str(tmp_path / "site-landing-full.png"), full_page=True)
    # every figure of every chapter: alt text (its title and note), a caption with its files
    shot, captioned = None, []
    for page in _pages(built):
        tab.goto(page.as_uri(), wait_until="load")
        for i in range(tab.locator("figure").count()):
            figure = tab.locator("figure").nth(i)
            stem = figure.get_attribute("id")
            if not stem or not (built / "figures" / f"{stem}.svg").is_file():
                continue  # not one of the report's figures
            captioned.append(stem)
            title, note = site.figure_title(stem, SITE_REPORT / "figures" / f"{stem}.svg")
            assert figure.locator("img").get_attribute("alt") == site.alt_text(title, note)
            hrefs = figure.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
            assert {f"figures/{stem}.csv", f"figures/{stem}.svg"} <= set(hrefs), (page.name, stem, hrefs)
            if shot is None:
                figure.scroll_into_view_if_needed()
                tab.screenshot(path=str(tmp_path / "site-figure.png"))
                shot = page
    assert sorted(set(captioned)) == sorted(shown_figures(SITE_REPORT)), "each figure a chapter shows is captioned"
    keep = os.environ.get("ATOP_SAVE_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for name in ("site-landing.png", "site-landing-full.png", "site-figure.png"):
            if (tmp_path / name).is_file():
                shutil.copy2(tmp_path / name, Path(keep) / name)
