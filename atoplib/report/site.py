"""The report website: the executed notebooks of one report folder as a static site.

:func:`build_site` turns ``reports/atop-<version>/`` into ``reports/atop-<version>/site/``:
``index.html`` (the memo's question, the claims ledger, the figures, the run's release, coverage,
data hashes and package versions) and one page per notebook. It uses Sphinx with myst-nb and
sphinx-book-theme (the stack of Jupyter Book 1): the notebooks are rendered as executed
(``nb_execution_mode = "off"``), the build needs no network, every asset is bundled (no CDN) and
every link is relative, so the site opens from the file system. Why this tool: ``docs/site.md``.

The report's notebooks are only read. Copies in a temporary staging folder are prepared for
readers: the ``parameters`` and ``injected-parameters`` cells are dropped (they hold paths of the
machine that ran them), ``# NBVAL_…`` test markers are removed, code is folded (``hide-input``)
and every figure gets alt text (its title and source note, which the picture draws) and a caption
that links its data (CSV), SVG and PNG without repeating what the picture shows. The site carries
the report's ``reproduction.csv``, ``reproduction-readings.csv`` and ``manifest.json`` beside its
pages. Its style sheet (``site_template/_static/site.css``) keeps every output at the page's width:
printed text wraps, tables wrap their text, verdicts are prose. Sphinx runs with warnings as errors;
a finished site that would load anything from the web is refused.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from string import Template
from xml.etree import ElementTree

import nbformat

from atoplib import settings
from atoplib.errors import ReportError
from atoplib.present.catalog import EXHIBITS
from atoplib.report import site_pages
from atoplib.report.site_pages import FigureUse

TEMPLATE_DIR = Path(__file__).resolve().parent / "site_template"
SITE_FOLDER = "site"
#: Cells a reader never sees: the defaults cell and the cell papermill injects (local paths).
HIDDEN_TAGS = ("parameters", "injected-parameters")
NBVAL_LINE = re.compile(r"^[ \t]*#[ \t]*NBVAL_[A-Z_]+[^\n]*(\n|$)", re.MULTILINE)
SVG = "{http://www.w3.org/2000/svg}"
TEXT_GROUP = re.compile(r"text_\d+")
TRANSLATE_Y = re.compile(r"translate\(\s*[-\d.e]+[\s,]+([-\d.e]+)\s*\)")
#: Files of the report folder the website offers as they are (the ledger, the run's record).
REPORT_FILES = (site_pages.LEDGER_FILE, site_pages.READINGS_FILE_NAME, "manifest.json")
EXTERNAL_ASSET = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//[^\"]*\"", re.I)


class SiteError(ReportError):
    """The website could not be built; the message names the file or the Sphinx warning."""


def figure_text(svg: Path) -> tuple[str, str]:
    """The title and the source note drawn in a saved figure, read back from its SVG.

    Matplotlib writes each text of a figure as a group ``text_N`` holding the text as comments,
    inside the group of what it belongs to (``axes_N``, ``legend_N``, a tick, an axis label). The note
    is the text starting ``Source:`` (all its lines); the title is the topmost text that belongs to
    the figure or to a plot itself (not a legend, tick, axis label or the note). Small multiples
    titled by year (``1960: …``) are named by the file, then the panels.
    """
    title, panels, note = _drawn(svg)
    name = svg.stem.replace("-", " ").capitalize()
    return title or (f"{name}, {'; '.join(panels)}" if panels else name), note


def figure_title(stem: str, svg: Path) -> tuple[str, str]:
    """A figure's title for a reader, and its source note: the title drawn in the figure; for a
    figure that draws none (small multiples titled by panel), the exhibit's title in
    :data:`atoplib.present.catalog.EXHIBITS` when it is fixed text, else :func:`figure_text`'s."""
    title, _, note = _drawn(svg)
    exhibit = EXHIBITS.get(stem)
    if not title and exhibit is not None and isinstance(exhibit.title, str) and exhibit.title:
        title = exhibit.title
    return (title, note) if title else figure_text(svg)


def _drawn(svg: Path) -> tuple[str | None, list[str], str]:
    """The title drawn at the top of a figure (None when there is none, or when panels titled by
    year stand side by side there: then the panels' titles), and its source note."""
    texts = _svg_texts(svg)
    note = next((text for _, text, _ in texts if text.startswith("Source:")), "")
    own = [(y, text) for path, text, y in texts
           if text and text != note and not re.search(r"(^|/)(legend_|xtick_|ytick_|matplotlib\.axis_)", path)]
    if not own:
        return None, [], note
    top = min(y for y, _ in own)
    panels = [text for y, text in own if abs(y - top) < 1 and re.match(r"^\d{4}: ", text)]
    if len(panels) > 1:
        return None, panels, note
    return next(text for y, text in own if y == top), [], note


def _svg_texts(svg: Path) -> list[tuple[str, str, float]]:
    """Every text drawn in a matplotlib SVG: (the ids of the groups holding it, its words, its
    top as drawn: the smallest y of its lines)."""
    try:
        root = ElementTree.parse(svg, ElementTree.XMLParser(
            target=ElementTree.TreeBuilder(insert_comments=True))).getroot()
    except (OSError, ElementTree.ParseError) as err:
        raise SiteError(f"{svg}: not a readable SVG ({err}); re-run the notebook that draws it") from err
    found: list[tuple[str, str, float]] = []

    def walk(element, path: tuple[str, ...]) -> None:
        gid = element.get("id", "")
        if element.tag == f"{SVG}g" and TEXT_GROUP.fullmatch(gid):
            words = " ".join(" ".join(c.text.split()) for c in element.iter() if c.tag is ElementTree.Comment)
            ys = [float(m.group(1)) for g in element.iter(f"{SVG}g")
                  for m in [TRANSLATE_Y.search(g.get("transform", ""))] if m]
            found.append(("/".join(path), words, min(ys) if ys else float("inf")))
            return
        for child in element:
            if child.tag is not ElementTree.Comment:
                walk(child, path + ((gid,) if gid else ()))

    walk(root, ())
    return found


def alt_text(title: str, note: str) -> str:
    """A figure's alt text: what is drawn in it in words, its title and its source note."""
    return f"{title.rstrip('.')}. {note}" if note else title


def _figure_index(figures_dir: Path) -> dict[str, str]:
    """sha256 of each saved PNG -> its stem (a notebook shows the very file it saved)."""
    index = {}
    for png in sorted(figures_dir.glob("*.png")):
        index[hashlib.sha256(png.read_bytes()).hexdigest()] = png.stem
    return index


def _caption(stem: str, figures_dir: Path) -> str:
    """A figure's caption: its files, named. The title and the source note are drawn in the picture
    itself, so the caption does not repeat them (the alt text carries both for screen readers)."""
    links = [f'<a href="figures/{stem}.{ext}" download>{label}</a>'
             for ext, label in (("csv", "data (CSV)"), ("svg", "SVG"), ("png", "PNG"))
             if (figures_dir / f"{stem}.{ext}").is_file()]
    return f"Download {stem}: {' · '.join(links)}"


def stage_notebook(source: Path, target: Path, figures_dir: Path) -> list[FigureUse]:
    """Copy an executed notebook for the site (see the module doc); returns the figures it shows."""
    nb = nbformat.read(source, as_version=4)
    by_hash = _figure_index(figures_dir)
    chapter = source.stem
    cells, used = [], []
    for cell in nb.cells:
        tags = list(cell.metadata.get("tags", []))
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        if any(tag in HIDDEN_TAGS for tag in tags):
            continue
        cell.source = NBVAL_LINE.sub("", cell.source).strip("\n")
        if not cell.source.strip() and not cell.outputs:
            continue
        cell.metadata["tags"] = [t for t in tags if t != "hide-input"] + ["hide-input"]
        # one figure per cell, so that each gets its own caption: split cells showing several
        pieces, current = [], []
        for output in cell.outputs:
            png = output.get("data", {}).get("image/png") if output.get("output_type") != "stream" else None
            if png is not None and current and any(_png(o) for o in current):
                pieces.append(current)
                current = []
            current.append(output)
        pieces.append(current)
        for n, outputs in enumerate(pieces):
            piece = nbformat.from_dict(json.loads(json.dumps(cell)))
            piece.outputs = outputs
            if n:
                piece.source = "# the next figure of the cell above"  # hidden (remove-input); an empty cell is skipped
                piece.metadata["tags"] = ["remove-input"]
                if "id" in piece:  # a cell id must stay unique in the notebook; derived, so builds repeat
                    piece["id"] = hashlib.sha256(f"{cell['id']}/{n}".encode()).hexdigest()[:8]
            png = next((_png(o) for o in outputs if _png(o)), None)
            stem = by_hash.get(hashlib.sha256(base64.b64decode(png)).hexdigest()) if png else None
            if stem:
                title, note = figure_title(stem, figures_dir / f"{stem}.svg")
                piece.metadata["mystnb"] = {
                    "image": {"alt": alt_text(title, note)},
                    "figure": {"name": stem, "caption": _caption(stem, figures_dir)},
                }
                used.append(FigureUse(stem, chapter, title, note))
            cells.append(piece)
    if not any(c.cell_type == "markdown" and re.search(r"^#\s+\S", c.source, re.MULTILINE) for c in cells):
        cells.insert(0, nbformat.v4.new_markdown_cell(f"# {chapter}"))  # every page needs a title
    nb.cells = cells
    nbformat.write(nb, target)
    return used


def _png(output) -> str | None:
    data = output.get("data") or {}
    return data.get("image/png")


def external_assets(site_dir: Path) -> list[str]:
    """Every script, style sheet, image or frame a built page would load from the web."""
    found = []
    for page in sorted(Path(site_dir).rglob("*.html")):
        for match in EXTERNAL_ASSET.findall(page.read_text(encoding="utf-8")):
            found.append(f"{page.relative_to(site_dir)}: {match}")
    return found


def _run_sphinx(source: Path, out: Path, doctrees: Path) -> None:
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", "-n",
           "-d", str(doctrees), str(source), str(out)]
    env = dict(os.environ, PYTHONWARNINGS="ignore::DeprecationWarning")
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        lines = list(dict.fromkeys(ln for ln in (done.stderr or done.stdout).splitlines() if ln.strip()))
        shown = "; ".join(ln.replace(str(source) + os.sep, "") for ln in lines[:5])
        raise SiteError(f"the website did not build (Sphinx, warnings are errors): {shown or 'no message'}")


def build_site(report_dir: str | os.PathLike, site_dir: str | os.PathLike | None = None) -> Path:
    """Build the website of one report folder; returns the path of its ``index.html``.

    ``site_dir`` defaults to ``<report_dir>/site``; a previous site there is replaced only when the
    new one has built. Raises :class:`SiteError` naming what is missing or what Sphinx reported.
    """
    report = Path(report_dir).expanduser().resolve()
    manifest_file = report / "manifest.json"
    if not manifest_file.is_file():
        raise SiteError(f"{report} has no manifest.json; build the site of a finished report "
                        "(make report), e.g. reports/atop-5.1")
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    notebooks = sorted(p for p in report.glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        raise SiteError(f"{report} holds no executed notebooks NN-*.ipynb; run make report first")
    target = Path(site_dir).expanduser().resolve() if site_dir else report / SITE_FOLDER
    figures_dir = report / "figures"
    with tempfile.TemporaryDirectory(prefix="atop-site-") as tmp:
        staging = Path(tmp) / "src"
        (staging / "_static").mkdir(parents=True)
        shutil.copytree(TEMPLATE_DIR / "_static", staging / "_static", dirs_exist_ok=True)
        extra = staging / "_extra" / "figures"
        extra.mkdir(parents=True)
        if figures_dir.is_dir():
            for item in sorted(figures_dir.iterdir()):
                if item.is_file() and item.suffix in (".png", ".svg", ".csv"):
                    shutil.copy2(item, extra / item.name)
        for name in REPORT_FILES:
            if (report / name).is_file():
                shutil.copy2(report / name, extra.parent / name)
        figures: list[FigureUse] = []
        for notebook in notebooks:
            figures += stage_notebook(notebook, staging / notebook.name, figures_dir)
        chapters = [(p.stem, site_pages.notebook_title(p)) for p in notebooks]
        release = str(manifest.get("release", "?"))
        title = f"The U.S. alliance network in ATOP {release}"
        conf = Template((TEMPLATE_DIR / "conf.py").read_text(encoding="utf-8")).substitute(
            project=repr("atop-notebooks"), title=repr(title),
            copyright=repr("the atop-notebooks authors"))
        (staging / "conf.py").write_text(conf, encoding="utf-8")
        index = site_pages.landing_page(report, manifest, chapters, figures, title)
        (staging / "index.md").write_text(index, encoding="utf-8")
        built = Path(tmp) / "html"
        _run_sphinx(staging, built, Path(tmp) / "doctrees")
        for leftover in (".buildinfo", "objects.inv", "_sources"):
            path = built / leftover
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
        remote = external_assets(built)
        if remote:
            raise SiteError(f"the website would load {len(remote)} file(s) from the web, e.g. {remote[0]}")
        target.parent.mkdir(parents=True, exist_ok=True)
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        shutil.move(str(built), str(target))
        shutil.rmtree(old, ignore_errors=True)
    return target / "index.html"


def main(argv: list[str] | None = None) -> int:
    """``python -m atoplib.report.site [REPORT_DIR] [-o SITE_DIR]`` (``make site``): build the
    website of a report folder (default: the ATOP 5.1 report) and print where its index is."""
    parser = argparse.ArgumentParser(prog="python -m atoplib.report.site", description=main.__doc__)
    parser.add_argument("report_dir", nargs="?", help="report folder (default: reports/atop-5.1)")
    parser.add_argument("--version", default="5.1", help="release whose report to use when no folder is given")
    parser.add_argument("-o", "--output", help="where to write the site (default: REPORT_DIR/site)")
    args = parser.parse_args(argv)
    try:
        index = build_site(args.report_dir or settings.current().reports_dir / f"atop-{args.version}", args.output)
    except ReportError as err:
        print(f"site: error: {err}", file=sys.stderr)
        return 2
    print(f"site: {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
