"""An executed notebook as it is kept: as JupyterLab would save it, with no per-run noise and no
machine path, so that re-running the report, or opening, running and saving the notebook in
JupyterLab, changes nothing in git.

* no timing: papermill's per-cell ``papermill`` records and the ``execution`` timestamps are
  dropped, as are the run's ``start_time``, ``end_time`` and ``duration``;
* streams as JupyterLab shows them: consecutive outputs of one stream (``stdout``, ``stderr``)
  are one output, as JupyterLab merges them when it loads a notebook;
* no empty ``tags`` lists (papermill adds them to every cell);
* the cell papermill injects gets a fixed id (``injected-parameters``) instead of a random one, and
  each injected path (``data_dir``, the COW files, the base release, ``output_dir``) is written
  back as ``None`` with a comment saying that the report run set it and that ``manifest.json``
  records the inputs by name and sha256 (so a reader re-running the notebook by hand falls back to
  their own settings);
* the JSON layout nbformat (and so Jupyter's server) writes: one-space indent, sorted keys, a final
  newline.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..files import atomic_write

INJECTED_TAG = "injected-parameters"
INJECTED_ID = "injected-parameters"
#: Cell metadata that only records one run.
RUN_METADATA = ("execution", "papermill")
#: Notebook-level papermill fields that only record one run.
RUN_FIELDS = ("start_time", "end_time", "duration")
SET_BY_RUN = "set by the report run; manifest.json records the inputs by name and sha256"
#: The comment on output_dir, which names no input.
SET_BY_RUN_OUTPUT = "set by the report run: the report's own folder"


def merge_streams(outputs: list) -> list:
    """Consecutive outputs of the same stream merged into one (what JupyterLab shows and saves)."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream" and previous.get("name") == output.get("name")):
            previous["text"] = _text(previous.get("text")) + _text(output.get("text"))
        else:
            merged.append(output)
    return merged


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def normalize(nb) -> None:
    """Drop per-run noise from an nbformat notebook, in place (see the module docstring)."""
    for cell in nb.cells:
        metadata = cell.get("metadata", {})
        for key in RUN_METADATA:
            metadata.pop(key, None)
        if "tags" in metadata and not metadata["tags"]:
            del metadata["tags"]
        if cell.get("cell_type") == "code":
            cell["outputs"] = merge_streams(cell.get("outputs", []))
    meta = nb.metadata.get("papermill")
    if isinstance(meta, dict):
        for key in RUN_FIELDS:
            meta.pop(key, None)


def _literal(value) -> str:
    return json.dumps(value) if isinstance(value, str) else repr(value)


def injected_source(parameters: dict, kept: tuple[str, ...]) -> str:
    """The injected cell's source, with every name in ``kept`` written back as None."""
    lines = ["# Parameters"]
    for name, value in parameters.items():
        if name in kept:
            lines.append(f"{name} = None  # {SET_BY_RUN_OUTPUT if name == 'output_dir' else SET_BY_RUN}")
        else:
            lines.append(f"{name} = {_literal(value)}")
    return "\n".join(lines) + "\n"


def tidy_executed(output: Path, source: Path, project_root: Path, kept: tuple[str, ...]) -> None:
    """Rewrite a notebook papermill executed as it is kept (see the module docstring)."""
    import nbformat

    nb = nbformat.read(str(output), as_version=4)
    normalize(nb)
    meta = nb.metadata.get("papermill", {})
    parameters = dict(meta.get("parameters", {}))
    for cell in nb.cells:
        if INJECTED_TAG in cell.get("metadata", {}).get("tags", []):
            cell["id"] = INJECTED_ID
            cell["source"] = injected_source(parameters, kept)
    if meta:
        meta["parameters"] = {k: (None if k in kept else v) for k, v in parameters.items()}
        meta["environment_variables"] = {}
        try:
            meta["input_path"] = source.resolve().relative_to(project_root.resolve()).as_posix()
        except ValueError:
            meta["input_path"] = source.name
        meta["output_path"] = output.name
    save(nb, output)


def save(nb, path: Path) -> Path:
    """Write ``nb`` normalized, atomically, in nbformat's layout."""
    import nbformat

    normalize(nb)
    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    return atomic_write(Path(path), lambda tmp: tmp.write_text(text, encoding="utf-8"))

