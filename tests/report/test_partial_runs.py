"""The canonical report is never degraded (issue 20 item 3): a run that lacks an input (here the
base release) writes ``atop-<version>.partial/`` and says so in its first line, how to supply what
it lacks included; the canonical ``atop-<version>/`` stays byte for byte (and mtime for mtime) as
it was; only a complete run writes it.

The collection here is two tiny notebooks (``paths.NOTEBOOKS_DIR`` pointed at tmp_path): one with
the common parameters, one declaring the base release as an optional input, like 07 does."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from atoplib import paths
from atoplib.report.run import run_collection
from support import FIXTURES

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("quiet_unpinned")]

COMMON = 'atop_version = "5.1"\ndata_dir = None\nstart_year = None\nend_year = None\noutput_dir = None'
BODY = """\
import pathlib
pathlib.Path(output_dir, "figures").mkdir(parents=True, exist_ok=True)
pathlib.Path(output_dir, "figures", "{stem}.csv").write_text(f"base\\n{{'given' if {base} else 'none'}}\\n")"""


def notebook(folder, name, parameters, base, optional=()):
    cell = new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[cell, new_code_cell(BODY.format(stem=name[:2], base=base))])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    if optional:
        nb.metadata["atop"] = {"optional_inputs": list(optional)}
    nbformat.write(nb, str(folder / name))


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def collection(tmp_path, monkeypatch):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook(folder, "00-plain.ipynb", COMMON, "False")
    notebook(folder, "07-compares.ipynb", COMMON + '\nbase_version = "5.8"\nbase_data_dir = None', "base_data_dir",
             optional=["base_data_dir"])
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", folder)
    base = tmp_path / "base"
    shutil.copytree(FIXTURES / "us-mini", base)
    return {"root": tmp_path / "reports", "base": base}


def test_a_run_without_the_base_release_leaves_the_canonical_report_alone(collection, monkeypatch, capsys):
    monkeypatch.setenv("ATOP_BASE_DATA_DIR", str(collection["base"]))
    canonical = run_collection(data_dir=FIXTURES / "mini", output_root=collection["root"], progress=False, site=False)
    assert canonical.name == "atop-5.9"
    record = json.loads((canonical / "manifest.json").read_text())
    assert record["complete"] is True and record["lacks"] == [] and record["skipped"] == {}
    assert (canonical / "figures" / "07.csv").read_text() == "base\ngiven\n"
    before = snapshot(canonical)
    capsys.readouterr()

    monkeypatch.delenv("ATOP_BASE_DATA_DIR")
    partial = run_collection(data_dir=FIXTURES / "mini", output_root=collection["root"], progress=False, site=False)
    first = capsys.readouterr().err.splitlines()[0]
    assert first == (f"partial run, written to {partial}, never over {canonical}: it lacks the base release "
                     f"(--base-data-dir or ATOP_BASE_DATA_DIR)")
    assert partial.name == "atop-5.9.partial"
    assert snapshot(canonical) == before  # byte for byte, and not even touched
    assert (partial / "figures" / "07.csv").read_text() == "base\nnone\n"
    record = json.loads((partial / "manifest.json").read_text())
    assert record["complete"] is False and record["lacks"] == ["the base release (--base-data-dir or ATOP_BASE_DATA_DIR)"]
    assert record["skipped"]["base"].startswith("no base release to compare with")

    # the complete run again: the canonical report is up to date, nothing written
    monkeypatch.setenv("ATOP_BASE_DATA_DIR", str(collection["base"]))
    assert run_collection(data_dir=FIXTURES / "mini", output_root=collection["root"], progress=False, site=False) == canonical
    assert snapshot(canonical) == before
