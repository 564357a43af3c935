"""An executed notebook is kept as JupyterLab would save it (atoplib.report.stored): no timing,
consecutive stream outputs merged, no empty tags, a fixed id for the injected cell, every
injected path written back as None with a comment, and nbformat's JSON layout, so that loading
and saving it again (what Jupyter's server does when JupyterLab saves) changes no byte."""

from __future__ import annotations

import json

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from atoplib.report import stored


def papermill_like(tmp_path):
    """A notebook as papermill writes it: timings per cell and for the run, a stream split in chunks,
    empty tags, a random id on the injected cell and machine paths in it."""
    params = new_code_cell("atop_version = '5.1'\ndata_dir = None\noutput_dir = None")
    params.metadata["tags"] = ["parameters"]
    injected = new_code_cell('# Parameters\natop_version = "5.1"\ndata_dir = "/home/someone/atop"\noutput_dir = "."\n')
    injected.metadata["tags"] = ["injected-parameters"]
    body = new_code_cell("print('a'); print('b')", outputs=[
        new_output("stream", name="stdout", text="a\n"), new_output("stream", name="stdout", text="b\n"),
        new_output("stream", name="stderr", text="warning\n"), new_output("stream", name="stdout", text="c\n")])
    note = new_markdown_cell("Text")
    for cell in (params, injected, body, note):
        cell.metadata["papermill"] = {"start_time": "2026-11-25T19:06:24", "duration": 0.01, "status": "completed"}
        cell.metadata["execution"] = {"iopub.status.busy": "2026-11-25T19:06:24.471882Z"}
        cell.metadata.setdefault("tags", [])
    nb = new_notebook(cells=[params, injected, body, note])
    nb.metadata["papermill"] = {"start_time": "2026-11-25T19:06:23", "end_time": "2026-11-25T19:06:28",
                                "duration": 4.4, "parameters": {"atop_version": "5.1", "data_dir": "/home/someone/atop",
                                                                "output_dir": "."},
                                "environment_variables": {}, "input_path": "/work/x/notebooks/01-x.ipynb",
                                "output_path": "/work/x/reports/.build/01-x.ipynb", "version": "2.7.0"}
    path = tmp_path / "01-x.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_an_executed_notebook_is_kept_without_noise(tmp_path):
    path = papermill_like(tmp_path)
    stored.tidy_executed(path, tmp_path / "notebooks" / "01-x.ipynb", tmp_path, ("data_dir", "output_dir"))
    text = path.read_text()
    assert "2026-11-25" not in text and "/home/someone" not in text and "duration" not in text
    nb = nbformat.read(str(path), as_version=4)
    params, injected, body, note = nb.cells
    assert injected["id"] == "injected-parameters"
    assert injected.source == (
        '# Parameters\natop_version = "5.1"\n'
        "data_dir = None  # set by the report run; manifest.json records the inputs by name and sha256\n"
        "output_dir = None  # set by the report run: the report's own folder\n")
    # consecutive chunks of one stream merged, as JupyterLab merges them; another stream in between is kept apart
    assert [(o.name, o.text) for o in body.outputs] == [("stdout", "a\nb\n"), ("stderr", "warning\n"), ("stdout", "c\n")]
    assert all(set(c.metadata) <= {"tags"} for c in nb.cells) and note.metadata == {}
    assert params.metadata == {"tags": ["parameters"]}
    assert nb.metadata["papermill"]["parameters"] == {"atop_version": "5.1", "data_dir": None, "output_dir": None}
    assert nb.metadata["papermill"]["input_path"] == "notebooks/01-x.ipynb"
    assert nb.metadata["papermill"]["output_path"] == "01-x.ipynb"


def test_loading_and_saving_again_changes_no_byte(tmp_path):
    path = papermill_like(tmp_path)
    stored.tidy_executed(path, path, tmp_path, ("data_dir",))
    before = path.read_bytes()
    # what Jupyter's server does when JupyterLab saves: nbformat reads the model and writes it back
    nbformat.write(nbformat.read(str(path), as_version=4), str(path))
    assert path.read_bytes() == before
    stored.save(nbformat.read(str(path), as_version=4), path)
    assert path.read_bytes() == before
    assert before.endswith(b"}\n") and json.loads(before)["nbformat"] == 4
