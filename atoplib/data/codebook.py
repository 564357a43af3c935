"""The codes ATOP's codebook allows in a column: what a provision rule may ask for (issue 13).

Read from the ATOP 5.1 codebook (section 2, member and alliance level variables) and checked
against the data of ATOP 5.1 and 4.01, which hold no other code in these columns:

* :data:`DUMMIES` -- "Dummy variable coded 1 if …": 0 or 1. (``refothio`` is called a dummy by
  the codebook but holds 2 in 5.1, so it is left out.)
* :data:`CATEGORIES` -- variables whose codes the codebook lists in full.

A column not listed here is not checked (a code list the codebook does not close, such as
``length`` in months or ``statthr1`` as a COW code, or a column a later release adds).

:data:`QUOTES` holds the codebook's own words, short exact quotes with section and page, that the
claims ledger cites when it judges the memo's description of ATOP (what a consultation pact is,
ORGAN1's codes, the ATOPID, who runs the project and its versions).
"""

from __future__ import annotations

from dataclasses import dataclass

DUMMIES = frozenset("""
    cowsys ineffect bilat wartime estmode defense offense neutral nonagg consul active conditio
    defcon offcon neucon concon defcoadv defcoloc defcocon defconum defcodem defconpr offcoadv
    offcoloc offcocon offconum offcodem neucoadv neucoloc neucocon neuconum neucodem neuconpr
    neucoatt concoadv concoloc concocon concoreq olimob asymm obvary dipaid terrres thirdcom
    noothall medarb intcom contrib divgains demwith nomicoop conmen
""".split())

CATEGORIES: dict[str, frozenset[int]] = {
    "pubsecr": frozenset(range(3)),
    "secrart": frozenset(range(9)),
    "proadd": frozenset(range(4)),
    "futmem": frozenset(range(4)),
    "speclgth": frozenset(range(4)),
    "proren": frozenset(range(3)),
    "seppeace": frozenset(range(4)),
    "specthrt": frozenset(range(7)),
    "conwtin": frozenset(range(4)),
    "subord": frozenset(range(3)),
    "armred": frozenset(range(3)),
    "acqterr": frozenset(range(3)),
    "reflnun": frozenset(range(3)),
    "natrefal": frozenset({0, 1, 2, 3, 9}),
    "conres": frozenset(range(3)),
    "ecaid": frozenset(range(4)),
}


def allowed_codes(column: str) -> frozenset[int] | None:
    """The codes the codebook allows in ``column``; None when the codebook does not close the list."""
    column = column.strip().lower()
    if column in DUMMIES:
        return frozenset({0, 1})
    return CATEGORIES.get(column)


def describe_codes(codes: frozenset[int]) -> str:
    """``{0, 1}`` -> ``'0 or 1'``; ``{0, 1, 2}`` -> ``'0, 1 or 2'``."""
    ordered = [str(c) for c in sorted(codes)]
    return ordered[0] if len(ordered) == 1 else f"{', '.join(ordered[:-1])} or {ordered[-1]}"


# --------------------------------------------------------------------------- the codebook's words
#
# Short exact quotes of the ATOP 5.1 codebook (``atop_5_1_codebook.pdf``, dated August 9, 2022),
# each with its section and page, for readings that judge the memo's description of ATOP against
# the codebook. Page: the PDF's page, which is the number printed at its foot where one is printed.
# Whitespace is written as single spaces; ``tests/data/test_codebook.py`` checks every quote
# against ``pdftotext -layout`` of the PDF, on the page given.

#: The codebook these quotes come from: the release and the file's name in its folder.
CODEBOOK_RELEASE = "5.1"
CODEBOOK_FILE = "atop_5_1_codebook.pdf"


@dataclass(frozen=True)
class CodebookQuote:
    """One exact quote of the ATOP 5.1 codebook."""

    key: str  # the variable, or the variable and a code ("ORGAN1/3"), or a topic ("PI")
    section: str  # "2.43", "title page", "Appendix A"
    page: int  # the PDF's page (its printed number where it prints one)
    text: str  # the codebook's words, whitespace as single spaces

    @property
    def citation(self) -> str:
        where = self.section if not self.section[0].isdigit() else f"section {self.section}"
        return f"ATOP {CODEBOOK_RELEASE} codebook, {where}, p. {self.page}"


_QUOTES = (
    # obligations (member level 2.33, alliance level 2.43)
    CodebookQuote("DEFENSE", "2.43", 40, "DEFENSE: Dummy variable coded 1 if any alliance member promises to provide "
                  "active military support in the event of attack on the sovereignty or territorial integrity of one "
                  "or more alliance partners."),
    CodebookQuote("DEFENSE (M)", "2.33", 22, "DEFENSE (M): Dummy variable coded 1 if the alliance member promises to "
                  "provide active military support in the event of attack on the sovereignty or territorial integrity "
                  "of one or more alliance partners. A promise to treat such an attack on one alliance member as an "
                  "attack on all alliance members qualifies as a promise of defensive support."),
    CodebookQuote("CONSUL", "2.43", 41, "CONSUL: Dummy variable coded 1 if any alliance member promises to consult "
                  "with one or more alliance partners in the event of crises with the potential to become militarized "
                  "conflicts. The consultation obligation must be (1) specific to militarized crises, and (2) imply a "
                  "goal of policy coordination."),
    CodebookQuote("CONSUL/general", "2.43", 41, "A general promise to consult on issues affecting the interests of the "
                  "signatories or to consult on important international problems is not enough to qualify as a "
                  "consultation pact for our purposes, unless the agreement further specifies that the signatories "
                  "will consult upon issues of security with the goal of policy coordination."),
    CodebookQuote("DEFCOADV", "2.33", 24, "DEFCOADV (M): Dummy variable coded 1 if the defense obligation is "
                  "conditional upon a particular adversary or type of adversary (e.g., Germany, a European power, a "
                  "state not yet involved in the war)."),
    CodebookQuote("DEFCOLOC", "2.33", 24, "DEFCOLOC (M): Dummy variable coded 1 if the defense obligation undertaken "
                  "by this alliance member is conditional upon conflict in a particular location (e.g., home territory "
                  "only; attack on the Eastern front)."),
    CodebookQuote("ASYMM", "2.43", 41, "ASYMM (A): Dummy variable coded 1 if obligations vary for members of the "
                  "alliance (i.e., the promises are not symmetrical)."),
    # identification, dates, members
    CodebookQuote("ATOPID", "2.41", 35, "ATOPID: Four digit code identifying the alliance. Each alliance included in "
                  "the ATOP dataset has a unique ATOPID. Identifying codes are assigned chronologically, with the "
                  "following distribution:"),
    CodebookQuote("ATOPID/1000-1999", "2.41", 35, "1000-1999: Alliances formed between 1815 and 1913 inclusive"),
    CodebookQuote("ATOPID/2000-2999", "2.41", 35, "2000-2999: Alliances formed between 1914 and 1944 inclusive"),
    CodebookQuote("ATOPID/3000-3999", "2.41", 35, "3000-3999: Alliances formed between 1945 and 1989 inclusive"),
    CodebookQuote("ATOPID/4000-7999", "2.41", 35, "4000-7999: Alliances formed in 1990 or thereafter"),
    CodebookQuote("BEGYR", "2.42", 35, "BEGYR, BEGMO, BEGDAY: The four digit year, one or two digit month, and one or "
                  "two digit day that the alliance or alliance phase begins."),
    CodebookQuote("BEGYR/signature", "2.42", 35, "Alliance formation dates are recorded as the signature rather than "
                  "the ratification date"),
    CodebookQuote("MEMBER", "2.32", 16, "MEMBER (M): Correlates of War Country Code identifying a state signatory to "
                  "the alliance."),
    # institutions (alliance level 2.44, 2.45)
    CodebookQuote("ORGAN1", "2.44", 45, "ORGAN1: This variable indicates whether the alliance agreement specifies the "
                  "creation of any organizations associated with the agreement."),
    CodebookQuote("ORGAN1/0", "2.44", 45, "If no organizations are created, the variable is coded 0."),
    CodebookQuote("ORGAN1/1", "2.44", 45, "If the alliance agreement provides for regular meetings of governmental "
                  "officials to manage the agreement, the variable is coded 1."),
    CodebookQuote("ORGAN1/2", "2.44", 45, "If the agreement creates a named organization with regularly scheduled "
                  "meetings (for instance, an interstate commission for cooperation), the variable is coded 2."),
    CodebookQuote("ORGAN1/3", "2.44", 45, "If the agreement includes (or is formed as part of) a stand-alone "
                  "organization with a permanent bureaucracy (e.g., the OAS), the variable is coded 3."),
    CodebookQuote("BASE", "2.45", 46, "BASE: This variable indicates whether the alliance agreement provides for joint "
                  "troop placements, or for any member to station troops on the territory of another member."),
    CodebookQuote("BASE/3", "2.45", 46, "If the agreement provides for one or more states to station troops in the "
                  "territory of one or more other members, but these provisions are not reciprocal, the variable is "
                  "coded 3."),
    CodebookQuote("INTERV", "2.45", 49, "INTERV: This variable captures whether there are any commitments in the "
                  "alliance agreement regarding intervention in one another’s domestic affairs."),
    CodebookQuote("INTERV/2", "2.45", 49, "If the members promise to intervene in one another’s domestic politics under "
                  "certain circumstances (for instance to protect the regime against rebels), the variable is coded 2."),
    CodebookQuote("INTERV/3", "2.45", 49, "If the agreement specifies that one or more states can intervene in the "
                  "internal politics of one or more other states under certain circumstances, but these commitments "
                  "are not reciprocal, the variable is coded 3."),
    # who runs ATOP, and its versions
    CodebookQuote("PI", "title page", 1, "Brett Ashley Leeds Department of Political Science Rice University—MS 24"),
    CodebookQuote("PI/support", "Acknowledgments", 2, "The National Science Foundation (grant SES-0095983), Florida "
                  "State University, and Rice University provided financial support and facilities."),
    CodebookQuote("PI/contact", "section 3", 56, "Please direct all questions, comments, suggestions, and corrections "
                  "to Ashley Leeds."),
    CodebookQuote("VERSION/5.0", "Introduction to version 5.0", 3, "Version 4.0 updates the ATOP data through "
                  "December 31, 2018."),
    CodebookQuote("VERSION/NEW5", "Introduction to version 5.0", 3, "Alliances added in version 5.0 are coded 1 for "
                  "the dummy variable NEW5."),
    CodebookQuote("VERSION/4.0", "Introduction to version 4.0", 3, "Version 4.0 updates the ATOP data through "
                  "December 31, 2016."),
    CodebookQuote("VERSION/updates", "section 3", 56, "The ATOP dataset will be updated periodically."),
    CodebookQuote("VERSION/codesheet", "Appendix A", 59, "Version 8.0; August, 2000"),
)
#: Every quote by its key.
QUOTES: dict[str, CodebookQuote] = {q.key: q for q in _QUOTES}


def codebook_quote(key: str) -> CodebookQuote:
    """The quote under ``key`` (:data:`QUOTES`)."""
    return QUOTES[key]
