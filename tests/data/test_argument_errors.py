"""What public functions are handed (issue 21 case 8 and the poor-handling case of the public
API): a string or float ATOPID is taken as the whole number it is, anything else is one line; None
or text where a release, a table or a path is expected is one ParameterError line naming the
function and the argument, for every public function of atoplib.data and atoplib.measures (before:
an AttributeError from inside pandas, or 0 rows).
"""

from __future__ import annotations

import importlib
import inspect
import warnings

import pandas as pd
import pytest
from support import one_line

import atoplib as al
from atoplib.data.checks import _plan

MODULES = ("access", "compare", "differences", "dyads", "partners", "persistence", "power", "readings", "signing",
           "stateyears", "summaries", "treaties", "trends")


def _checked_functions():
    """(module.function, function) for every public function whose arguments are checked."""
    found = []
    modules = [importlib.import_module(f"atoplib.measures.{name}") for name in MODULES]
    modules += [importlib.import_module("atoplib.data.cow"), importlib.import_module("atoplib.data.base")]
    for module in modules:
        for name, func in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(func) or func.__module__ != module.__name__:
                continue
            if hasattr(func, "__wrapped__"):
                found.append((f"{module.__name__.rsplit('.', 1)[-1]}.{name}", func))
    return found


CHECKED = _checked_functions()


def _stand_in(parameter, mini):
    plan = _plan(parameter.annotation, parameter.name)
    check = plan[0].__name__ if plan else ""
    return {"_release": mini, "check_frame": pd.DataFrame(), "check_frames": {}, "check_code": 2,
            "check_path": "x"}.get(check)


def _targets():
    """(function, argument, value) for each checked argument of each checked function and each value
    it must refuse: None (unless None is allowed, meaning a default) and text (unless it is a path)."""
    out = []
    for label, func in CHECKED:
        for name, parameter in inspect.signature(func).parameters.items():
            if parameter.annotation is inspect.Parameter.empty or not _plan(parameter.annotation, name):
                continue
            check, optional = _plan(parameter.annotation, name)
            for given in ([] if optional else [None]) + ([] if check.__name__ == "check_path" else ["data.csv"]):
                out.append(pytest.param(func, name, given, id=f"{label}:{name}:{type(given).__name__}"))
    return out


def test_every_public_measure_taking_data_is_checked():
    """Control: the decorator sits on every public measure that takes a release (none forgotten)."""
    missing = []
    for name in MODULES:
        module = importlib.import_module(f"atoplib.measures.{name}")
        for fname, func in vars(module).items():
            if fname.startswith("_") or not inspect.isfunction(func) or func.__module__ != module.__name__:
                continue
            annotations = [str(p.annotation) for p in inspect.signature(func).parameters.values()]
            if any("AtopData" in a or "DataFrame" in a for a in annotations) and not hasattr(func, "__wrapped__"):
                missing.append(f"{name}.{fname}")
    assert missing == [] and len(CHECKED) > 80


@pytest.mark.parametrize("func, argument, given", _targets())
def test_wrong_kind_of_argument_is_one_line(func, argument, given, mini):
    parameters = inspect.signature(func).parameters
    kwargs = {name: _stand_in(p, mini) for name, p in parameters.items()
              if p.default is inspect.Parameter.empty and p.kind is not p.VAR_POSITIONAL and p.kind is not p.VAR_KEYWORD}
    kwargs[argument] = given
    with pytest.raises(al.ParameterError) as err, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        func(**kwargs)
    message = one_line(err, f"not {type(given).__name__}")
    assert argument in message


@pytest.mark.parametrize("given", [3001, "3001", " 3001 ", 3001.0, "3001.0"], ids=["int", "text", "padded", "float", "float-text"])
def test_atopid_given_as_text_or_float_is_the_same_alliance(given, beyond):
    """Issue 21 case 8: `member_exits(data, "3180")` gave 0 rows; now the same rows as the int.
    `beyond` 3001 (fixture README): members 2, 40 (left 1962), 70, 140 (lost independence 1990)."""
    m = al.measures
    exits = m.member_exits(beyond, given)
    assert exits["ccode"].tolist() == [40, 140] and exits.equals(m.member_exits(beyond, 3001))
    assert m.treaty_members(beyond, given)["ccode"].tolist() == [2, 40, 70, 140]
    assert m.membership_spells(beyond, given, "40")["exit_year"].tolist() == [1962]


@pytest.mark.parametrize("given, shown", [("NATO", "str 'NATO'"), (3180.5, "float 3180.5"), (None, "NoneType None"),
                                          (True, "bool True")])
def test_atopid_that_is_not_a_whole_number(given, shown, beyond):
    with pytest.raises(al.ParameterError) as err:
        al.measures.member_exits(beyond, given)
    one_line(err, f"member_exits: atopid must be an ATOPID, a whole number such as 3180, not {shown}")


def test_atopid_the_release_lacks(beyond):
    """Before: treaty_members gave an empty table for an ATOPID the release does not have."""
    with pytest.raises(al.ParameterError) as err:
        al.measures.treaty_members(beyond, 99999)
    one_line(err, "ATOPID 99999 is not in ATOP 5.7's alliance file; pick an ATOPID it has")


def test_ccode_given_as_text(beyond):
    pacts = al.measures.access.one_way_pacts(beyond, "2")
    assert pacts["atopid"].tolist() == [3001] and pacts.equals(al.measures.access.one_way_pacts(beyond, 2))


def test_treaty_query_takes_codes_as_whole_numbers():
    query = al.measures.TreatyQuery("NATO", "1949", ("2", 200.0))
    assert (query.signed, query.members) == (1949, (2, 200))
    with pytest.raises(al.ParameterError) as err:
        al.measures.TreatyQuery("NATO", 1949, "2, 200")
    one_line(err, "TreatyQuery 'NATO': members must be a tuple of COW codes such as (2, 200), not str '2, 200'")
    with pytest.raises(al.ParameterError) as err:
        al.measures.TreatyQuery("NATO", 1949, (2, "UK"))
    one_line(err, "TreatyQuery 'NATO': ccode must be a COW state code, a whole number such as 2, not str 'UK'")


def test_add_state_names_given_no_table(states):
    """Before: AttributeError: 'NoneType' object has no attribute 'columns'."""
    with pytest.raises(al.ParameterError) as err:
        al.data.add_state_names(None, states=states)
    one_line(err, "add_state_names: frame must be a table (a pandas DataFrame, as the atoplib measures return), not NoneType None")
