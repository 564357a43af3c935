"""What the columns of ATOP's alliance-level file record and what their codes mean, for a reader.

* :data:`VARIABLES` -- each alliance-level column in a few words, paraphrasing the definition in
  section 2 of the ATOP 5.1 codebook (section 2.4 defines the alliance-level variables; the
  obligations and their conditions, coded per member in section 2.3, hold at the alliance level
  when any member's does).
* :data:`CODES` -- the codebook's own label for each code of a coded column, as its Appendix B
  ("Summary of numeric codes", pp. 63-67) prints them. Appendix B's ``-9 missing`` is left out:
  the release holds a blank cell instead, which :func:`code_meaning` calls "not coded".

``tests/data/test_variables.py`` checks :data:`CODES` against Appendix B of the PDF. Columns a
release adds later have no entry; :func:`variable_meaning` then says so rather than guess.
"""

from __future__ import annotations

import re

import pandas as pd

#: Each alliance-level column, in words (codebook 5.1, section 2).
VARIABLES: dict[str, str] = {
    "atopid": "the alliance's identifying number (ATOPID)",
    "cowid": "the alliance's number in the Correlates of War alliance data, version 3.0",
    "cow4id": "the alliance's number in the Correlates of War alliance data, version 4.1",
    "begyr": "the year the alliance was signed",
    "begmo": "the month the alliance was signed",
    "begday": "the day the alliance was signed",
    "endyr": "the year the alliance ended (0: still in force at the end of the data)",
    "endmo": "the month the alliance ended (0: still in force at the end of the data)",
    "endday": "the day the alliance ended (0: still in force at the end of the data)",
    "ineffect": "the alliance is still in force at the end of the data",
    "bilat": "the alliance has no more than two members",
    "maxphase": "the number of phases of the alliance",
    "wartime": "a member was at war when the alliance was formed",
    "estmode": "the alliance was made by a formal treaty requiring ratification",
    "pubsecr": "whether the alliance, or some of its articles, is secret",
    "secrart": "what the secret part of the alliance covers",
    "proadd": "how new members may join",
    "futmem": "the states named as possible future members",
    "speclgth": "the term the agreement provides for",
    "length": "the initial term of the agreement, in months",
    "renounce": "whether a signatory may renounce its obligations during the term",
    "proren": "how the agreement is renewed",
    "renewlgt": "the length of each renewal term, in months",
    "term": "how the alliance ended",
    "defense": "a member promises active military support if a partner is attacked",
    "offense": "a member promises active military support in a conflict not begun by an attack on a partner",
    "neutral": "a member promises not to join a conflict against a partner",
    "nonagg": "a member promises not to use force against a partner",
    "consul": "a member promises to consult with partners in a crisis that could become a militarized conflict",
    "active": "a member promises active military support (defense or offense)",
    "conditio": "an obligation is conditional on particular circumstances",
    "defcon": "the defense obligation is conditional",
    "offcon": "the offense obligation is conditional",
    "neucon": "the neutrality obligation is conditional",
    "concon": "the consultation obligation is conditional",
    "asymm": "the obligations vary among the members",
    "notaiden": "a member promises to deny support to a partner's enemies",
    "dipaid": "a member promises diplomatic action against threats to a partner",
    "terrres": "a member promises a partner its territory or resources",
    "seppeace": "whether a member may conclude a separate peace",
    "thirdcom": "a member promises no commitments to third parties, or none without consulting",
    "noothall": "a member promises to join no alliance contrary to this one",
    "specthrt": "the specific threat the agreement mentions",
    "statthr1": "the state named as a threat (COW code)",
    "statthr2": "a second state named as a threat (COW code)",
    "conwtin": "whether the agreement mentions conflict among the members",
    "medarb": "the members commit to mediation, arbitration or another formal settlement of their conflicts",
    "milcon": "contact among the members' military planners for coordination",
    "milaid": "military aid from some members to others",
    "intcom": "an integrated military command in peace and war",
    "subord": "one party's forces placed under another's in a conflict",
    "organ1": "the organization the agreement creates",
    "orgpurp1": "the purpose of the organization the agreement creates",
    "organ2": "a second organization the agreement creates",
    "orgpurp2": "the purpose of the second organization",
    "base": "joint troop placements or troops stationed on another member's territory",
    "contrib": "the agreement details each ally's contributions or the division of costs",
    "armred": "limits on, or increases of, the members' arms",
    "acqterr": "the acquisition of territory the allies do not hold",
    "divgains": "how gains from a future conflict are divided",
    "demwith": "demobilization or withdrawal after a conflict",
    "reflnun": "references to the League of Nations or the United Nations",
    "refothio": "references to other international organizations",
    "natrefal": "references to other alliances",
    "compag": "companion agreements",
    "nomicoop": "cooperation on non-military issues",
    "conres": "a solution to an existing conflict",
    "agprois": "a commitment to negotiate further agreements on particular issue areas",
    "conmen": "unresolved conflicts among the members, deferred",
    "ecaid": "economic aid",
    "interv": "intervention in one another's domestic affairs",
    "source": "where the coding comes from: the agreement itself or secondary sources",
    "new4": "the alliance was added in version 4.0",
    "rev4": "the alliance's coding was revised in version 4.0",
    "new5": "the alliance was added in version 5.0",
    "rev5": "the alliance's coding was revised in version 5.0",
    "version": "the ATOP release",
}
#: The alliance file's member list: ``mem1``, ``mem2``, ... (codebook 5.1, section 2.46).
MEMBER_LIST = re.compile(r"^mem(\d+)$")

_NO_YES = {0: "no", 1: "yes"}
_ORGAN = {0: "none", 1: "regularly scheduled meetings", 2: "named organization w/ regularly scheduled meetings",
          3: "permanent bureaucracy"}
_ORGPURP = {0: "none", 1: "military only", 2: "primarily economic", 3: "political consultation",
            4: "military, economic, and other political functions", 5: "dispute resolution"}
#: The codebook's labels of each coded column's codes (Appendix B; -9 "missing" left out).
CODES: dict[str, dict[int, str]] = {
    **{name: _NO_YES for name in (
        "ineffect", "bilat", "wartime", "defense", "offense", "neutral", "nonagg", "consul", "active", "conditio",
        "defcon", "offcon", "neucon", "concon", "asymm", "dipaid", "terrres", "thirdcom", "noothall", "medarb",
        "intcom", "contrib", "divgains", "demwith", "refothio", "nomicoop", "conmen", "new4", "rev4", "new5",
        "rev5")},
    "maxphase": {0: "single phase alliance", 2: "two phase alliance", 3: "three phase alliance",
                 4: "four phase alliance"},
    "estmode": {0: "non-treaty (e.g., diplomatic notes, executive agreement)", 1: "treaty"},
    "pubsecr": {0: "public treaty", 1: "public with secret articles", 2: "secret treaty"},
    "secrart": {0: "none", 1: "division of spoils", 2: "target state(s)",
                3: "obligations and/or conditions invoking obligations",
                4: "target state(s) and obligations/ conditions invoking obligation", 5: "contributions",
                6: "guidelines for military operations", 7: "accessions", 8: "secret treaty"},
    "proadd": {0: "not mentioned", 1: "unspecified means", 2: "unanimous agreement", 3: "other specified means"},
    "futmem": {0: "not mentioned", 1: "specific state(s)", 2: "states with specific characteristics",
               3: "any state(s)"},
    "speclgth": {0: "none", 1: "specified time period", 2: "for duration of specific event", 3: "indefinite"},
    "length": {0: "unspecified"},
    "renounce": {0: "none", 1: "parties may renounce with notification",
                 2: "parties may renounce upon aggressive action",
                 3: "parties may renounce after a specified time period (but before scheduled termination)",
                 4: "renunciation is specifically prohibited"},
    "proren": {0: "none", 1: "parties may review and renew", 2: "in effect unless notice of non-renewal"},
    "renewlgt": {0: "unspecified/indefinite"},
    "term": {0: "censored", 1: "fulfillment", 2: "violation", 3: "renegotiation"},
    "notaiden": {0: "none", 1: "general reference", 2: "ref to other states",
                 3: "ref to non-state actors, domestic groups", 4: "ref to states & non-state actors"},
    "seppeace": {0: "no mention", 1: "prohibited", 2: "requires approval", 3: "consultation on peace treaty"},
    "specthrt": {0: "none", 1: "specific state(s)", 2: "specific region", 3: "specific state(s) acting in specific region",
                 4: "specific ongoing conflict", 5: "conflict with domestic groups/nonstate actors", 6: "other alliance"},
    "statthr1": {0: "none"},
    "statthr2": {0: "none"},
    "conwtin": {0: "none", 1: "general reference", 2: "reference to specific issue",
                3: "resolve issues related to agreement"},
    "milcon": {0: "none", 1: "in event of hostilities only", 2: "during peacetime", 3: "common defense policy"},
    "milaid": {0: "none", 1: "general assistance", 2: "grants and/or loans",
               3: "technology and/or training and/or supplies", 4: "both grants/loans and technology/training"},
    "subord": {0: "no", 1: "yes; leadership predetermined", 2: "yes; leadership contingent"},
    "organ1": _ORGAN,
    "orgpurp1": _ORGPURP,
    "organ2": _ORGAN,
    "orgpurp2": _ORGPURP,
    "base": {0: "none", 1: "joint bases on neutral territory", 2: "mutual troop stationings",
             3: "one or more states station troops in one or more states"},
    "armred": {0: "none", 1: "arms control/commit to rules of warfare", 2: "coordinated increase in armaments"},
    "acqterr": {0: "no reference", 1: "permitted", 2: "prohibited"},
    "reflnun": {0: "none", 1: "League of Nations", 2: "United Nations"},
    "natrefal": {0: "none", 1: "conformity with obligations", 2: "source of threat", 3: "notification", 9: "other"},
    "compag": {0: "none", 1: "military", 2: "economic/financial", 3: "dispute settlement", 4: "peace treaty",
               5: "other policy issue", 6: "multiple agreements"},
    "conres": {0: "no", 1: "among parties", 2: "not involving parties"},
    "agprois": {0: "none", 1: "territory", 2: "economy", 3: "military", 4: "other policy issue",
                5: "multiple issue areas"},
    "ecaid": {0: "none", 1: "general", 2: "postwar recovery", 3: "trade concessions"},
    "interv": {0: "none", 1: "mutual non-intervention", 2: "mutual intervention under certain circumstances",
               3: "one or more state(s) may intervene in the internal politics of one or more other state(s) under "
                  "certain circumstances",
               4: "one or more state(s) but not all promise nonintervention"},
    "source": {1: "alliance agreement (primary source)", 2: "secondary sources only"},
}
#: Columns whose other values are counts of months, COW codes or dates rather than codes.
MONTHS = ("length", "renewlgt")
COW_CODES = ("statthr1", "statthr2")
NOT_CODED = "not coded"


def variable_meaning(name: str) -> str:
    """The column in words: ``"agprois"`` -> ``"a commitment to negotiate further agreements on
    particular issue areas"``; a member-list column names its place; an unknown column says so."""
    name = str(name).strip().lower()
    if name in VARIABLES:
        return VARIABLES[name]
    listed = MEMBER_LIST.match(name)
    if listed:
        return f"member {listed.group(1)} of the alliance's member list, a COW code"
    return "not described in the ATOP 5.1 codebook"


def code_meaning(name: str, code) -> str:
    """A code of column ``name`` in words: ``("agprois", 4)`` -> ``"other policy issue"``; a blank
    cell -> ``"not coded"``; months and COW codes as such; a value the codebook does not list, or a
    column with no code list (years, days), as the value itself."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return NOT_CODED
    name = str(name).strip().lower()
    value = int(code) if float(code).is_integer() else code
    labels = CODES.get(name, {})
    if value in labels:
        return labels[value]
    if name in MONTHS:
        return f"{value} months"
    if name in COW_CODES or MEMBER_LIST.match(name):
        return f"COW code {value}"
    return str(value)


def with_meaning(name: str, code) -> str:
    """A code and its meaning, as a table shows it: ``"4 (other policy issue)"``; ``"not coded"``;
    a value whose meaning is itself (a year) alone."""
    meaning = code_meaning(name, code)
    if meaning == NOT_CODED:
        return meaning
    value = str(int(code) if float(code).is_integer() else code)
    return value if meaning == value else f"{value} ({meaning})"
