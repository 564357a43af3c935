"""The internal consistency every ATOP release holds, checked when a release is loaded (issue 13).

ATOP's alliance file summarises its member file. Checked on the two releases at hand with plain
pandas (ATOP 5.1: 789 alliances, 2,510 member rows; ATOP 4.01: 745 and 2,398), these rules hold
for every alliance, without exception:

=========  ===============================================================================  ========
rule       what holds                                                                       severity
=========  ===============================================================================  ========
spell      every member spell lies within its alliance's years: ``yrent >= begyr``;        refuse
           ``yrent <= endyr`` and ``yrexit <= endyr`` when the alliance ended; a member
           still in force (``yrexit`` 0) only in an alliance still in force (``endyr`` 0)
code       each alliance-level obligation code (``defense``, ``offense``, ``neutral``,       strict
           ``nonagg``, ``consul``) and ``asymm`` equals its maximum over the alliance's
           member rows (1 if any member takes it in any phase: codebook 1.x and 2.x)
begin      ``begyr`` equals the earliest member ``yrent``                                    strict
end        ``endyr`` equals the latest member ``yrexit``; ``endyr`` is 0 (still in force)   strict
           exactly when some member's ``yrexit`` is 0
roster     the alliance's member list (``mem1``, ``mem2``, …) names exactly the states of    warn
           its member rows
other      every other code the two files share (``active``, ``defcon``, ``milaid``, …,     warn
           :data:`OTHER_CODES`) equals its maximum over the member rows
=========  ===============================================================================  ========

The alliance and member files set the release's coverage (the first and last year of ``begyr``,
``endyr``, ``yrent``, ``yrexit``: 1815-2018 in 5.1, 1815-2016 in 4.01). The release's other files
that the collection reads must span exactly those years (rule ``coverage``, refused, also with
``ATOP_VERIFY=0``): ATOP's state-year file (``year``) and alliance-phase file (``begyr``,
``endyr``). A state-year file reaching past them (one row for 2025 added) would otherwise extend
the coverage and keep every alliance still in force counted in years ATOP never coded; one that
stops short is a file of another release.

Not a rule: ``term`` (26 of 745 alliances in 4.01 and 29 of 789 in 5.1 differ from the members'
maximum) and ``bilat`` (15 and 13 alliances with other than two states are coded bilateral).

Severities, and why:

* **refuse** (always, also with ``ATOP_VERIFY=0``): a member in its alliance in years when the
  alliance does not exist is impossible; every state-year and dyad-year built on it is wrong,
  and no intended edit produces it (move the alliance's dates with it).
* **strict**: the alliance file and the member file tell two stories, so counts from one and
  partner or state-year figures from the other disagree. Refused while verification is on (the
  only way an edited file of an *unpinned* release is caught); with ``ATOP_VERIFY=0`` (someone
  recoding on purpose) it is used, and each finding is returned as a warning naming the file,
  the ATOPID and the column, which the caller prints on stderr and records.
* **warn**: a code the collection never counts, or the member list (``mem1``…), which it never
  reads (it counts from the member rows, which the other rules check); reported, never refused.

:func:`consistency_findings` returns the findings as a tidy table; :func:`check_consistency`
raises the first refused one as a one-line :class:`~atoplib.errors.SchemaError` and returns the
rest as one-line messages. Both take the tables as read (file order, codes as integers; ATOP's 0
end codes either kept or turned into ``<NA>`` + ``in_force_at_end`` by the loader).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import SchemaError

#: Alliance codes equal to the maximum over the member rows, that the collection counts.
CORE_CODES = ("defense", "offense", "neutral", "nonagg", "consul", "asymm")
#: Other codes equal to that maximum in 4.01 and 5.1 (warned about, never refused).
OTHER_CODES = (
    "ineffect", "maxphase", "wartime", "estmode", "pubsecr", "secrart", "proadd", "futmem",
    "speclgth", "length", "renounce", "proren", "renewlgt", "active", "conditio", "defcon", "offcon",
    "neucon", "concon", "notaiden", "dipaid", "terrres", "seppeace", "thirdcom", "noothall",
    "specthrt", "statthr1", "statthr2", "conwtin", "medarb", "milcon", "milaid", "intcom", "subord",
    "organ1", "orgpurp1", "organ2", "orgpurp2", "base", "contrib", "armred", "acqterr", "divgains",
    "demwith", "reflnun", "refothio", "natrefal", "compag", "nomicoop", "conres", "agprois",
    "conmen", "ecaid", "interv",
)
RULES = ("spell", "coverage", "code", "begin", "end", "roster", "other")
SEVERITY = {"spell": "refuse", "coverage": "refuse", "code": "strict", "begin": "strict", "end": "strict",
            "roster": "warn", "other": "warn"}
#: ``file``: the file a ``coverage`` finding is about (None for the others, which are about the
#: alliance and member files); its ``row`` is that file's data row.
FINDING_COLUMNS = ("rule", "severity", "atopid", "member", "row", "column", "alliance_value", "member_value", "file")
#: What each of the other files is called in a message.
OTHER_FILES = {"sy": "state-year file", "aph": "alliance-phase file"}
_MEMBER_LIST = re.compile(r"^mem\d+$")
_KEY = 1_000_000  # atopid * _KEY + state code: one integer per (alliance, state) pair

RESTORE = "restore the official file"
OVERRIDE = "or set ATOP_VERIFY=0 only if the edit is intended"


def _years(frame: pd.DataFrame, column: str, flag: str = "in_force_at_end") -> tuple[np.ndarray, np.ndarray]:
    """(years as int64 with 0 for 'still in force', open flag) whatever the loader did to 0 codes."""
    values = frame[column].to_numpy(dtype="float64", na_value=np.nan)
    open_ = np.isnan(values) | (values == 0)
    if flag and flag in frame.columns:
        open_ = frame[flag].to_numpy(dtype=bool)
    return np.where(open_ | np.isnan(values), 0, values).astype("int64"), open_


def _group_max(members: pd.DataFrame, columns: list[str], order: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Maximum of each column over each alliance's member rows (NaN only if all blank)."""
    block = members[columns].to_numpy(dtype="float64", na_value=np.nan)[order]
    with np.errstate(invalid="ignore"):
        return np.fmax.reduceat(block, starts, axis=0)


def _finding(rule, atopid, member=None, row=None, column="", alliance_value=None, member_value=None, file=None) -> dict:
    return {"rule": rule, "severity": SEVERITY[rule], "atopid": atopid, "member": member, "row": row,
            "column": column, "alliance_value": alliance_value, "member_value": member_value, "file": file}


def _num(value):
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else int(value)


def coverage_of(alliances: pd.DataFrame, members: pd.DataFrame) -> tuple[int, int]:
    """The first and last year the alliance and member files name (``begyr``, ``endyr``, ``yrent``,
    ``yrexit``; 0 = still in force is not a year): the release's coverage."""
    years = [_years(alliances, "begyr", flag="")[0], _years(members, "yrent", flag="")[0]]
    for frame, column in ((alliances, "endyr"), (members, "yrexit")):
        values, open_ = _years(frame, column)
        years.append(values[~open_ & (values > 0)])
    every = np.concatenate(years)
    every = every[every > 0]
    return int(every.min()), int(every.max())


def coverage_findings(coverage: tuple[int, int], others: dict[str, tuple[Path, pd.DataFrame]]) -> list[dict]:
    """Rule ``coverage``: each other file (``{kind: (path, frame of its year columns)}``, rows in
    file order) spans exactly ``coverage``. One finding per row outside it (``column``: ``past`` or
    ``before``), or one for a file that stops short at either end (``short-end``, ``short-start``,
    ``row``: the row holding its last or first year)."""
    first, last = coverage
    found: list[dict] = []
    for kind, (path, frame) in others.items():
        block = frame.to_numpy(dtype="float64", na_value=np.nan)
        block = np.where(block == 0, np.nan, block)  # 0: still in force (aph endyr)
        if block.size == 0 or np.isnan(block).all():
            continue
        with np.errstate(invalid="ignore"):
            top, bottom = np.nanmax(block, axis=1), np.nanmin(block, axis=1)
        for what, bad, value, bound in (("past", top > last, top, last), ("before", bottom < first, bottom, first)):
            for i in np.flatnonzero(bad):
                found.append(_finding("coverage", None, row=int(i) + 1, column=what, alliance_value=bound,
                                      member_value=int(value[i]), file=str(path)))
        if any(f["file"] == str(path) for f in found):
            continue
        end, start = int(np.nanmax(top)), int(np.nanmin(bottom))
        if end < last:
            found.append(_finding("coverage", None, row=int(np.nanargmax(top)) + 1, column="short-end",
                                  alliance_value=last, member_value=end, file=str(path)))
        if start > first:
            found.append(_finding("coverage", None, row=int(np.nanargmin(bottom)) + 1, column="short-start",
                                  alliance_value=first, member_value=start, file=str(path)))
    return found


def consistency_findings(alliances: pd.DataFrame, members: pd.DataFrame,
                         others: dict[str, tuple[Path, pd.DataFrame]] | None = None) -> pd.DataFrame:
    """Every breach of the rules above, one row each: ``rule, severity, atopid, member, row,
    column, alliance_value, member_value, file`` (``row``: the member file's data row, 1-based, for
    spell findings, the other file's for coverage findings; values as ints, ``None`` where blank).
    ``others``: the release's other files to hold to the coverage (``{kind: (path, year columns)}``,
    e.g. ``{"sy": (path, frame[["year"]])}``). Empty for every official release."""
    found: list[dict] = []
    if others:
        found += coverage_findings(coverage_of(alliances, members), others)
    a_ids = alliances["atopid"].to_numpy(dtype="int64")
    m_ids = members["atopid"].to_numpy(dtype="int64")
    a_pos = pd.Index(a_ids).get_indexer(m_ids)  # orphans (-1) are the loader's error, skipped here
    known = a_pos >= 0
    begyr, _ = _years(alliances, "begyr")
    endyr, a_open = _years(alliances, "endyr")
    yrent, _ = _years(members, "yrent")
    yrexit, m_open = _years(members, "yrexit")
    rows = np.asarray(members.index, dtype="int64") + 1 if pd.api.types.is_integer_dtype(members.index) else np.arange(1, len(members) + 1)
    member_codes = members["member"].to_numpy(dtype="float64", na_value=np.nan)

    # spell: member years inside the alliance's years
    pos = np.where(known, a_pos, 0)
    a_beg, a_end, a_op = begyr[pos], endyr[pos], a_open[pos]
    checks = (  # (what is wrong, rows at fault, the member's year, the alliance's year)
        ("yrent<begyr", known & (yrent < a_beg), yrent, a_beg),
        ("yrent>endyr", known & ~a_op & (yrent > a_end), yrent, a_end),
        ("yrexit>endyr", known & ~a_op & ~m_open & (yrexit > a_end), yrexit, a_end),
        ("yrexit 0", known & ~a_op & m_open, yrexit, a_end),
    )
    for what, bad, mine, theirs in checks:
        for i in np.flatnonzero(bad):
            found.append(_finding("spell", int(m_ids[i]), _num(member_codes[i]), int(rows[i]), what,
                                  int(theirs[i]), int(mine[i])))

    # per-alliance summaries: sort member rows by alliance once, reduce each block
    order = np.argsort(np.where(known, a_pos, len(a_ids)), kind="stable")
    order = order[known[order]]
    if len(order):
        grouped = a_pos[order]
        starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
        which = grouped[starts]  # alliance positions that have member rows

        codes = [c for c in CORE_CODES + OTHER_CODES if c in alliances.columns and c in members.columns]
        if codes:
            top = _group_max(members, codes, order, starts)
            mine = alliances[codes].to_numpy(dtype="float64", na_value=np.nan)[which]
            differ = ~((mine == top) | (np.isnan(mine) & np.isnan(top)))
            for r, c in zip(*np.nonzero(differ)):
                rule = "code" if codes[c] in CORE_CODES else "other"
                found.append(_finding(rule, int(a_ids[which[r]]), column=codes[c],
                                      alliance_value=_num(mine[r, c]), member_value=_num(top[r, c])))

        first_entry = np.minimum.reduceat(yrent[order], starts)
        for k in np.flatnonzero(begyr[which] != first_entry):
            found.append(_finding("begin", int(a_ids[which[k]]), column="begyr",
                                  alliance_value=int(begyr[which[k]]), member_value=int(first_entry[k])))

        any_open = np.maximum.reduceat(m_open[order].astype("int64"), starts).astype(bool)
        last_exit = np.maximum.reduceat(np.where(m_open, 0, yrexit)[order], starts)
        alliance_open = a_open[which]
        bad_end = (alliance_open != any_open) | (~alliance_open & (endyr[which] != last_exit))
        for k in np.flatnonzero(bad_end):
            found.append(_finding("end", int(a_ids[which[k]]), column="endyr",
                                  alliance_value=0 if alliance_open[k] else int(endyr[which[k]]),
                                  member_value=0 if any_open[k] else int(last_exit[k])))

        listed = [c for c in alliances.columns if _MEMBER_LIST.match(str(c))]
        if listed:  # (atopid, state) pairs named by the member list vs. those of the member rows
            roster = alliances[listed].to_numpy(dtype="float64", na_value=np.nan)
            named_ids = np.repeat(a_ids, len(listed))[~np.isnan(roster.ravel())]
            named = np.unique(named_ids * _KEY + roster.ravel()[~np.isnan(roster.ravel())].astype("int64"))
            rowed = member_codes[known]
            present = np.unique(m_ids[known][~np.isnan(rowed)] * _KEY + rowed[~np.isnan(rowed)].astype("int64"))
            odd = np.setxor1d(named, present)
            for atopid in np.unique(odd // _KEY):
                state = int(odd[odd // _KEY == atopid][0] % _KEY)
                found.append(_finding("roster", int(atopid), member=state, column="mem",
                                      alliance_value=int(np.sum(named // _KEY == atopid)),
                                      member_value=int(np.sum(present // _KEY == atopid))))

    # alliances without any member row: their own finding under 'roster'
    for k in np.flatnonzero(~np.isin(np.arange(len(a_ids)), a_pos[known])):
        found.append(_finding("roster", int(a_ids[k]), column="mem", alliance_value=None, member_value=0))
    frame = pd.DataFrame(found, columns=list(FINDING_COLUMNS))
    for column in ("atopid", "member", "row", "alliance_value", "member_value"):
        frame[column] = frame[column].astype("Int64")
    if len(frame):
        frame["_rule"] = frame["rule"].map({r: i for i, r in enumerate(RULES)})
        frame = frame.sort_values(["_rule", "atopid", "row"], kind="stable", na_position="first").drop(columns="_rule")
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------- messages

def _more(count: int, what: str) -> str:
    return f" (and {count - 1} more {what})" if count > 1 else ""


def _spell_message(row: pd.Series, count: int, a_path: Path, m_path: Path) -> str:
    year, bound, alliance = row["member_value"], row["alliance_value"], a_path.name
    what = {
        "yrent<begyr": f"yrent {year}, before its alliance began (begyr {bound} in {alliance})",
        "yrent>endyr": f"yrent {year}, after its alliance ended (endyr {bound} in {alliance})",
        "yrexit>endyr": f"yrexit {year}, after its alliance ended (endyr {bound} in {alliance})",
        "yrexit 0": f"yrexit 0 (still in force), but its alliance ended in {bound} (endyr in {alliance})",
    }[row["column"]]
    return (f"{m_path}: data row {row['row']} (ATOPID {row['atopid']}, member {row['member']}) has {what}"
            f"{_more(count, 'member rows')}; a member spell must lie within its alliance's years: fix the "
            f"dates (move the alliance's begyr/endyr with them) or {RESTORE}")


def _coverage_message(row: pd.Series, count: int, a_path: Path, m_path: Path) -> str:
    path, what, year, bound = Path(row["file"]), row["column"], row["member_value"], row["alliance_value"]
    kind = next((name for k, name in OTHER_FILES.items() if path.stem.lower().endswith(k)), "file")
    first, last = (bound, None) if what in ("before", "short-start") else (None, bound)
    told = {
        "past": f"data row {row['row']} has year {year}, past the last year {last} of",
        "before": f"data row {row['row']} has year {year}, before the first year {first} of",
        "short-end": f"its years stop at {year} (data row {row['row']}), short of the last year {last} of",
        "short-start": f"its years begin at {year} (data row {row['row']}), after the first year {first} of",
    }[what]
    more = _more(count, "rows") if what in ("past", "before") else ""
    return (f"{path}: {told} the alliance and member files ({a_path.name}, {m_path.name}){more}; the {kind} must "
            f"span the years they cover, so these files are not one release: put the {kind} of the same "
            f"release beside them, or remove it")


def _summary_message(rule: str, row: pd.Series, count: int, a_path: Path, m_path: Path) -> str:
    atopid, mine, theirs = row["atopid"], row["alliance_value"], row["member_value"]
    if rule in ("code", "other"):
        column = row["column"]
        show = lambda v: "blank" if v is None or pd.isna(v) else v  # noqa: E731
        return (f"{a_path}: ATOPID {atopid} has {column} {show(mine)}, but the maximum over its member rows in "
                f"{m_path.name} is {show(theirs)}{_more(count, 'alliances differ in ' + column)}; in every ATOP "
                f"release the alliance code is the maximum over its members")
    if rule == "begin":
        return (f"{a_path}: ATOPID {atopid} has begyr {mine}, but its earliest member entry (yrent) in "
                f"{m_path.name} is {theirs}{_more(count, 'alliances')}; in every ATOP release begyr is the "
                f"earliest yrent")
    if rule == "end":
        if mine == 0:
            told = f"is still in force (endyr 0), but every member row in {m_path.name} has left (last yrexit {theirs})"
        elif theirs == 0:
            told = f"has endyr {mine}, but a member row in {m_path.name} is still in force (yrexit 0)"
        else:
            told = f"has endyr {mine}, but its last member exit (yrexit) in {m_path.name} is {theirs}"
        return (f"{a_path}: ATOPID {atopid} {told}{_more(count, 'alliances')}; in every ATOP release endyr is "
                f"the latest yrexit (0 while a member is still in force)")
    if mine is None or pd.isna(mine):
        return (f"{a_path}: ATOPID {atopid} has no member rows in {m_path.name}{_more(count, 'alliances')}; "
                f"every ATOP alliance has its members in the member file")
    return (f"{a_path}: ATOPID {atopid} lists {mine} members (mem1, mem2, …) but {m_path.name} has rows for "
            f"{theirs} (state {row['member']} differs){_more(count, 'alliances')}; the member list and the "
            f"member rows name the same states in every ATOP release")


def finding_messages(findings: pd.DataFrame, path_a, path_m, strict: bool = True) -> list[tuple[str, str]]:
    """``[(severity, one-line message)]``: one per rule (and per column for codes), first case
    named, the count of the others given; the advice depends on whether the finding is refused."""
    a_path, m_path = Path(path_a), Path(path_m)
    out = []
    if findings.empty:
        return out
    keys = findings["rule"] + ":" + np.where(findings["rule"].isin(["code", "other", "coverage"]), findings["column"], "")
    keys = keys + ":" + findings["file"].fillna("").astype(str)
    for key in dict.fromkeys(keys):
        group = findings[keys == key]
        row, count, rule = group.iloc[0], len(group), group.iloc[0]["rule"]
        if rule == "spell":
            out.append(("refuse", _spell_message(row, count, a_path, m_path)))
            continue
        if rule == "coverage":
            out.append(("refuse", _coverage_message(row, count, a_path, m_path)))
            continue
        text = _summary_message(rule, row, count, a_path, m_path)
        if rule == "other":
            out.append(("warn", f"{text}; the collection does not count {row['column']}: {RESTORE} if it was edited"))
        elif rule == "roster":
            out.append(("warn", f"{text}; the collection reads the member rows, not the list: {RESTORE} if it was edited"))
        elif strict:
            out.append(("refuse", f"{text}: {RESTORE}, {OVERRIDE}"))
        else:
            out.append(("warn", f"{text}; used as it is because ATOP_VERIFY=0 (counts follow {a_path.name}, "
                                f"partners and state-years {m_path.name}): {RESTORE} unless the edit is intended"))
    return out


def check_consistency(alliances: pd.DataFrame, members: pd.DataFrame, path_a, path_m, strict: bool = True,
                      findings: pd.DataFrame | None = None,
                      others: dict[str, tuple[Path, pd.DataFrame]] | None = None) -> list[str]:
    """Check the rules of this module; raise the first refused finding as a one-line
    :class:`SchemaError`, return the others as one-line warning messages (``[]``: consistent).

    ``strict`` is True while checksum verification is on; with ``ATOP_VERIFY=0`` (``strict=False``)
    the alliance-summary rules warn instead of refusing. Spell findings are refused either way.
    """
    if findings is None:
        findings = consistency_findings(alliances, members, others)
    messages = finding_messages(findings, path_a, path_m, strict)
    for severity, text in messages:
        if severity == "refuse":
            raise SchemaError(text)
    return [text for _, text in messages]


def consistency_summary(findings: pd.DataFrame, alliances: int, member_rows: int) -> str:
    """One sentence for ``atopnb info``, a notebook's header and the manifest."""
    if findings.empty:
        return (f"consistent: every alliance code is the maximum over its members, begyr/endyr match the "
                f"member spells and every spell lies within its alliance ({alliances:,} alliances, "
                f"{member_rows:,} member rows)")
    counts = findings.groupby("rule", sort=False).size()
    parts = ", ".join(f"{n} {rule}" for rule, n in counts.items())
    return f"NOT consistent: {len(findings)} finding(s) ({parts}); see the warnings"
