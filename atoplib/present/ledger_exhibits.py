"""The exhibits of chapter 08: the claims ledger of the release, as the report's two files, counted,
and beside the ledger of a base release.

* ``reproduction`` and ``reproduction-readings`` save the ledger's two files in the output folder
  (:func:`atoplib.memo.reproduction.tables`: one row per claim, one row per claim and reading) and
  show them counted: the claims by status, the readings by class and status.
* ``claims-across-releases`` sets every claim's status on this release beside its status on the
  base release (``base_version``; its folder from the settings' ``base_data_dir``), with one
  sentence saying which claims change (``across-releases``).
* ``claims-not-judged`` says in one line which claims are left not judged because a COW file is
  missing (or that none is).

Every status here is the ledger's (:mod:`atoplib.memo.ledger`); nothing here decides one.
"""

from __future__ import annotations

import pandas as pd

from ..memo import reproduction
from ..memo.evidence import COW_TABLES
from ..memo.claims import REGISTRY
from ..memo.ledger import not_judged
from ..memo.rules import listed
from ..memo.types import CLASSES
from .exhibits import Exhibit
from .verdict_view import CLASS_LABELS, QUESTION_LABEL, STATUS_LABELS

#: The statuses in the order a reader meets them.
STATUSES = tuple(STATUS_LABELS)


def _label(claim_id: str, status: str) -> str:
    """A claim's status as the verdicts show it: the memo's question has none ("The memo asks")."""
    claim = REGISTRY.get(claim_id)
    return QUESTION_LABEL if claim is not None and claim.kind == "question" else STATUS_LABELS[status]


def _tables(ctx) -> dict[str, pd.DataFrame]:
    return ctx.cached("ledger:tables", lambda: reproduction.tables(ctx.evidence))


def _claims(ctx) -> pd.DataFrame:
    return _tables(ctx)[reproduction.FILE_NAME]


def _readings(ctx) -> pd.DataFrame:
    return _tables(ctx)[reproduction.READINGS_FILE_NAME]


def _status_counts(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    labels = pd.Series([_label(c, s) for c, s in zip(frame["claim_id"], frame["status"])], dtype="object")
    counts = labels.value_counts()
    order = [*STATUS_LABELS.values(), QUESTION_LABEL]
    return pd.DataFrame([{"status": label, "claims": int(counts[label])} for label in order if label in counts])


def _reading_counts(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    table = frame.groupby(["class", "status"]).size().unstack(fill_value=0)
    rows = [c for c in (*CLASSES, "—") if c in table.index]
    columns = [s for s in STATUSES if s in table.columns]
    table = table.loc[rows, columns].rename(index={**CLASS_LABELS, "—": "no reading (not testable)"},
                                            columns=STATUS_LABELS)
    return table.rename_axis(index="class of reading", columns=None).reset_index()


# --------------------------------------------------------------------------- beside the base release

def _base(ctx):
    return ctx.cached("ledger:base", lambda: reproduction.base_release(
        ctx.option("base_version"), None, new=ctx.data))


def _across(ctx) -> tuple[pd.DataFrame, str]:
    return ctx.cached("ledger:across", lambda: reproduction.across_releases(ctx.evidence, _base(ctx)))


def _across_view(ctx, frame: pd.DataFrame) -> pd.DataFrame:
    releases = [c for c in frame.columns if c.startswith("ATOP ")]
    shown = pd.DataFrame({"claim": frame["claim_id"], "where in the memo": frame["location"]})
    for release in releases:
        shown[release] = [_label(c, s) for c, s in zip(frame["claim_id"], frame[release])]
    return shown


def _across_title(ctx) -> str:
    base = _base(ctx)
    if base is None or base.version == ctx.version:
        return f"Every claim's status on ATOP {ctx.version}"
    return f"Every claim's status on ATOP {ctx.version} and on ATOP {base.version}"


def _not_judged(ctx) -> str:
    evidence = ctx.evidence
    left = not_judged(evidence)
    if not left:
        if evidence.missing:
            return (f"{listed([COW_TABLES[m] for m in evidence.missing])} could not be had, but no claim's stated "
                    f"reading needs {'it' if len(evidence.missing) == 1 else 'them'}: every claim is judged.")
        return "Every COW file the ledger reads was found: no claim is left not judged for a missing input."
    return (f"Not judged because {listed([COW_TABLES[m] for m in evidence.missing])} "
            f"{'is' if len(evidence.missing) == 1 else 'are'} missing: {listed(left, limit=len(left))}.")


EXHIBITS = (
    Exhibit("reproduction", "table", "08-reproduction-report", "The claims ledger: the claims by status", _claims,
            view=_status_counts, folder="report",
            note=f"One row per claim in reproduction.csv (report folder): {', '.join(reproduction.COLUMNS)}"),
    Exhibit("reproduction-readings", "table", "08-reproduction-report",
            "The readings: each claim read under the memo's rule, alternatives and stress tests", _readings,
            view=_reading_counts, folder="report",
            note=f"One row per claim and reading in reproduction-readings.csv (report folder): "
                 f"{', '.join(reproduction.READING_COLUMNS)}; only the memo's rule decides a claim's status"),
    Exhibit("claims-not-judged", "text", "08-reproduction-report", "The claims left not judged for a missing input",
            _not_judged),
    Exhibit("across-releases", "text", "08-reproduction-report", "Which claims change status between the releases",
            lambda ctx: _across(ctx)[1]),
    Exhibit("claims-across-releases", "table", "08-reproduction-report", _across_title, lambda ctx: _across(ctx)[0],
            view=_across_view, save=False),
)
