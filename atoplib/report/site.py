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
and every figure gets alt text, a caption (its source note) and links to its data (CSV) and SVG.
Sphinx runs with warnings as errors; a finished site that would load anything from the web is
refused.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from string import Template

import nbformat

from atoplib.report import site_pages
from atoplib.errors import ReportError

TEMPLATE_DIR = Path(__file__).resolve().parent / "site_template"
SITE_FOLDER = "site"
#: Cells a reader never sees: the defaults cell and the cell papermill injects (local paths).
HIDDEN_TAGS = ("parameters", "injected-parameters")
NBVAL_LINE = re.compile(r"^[ \t]*#[ \t]*NBVAL_[A-Z_]+[^\n]*(\n|$)", re.MULTILINE)
COMMENT = re.compile(r"<!-- (.*?) -->", re.DOTALL)
EXTERNAL_ASSET = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//[^\"]*\"", re.I)


class SiteError(ReportError):
    """The website could not be built; the message names the file or the Sphinx warning."""


@dataclass(frozen=True)
class FigureUse:
    """A figure of the report folder as shown by one chapter."""

    stem: str  # e.g. "fig1-defense-pacts"
    chapter: str  # notebook stem, e.g. "01-defense-pacts"
    title: str  # the figure's title (alt text)
    note: str  # the figure's source note (caption)


def figure_text(svg: Path, csv: Path | None = None) -> tuple[str, str]:
    """The title and the source note drawn in a saved figure, read back from its SVG.

    Matplotlib writes every text of a figure as a comment beside its glyph paths. The note is the
    text starting ``Source:`` (with the lines it wraps onto); the title is the last text before it
    that is not a legend entry (a value of the figure's CSV) nor a number; panels titled by year
    (``1960: …``) are joined.
    """
    texts = [" ".join(t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").split())
             for t in COMMENT.findall(svg.read_text(encoding="utf-8"))]
    start = next((i for i, t in enumerate(texts) if t.startswith("Source:")), None)
    if start is None:
        return svg.stem.replace("-", " "), ""
    note = [texts[start]]
    for text in texts[start + 1:]:
        previous = note[-1]
        if previous.endswith(".") and (len(previous) < 100 or len(text) < 60):
            break  # the note ended; what follows is a legend or a label
        note.append(text)
    values: set[str] = set()
    if csv is not None and csv.is_file():
        import pandas as pd

        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        values = {v for col in frame.columns for v in frame[col].unique()}
    candidates = [t for t in texts[:start] if t and t not in values and not re.fullmatch(r"[-−+0-9.,%]+", t)]
    title = candidates[-1] if candidates else svg.stem.replace("-", " ")
    if re.match(r"^\d{4}: ", title):  # small multiples titled by year: name the figure, then the panels
        panels = "; ".join(t for t in candidates if re.match(r"^\d{4}: ", t))
        title = f"{svg.stem.replace('-', ' ').capitalize()}, {panels}"
    return title, " ".join(note)


def _figure_index(figures_dir: Path) -> dict[str, str]:
    """sha256 of each saved PNG -> its stem (a notebook shows the very file it saved)."""
    index = {}
    for png in sorted(figures_dir.glob("*.png")):
        index[hashlib.sha256(png.read_bytes()).hexdigest()] = png.stem
    return index


def _caption(stem: str, note: str, figures_dir: Path) -> str:
    links = [f'<a href="figures/{stem}.{ext}" download>{label}</a>'
             for ext, label in (("csv", "data (CSV)"), ("svg", "SVG"), ("png", "PNG"))
             if (figures_dir / f"{stem}.{ext}").is_file()]
    caption = note.replace("*", r"\*") or stem
    return f"{caption}\n\nDownload: {' · '.join(links)}"


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
                title, note = figure_text(figures_dir / f"{stem}.svg", figures_dir / f"{stem}.csv")
                piece.metadata["mystnb"] = {
                    "image": {"alt": title},
                    "figure": {"name": stem, "caption": _caption(stem, note, figures_dir)},
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
    import argparse

    from atoplib import settings

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
