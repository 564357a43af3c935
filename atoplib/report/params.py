"""The notebooks' parameters: which notebooks form the collection, what each declares in its
``parameters`` cell, and the checks that refuse an unknown name, a value of the wrong type or a
value outside what a notebook can use, before anything runs (papermill alone only warns).

A notebook declares (the contract every notebook follows):

* in its ``parameters`` cell, the common parameters (:data:`COMMON_PARAMETERS`), the inputs it
  reads (:data:`INPUT_PARAMETERS`: the COW files, the base release), then its own knobs;
* in its metadata, under ``atop``: ``optional_inputs`` (declared inputs it can do without: it then
  says n/a or "skipped"), and ``constraints`` on its parameters, each one of::

      {"parameters": ["start_year", "end_year"], "min_span": 20, "why": "..."}
      {"parameter": "min_signed", "min": 1, "max": 100, "why": "..."}

  checked by :func:`check_constraints` with the release's coverage before any notebook runs.
"""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path

from .. import paths
from ..data.tables import AtopData
from ..errors import ParameterError, ReportError
from ..measures.trends import year_range
from ..present.kernel_parameters import span_message

#: Parameters every notebook of the collection declares.
COMMON_PARAMETERS = ("atop_version", "data_dir", "start_year", "end_year", "output_dir")
#: Inputs a notebook declares by naming them in its parameters cell, and the input each names.
INPUT_PARAMETERS = {"states_file": "states", "nmc_file": "nmc", "majors_file": "majors", "base_data_dir": "base"}
#: Parameters the run sets itself (the release, where it is, where outputs go, the inputs), and the
#: option that sets each instead.
INJECTED_PARAMETERS = {"atop_version": "--version", "data_dir": "--data-dir", "output_dir": "--output-root",
                       "states_file": "--states-file", "nmc_file": "--nmc-file", "majors_file": "--majors-file",
                       "base_data_dir": "--base-data-dir"}
#: Injected parameters that hold a path: written back as None in the notebooks a report keeps.
PATH_PARAMETERS = ("data_dir", "output_dir", *INPUT_PARAMETERS)
METADATA_KEY = "atop"
#: Types of common parameters whose default (None) says nothing about the type.
KNOWN_TYPES: dict[str, tuple[type, ...]] = {
    "atop_version": (str,),
    "data_dir": (str,),
    "output_dir": (str,),
    **{name: (str,) for name in INPUT_PARAMETERS},
    "start_year": (int,),
    "end_year": (int,),
}
NOTEBOOK_PATTERN = re.compile(r"^\d{2}-[A-Za-z0-9._-]+\.ipynb$")


# --------------------------------------------------------------------------- notebooks and parameters

def collection_notebooks(notebooks=None, folder: str | os.PathLike | None = None) -> list[Path]:
    """The notebooks to run, in reading order.

    ``None``: every ``NN-*.ipynb`` in ``notebooks/``. Otherwise a list of paths or names such as
    ``"01"``, ``"01-defense-pacts"`` or ``"01-defense-pacts.ipynb"``.
    """
    folder = Path(folder) if folder is not None else paths.NOTEBOOKS_DIR
    available = sorted(p for p in folder.glob("*.ipynb") if NOTEBOOK_PATTERN.match(p.name))
    if notebooks is None:
        if not available:
            raise ReportError(f"no notebooks named NN-*.ipynb in {folder}; is this the project folder?")
        return available
    if isinstance(notebooks, (str, os.PathLike)):
        notebooks = [notebooks]
    chosen: list[Path] = []
    for item in notebooks:
        path = Path(item).expanduser()
        if path.suffix == ".ipynb" and path.is_file():
            chosen.append(path.resolve())
            continue
        key = path.name.removesuffix(".ipynb")
        matches = [p for p in available if p.stem == key or p.stem.split("-", 1)[0] == key]
        if len(matches) != 1:
            names = ", ".join(p.stem for p in available) or "none"
            raise ParameterError(
                f"notebook '{item}' is {'ambiguous' if matches else 'not in ' + str(folder)}; "
                f"choose one of: {names}"
            )
        chosen.append(matches[0])
    if not chosen:
        raise ParameterError("no notebooks chosen; name at least one (e.g. '01') or pass None for all")
    names = [p.name for p in chosen]
    if len(set(names)) != len(names):
        raise ParameterError(f"notebooks {', '.join(names)} name one notebook twice; list each once")
    return chosen


def _literal(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def notebook_parameters(notebook: Path) -> dict[str, dict]:
    """The parameters a notebook declares: ``{name: {"default": value, "types": (type, ...)}}``.

    A parameter's type comes from an annotation (``year: int = 1960``), else from its literal
    default, else from :data:`KNOWN_TYPES`; ``()`` means any value is accepted.
    """
    import papermill as pm

    try:
        found = pm.inspect_notebook(str(notebook))
    except Exception as err:  # a broken .ipynb: nbformat/json errors vary
        raise ReportError(f"{notebook} cannot be read as a notebook ({type(err).__name__}: {err}); fix or restore it") from None
    declared = {}
    for name, info in found.items():
        default = _literal(info.get("default") or "None")
        annotated = {"int": (int,), "float": (float, int), "str": (str,), "bool": (bool,),
                     "list": (list, tuple), "tuple": (tuple, list), "dict": (dict,)}.get(info.get("inferred_type_name"))
        if annotated:
            types = annotated
        elif default is not None:
            types = (float, int) if isinstance(default, float) else ((tuple, list) if isinstance(default, (tuple, list)) else (type(default),))
        else:
            types = KNOWN_TYPES.get(name, ())
        declared[name] = {"default": default, "types": types, "help": info.get("help", "")}
    return declared


def _coerce(name: str, value, types: tuple[type, ...]):
    """A value given as text (command line) becomes the declared type; anything else must fit it."""
    if value is None or not types:
        return value
    if isinstance(value, str) and str not in types:
        text = value.strip()
        if text.lower() in ("none", "null"):
            return None
        parsed = {"true": True, "false": False}.get(text.lower(), _literal(text))
        value = value if parsed is None else parsed
    ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
    if not ok:
        wanted = " or ".join(t.__name__ for t in types)
        raise ParameterError(f"parameter {name} must be {wanted} (like its default), not {type(value).__name__} {value!r}")
    return value


def check_parameters(declared: dict[Path, dict[str, dict]], parameters: dict | None, data: AtopData | None = None) -> dict:
    """Validate user ``parameters`` against what the notebooks declare; return them, coerced.

    Refused: a name no notebook declares, a name the run injects itself (use the function's own
    argument), a value whose type differs from the default's, a year range outside the coverage,
    a value outside what a notebook declares it can use (:func:`check_constraints`).
    """
    parameters = dict(parameters or {})
    known: dict[str, dict] = {}
    for params in declared.values():
        for name, info in params.items():
            known.setdefault(name, info)
    checked = {}
    for name, value in parameters.items():
        if name in INJECTED_PARAMETERS:
            option = INJECTED_PARAMETERS[name]
            raise ParameterError(
                f"parameter {name} is set by the run itself; pass it as run_collection({option[2:].replace('-', '_')}=...) "
                f"(command line: {option})"
            )
        if name not in known:
            names = ", ".join(sorted(n for n in known if n not in INJECTED_PARAMETERS))
            raise ParameterError(f"unknown parameter '{name}': no notebook of the collection declares it; known: {names}")
        checked[name] = _coerce(name, value, known[name]["types"])
    if data is not None and ("start_year" in checked or "end_year" in checked):
        year_range(data, checked.get("start_year"), checked.get("end_year"))
    for path, params in declared.items():  # what each notebook says it can use (its metadata)
        check_constraints(path, params, {k: v for k, v in checked.items() if k in params}, data)
    return checked


# --------------------------------------------------------------------------- what a notebook declares in its metadata

def notebook_metadata(notebook: Path) -> dict:
    """The ``atop`` section of a notebook's metadata (``{}`` when it has none)."""
    try:
        meta = json.loads(Path(notebook).read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError) as err:
        raise ReportError(f"{notebook} cannot be read as a notebook ({err}); fix or restore it") from None
    section = meta.get(METADATA_KEY, {})
    return section if isinstance(section, dict) else {}


def declared_inputs(declared: dict[str, dict]) -> set[str]:
    """The inputs (``states``, ``nmc``, ``majors``, ``base``) a notebook names in its parameters."""
    return {kind for name, kind in INPUT_PARAMETERS.items() if name in declared}


def optional_inputs(notebook: Path) -> set[str]:
    """The declared inputs a notebook can do without (its metadata's ``atop.optional_inputs``)."""
    return {INPUT_PARAMETERS[n] for n in notebook_metadata(notebook).get("optional_inputs", []) if n in INPUT_PARAMETERS}


def _span_message(name: str, rule: dict, start: int, end: int, data: AtopData) -> str | None:
    return span_message(name, int(rule["min_span"]), rule.get("why", "its analyses need a wider window"), start, end,
                        data.first_year, data.last_year, data.version)


def _bound_message(name: str, rule: dict, value) -> str | None:
    low, high = rule.get("min"), rule.get("max")
    if value is None or ((low is None or value >= low) and (high is None or value <= high)):
        return None
    bounds = f"from {low} to {high}" if low is not None and high is not None else (
        f"at least {low}" if low is not None else f"at most {high}")
    why = f" ({rule['why']})" if rule.get("why") else ""
    return f"notebook {name} needs {rule['parameter']} {bounds}{why}, not {value!r}"


def check_constraints(notebook: Path, declared: dict[str, dict], values: dict, data: AtopData | None) -> None:
    """Refuse, in one line with the allowed range, a parameter value outside what ``notebook``
    declares it can use (its metadata's ``atop.constraints``)."""
    for rule in notebook_metadata(notebook).get("constraints", []):
        if "min_span" in rule and data is not None:
            start = values.get("start_year", declared.get("start_year", {}).get("default"))
            end = values.get("end_year", declared.get("end_year", {}).get("default"))
            message = _span_message(Path(notebook).stem, rule, data.first_year if start is None else int(start),
                                    data.last_year if end is None else int(end), data)
        elif "parameter" in rule and rule["parameter"] in declared:
            name = rule["parameter"]
            message = _bound_message(Path(notebook).stem, rule, values.get(name, declared[name].get("default")))
        else:
            message = None
        if message:
            raise ParameterError(message)
