"""The report website's landing page: the memo's question, the claims ledger, figures, the run.

Read by :mod:`atoplib.report.site`. :func:`ledger_rows` reads the claims ledger a report
folder holds (``reproduction.csv``, one row per claim); :func:`landing_page` writes ``index.md``
(MyST) from the template ``site_template/index.md``. The memo's words and the status badges are
drawn as the chapters draw them (:mod:`atoplib.present.verdict_view`), so a claim reads the same on
the landing page and in its chapter.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
import re
from pathlib import Path
from string import Template

import nbformat
import pandas as pd

from atoplib.errors import ReportError
from atoplib.memo.claims import REGISTRY
from atoplib.memo.ledger import COLUMNS as LEDGER_COLUMNS
from atoplib.memo.reproduction import FILE_NAME as LEDGER_FILE
from atoplib.memo.reproduction import READINGS_FILE_NAME
from atoplib.present.verdict_view import COLOURS, QUESTION_LABEL, STATUS_LABELS, quote_html

@dataclass(frozen=True)
class FigureUse:
    """A figure of the report folder as shown by one chapter."""

    stem: str  # e.g. "fig1-defense-pacts"
    chapter: str  # notebook stem, e.g. "01-defense-pacts"
    title: str  # the figure's title (the landing page's thumbnails; the alt text with the note)
    note: str  # the figure's source note, as drawn under it


TEMPLATE = Path(__file__).resolve().parent / "site_template" / "index.md"
#: The ledger's earlier layout (one row per claim and reading; the claim's own row has the reading
#: "overall"), still read so that a report written before the ledger was rebuilt gets a website.
READING_ROWS_COLUMNS = ("claim_id", "location", "quote", "reading", "release", "measured", "status", "reason")
#: The chapter that gathers every claim's verdict.
REPRODUCTION_CHAPTER = "08-reproduction-report"
#: The packages named on the landing page (when the run recorded them); manifest.json lists all.
KEY_PACKAGES = ("python", "atoplib", "pandas", "numpy", "matplotlib", "seaborn", "scipy", "statsmodels",
                "lifelines", "networkx", "papermill", "sphinx", "myst-nb")
STATUS_ORDER = ("agree", "partly", "differ", "n/a", "not testable")


def notebook_title(path: Path) -> str:
    """The first heading of a notebook (its page title on the site)."""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#+\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return path.stem


def memo_question() -> tuple[str, str, str] | None:
    """The memo's question, from the ledger (its claim of kind ``question``): quote, location and
    the chapter that answers it; None when the ledger registers no question."""
    for claim in REGISTRY.values():
        if claim.kind == "question":
            return claim.quote, claim.location, claim.chapter.removesuffix(".ipynb")
    return None


def ledger_rows(report_dir: Path) -> pd.DataFrame:
    """One row per claim of the report's ledger, in the memo's order: ``claim_id, quote, location,
    status, measured, finding, chapter`` (chapter: the notebook that shows the evidence, or empty).

    Reads ``reproduction.csv`` as the ledger writes it (:data:`atoplib.memo.ledger.COLUMNS`), or in
    its earlier layout (one row per reading: the rows of the reading ``overall``)."""
    path = Path(report_dir) / LEDGER_FILE
    if not path.is_file():
        raise ReportError(f"{path} is missing; the site shows the claims ledger written by notebook 08 "
                          "(run make report)")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if set(LEDGER_COLUMNS) <= set(frame.columns):
        rows = frame.copy()
    elif set(READING_ROWS_COLUMNS) <= set(frame.columns):
        rows = frame[frame["reading"].eq("overall")].rename(columns={"reason": "finding"})
        rows["chapter"] = [getattr(REGISTRY.get(cid), "chapter", "") for cid in rows["claim_id"]]
    else:
        raise ReportError(f"{path}: columns {', '.join(frame.columns)} are not a claims ledger; expected "
                          f"{', '.join(LEDGER_COLUMNS)}; re-run notebook 08 (make report)")
    rows["chapter"] = rows["chapter"].str.removesuffix(".ipynb")
    columns = ["claim_id", "quote", "location", "status", "measured", "finding", "chapter"]
    return rows[columns].reset_index(drop=True)


def _badge(claim_id: str, status: str) -> str:
    claim = REGISTRY.get(claim_id)
    label = QUESTION_LABEL if claim is not None and claim.kind == "question" else STATUS_LABELS.get(status, status)
    fg, bg = COLOURS.get(status, ("#37474f", "#eceff1"))
    return (f'<span class="atop-badge" style="color:{fg};background:{bg};border-color:{fg}">'
            f"{html.escape(label)}</span>")


def _ledger_html(rows: pd.DataFrame, chapters: dict[str, str]) -> str:
    """The ledger as one table row per claim; the verdict in words folded beneath the claim."""
    e = html.escape
    head = ("The memo's claim", "Status", "Measured under the memo's rule", "Evidence")
    out = ['<table class="table ledger" id="claims-ledger">',
           '<colgroup><col class="ledger-claim"><col class="ledger-status"><col class="ledger-measured">'
           '<col class="ledger-chapter"></colgroup>',
           "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead>", "<tbody>"]
    for row in rows.itertuples():
        link = (f'<a href="{e(row.chapter)}.html">{e(chapters[row.chapter])}</a>'
                if row.chapter in chapters else "—")
        where = f'<span class="where">{e(row.location)}</span>' if row.location else ""
        finding = (f'<details class="finding"><summary>The verdict in full</summary><p>{e(row.finding)}</p>'
                   "</details>" if row.finding else "")
        cells = [f'<td class="claim">“{quote_html(row.quote)}”{where}{finding}</td>',
                 f'<td class="status" data-status="{e(row.status)}">{_badge(row.claim_id, row.status)}</td>',
                 f'<td class="measured">{e(row.measured)}</td>', f'<td class="chapter">{link}</td>']
        out.append(f'<tr id="claim-{e(row.claim_id)}" data-claim="{e(row.claim_id)}">' + "".join(cells) + "</tr>")
    return "\n".join(out + ["</tbody>", "</table>"])


def _summary(rows: pd.DataFrame, release: str, titles: dict[str, str], readings: bool) -> str:
    counts = rows["status"].value_counts()
    known = [s for s in STATUS_ORDER if s in counts.index] + sorted(set(counts.index) - set(STATUS_ORDER))
    parts = [f"{counts[s]} {s}" for s in known]
    report = (f"[{_md(titles[REPRODUCTION_CHAPTER])}]({REPRODUCTION_CHAPTER}.ipynb)"
              if REPRODUCTION_CHAPTER in titles else "the reproduction report")
    files = f'<a href="{LEDGER_FILE}">the ledger, one row per claim (CSV)</a>' + (
        f' and <a href="{READINGS_FILE_NAME}">every reading of every claim (CSV)</a>' if readings else "")
    return (f"Each claim as measured in ATOP {_md(release)} ({len(rows)} claims: {', '.join(parts)}). "
            f"How each claim is read and counted: {report}; each claim links to the chapter that shows "
            f"the evidence, and its verdict in full opens beneath it. Download {files}.")


def _figure_grid(figures: list[FigureUse], chapters: dict[str, str]) -> str:
    e = html.escape
    out = ['<div class="figure-grid">']
    for fig in figures:
        out.append(f'<a href="{e(fig.chapter)}.html#{e(fig.stem)}" title="{e(chapters[fig.chapter])}">'
                   f'<img src="figures/{e(fig.stem)}.png" alt="{e(fig.title)}">'
                   f"<span>{e(fig.title)}</span></a>")
    return "\n".join(out + ["</div>"])


def _software(packages: dict) -> str:
    """The run's key packages in one sentence, and where the full list is."""
    named = [f"{'Python' if k == 'python' else _md(k)} {_md(packages[k])}" for k in KEY_PACKAGES if k in packages]
    others = len(packages) - len(named)
    if not packages:
        return "The run recorded no package versions."
    more = f", and {others} more packages" if others else ""
    link = '<a href="manifest.json">manifest.json</a>'
    return (f"{', '.join(named)}{more}. Every package and its version, with the data files and the run's "
            f"parameters: {link}.")


def _md(text: object) -> str:
    return re.sub(r"([\\`*_{}\[\]<>|$])", r"\\\1", str(text))


def landing_page(report: Path, manifest: dict, chapters: list[tuple[str, str]],
                 figures: list[FigureUse], title: str) -> str:
    """The landing page (MyST) of one report folder."""
    titles = dict(chapters)
    release = str(manifest.get("release", "?"))
    coverage = manifest.get("coverage") or {}
    span = f"{coverage.get('first_year', '?')}–{coverage.get('last_year', '?')}"
    if (report / LEDGER_FILE).is_file():
        rows = ledger_rows(report)
        ledger_summary = _summary(rows, release, titles, (report / READINGS_FILE_NAME).is_file())
        ledger_table = _ledger_html(rows, titles)
    else:
        ledger_summary = f"This report has no claims ledger ({LEDGER_FILE}): the reproduction notebook was not run."
        ledger_table = ""
    question = memo_question()
    if question is None:
        quote, location, answer = "The claims ledger names no question of the memo.", "—", ""
    else:
        quote, location, chapter = question
        answer = (f"\nWhat the data say: [{_md(titles[chapter])}]({chapter}.ipynb)." if chapter in titles else "")
    files = (manifest.get("data") or {}).get("files") or []
    data_table = "| file | sha256 |\n|---|---|\n" + "\n".join(
        f"| {_md(f.get('name'))} | <code class=\"sha256\">{_md(f.get('sha256'))}</code> |" for f in files)
    user = {k: v for k, v in (manifest.get("parameters") or {}).items()
            if k not in ("atop_version", "data_dir", "output_dir")}
    runs = manifest.get("notebooks") or []
    facts = "\n".join([
        f"- **Release:** ATOP {_md(release)}, read from the data files ({_md((manifest.get('data') or {}).get('format', '?'))})",
        f"- **Coverage:** {span}",
        f"- **Parameters:** {_md(', '.join(f'{k} = {v}' for k, v in user.items())) or 'the notebooks’ defaults'}",
        f"- **Run:** {len(runs)} notebook{'' if len(runs) == 1 else 's'}" + ("" if manifest.get("complete", True) else
                                               f" (a partial run: it lacks {_md('; '.join(manifest.get('lacks', [])))})"),
    ])
    verified = "verified against the pinned values" if (manifest.get("data") or {}).get(
        "checksums_verified") else "not verified (no pinned values for this release)"
    intro = (f"The executed notebooks of **atop-notebooks** for ATOP {_md(release)} ({span}): they check "
             "Paul Poast's policy memo *The U.S. Alliance Network Today: A Persistent Outlier* "
             "(April 2026) against the Alliance Treaty Obligations and Provisions data, claim by claim, "
             "and extend it. Code is folded in every chapter; open it with the toggle above a cell.")
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title=_md(title), intro=intro, question_quote=quote_html(quote), question_location=_md(location),
        question_answer=answer, release=_md(release), ledger_summary=ledger_summary,
        ledger_table=ledger_table, figure_grid=_figure_grid(figures, titles),
        facts=facts, verified=verified, data_table=data_table, software=_software(manifest.get("packages") or {}),
        chapters="\n".join(name for name, _ in chapters),
    )
