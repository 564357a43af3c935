"""Readings of what the memo says about ATOP itself: the consultative clause it defines, the ATOPID,
the variables it lists, "a supranational body", and who founded and runs the project.

The codebook's words are the ATOP 5.1 codebook's, transcribed in :data:`atoplib.data.codebook.QUOTES`
(checked against the PDF by ``tests/data/test_codebook.py``); a reading that judges the memo's
description against them is a plain yes/no on those words. Readings on the data count in the
release at hand.
"""

from __future__ import annotations

import re

import pandas as pd

from ..data.codebook import QUOTES, codebook_quote
from ..measures.trends import alliance_years
from . import naming
from .evidence import Evidence
from .promise_readings import need_column
from .rules import judge_every, judge_most, listed
from .types import Finding, NotAvailable, Reading

CONSUL = codebook_quote("CONSUL")
CONSUL_GENERAL = codebook_quote("CONSUL/general")
#: What the memo's "call on signatories to meet with or communicate with one another in case of a
#: security crisis" needs from the codebook, and what the codebook asks beyond it.
CONSULT_IN_CRISES = "promises to consult with one or more alliance partners in the event of crises"
BEYOND_MEETING = "(2) imply a goal of policy coordination"
NOT_ENOUGH = ("A general promise to consult on issues affecting the interests of the signatories or to consult on "
              "important international problems is not enough to qualify as a consultation pact")
#: The obligations other than consultation (codebook 5.1, section 1.51).
OTHER_OBLIGATIONS = ("defense", "offense", "neutral", "nonagg")
ATOPID = codebook_quote("ATOPID")
ORGAN1_CODES = {code: codebook_quote(f"ORGAN1/{code}") for code in range(4)}
#: The word the memo uses and no ORGAN1 code does.
SUPRANATIONAL = "supranational"
PERMANENT_BUREAUCRACY = 3
PI, SUPPORT = codebook_quote("PI"), codebook_quote("PI/support")
#: The memo's words on the project: "founded and is currently managed by Ashley Leeds at Rice
#: University"; "Version 5.0 of the dataset, the latest version, codes ... from 1815 to 2018".
MEMO_PI, MEMO_INSTITUTION = "Leeds", "Rice University"
MEMO_VERSION, MEMO_COVERAGE = (5, 0), (1815, 2018)
#: The variables the memo names ("the type of primary military cooperation provisions ...
#: conditions on those provisions (e.g., that the defensive obligation only applies to an attack by
#: a particular state), the date of the treaty signing, the members of the treaty") and the ATOP
#: columns that hold them, by file.
MEMO_VARIABLES = (
    ("primary obligations", "alliances", ("defense", "offense", "neutral", "nonagg", "consul")),
    ("a condition on a particular adversary", "members", ("defcoadv",)),
    ("the date of signing", "alliances", ("begyr", "begmo", "begday")),
    ("the members", "members", ("member",)),
)
#: The alliance file's own list of members (codebook 5.1, section 2.46: MEM1, MEM2, ...).
ALLIANCE_MEMBER_LIST = "mem1"


def _atopid_ranges() -> tuple[tuple[int, int, int, int | None], ...]:
    """The codebook's ATOPID ranges as ``(first id, last id, first year, last year or None)``, read
    from its transcribed words ("1000-1999: Alliances formed between 1815 and 1913 inclusive")."""
    out = []
    for key, quote in QUOTES.items():
        if not key.startswith("ATOPID/"):
            continue
        ids = re.match(r"(\d+)-(\d+): Alliances formed (?:between (\d+) and (\d+) inclusive|in (\d+) or thereafter)",
                       quote.text)
        first, last, since, until, after = ids.groups()
        out.append((int(first), int(last), int(since or after), int(until) if until else None))
    return tuple(sorted(out))


ATOPID_RANGES = _atopid_ranges()


def _version(ev: Evidence) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", ev.version))


# --------------------------------------------------------------------------- the consultative clause

def _consult(how: str):
    def judge(ev: Evidence) -> Finding:
        if how == "crises":
            ok = CONSULT_IN_CRISES in CONSUL.text
            return Finding(f"{CONSUL.citation}: '{CONSULT_IN_CRISES}'", "agree" if ok else "differ",
                           "the codebook's consultation is a promise to consult in crises, as the memo says" if ok
                           else "the codebook's consultation is not a promise to consult in crises")
        if how == "simply":
            beyond = BEYOND_MEETING in CONSUL.text
            general = NOT_ENOUGH in CONSUL_GENERAL.text
            return Finding(f"{CONSUL.citation}: 'The consultation obligation must be (1) specific to militarized "
                           f"crises, and {BEYOND_MEETING}'", "differ" if beyond else "agree",
                           "the codebook asks more than meeting or communicating: the consultation must aim at policy "
                           "coordination" + (f"; '{NOT_ENOUGH}'" if general else "") if beyond
                           else "the codebook asks nothing beyond consulting")
        last = ev.data.last_year
        alliances = ev.data.alliances
        live = alliances["atopid"].isin(alliance_years(ev.data, None, last, last)["atopid"])
        fig2 = alliances[live & alliances["consul"].eq(1) & alliances["defense"].eq(0)]
        only = fig2[fig2[list(OTHER_OBLIGATIONS)].eq(0).all(axis=1)]
        measured = (f"{len(only)} of the {len(fig2)} pacts with consul = 1 and defense = 0 in force in {last} carry no "
                    "other obligation (offense, neutral and nonagg all 0)")
        return judge_most(len(only), len(fig2), measured, f"Figure 2's pacts in force in {last}")
    return judge


def consult_definition_readings() -> tuple[Reading, ...]:
    return (
        Reading("consult-in-crises", "stated", "the codebook's consultation obligation is a promise to consult with "
                "partners in case of a crisis", f"the memo's 'meet with or communicate with one another in case of a "
                f"security crisis' against the definition ATOP codes by: {CONSUL.citation}", _consult("crises"), label="consultation in crises"),
        Reading("nothing-more", "stated", "the codebook's consultation obligation asks nothing beyond meeting or "
                "communicating", f"the memo's 'simply call on signatories to meet with or communicate': "
                f"{CONSUL.citation} requires the consultation to imply a goal of policy coordination",
                _consult("simply"), label="nothing beyond meeting or communicating"),
        Reading("consult-only-pacts", "alternative", "most pacts with consul = 1 and defense = 0 in force in the last "
                "year carry no other obligation (offense, neutral, nonagg)", "'simple consultative clauses' read on "
                "the pacts Figure 2 counts: consultation and nothing else", _consult("pacts"), label="consultative pacts with no other obligation"),
    )


# --------------------------------------------------------------------------- the ATOPID

def _atop_id(how: str):
    def judge(ev: Evidence) -> Finding:
        alliances, members = ev.data.alliances, ev.data.members
        if how == "chronological":
            holds = {}
            for atopid, signed in zip(alliances["atopid"], alliances["begyr"]):
                match = [r for r in ATOPID_RANGES if r[0] <= atopid <= r[1]]
                ok = bool(match) and match[0][2] <= signed and (match[0][3] is None or signed <= match[0][3])
                holds[naming.pact(ev, atopid)] = ok
            measured = f"{sum(holds.values())} of {len(holds)} ATOPIDs lie in the codebook's range for their signing year"
            return judge_every(holds, measured, "alliances")
        ids = alliances["atopid"]
        repeated = ids.duplicated(keep=False)
        holds = {}
        for row, (atopid, twice) in enumerate(zip(ids, repeated), start=1):
            label = f"alliance row {row} (no ATOPID)" if pd.isna(atopid) else f"alliance row {row} (ATOPID {int(atopid)})"
            holds[label] = not pd.isna(atopid) and not twice
        known = set(ids.dropna().astype("int64"))
        linked = sorted(int(a) for a in members["atopid"].dropna().unique())
        for atopid in linked:
            holds[f"member-file ATOPID {atopid}"] = atopid in known
        measured = (f"{len(ids)} alliance rows, {ids.nunique()} distinct ATOPIDs, {int(ids.isna().sum())} missing; "
                    f"{sum(a in known for a in linked)} of {len(linked)} member-file ATOPIDs in the alliance file")
        return judge_every(holds, measured, "alliance rows and member-file ATOPIDs")
    return judge


def atop_id_readings() -> tuple[Reading, ...]:
    return (
        Reading("unique-and-linked", "stated", "every alliance-file row has its own ATOPID (none repeated, none "
                "missing) and every member-file ATOPID is in the alliance file",
                f"'each alliance in the dataset is assigned an ATOPID number'; {ATOPID.citation}: 'Each alliance "
                "included in the ATOP dataset has a unique ATOPID.'", _atop_id("unique"), label="one ATOPID per alliance"),
        Reading("chronological", "alternative", "every ATOPID lies in the codebook's range for its signing year ("
                + "; ".join(f"{a}-{b}: {c}-{d or 'on'}" for a, b, c, d in ATOPID_RANGES) + ")",
                f"{ATOPID.citation}: 'Identifying codes are assigned chronologically'", _atop_id("chronological"), label="ATOPIDs in the codebook's ranges"),
    )


# --------------------------------------------------------------------------- the variables the memo lists

def _variables(how: str):
    def judge(ev: Evidence) -> Finding:
        holds = {}
        for _, table, columns in MEMO_VARIABLES:
            for column in columns:
                if how == "alliance-file":
                    there = column in ev.data.alliances.columns or (column == "member" and ALLIANCE_MEMBER_LIST in
                                                                    ev.data.alliances.columns)
                    holds[f"{column} (alliance file)"] = there
                else:
                    holds[f"{column} ({'alliance' if table == 'alliances' else 'member'} file)"] = \
                        column in getattr(ev.data, table).columns
        measured = f"{sum(holds.values())} of {len(holds)} named variables in ATOP {ev.version}"
        return judge_every(holds, measured, "variables the memo names")
    return judge


def atop_variables_readings() -> tuple[Reading, ...]:
    named = "; ".join(f"{what}: {', '.join(cols)} ({'alliance' if t == 'alliances' else 'member'} file)"
                      for what, t, cols in MEMO_VARIABLES)
    return (
        Reading("every-variable", "stated", f"the release has each variable the memo names: {named}",
                f"the memo's list, read with the codebook's variables ({codebook_quote('DEFCOADV').citation}; "
                f"{codebook_quote('BEGYR').citation}; {codebook_quote('MEMBER').citation}); universal",
                _variables("any-file"), label="every variable the memo names"),
        Reading("alliance-file", "alternative", "each of them in the alliance file alone (the members as its "
                "member list mem1, mem2, ...)", "'The spreadsheet then has a series of variables': the memo's figures "
                "use the alliance-level file", _variables("alliance-file"), label="every variable in the alliance file"),
    )


# --------------------------------------------------------------------------- "a supranational body"

def _organ_counts(ev: Evidence) -> str:
    need_column(ev, "alliances", "organ1")
    codes = ev.data.alliances["organ1"]
    parts = [f"{code}: {int(codes.eq(code).sum())}" for code in ORGAN1_CODES]
    return (f"organ1 in ATOP {ev.version}'s {len(codes)} alliances: " + ", ".join(parts)
            + f", not coded: {int(codes.isna().sum())}")


def _supranational(how: str):
    def judge(ev: Evidence) -> Finding:
        counts = _organ_counts(ev)
        if how == "codes":
            saying = [code for code, quote in ORGAN1_CODES.items() if SUPRANATIONAL in quote.text.lower()]
            return Finding(counts, "agree" if saying else "differ",
                           f"ORGAN1 code{'s' * (len(saying) != 1)} {', '.join(map(str, saying))} say supranational"
                           if saying else "no ORGAN1 code says supranational: its codes run from regular meetings of "
                           "governmental officials (1) to a stand-alone organization with a permanent bureaucracy (3), "
                           f"and its examples are intergovernmental (an interstate commission, the OAS; "
                           f"{ORGAN1_CODES[3].citation})")
        alliances = ev.data.alliances
        chosen = sorted(int(a) for a in alliances.loc[alliances["organ1"].eq(PERMANENT_BUREAUCRACY), "atopid"])
        measured = (f"{len(chosen)} alliances coded organ1 = {PERMANENT_BUREAUCRACY}"
                    + (f": {listed(naming.pacts(ev, chosen))}" if chosen else ""))
        return Finding(measured, "agree" if chosen else "differ",
                       f"ATOP {ev.version} records treaties that create a stand-alone organization with a permanent "
                       f"bureaucracy (organ1 = {PERMANENT_BUREAUCRACY})" if chosen
                       else f"ATOP {ev.version} codes no alliance organ1 = {PERMANENT_BUREAUCRACY}")
    return judge


def supranational_readings() -> tuple[Reading, ...]:
    return (
        Reading("organ1-codes", "stated", "one of ATOP's codes for the organizations a treaty creates (ORGAN1) is a "
                "supranational body", "the memo names the variable by what it records: "
                f"{codebook_quote('ORGAN1').citation}"
                "; its codes 0-3 are the codebook's words", _supranational("codes"), label="a code for a supranational body"),
        Reading("permanent-bureaucracy", "alternative", "'a supranational body' read as ORGAN1's stand-alone "
                f"organization with a permanent bureaucracy (code {PERMANENT_BUREAUCRACY}); measured: how many "
                "alliances, which", f"the most institutionalized body ATOP codes: {ORGAN1_CODES[3].citation}: "
                f"'{ORGAN1_CODES[3].text}'", _supranational("bureaucracy"), label="organizations with a permanent bureaucracy"),
    )


# --------------------------------------------------------------------------- who runs ATOP, its versions

def _founding(how: str):
    def judge(ev: Evidence) -> Finding:
        if how == "pi":
            ok = MEMO_PI in PI.text and MEMO_INSTITUTION in PI.text
            return Finding(f"{PI.citation}: '{PI.text}'; {SUPPORT.citation}: '{SUPPORT.text}'",
                           "agree" if ok else "differ",
                           "the codebook names Brett Ashley Leeds at Rice University" if ok
                           else "the codebook names another principal investigator or institution")
        if how == "start":
            versions = [QUOTES[k] for k in ("VERSION/5.0", "VERSION/4.0", "VERSION/codesheet")]
            raise NotAvailable("the codebook does not date the project's start or name a version 1.0; it says: "
                               + "; ".join(f"'{q.text}' ({q.citation})" for q in versions))
        version = _version(ev)
        if version[:1] < MEMO_VERSION[:1]:
            raise NotAvailable(f"ATOP {ev.version} predates version {'.'.join(map(str, MEMO_VERSION))}")
        if how == "latest":
            later = version > MEMO_VERSION
            return Finding(f"this release is ATOP {ev.version}", "differ" if later else "agree",
                           f"ATOP {ev.version} is later than {'.'.join(map(str, MEMO_VERSION))} (the memo's own "
                           "figures use ATOP 5.1)" if later else "no later release is at hand")
        ok = ev.data.coverage == MEMO_COVERAGE
        return Finding(f"ATOP {ev.version} covers {ev.data.coverage[0]}-{ev.data.coverage[1]}",
                       "agree" if ok else "differ", f"{'the same as' if ok else 'not'} the memo's "
                       f"{MEMO_COVERAGE[0]}-{MEMO_COVERAGE[1]}")
    return judge


def founding_readings() -> tuple[Reading, ...]:
    return (
        Reading("pi-institution", "alternative", "the codebook names Ashley Leeds at Rice University as the project's "
                "principal investigator", f"'founded and is currently managed by Ashley Leeds at Rice University': "
                f"{PI.citation} (its acknowledgments also name Florida State University)", _founding("pi"), label="the PI and institution the codebook names"),
        Reading("project-start", "alternative", "the codebook dates the project's start (2001) and its version 1.0",
                "'This project began in 2001 with version 1.0'", _founding("start"), label="the project's start in the codebook"),
    )
