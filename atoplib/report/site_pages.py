"""The report website's landing page: the memo's question, the claims ledger, figures, the run.

Read by :mod:`atoplib.report.site`. :func:`ledger_rows` reads the claims ledger a report
folder holds (``reproduction.csv``); :func:`landing_page` writes ``index.md`` (MyST) from the
template ``site_template/index.md``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

import nbformat
import pandas as pd

from atoplib.errors import ReportError

if TYPE_CHECKING:  # pragma: no cover
    from atoplib.report.site import FigureUse

TEMPLATE = Path(__file__).resolve().parent / "site_template" / "index.md"
LEDGER_FILE = "reproduction.csv"
#: The ledger's columns (one row per claim and reading; the site shows the reading "overall").
LEDGER_COLUMNS = ("claim_id", "location", "quote", "reading", "release", "measured", "status", "reason")
#: The columns of reports written before the ledger (one row per claim, no location).
LEGACY_COLUMNS = ("claim", "rule", "memo_value", "measured", "status", "reason")
#: Chapters of the claims of reports written before the ledger (the ledger names its own), by
#: words of the old claim column, first match.
LEGACY_CHAPTERS = (
    ("persistent outlier", "05-persistent-outlier"), ("New ", "03-out-of-fashion"),
    ("Consultative", "02-consultative-pacts"), ("footnote", "02-consultative-pacts"),
    ("Defense pacts", "01-defense-pacts"), ("defense pacts", "01-defense-pacts"),
)
#: The chapter that states every claim's rule.
REPRODUCTION_CHAPTER = "08-reproduction-report"


def notebook_title(path: Path) -> str:
    """The first heading of a notebook (its page title on the site)."""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#+\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return path.stem


def _registry():
    """The claims ledger's registry, with every claim registered (empty before the ledger exists)."""
    from atoplib.memo import types

    import atoplib.memo.claims  # noqa: F401  (importing the claims registers them)
    return types.REGISTRY


def memo_question() -> tuple[str, str, str] | None:
    """The memo's question, from the ledger (its claim of kind ``question``): quote, location and
    the chapter that answers it; None when the ledger registers no question."""
    for claim in _registry().values():
        if claim.kind == "question":
            return claim.quote, claim.location, claim.chapter.removesuffix(".ipynb")
    return None


def ledger_rows(report_dir: Path) -> pd.DataFrame:
    """One row per claim of the report's ledger: ``claim_id, quote, location, measured, status,
    reason, chapter`` (chapter: the notebook that shows the evidence, or empty)."""
    path = Path(report_dir) / LEDGER_FILE
    if not path.is_file():
        raise ReportError(f"{path} is missing; the site shows the claims ledger written by notebook 08 "
                          "(run make report)")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if set(LEDGER_COLUMNS) <= set(frame.columns):
        rows = frame[frame["reading"].eq("overall")].copy()
        registry = _registry()
        rows["chapter"] = [getattr(registry.get(cid), "chapter", "").removesuffix(".ipynb")
                           for cid in rows["claim_id"]]
    elif set(LEGACY_COLUMNS) <= set(frame.columns):
        chapters = [next((ch for words, ch in LEGACY_CHAPTERS if words in claim), "") for claim in frame["claim"]]
        rows = frame.assign(claim_id=[f"claim-{i + 1}" for i in range(len(frame))], quote=frame["claim"],
                            location="", chapter=chapters)
    else:
        raise ReportError(f"{path}: columns {', '.join(frame.columns)} are not a claims ledger; expected "
                          f"{', '.join(LEDGER_COLUMNS)}; re-run notebook 08 (make report)")
    columns = ["claim_id", "quote", "location", "measured", "status", "reason", "chapter"]
    return rows[columns].reset_index(drop=True)


def _ledger_html(rows: pd.DataFrame, chapters: dict[str, str]) -> str:
    e = html.escape
    has_location = rows["location"].ne("").any()
    head = ["The memo's claim", *(["Where in the memo"] if has_location else []), "Measured", "Status",
            "Evidence"]
    out = ['<table class="table ledger" id="claims-ledger">',
           "<thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead>", "<tbody>"]
    for row in rows.itertuples():
        link = (f'<a href="{e(row.chapter)}.html">{e(chapters[row.chapter])}</a>'
                if row.chapter in chapters else "—")
        measured = e(row.measured) + (f'<span class="reason">{e(row.reason)}</span>' if row.reason else "")
        cells = [f"<td>{e(row.quote)}</td>", *([f"<td>{e(row.location)}</td>"] if has_location else []),
                 f"<td>{measured}</td>",
                 f'<td class="status status-{e(row.status.replace(" ", "-"))}">{e(row.status)}</td>',
                 f"<td>{link}</td>"]
        out.append(f'<tr data-claim="{e(row.claim_id)}">' + "".join(cells) + "</tr>")
    return "\n".join(out + ["</tbody>", "</table>"])


def _summary(rows: pd.DataFrame, release: str, titles: dict[str, str]) -> str:
    counts = rows["status"].value_counts()
    order = ["agree", "partly", "differ", "n/a", "not testable"]
    parts = [f"{counts[s]} {s}" for s in sorted(counts.index, key=lambda s: order.index(s) if s in order else 9)]
    report = (f"[{_md(titles[REPRODUCTION_CHAPTER])}]({REPRODUCTION_CHAPTER}.ipynb)"
              if REPRODUCTION_CHAPTER in titles else "the reproduction report")
    return (f"Each claim as measured in ATOP {_md(release)} "
            f"({len(rows)} claims: {', '.join(parts)}). How each claim is read and counted: {report}; "
            "each claim links to the chapter that shows the evidence.")


def _figure_grid(figures: list["FigureUse"], chapters: dict[str, str]) -> str:
    e = html.escape
    out = ['<div class="figure-grid">']
    for fig in figures:
        out.append(f'<a href="{e(fig.chapter)}.html#{e(fig.stem)}" title="{e(chapters[fig.chapter])}">'
                   f'<img src="figures/{e(fig.stem)}.png" alt="{e(fig.title)}">'
                   f"<span>{e(fig.title)}</span></a>")
    return "\n".join(out + ["</div>"])


def _md(text: object) -> str:
    return re.sub(r"([\\`*_{}\[\]<>|$])", r"\\\1", str(text))


def landing_page(report: Path, manifest: dict, chapters: list[tuple[str, str]],
                 figures: list["FigureUse"], title: str) -> str:
    """The landing page (MyST) of one report folder."""
    titles = dict(chapters)
    release = str(manifest.get("release", "?"))
    coverage = manifest.get("coverage") or {}
    span = f"{coverage.get('first_year', '?')}–{coverage.get('last_year', '?')}"
    if (report / LEDGER_FILE).is_file():
        rows = ledger_rows(report)
        ledger_summary, ledger_table = _summary(rows, release, titles), _ledger_html(rows, titles)
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
    packages = manifest.get("packages") or {}
    package_table = "| package | version |\n|---|---|\n" + "\n".join(
        f"| {_md(k)} | {_md(v)} |" for k, v in packages.items())
    user = {k: v for k, v in (manifest.get("parameters") or {}).items()
            if k not in ("atop_version", "data_dir", "output_dir")}
    runs = manifest.get("notebooks") or []
    facts = "\n".join([
        f"- **Release:** ATOP {_md(release)}, read from the data files ({_md((manifest.get('data') or {}).get('format', '?'))})",
        f"- **Coverage:** {span}",
        f"- **Parameters:** {_md(', '.join(f'{k} = {v}' for k, v in user.items())) or 'the notebooks’ defaults'}",
        f"- **Run:** {len(runs)} notebooks" + ("" if manifest.get("complete", True) else
                                               f" (a partial run: it lacks {_md('; '.join(manifest.get('lacks', [])))})"),
    ])
    verified = "verified against the pinned values" if (manifest.get("data") or {}).get(
        "checksums_verified") else "not verified (no pinned values for this release)"
    intro = (f"The executed notebooks of **atop-notebooks** for ATOP {_md(release)} ({span}): they check "
             "Paul Poast's policy memo *The U.S. Alliance Network Today: A Persistent Outlier* "
             "(April 2026) against the Alliance Treaty Obligations and Provisions data, claim by claim, "
             "and extend it. Code is folded in every chapter; open it with the toggle above a cell.")
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title=_md(title), intro=intro, question_quote=_md(quote), question_location=_md(location),
        question_answer=answer, release=_md(release), ledger_summary=ledger_summary,
        ledger_table=ledger_table, figure_grid=_figure_grid(figures, titles),
        facts=facts, verified=verified, data_table=data_table, package_table=package_table,
        chapters="\n".join(name for name, _ in chapters),
    )
