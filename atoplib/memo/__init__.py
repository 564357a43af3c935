"""What the memo claims, how each claim is read, and the sentences that judge it.

``claims`` is the claims ledger (every checkable statement of the memo, quoted and located, with its
readings; ``types`` holds its types and its one registry); ``ledger`` judges it on a release and
``ledger_text`` turns it into sentences and tables; ``reproduction`` writes ``reproduction.csv``.
``treaties`` holds the memo's named treaties and the Rio Pact exits, ``soviet`` the asymmetry
comparison with the Soviet system, ``outlier`` and ``us_system`` the sentences of notebooks 04-05,
``verdicts`` the NATO question of notebook 03.

The ledger's names (``ledger_table``, ``quote_text``, ...) load on first use: they import every
reading, issue 15's models included.
"""

from .outlier import cold_war_pairs_sentence, outlier_sentences, outlier_verdict
from .soviet import soviet_comparison_sentences, soviet_comparison_verdict
from .treaties import MEMO_TREATIES, asymmetric_member_codes, memo_treaties, rio_pact_exits
from .types import REGISTRY, Evidence, Finding, Reading, register
from .types import Claim as LedgerClaim
from .us_system import france_never_left, france_sentence, us_system_summary
from .verdicts import nato_verdict, years_text

#: Names served on first use from the ledger modules (see the module text).
_LAZY = {
    "ledger_table": "ledger", "ledger_findings": "ledger", "ledger_across_releases": "ledger",
    "as_evidence": "ledger", "overall_rows": "ledger", "overall_status": "ledger",
    "quote_text": "ledger_text", "claim_paragraph": "ledger_text", "differing_paragraphs": "ledger_text",
    "ledger_html": "ledger_text", "summary_sentence": "ledger_text", "readme_section": "ledger_text",
    "reading_band": "ledger_figures",
}


#: Submodules served on first use (``al.memo.reproduction``, ``al.memo.ledger``, ...).
_SUBMODULES = ("claims", "ledger", "ledger_text", "ledger_figures", "reproduction", "beyond", "beyond_text")


def __getattr__(name: str):
    import importlib

    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
