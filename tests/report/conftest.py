"""Each report test has a cache folder of its own: the machine-local cache of executed notebooks
(atoplib.report.incremental) must not carry a notebook from one test into another."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))
