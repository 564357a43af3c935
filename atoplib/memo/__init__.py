"""What the memo claims, how each claim is read, and the sentences that judge it.

``types`` holds the claims ledger's types and registry; ``verdicts`` the figure-level summaries
and verdict sentences of notebooks 01-03.
"""

from .verdicts import *  # noqa: F401,F403  (the chapter notebooks' ``al.memo.peak`` etc.)
from .types import Claim as LedgerClaim, Evidence, Finding, Reading, REGISTRY, register  # noqa: F401
