"""docs/errors.md names every test of the error-case files, so the record of what a user sees
stays complete (the messages themselves are asserted by those tests)."""

from __future__ import annotations

import ast
from pathlib import Path

from atoplib import paths

HERE = Path(__file__).parent
#: The files whose every test is a user-facing error case documented in docs/errors.md.
ERROR_CASE_FILES = (
    "data/test_locate_errors.py", "data/test_checksum_errors.py", "data/test_schema_errors.py",
    "data/test_archives.py", "data/test_download.py", "data/test_cow_download.py", "measures/test_provision_errors.py",
    "present/test_context_errors.py", "report/test_report_parameter_errors.py", "report/test_report_nothing_lost.py",
    "report/test_report_safety.py", "test_cli_errors.py",
    "data/test_release_choice.py", "data/test_cache.py", "data/test_argument_errors.py", "data/test_faults.py",
)


def test_docs_list_every_case():
    doc = (paths.PROJECT_ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    missing = []
    for name in ERROR_CASE_FILES:
        tree = ast.parse((HERE / name).read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_") and node.name not in doc:
                missing.append(f"{name}::{node.name}")
    assert missing == [], f"add these cases to docs/errors.md: {missing}"
