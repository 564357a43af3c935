"""What a public function is handed, checked before it is used (as peacesciencer's verbs check
their input): one :class:`~atoplib.errors.ParameterError` line naming the function, the argument
and what it must be, never an ``AttributeError`` from deep inside pandas, and never an empty
table for an ATOPID given as text.

:func:`checked` decorates a public function and checks each argument by its annotation:

==========================  ================================================================
annotation                  check
==========================  ================================================================
``AtopData``                a loaded release (:func:`check_release`); ``| None`` allows None
``pd.DataFrame``            a pandas DataFrame (:func:`check_frame`); ``| None`` allows None
``dict[str, pd.DataFrame]`` a mapping of DataFrames
``int`` named ``atopid``,   a code (:func:`check_code`): an int, or a float or text that is
``ccode``, ``member``       exactly a whole number (``3180.0``, ``"3180"``), given on as int
a path (``os.PathLike``)    text or a path (:func:`check_path`); ``| None`` allows None
==========================  ================================================================
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import os
import re
from collections.abc import Mapping
from typing import Callable

import numpy as np
import pandas as pd

from ..errors import ParameterError
from .tables import AtopData, check_release

#: Integer parameters that name an ATOP alliance or a COW state: coerced by :func:`check_code`.
CODE_NAMES = frozenset({"atopid", "ccode", "member"})
_WHOLE = re.compile(r"[+-]?\d+(\.0*)?")


def _shown(value: object) -> str:
    text = repr(value) if not isinstance(value, pd.DataFrame) else f"with columns {list(value.columns)[:4]}"
    return f"{type(value).__name__} {text[:40]}{'…' if len(text) > 40 else ''}"


def _who(func: str | None, name: str) -> str:
    return f"{func}: {name}" if func else name


def check_frame(value, name: str = "frame", func: str | None = None, columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """``value`` itself if it is a DataFrame holding ``columns``; else one line saying what was given."""
    if not isinstance(value, pd.DataFrame):
        raise ParameterError(
            f"{_who(func, name)} must be a table (a pandas DataFrame, as the atoplib measures return), not {_shown(value)}"
        )
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise ParameterError(f"{_who(func, name)} has no column {missing[0]!r}; pass the table the function documents")
    return value


def check_frames(value, name: str = "frames", func: str | None = None) -> Mapping:
    """``value`` itself if it maps names to DataFrames."""
    if not isinstance(value, Mapping) or not all(isinstance(v, pd.DataFrame) for v in value.values()):
        raise ParameterError(f"{_who(func, name)} must be a dict of tables ({{label: DataFrame}}), not {_shown(value)}")
    return value


def check_code(value, name: str = "atopid", func: str | None = None) -> int:
    """An ATOPID or COW code as an int: an int, or a float or text that is exactly a whole number
    (``3180.0``, ``"3180"``, ``" 3180 "``); anything else (``"NATO"``, ``3180.5``, None, True) is one line."""
    if isinstance(value, (bool, np.bool_)):
        pass
    elif isinstance(value, numbers.Integral):
        return int(value)
    elif isinstance(value, numbers.Real) and math.isfinite(float(value)) and float(value).is_integer():
        return int(value)
    elif isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(float(value.strip()))
    what = "an ATOPID" if name == "atopid" else "a COW state code"
    raise ParameterError(f"{_who(func, name)} must be {what}, a whole number such as "
                         f"{3180 if name == 'atopid' else 2}, not {_shown(value)}")


def check_year(value, name: str = "year", func: str | None = None) -> int:
    """A year as an int (``1949``, ``1949.0``, ``"1949"``); anything else is one line."""
    if isinstance(value, (bool, np.bool_)) or not (
        isinstance(value, numbers.Real) and math.isfinite(float(value)) and float(value).is_integer()
        or isinstance(value, str) and _WHOLE.fullmatch(value.strip())
    ):
        raise ParameterError(f"{_who(func, name)} must be a whole year such as 1949, not {_shown(value)}")
    return int(float(value.strip())) if isinstance(value, str) else int(value)


def check_path(value, name: str = "path", func: str | None = None):
    """``value`` itself if it is text or a path (a folder or file the user names)."""
    if not isinstance(value, (str, os.PathLike)):
        raise ParameterError(f"{_who(func, name)} must be a path (text or pathlib.Path), not {_shown(value)}")
    return value


def _release(value, name: str, func: str | None) -> AtopData:
    if name == "data":
        return check_release(value)  # the documented message: 'the data must be a loaded ATOP release …'
    if not isinstance(value, AtopData):
        raise ParameterError(f"{_who(func, name)} must be a loaded ATOP release (atoplib.load_atop(...)), "
                             f"not {_shown(value)}")
    return value


def _plan(annotation: object, name: str) -> tuple[Callable, bool] | None:
    """(check, None allowed) for an annotation (text, under ``from __future__ import annotations``)."""
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", str(annotation))
    if text.startswith("Optional[") and text.endswith("]"):
        text = f"{text[len('Optional['):-1]} | None"
    parts = {p.strip() for p in text.split("|")}
    optional = "None" in parts
    parts.discard("None")
    if parts == {"AtopData"}:
        return _release, optional
    if parts <= {"pd.DataFrame", "DataFrame"} and parts:
        return check_frame, optional
    if parts == {"dict[str, pd.DataFrame]"}:
        return check_frames, optional
    if parts == {"int"} and name in CODE_NAMES:
        return check_code, optional
    if parts and parts <= {"str", "os.PathLike", "Path", "pathlib.Path"} and parts & {"os.PathLike", "Path", "pathlib.Path"}:
        return check_path, optional
    return None


def checked(func: Callable) -> Callable:
    """Check ``func``'s arguments by their annotations (module docstring) before it runs; ATOPIDs
    and COW codes are handed on as ints. A function with nothing to check is returned as it is."""
    signature = inspect.signature(func)
    plan = {}
    for name, parameter in signature.parameters.items():
        found = _plan(parameter.annotation, name) if parameter.annotation is not inspect.Parameter.empty else None
        if found is not None:
            plan[name] = found
    if not plan:
        return func

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return func(*args, **kwargs)  # Python's own message for a missing or unknown argument
        for name, (check, optional) in plan.items():
            if name not in bound.arguments:
                continue
            value = bound.arguments[name]
            if value is None and optional:
                continue
            bound.arguments[name] = check(value, name, func.__name__)
        return func(*bound.args, **bound.kwargs)

    return wrapper
