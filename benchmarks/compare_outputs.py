"""Compare a report's figure CSVs, SVGs and tables with the committed report, byte for byte.

    python benchmarks/compare_outputs.py NEW_REPORT [BASE_REPORT]

BASE_REPORT defaults to the committed ``reports/atop-5.1``. Every ``*.csv`` and ``*.svg`` in the
base (figures/ and the report folder) is hashed (sha256) and compared with the same file in the
new report; the script prints one line per file and exits 1 if any differs or is missing. Used to
check that a change meant to leave behaviour alone (e.g. a restructuring of ``atoplib``) does.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def digests(folder: Path) -> dict[str, str]:
    files = sorted(p for p in folder.rglob("*") if p.suffix in {".csv", ".svg"} and p.is_file())
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def main(argv: list[str]) -> int:
    if not argv or len(argv) > 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    new = Path(argv[0])
    base = Path(argv[1]) if len(argv) > 1 else ROOT / "reports" / "atop-5.1"
    before, after = digests(base), digests(new)
    differ = 0
    for name, digest in before.items():
        status = "same" if after.get(name) == digest else ("MISSING" if name not in after else "DIFFERS")
        differ += status != "same"
        print(f"{status:8} {name}")
    print(f"{len(before) - differ} of {len(before)} files byte-identical ({base.name} vs {new.name})")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
