"""Provisions that do not exist or cannot be read: one line naming the provision and the fix.

Bad inputs are built at test time in tmp_path from the `mini` fixture (or, for checksums, from a
copy of the real 5.1 files); docs/errors.md lists every message.
"""

from __future__ import annotations

import importlib

import pytest
from support import one_line

import atoplib as al

pytestmark = pytest.mark.usefixtures("quiet_unpinned")
PROVISIONS = importlib.import_module("atoplib.measures.provisions")  # the module (al.measures.provisions is the function)


def test_unknown_provision(mini):
    with pytest.raises(al.ParameterError) as err:
        al.measures.counts_by_year(mini, "defence-pact-ish")
    one_line(err, "unknown provision 'defence-pact-ish'", "known: any, consul", "register_provision")


def test_user_provision_naming_a_missing_column(mini, monkeypatch):
    monkeypatch.setattr(PROVISIONS, "_REGISTRY", dict(PROVISIONS._REGISTRY))
    al.measures.register_provision("art5-lite", {"defense": 1, "defcon": 0}, "Unconditional defense")
    with pytest.raises(al.ParameterError) as err:
        al.measures.counts_by_year(mini, "art5-lite")
    one_line(err, "provision 'art5-lite' needs column 'defcon'", "alliance file of ATOP 5.9", "redefine the provision")


def test_user_provision_with_a_non_integer_code():
    with pytest.raises(al.ParameterError) as err:
        al.measures.register_provision("odd", {"defense": "yes"})
    one_line(err, "provision 'odd'", "'defense': 'yes'", "integer code")


@pytest.mark.parametrize("rule, part", [
    ({"defense": 7}, "defense = 7 can never hold: ATOP's codebook codes defense as 0 or 1"),
    ({"pubsecr": 3}, "pubsecr = 3 can never hold: ATOP's codebook codes pubsecr as 0, 1 or 2"),
], ids=["dummy", "category"])
def test_user_provision_with_a_code_the_codebook_never_gives(rule, part):
    with pytest.raises(al.ParameterError) as err:
        al.measures.register_provision("seven", rule)
    one_line(err, "provision 'seven'", part, "use one of those codes")
    assert "seven" not in al.measures.provisions()["name"].tolist()


@pytest.mark.parametrize("measure", ["counts_by_year", "state_years", "dyad_years", "partners_by_year", "signing_shares"])
def test_measure_given_no_release(measure):
    with pytest.raises(al.ParameterError) as err:
        getattr(al.measures, measure)(None)
    one_line(err, "the data must be a loaded ATOP release (data = atoplib.load_atop(...)), not NoneType 'None'")
