"""Compare a report with the committed one, file by file (atoplib.report.compare).

    python benchmarks/compare_outputs.py NEW_REPORT [BASE_REPORT]

BASE_REPORT defaults to the committed ``reports/atop-5.1``. Figure data (``figures/*.csv``) and
SVGs are compared byte for byte, the other tables by value, the executed notebooks' outputs after
nbval's normalising (``tests/nbval-sanitize.cfg``), the manifest's inputs by value. Prints the
short table ``atopnb report --force`` prints and exits 1 if any file differs, is missing or is new.
Used to check that a change meant to leave behaviour alone (e.g. a restructuring of ``atoplib``)
does; ``make replicate`` does the same after re-executing every notebook.
"""

from __future__ import annotations

import sys
from pathlib import Path

from atoplib.report import compare

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    new = Path(argv[0])
    base = Path(argv[1]) if len(argv) > 1 else ROOT / "reports" / "atop-5.1"
    rows = compare.compare_reports(new, base)
    print(compare.table(rows))
    return 1 if compare.differences(rows) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
