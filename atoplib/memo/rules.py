"""The written rules every claim is judged by: the quantifier rule, the periods the memo's words
name, its approximate numbers and magnitudes, and how a claim's status follows from its readings.

They were fixed before any result was computed and apply alike where the data agree with the memo
and where they do not. :data:`RULE_TEXT` states them in words (the README's methods section and
``docs/ledger.md`` print it); the ``judge_*`` functions apply them, so a judge never decides a
status itself.

**Quantifiers**

1. *Universal* -- "every", "each", "all", "always", "only", "none", "never", "unique",
   "persistent", a definition ("i.e."): **agree** when no case is an exception; **partly** when
   the exceptions are at most one case in ten (:data:`TOLERANCE`); **differ** otherwise.
2. *Majority* -- "most", "mostly", "largely", "by and large", and generic statements without a
   quantifier ("U.S. alliances are marked by ..."): **agree** when more than half of the cases
   hold (:data:`MAJORITY`), **differ** otherwise.
3. *Plurality* -- "the most common", "the most": **agree** when strictly first, **partly** when
   tied for first, **differ** otherwise.
4. *Few* -- "not at scale", "few": **agree** when at most one case in ten (:data:`TOLERANCE`) is
   affected, **differ** otherwise.
5. *Approximate numbers* -- "just under N": at least 0.9 N and below N; "nearly N": at least
   0.9 N and at most N (:data:`APPROXIMATE`). A level "holding steady" over years is the band in
   every year (rule 1 over the years).
6. *Magnitudes* -- "grew"/"declined": above/below the baseline; "surged": at least doubled
   (:data:`SURGE`); "largely" (of a fall): by more than half; "several": three or more
   (:data:`SEVERAL`).

Every finding names its exceptions and their share.

**Periods** -- the Cold War is 1946-1991 (:data:`COLD_WAR`); "after" or "since the end of the Cold
War" is 1992 onward, against 1991, the Cold War's last year; "since World War II" is 1946 onward;
"the 1970s and 1980s" are 1970-1989; "today" and "has become" are the release's last year.

**A claim's status** comes from its stated readings: all agree -> agree; all differ -> differ; any
other mix -> partly; a stated reading the release cannot test (an input missing, a file it lacks)
-> n/a, never a status judged on the rest. Alternatives report robustness and stress
readings sensitivity; neither moves the status. A claim no data can test is ``not testable``; its
alternative readings say what the data can show.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from ..measures.trends import COLD_WAR
from .types import TESTED, Finding

#: Universal claims: exceptions up to this share of the cases make a claim ``partly`` true; the
#: same share bounds "few" / "not at scale".
TOLERANCE = 0.10
#: Majority claims: more than this share of the cases.
MAJORITY = 0.5
#: "just under N" / "nearly N": at least this fraction of N.
APPROXIMATE = 0.9
#: "surged": at least this multiple of the baseline.
SURGE = 2.0
#: "largely" (of a fall): the share falls below this fraction of its former value.
LARGELY = 0.5
#: "several": at least this many (more than two).
SEVERAL = 3
#: The years the memo's words name.
AFTER_COLD_WAR = COLD_WAR[1] + 1
SINCE_WWII = 1946
PEAK_DECADES = (1970, 1989)
#: How many exceptions a finding names before it says "and N more".
NAMED = 6

__all__ = [
    "AFTER_COLD_WAR", "APPROXIMATE", "COLD_WAR", "LARGELY", "MAJORITY", "PEAK_DECADES", "RULE_TEXT",
    "SEVERAL", "SINCE_WWII", "SURGE", "TOLERANCE", "claim_status", "judge_band", "judge_change", "judge_every",
    "judge_few", "judge_first", "judge_most", "just_under", "listed", "nearly", "pct", "years_text",
]

RULE_TEXT = (
    ("Universal words", "every, each, all, always, only, none, never, unique, persistent, a definition (i.e.)",
     f"agree when no case is an exception; partly when the exceptions are at most one case in ten "
     f"({TOLERANCE:.0%}); differ otherwise"),
    ("Majority words", "most, mostly, largely, by and large, and generic statements without a quantifier",
     f"agree when more than half of the cases hold; differ otherwise"),
    ("Plurality words", "the most common, the most", "agree when strictly first; partly when tied for first; "
     "differ otherwise"),
    ("Few", "not at scale, few", f"agree when at most one case in ten ({TOLERANCE:.0%}) is affected; differ otherwise"),
    ("Approximate numbers", "just under N, nearly N",
     f"just under N: at least {APPROXIMATE:g} N and below N; nearly N: at least {APPROXIMATE:g} N and at most N; "
     "a level holding steady: the band in every year (universal over the years)"),
    ("Magnitudes", "grew, declined, surged, largely (of a fall), several",
     f"above/below the baseline; surged: at least {SURGE:g} times the baseline; largely: by more than half; "
     f"several: {SEVERAL} or more"),
    ("Periods", "Cold War, after the Cold War, since World War II, the 1970s and 1980s, today",
     f"Cold War {COLD_WAR[0]}-{COLD_WAR[1]}; after it {AFTER_COLD_WAR} onward, against {COLD_WAR[1]}; since "
     f"World War II {SINCE_WWII} onward; the 1970s and 1980s {PEAK_DECADES[0]}-{PEAK_DECADES[1]}; today: the "
     "release's last year"),
    ("A claim's status", "from its stated readings",
     "all agree: agree; all differ: differ; any other mix: partly; a stated reading this release cannot "
     "test: n/a; alternatives and stress readings never move it"),
)


# --------------------------------------------------------------------------- words

def pct(value: float, decimals: int = 1) -> str:
    """A share as a percentage for a reader (``0.147`` -> ``14.7%``); a missing share is ``n/a``."""
    try:
        if value != value:  # NaN
            return "n/a"
    except TypeError:
        return "n/a"
    return f"{100 * value:.{decimals}f}%"


def years_text(years: Iterable[int]) -> str:
    """[1967, 1977, 1981] -> "1967, 1977 and 1981"; runs of consecutive years as "1910-1915"."""
    runs: list[list[int]] = []
    for year in sorted(int(y) for y in years):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    parts = [f"{a}" if a == b else f"{a}-{b}" for a, b in runs]
    if not parts:
        return "none"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def listed(items: Sequence[str], limit: int = NAMED) -> str:
    """Up to ``limit`` items in words, then "and N more"."""
    items = [str(i) for i in items]
    if not items:
        return "none"
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _exceptions_text(exceptions: Sequence, years: bool) -> str:
    return years_text(exceptions) if years else listed([str(e) for e in exceptions])


# --------------------------------------------------------------------------- the quantifier rule

def judge_every(holds: Mapping, measured: str, cases: str, years: bool = False) -> Finding:
    """Rule 1 (universal): ``holds`` maps each case (a year, a state, a pact) to whether it holds."""
    total = len(holds)
    if total == 0:
        return Finding(measured, "n/a", f"no {cases} to judge")
    failed = [case for case, ok in holds.items() if not ok]
    share = len(failed) / total
    if not failed:
        return Finding(measured, "agree", f"holds in all {total} {cases}")
    status = "partly" if share <= TOLERANCE else "differ"
    named = _exceptions_text(failed, years)
    return Finding(measured, status, f"{len(failed)} of {total} {cases} ({pct(share)}) are exceptions: {named}",
                   tuple(str(c) for c in failed))


def judge_most(holding: int, total: int, measured: str, cases: str, exceptions: Sequence = (),
               years: bool = False) -> Finding:
    """Rule 2 (majority): ``holding`` of ``total`` cases hold; ``exceptions`` names the others."""
    if total == 0:
        return Finding(measured, "n/a", f"no {cases} to judge")
    share = holding / total
    status = "agree" if share > MAJORITY else "differ"
    reason = f"{holding} of {total} {cases} ({pct(share)}) hold, {'more' if status == 'agree' else 'not more'} than half"
    if exceptions:
        reason += f"; the others: {_exceptions_text(list(exceptions), years)}"
    return Finding(measured, status, reason, tuple(str(e) for e in exceptions))


def judge_first(values: Mapping[str, float], subject: str, measured: str, what: str) -> Finding:
    """Rule 3 (plurality): is ``subject`` strictly first among ``values`` (higher is first)?"""
    if subject not in values or not values:
        return Finding(measured, "n/a", f"{subject} has no {what}")
    top = max(values.values())
    leaders = [name for name, v in values.items() if v == top]
    mine = values[subject]
    ahead = [name for name, v in sorted(values.items(), key=lambda kv: -kv[1]) if v > mine]
    if mine == top and len(leaders) == 1:
        return Finding(measured, "agree", f"{subject} is first in {what}")
    if mine == top:
        others = [n for n in leaders if n != subject]
        return Finding(measured, "partly", f"{subject} is tied for first in {what} with {listed(others)}",
                       tuple(others))
    return Finding(measured, "differ", f"{subject} is not first in {what}: {listed(ahead)} ahead", tuple(ahead))


def judge_few(affected: int, total: int, measured: str, cases: str) -> Finding:
    """Rule 4 (few / "not at scale"): at most :data:`TOLERANCE` of the cases affected."""
    if total == 0:
        return Finding(measured, "n/a", f"no {cases} to judge")
    share = affected / total
    status = "agree" if share <= TOLERANCE else "differ"
    return Finding(measured, status, f"{affected} of {total} {cases} ({pct(share)}), "
                   f"{'within' if status == 'agree' else 'above'} one in ten")


def just_under(n: float) -> tuple[float, float, bool]:
    """Rule 5: "just under ``n``" as (low, high, high included)."""
    return APPROXIMATE * n, n, False


def nearly(n: float) -> tuple[float, float, bool]:
    """Rule 5: "nearly ``n``" as (low, high, high included)."""
    return APPROXIMATE * n, n, True


def band_text(band: tuple[float, float, bool]) -> str:
    low, high, closed = band
    return f"{low:g} to {high:g}" if closed else f"{low:g} to below {high:g}"


def in_band(value: float, band: tuple[float, float, bool]) -> bool:
    low, high, closed = band
    return low <= value <= high if closed else low <= value < high


def judge_band(values: Mapping, band: tuple[float, float, bool], measured: str, cases: str,
               years: bool = True) -> Finding:
    """Rule 5 over several cases (a level holding steady): the band in every case (rule 1)."""
    holds = {case: in_band(float(v), band) for case, v in values.items()}
    found = judge_every(holds, measured, cases, years)
    return Finding(found.measured, found.status, f"band {band_text(band)}: {found.reason}", found.exceptions)


def judge_change(before: float, after: float, measured: str, direction: str, factor: float | None = None) -> Finding:
    """Rule 6: ``direction`` "up" or "down" from ``before`` to ``after``; with ``factor``, "up" must
    reach ``factor`` x ``before`` (a surge)."""
    if direction == "down":
        ok = after < before
        return Finding(measured, "agree" if ok else "differ", "lower than the baseline" if ok
                       else "not lower than the baseline")
    need = before * factor if factor else before
    ok = after > before and (factor is None or after >= need)
    if factor:
        times = f"{after / before:.2f} times" if before else "from zero"
        return Finding(measured, "agree" if ok else "differ",
                       f"{times} the baseline, {'at least' if ok else 'less than'} {factor:g} times")
    return Finding(measured, "agree" if ok else "differ", "higher than the baseline" if ok
                   else "not higher than the baseline")


# --------------------------------------------------------------------------- a claim's status

def claim_status(stated: Sequence[Finding], testable: bool = True) -> str:
    """The status of a claim from the findings of its stated readings (rule in the module text)."""
    if not testable:
        return "not testable"
    tested = [f.status for f in stated if f.status in TESTED]
    if not stated or len(tested) < len(stated):
        return "n/a"
    if all(s == "agree" for s in tested):
        return "agree"
    if all(s == "differ" for s in tested):
        return "differ"
    return "partly"
