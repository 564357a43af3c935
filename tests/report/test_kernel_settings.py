"""One settings flow (issues 20 and 22): the run resolves its settings once; each kernel gets its
declared inputs as papermill parameters with absolute paths (a relative COW_MAJORS_FILE works), the
run's other settings installed at start (verification, the cache), and none of the project's
environment variables; the kept notebook holds no machine path."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from atoplib.report.run import run_collection
from support import FIXTURES

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("quiet_unpinned")]

PARAMETERS = ('atop_version = "5.1"\ndata_dir = None\nstart_year = None\nend_year = None\noutput_dir = None\n'
              'majors_file = None  # COW majors2016.csv')
CHECKS = """\
import os, pathlib
import atoplib.settings as s
assert os.path.isabs(majors_file) and pathlib.Path(majors_file).read_text().startswith("stateabb"), majors_file
assert os.path.isabs(data_dir), data_dir
assert [v for v in s.ENVIRONMENT_VARIABLES if v in os.environ] == [], "the kernel sees the project's variables"
assert s.current().verify is False and str(s.current().cache_dir) == {cache!r}
assert s.current().states_file is None  # not declared by this notebook: not handed over
import atoplib as al
ctx = al.start(atop_version=atop_version, data_dir=data_dir, output_dir=output_dir, majors_file=majors_file)
assert s.current().majors_file == pathlib.Path(majors_file)
print("kernel settings ok")"""


def test_inputs_reach_the_kernel_as_parameters_and_nothing_through_the_environment(tmp_path, monkeypatch):
    cow = tmp_path / "work" / "cow"
    cow.mkdir(parents=True)
    shutil.copy(FIXTURES / "beyond" / "cow-majors.csv", cow / "majors2016.csv")
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setenv("COW_MAJORS_FILE", "cow/majors2016.csv")  # relative to where the run starts
    monkeypatch.setenv("COW_STATES_FILE", str(cow / "majors2016.csv"))  # set, but 00 does not declare it
    monkeypatch.setenv("ATOP_VERIFY", "0")
    cell = new_code_cell(PARAMETERS)
    cell.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[cell, new_code_cell(CHECKS.format(cache=str(tmp_path / "cache")))])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source = tmp_path / "00-settings.ipynb"
    nbformat.write(nb, str(source))
    folder = run_collection(data_dir=FIXTURES / "mini", notebooks=[source], output_root=tmp_path / "reports",
                            progress=False)
    kept = nbformat.read(str(folder / "00-settings.ipynb"), as_version=4)
    injected = next(c for c in kept.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert "majors_file = None  # set by the report run; manifest.json records the inputs by name and sha256" in injected.source
    assert str(tmp_path) not in injected.source and str(tmp_path) not in str(kept.metadata)
    assert [o.text for o in kept.cells[-1].outputs if o.get("name") == "stdout"] == ["kernel settings ok\n"]
