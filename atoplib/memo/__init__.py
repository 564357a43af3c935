"""What the memo claims, how each claim is read, and the verdicts the ledger draws.

``types`` holds the ledger's types (Claim, Reading, Finding, Verdict) and its one registry;
``rules`` the written rules (the quantifier rule, periods, bands, how a status follows from the
readings); ``evidence`` what the judges read; the ``*_readings`` modules the readings of each
group of claims; ``claims`` the claims in the memo's order; ``ledger`` the one place where a
verdict is decided; ``treaties`` the memo's named treaties.

Names load on first use, so importing one module does not import every reading.
"""

from __future__ import annotations

import importlib

#: Names served on first use, from the module that defines them.
_NAMES = {
    "REGISTRY": "claims", "Claim": "types", "Reading": "types", "Finding": "types", "Verdict": "types",
    "Evidence": "evidence",
    "verdict": "ledger", "verdicts": "ledger", "ledger_table": "ledger", "readings_table": "ledger",
    "ledger_across_releases": "ledger", "summary_sentence": "ledger", "status_counts": "ledger",
    "not_judged": "ledger",
    "MEMO_TREATIES": "treaties", "NAMED_TREATIES": "treaties", "NATO_ATOPID": "treaties",
    "memo_treaties": "treaties", "rio_pact_exits": "treaties", "asymmetric_member_codes": "treaties",
}


def __getattr__(name: str):
    if name in _NAMES:
        return getattr(importlib.import_module(f"{__name__}.{_NAMES[name]}"), name)
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
