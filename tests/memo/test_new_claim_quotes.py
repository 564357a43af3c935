"""The new claims' quotes are the memo's words, verbatim after whitespace normalisation, each found
once (so its location is one place). A helper the ledger's tests can fold in: check_quotes."""

from __future__ import annotations

import pytest

from support import SHARED

MEMO = SHARED.parent / "memo" / "poast-2026-us-alliance-network-today.txt"
OPENING = "Opening"
COMPARATIVE = "The U.S. Alliance System in a Comparative Perspective"
ALLIES_VIEW = "The Existence and Persistence of U.S. Alliance System: The Allies’ Perspective"

#: (claim id, exact quote, location) for the claims of issue 19, part 3.
QUOTES = (
    ("fig1-mutual", "treaty contains mutual defense provision", "Figure 1 caption"),
    ("mutual-defense", "Those asymmetric relationships have, in turn, been backed by promises of mutual defense",
     f"{OPENING}, paragraph 1"),
    ("one-direction", "even if the actual defense is, by and large, directed in just one direction",
     f"{OPENING}, paragraph 1"),
    ("security-most-allies", "the United States took on the responsibility of providing security to most of its allies",
     f"{OPENING}, paragraph 2"),
    ("forward-deployment", "This has largely been done through the presence of forward deployment of troops",
     f"{OPENING}, paragraph 2"),
    ("timely-support", "even if that support does not always come in a timely fashion—as in World Wars I and II",
     f"{OPENING}, paragraph 3"),
    ("nato-location", "The article treats an attack on one member of the alliance in Europe or North America as an "
     "attack on all members.", f"{COMPARATIVE}, paragraph 2"),
    ("consult-definition", "simple consultative clauses, which simply call on signatories to meet with or communicate "
     "with one another in case of a security crisis", f"{COMPARATIVE}, paragraph 3"),
    ("critical-difference", "a critical difference between U.S. alliances and the recent trend of alliance treaties",
     f"{COMPARATIVE}, paragraph 3"),
    ("atopid-unique", "each alliance in the dataset is assigned an ATOPID number", f"{COMPARATIVE}, paragraph 4"),
    # the sentence is cut by a page break with footnotes 1 and 2 between its halves: two contiguous quotes
    ("atop-variables", "These include the type of primary military cooperation provisions in the treaty (e.g., "
     "defensive provision), conditions on those provisions (e.g., that the defensive obligation only applies to",
     f"{COMPARATIVE}, paragraph 4"),
    ("atop-variables", "an attack by a particular state), the date of the treaty signing, the members of the treaty, "
     "and other characteristics", f"{COMPARATIVE}, paragraph 4"),
    ("supranational-body", "if the treaty calls for the creation of a supranational body", f"{COMPARATIVE}, paragraph 4"),
    # judged by atop_readings.founding_readings ("latest-version", "coverage"): for atop-founding's `also`
    ("atop-founding", "Version 5.0 of the dataset, the latest version, codes characteristics of all known alliance "
     "treaties from 1815 to 2018.", f"{COMPARATIVE}, paragraph 4"),
    ("belgium", "As the plight of Belgium in the two World Wars well illustrates, there are risks to going alone or "
     "attempting to remain neutral.", f"{ALLIES_VIEW}, paragraph 3"),
    ("core-ally", "The United States is a core ally for many nations", f"{ALLIES_VIEW}, paragraph 4"),
)


def normalised(text: str) -> str:
    return " ".join(text.split())


def check_quotes(quotes, memo_text: str) -> list[str]:
    """The problems with ``quotes`` ((claim id, quote, location) triples) against the memo's text:
    a quote not verbatim, found more than once, or without a location. Empty when all is well."""
    text = normalised(memo_text)
    problems = []
    for claim_id, quote, location in quotes:
        found = text.count(normalised(quote))
        if found != 1:
            problems.append(f"{claim_id}: {'not in the memo' if not found else f'found {found} times'}: {quote!r}")
        if not location.strip():
            problems.append(f"{claim_id}: no location")
    return problems


@pytest.fixture(scope="module")
def memo_text() -> str:
    if not MEMO.is_file():
        pytest.skip(f"the memo's text is not beside the project ({MEMO.parent} missing)")
    return MEMO.read_text(encoding="utf-8")


def test_new_quotes_are_the_memos(memo_text):
    assert check_quotes(QUOTES, memo_text) == []


def test_check_quotes_finds_problems():
    memo = "One sentence here.\n\nAnother one here, and one here."
    assert check_quotes((("a", "One sentence\nhere.", "p 1"),), memo) == []
    assert check_quotes((("b", "one here", "p 2"), ("c", "Three", "p 3"), ("d", "Another", " ")), memo) == [
        "b: found 2 times: 'one here'", "c: not in the memo: 'Three'", "d: no location"]


def test_the_variables_sentence_is_cut_by_footnotes(memo_text):
    # the whole sentence is not contiguous in the memo's text: footnotes 1 and 2 stand between its halves
    first, second = (q for c, q, _ in QUOTES if c == "atop-variables")
    assert normalised(f"{first} {second}") not in normalised(memo_text)
