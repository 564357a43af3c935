"""What the memo claims, how each claim is read, and the sentences that judge it.

``types`` holds the claims ledger's types and its one registry; ``verdicts`` the verdict
sentences of notebooks 01-03; ``treaties`` the memo's named treaties and the Rio Pact exits;
``soviet`` the asymmetry comparison with the Soviet system; ``reproduction`` the reproduction
report.
"""

from .outlier import cold_war_pairs_sentence, outlier_sentences, outlier_verdict
from .soviet import soviet_comparison_sentences, soviet_comparison_verdict
from .treaties import MEMO_TREATIES, memo_treaties, rio_pact_exits
from .types import REGISTRY, Evidence, Finding, Reading, register
from .types import Claim as LedgerClaim
from .us_system import france_never_left, france_sentence, us_system_summary
from .verdicts import (
    CLAIMS,
    consultative_verdict,
    defense_verdict,
    fashion_verdict,
    nato_verdict,
    years_text,
)
