"""A notebook's own check of its parameters, in its kernel: a name papermill injected that the
notebook does not declare, a release given as a number, and the one line refusing a window of
years too narrow for a chapter (also what the report says before running it)."""

from __future__ import annotations

import ast

from ..errors import ParameterError

PAPERMILL_MARKER = "# Parameters"  # the first line of the cell papermill injects


def _assigned_names(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return names


def unknown_injected_parameters(history: list[str]) -> tuple[list[str], list[str]]:
    """From a kernel's cell history (IPython's ``In``): the names papermill injected that the
    notebook's parameters cell (the cell run just before the injected one) does not declare, and
    the declared names. ``([], [])`` when nothing was injected."""
    for index, source in enumerate(history):
        if index > 0 and str(source).strip().splitlines()[:1] == [PAPERMILL_MARKER]:
            declared = _assigned_names(str(history[index - 1]))
            injected = _assigned_names(str(source))
            return [n for n in injected if n not in declared], declared
    return [], []


def check_kernel_parameters() -> None:
    """Called by :func:`~atoplib.present.context.start` (every notebook's first code
    cell): in a kernel that papermill runs, a parameter name the notebook does not declare
    (``papermill -p strat_year 1950``) is one line, not a run that ignores it. Outside IPython it
    does nothing."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is installed with the kernel
        return
    shell = get_ipython()
    if shell is None:
        return
    unknown, declared = unknown_injected_parameters(list(shell.user_ns.get("In", [])))
    if unknown:
        raise ParameterError(
            f"unknown parameter '{unknown[0]}' (papermill -p {unknown[0]} …): this notebook declares "
            f"{', '.join(sorted(declared))}; check the spelling"
        )


def check_release_parameter(atop_version) -> None:
    """A release given as a number is refused: papermill reads ``-p atop_version 5.10`` as the
    float 5.1, so the number cannot say which release was meant."""
    if isinstance(atop_version, (int, float)) and not isinstance(atop_version, bool):
        raise ParameterError(
            f"parameter atop_version was given as the number {atop_version!r}, which cannot tell 5.1 from "
            f"5.10; give the release as text: papermill -r atop_version 5.1 (or atopnb report --version 5.1)"
        )


def span_message(chapter: str, need: int, why: str, start: int, end: int, first: int, last: int,
                 version: str) -> str | None:
    """The one line refusing a window ``start``-``end`` narrower than ``need`` years, with the
    windows to choose inside the coverage ``first``-``last`` (``None`` when the window is wide enough)."""
    if end - start + 1 >= need:
        return None
    latest_start, earliest_end = end - need + 1, start + need - 1
    options = []
    if latest_start >= first:
        options.append(f"start_year {first}-{latest_start} with end_year {end}")
    if earliest_end <= last:
        options.append(f"end_year {earliest_end}-{last} with start_year {start}")
    allowed = " or ".join(options) or f"any window of {need} years within {first}-{last}"
    return (f"notebook {chapter} needs start_year..end_year to span at least {need} years ({why}); {start}-{end} "
            f"spans {end - start + 1}: choose {allowed} (ATOP {version} covers {first}-{last})")
