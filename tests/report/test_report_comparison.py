"""A re-executed report against the committed one (atoplib.report.compare): figure data and SVGs
byte for byte, tables by value, notebook outputs after nbval's normalising with the project's
sanitize file, the manifest's inputs by value; identical / differs (first difference) / missing / new."""

from __future__ import annotations

import json
import shutil

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from atoplib.report import compare


def report(folder, figure="year,count\n1900,1\n1901,2\n", table="a,b\n1.0,x\n", printed="peak: 2 in 1901\n",
           path="/home/someone/atop/5.1"):
    (folder / "figures").mkdir(parents=True)
    (folder / "figures" / "fig1.csv").write_text(figure)
    (folder / "figures" / "fig1.svg").write_text("<svg>\n<path d='M 0 0'/>\n</svg>\n")
    (folder / "figures" / "fig1.png").write_bytes(b"\x89PNG any bytes")
    (folder / "reproduction.csv").write_text(table)
    cell = new_code_cell("print(...)", outputs=[new_output("stream", name="stdout", text=printed),
                                                new_output("stream", name="stdout", text=f"read from {path}\n")])
    nbformat.write(new_notebook(cells=[cell]), str(folder / "01-x.ipynb"))
    (folder / "manifest.json").write_text(json.dumps({"release": "5.1", "inputs": [], "notebooks": [{"name": "01-x.ipynb"}],
                                                      "packages": {"pandas": "2.2"}}))
    return folder


def test_identical_reports(tmp_path):
    a, b = report(tmp_path / "a"), report(tmp_path / "b", table="a,b\n1,x\n", path="/work/elsewhere/atop")
    rows = compare.compare_reports(a, b)
    # a table equal by value (1.0 and 1), a path printed differently (sanitized): identical; PNGs not compared
    assert {r.path: r.status for r in rows} == {"01-x.ipynb": "identical", "figures/fig1.csv": "identical",
                                                "figures/fig1.svg": "identical", "manifest.json": "identical",
                                                "reproduction.csv": "identical"}
    assert compare.table(rows) == "identical 5 of 5 files (every compared file)"


def test_each_difference_is_named_with_the_first_change(tmp_path):
    committed = report(tmp_path / "committed")
    new = report(tmp_path / "new", figure="year,count\n1900,1\n1901,3\n", table="a,b\n2.5,x\n", printed="peak: 3 in 1901\n")
    (new / "figures" / "fig1.svg").unlink()
    (new / "extra.csv").write_text("x\n1\n")
    manifest = json.loads((new / "manifest.json").read_text())
    manifest["packages"] = {"pandas": "9.9"}  # the environment is not compared
    (new / "manifest.json").write_text(json.dumps(manifest))
    rows = {r.path: r for r in compare.compare_reports(new, committed)}
    assert rows["figures/fig1.csv"].detail == "line 3: '1901,2' became '1901,3'"
    assert rows["reproduction.csv"].detail == "row 1, a: '1.0' became '2.5'"
    assert rows["01-x.ipynb"].status == "differs" and rows["01-x.ipynb"].detail.startswith("cell 1: stdout:")
    assert "peak: 2 in 1901" in rows["01-x.ipynb"].detail and "peak: 3 in 1901" in rows["01-x.ipynb"].detail
    assert rows["figures/fig1.svg"].status == "missing" and rows["extra.csv"].status == "new"
    assert rows["manifest.json"].status == "identical"
    table = compare.table(list(rows.values()))
    assert table.splitlines()[-1] == "identical 1 of 6 files"
    assert len(compare.differences(list(rows.values()))) == 5


def test_the_committed_report_compares_identical_with_itself(tmp_path):
    """The real committed report through the real comparison (nbval, the project's sanitize file)."""
    from atoplib import paths

    committed = paths.PROJECT_ROOT / "reports" / "atop-5.1"
    copy = tmp_path / "copy"
    shutil.copytree(committed, copy, ignore=shutil.ignore_patterns("site"))
    rows = compare.compare_reports(copy, committed)
    assert rows and {r.status for r in rows} == {"identical"}
    assert sum(r.path.endswith(".ipynb") for r in rows) == len(list(committed.glob("*.ipynb")))
