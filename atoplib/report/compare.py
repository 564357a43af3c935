"""A re-executed report against the committed one, file by file (what a data editor checks).

* figure data (``figures/*.csv``) and every SVG: byte for byte;
* the report's tables (the other ``*.csv``): by value (same columns and rows; numbers equal to
  twelve significant digits);
* the executed notebooks: cell by cell, their outputs after normalising with nbval's own
  comparison and the project's sanitize file (``tests/nbval-sanitize.cfg``: paths, timings and
  memory addresses masked, never numbers), so that ``pytest --nbval-lax --nbval-sanitize-with
  tests/nbval-sanitize.cfg reports/atop-5.1/*.ipynb`` and this comparison agree;
* ``manifest.json``: the release, its coverage, the data files and inputs (names and sha256) and
  the parameters, by value.

PNGs and the website are renderings of these and are not compared. Each file is ``identical``,
``differs`` (with the first difference), ``missing`` (in the committed report, not in the new run)
or ``new`` (only in the new run).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from .. import paths

SANITIZE_FILE = paths.PROJECT_ROOT / "tests" / "nbval-sanitize.cfg"
#: The manifest fields a re-run must reproduce.
MANIFEST_FIELDS = ("release", "coverage", "data", "inputs", "skipped", "parameters", "complete", "lacks")
#: Stand-in sanitize patterns when the project's file is not there (an installed package).
_DEFAULT_PATTERNS = {r"(?:/[\w.@+-]+){2,}/?": "<PATH>", r"\b\d+(?:\.\d+)?\s?(?:s|ms|seconds)\b": "<TIME>",
                     r"0x[0-9a-fA-F]{6,}": "<ADDRESS>"}


@dataclass(frozen=True)
class Row:
    """One file of the comparison."""

    path: str
    status: str  # identical, differs, missing, new
    detail: str = ""


def compared_files(folder: Path) -> set[str]:
    """The files of a report folder that are compared (relative paths)."""
    found = set()
    for item in Path(folder).rglob("*"):
        relative = item.relative_to(folder).as_posix()
        if not item.is_file() or relative.startswith("site/") or relative.split("/")[0].startswith("."):
            continue
        if item.suffix in (".csv", ".svg", ".ipynb") or relative == "manifest.json":
            found.add(relative)
    return found


def compare_reports(new: Path, committed: Path, sanitize_file: Path | None = None) -> list[Row]:
    """Compare every compared file of ``committed`` with the same file in ``new`` (and list files
    only ``new`` has)."""
    new, committed = Path(new), Path(committed)
    patterns = sanitize_patterns(sanitize_file if sanitize_file is not None else SANITIZE_FILE)
    before, after = compared_files(committed), compared_files(new)
    rows = []
    for relative in sorted(before | after):
        if relative not in after:
            rows.append(Row(relative, "missing", "not written by the new run"))
        elif relative not in before:
            rows.append(Row(relative, "new", "not in the committed report"))
        else:
            detail = compare_file(new / relative, committed / relative, patterns)
            rows.append(Row(relative, "differs" if detail else "identical", detail or ""))
    return rows


def compare_file(new: Path, committed: Path, patterns: dict[str, str]) -> str | None:
    """The first difference between two files of one kind, or None when they agree."""
    if new.name == "manifest.json":
        return _manifests(new, committed)
    if new.suffix == ".ipynb":
        return _notebooks(new, committed, patterns)
    if new.suffix == ".csv" and new.parent.name != "figures":
        return _tables(new, committed)
    return _bytes(new, committed)


def _bytes(new: Path, committed: Path) -> str | None:
    a, b = new.read_bytes(), committed.read_bytes()
    if a == b:
        return None
    left, right = a.splitlines(), b.splitlines()
    for number, (x, y) in enumerate(zip(left, right), start=1):
        if x != y:
            return f"line {number}: {_short(y.decode('utf-8', 'replace'))!r} became {_short(x.decode('utf-8', 'replace'))!r}"
    return f"{len(right)} lines became {len(left)}" if len(left) != len(right) else "line endings differ"


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _same_value(x: str, y: str) -> bool:
    if x == y:
        return True
    try:
        a, b = float(x), float(y)
    except ValueError:
        return False
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)


def _tables(new: Path, committed: Path) -> str | None:
    import csv

    with open(new, newline="", encoding="utf-8") as f:
        left = list(csv.reader(f))
    with open(committed, newline="", encoding="utf-8") as f:
        right = list(csv.reader(f))
    if not left or not right or left[0] != right[0]:
        return f"columns {','.join(right[0] if right else [])} became {','.join(left[0] if left else [])}"
    if len(left) != len(right):
        return f"{len(right) - 1} rows became {len(left) - 1}"
    for number, (x, y) in enumerate(zip(left[1:], right[1:]), start=1):
        for column, a, b in zip(right[0], x, y):
            if not _same_value(a, b):
                return f"row {number}, {column}: {_short(b)!r} became {_short(a)!r}"
        if len(x) != len(y):
            return f"row {number} has {len(x)} fields, not {len(y)}"
    return None


def _manifests(new: Path, committed: Path) -> str | None:
    a = json.loads(new.read_text(encoding="utf-8"))
    b = json.loads(committed.read_text(encoding="utf-8"))
    for field in MANIFEST_FIELDS:
        if a.get(field) != b.get(field):
            return f"{field}: {_short(json.dumps(b.get(field)))} became {_short(json.dumps(a.get(field)))}"
    names = lambda record: [n.get("name") for n in record.get("notebooks", [])]  # noqa: E731
    if names(a) != names(b):
        return f"notebooks {names(b)} became {names(a)}"
    return None


# --------------------------------------------------------------------------- notebooks, with nbval

def sanitize_patterns(path: Path | None) -> dict[str, str]:
    """The regex -> replacement pairs of an nbval sanitize file (nbval's own parser)."""
    from nbval.plugin import get_sanitize_patterns

    if path is None or not Path(path).is_file():
        return dict(_DEFAULT_PATTERNS)
    return dict(get_sanitize_patterns(Path(path).read_text(encoding="utf-8")))


class _Comparison:
    """What nbval's ``IPyNbCell.compare_outputs`` needs of a test item, outside pytest."""

    def __init__(self, patterns: dict[str, str]):
        from nbval.plugin import IPyNbCell, nocolors

        self.parent = type("Parent", (), {})()
        self.parent.sanitize_patterns = patterns
        # nbval's own list (nbval.plugin.IPyNbFile), PNGs skipped as nbval does without nbdime
        self.parent.skip_compare = ("metadata", "traceback", "prompt_number", "output_type", "name",
                                    "execution_count", "application/vnd.jupyter.widget-view+json",
                                    "image/png", "image/jpeg")
        self.colors = nocolors
        self.first: str | None = None
        self._compare, self._sanitize = IPyNbCell.compare_outputs, IPyNbCell.sanitize

    def sanitize(self, text):
        return self._sanitize(self, text)

    def format_output_compare(self, key, left, right) -> None:
        self.first = f"{key}: {_short(str(left))!r} became {_short(str(right))!r}"

    def same(self, test: list, ref: list) -> bool:
        self.comparison_traceback = []
        self.first = None
        return self._compare(self, test, ref)


def _notebooks(new: Path, committed: Path, patterns: dict[str, str]) -> str | None:
    import nbformat
    from nbval.plugin import coalesce_streams

    a = nbformat.read(str(new), as_version=4).cells
    b = nbformat.read(str(committed), as_version=4).cells
    code_a = [c for c in a if c.cell_type == "code"]
    code_b = [c for c in b if c.cell_type == "code"]
    if len(code_a) != len(code_b):
        return f"{len(code_b)} code cells became {len(code_a)}"
    comparison = _Comparison(patterns)
    for number, (x, y) in enumerate(zip(code_a, code_b), start=1):
        if not comparison.same(coalesce_streams(list(x.outputs)), coalesce_streams(list(y.outputs))):
            where = next((i + 1 for i, c in enumerate(a) if c is x), number)
            detail = comparison.first or "; ".join(str(t) for t in comparison.comparison_traceback[:1])
            return f"cell {where}: {detail}"
    return None


# --------------------------------------------------------------------------- the table

def table(rows: list[Row]) -> str:
    """The comparison as a short table: differences first, then a count of identical files."""
    shown = [r for r in rows if r.status != "identical"]
    width = max((len(r.path) for r in shown), default=0)
    lines = [f"{r.status:<9} {r.path:<{width}}  {r.detail}".rstrip() for r in shown]
    same = sum(r.status == "identical" for r in rows)
    lines.append(f"identical {same} of {len(rows)} files" + ("" if shown else " (every compared file)"))
    return "\n".join(lines)


def differences(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r.status != "identical"]
