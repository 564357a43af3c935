"""The exhibits of chapter 00: the release the collection runs on and the collection itself.

What a reader needs before the chapters: which ATOP release this is, the years it covers, its files
and their checksums, its size, the collection's one rule for an alliance in force, the provisions
the chapters count, what the memo says ATOP records (the two ATOPIDs it gives, ORGAN1's codes), and
the list of every chapter. Everything is read from the files, the codebook's labels
(:mod:`atoplib.data.variables`) and the collection's notebooks; nothing here judges the memo.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from .. import paths
from ..data.cow import state_labels
from ..data.variables import code_meaning, variable_meaning, with_meaning
from ..measures.provisions import provisions
from ..measures.trends import counts_by_year
from ..memo.claims import REGISTRY
from ..memo.treaties import NATO_ATOPID, SINO_RUSSIAN_ATOPID
from .exhibits import Exhibit

#: What each of a release's files holds (its kind as :class:`~atoplib.data.releases.Release` names it).
FILE_KINDS = {"a": "alliance level: one row per alliance (ATOPID)",
              "m": "member level: one row per alliance, member and phase",
              "aph": "alliance-phase level: one row per alliance and phase",
              "sy": "state-year level: one row per state and year"}
#: The provisions the chapters count, in the order chapter 00 lists them.
COUNTED = ("defense", "consult-only", "consult-nonagg", "consul", "nonagg")
#: The ATOPIDs the memo gives, with the treaty it names.
MEMO_ATOPIDS = {SINO_RUSSIAN_ATOPID: "the 2001 Sino-Russia Treaty", NATO_ATOPID: "the North Atlantic Treaty"}
#: The chapters' file names: ``NN-name.ipynb``.
CHAPTER = re.compile(r"^\d\d-.+\.ipynb$")


def state_names(ctx, ccodes) -> dict[int, str]:
    """COW names of the states ``ccodes`` when COW's state list can be had, else each code in words
    (the chapter still runs without the COW files)."""
    codes = [int(c) for c in pd.Series(list(ccodes), dtype="object").dropna()]
    states = ctx._cow("states", required=False)  # COW's state list if it can be had; the other COW files unread
    if states is None:
        return {c: f"COW code {c}" for c in codes}
    labels = state_labels(codes, states)
    return dict(zip(labels["ccode"].astype(int), labels["statenme"]))


# --------------------------------------------------------------------------- the release

def _summary(ctx) -> str:
    s = ctx.data.summary()
    checked = ("verified against the checksums pinned in data/registry.csv" if s["checksums_verified"]
               else "not verified (no checksums are pinned for this release, or verification is off)")
    return (f"ATOP {s['version']} ({s['format']} files) covers {s['coverage']}: {s['alliances']:,} alliances (one row "
            f"per ATOPID), {s['in_force_at_end']:,} of them still in force at the end of {ctx.data.last_year}; "
            f"{s['member_rows']:,} membership rows (alliance × member × phase) for {s['members']:,} distinct members. "
            f"The files' checksums are {checked}; the files are {s['consistency']}.")


def _files(ctx) -> pd.DataFrame:
    release = ctx.data.release
    return pd.DataFrame([{"file": path.name, "what it holds": FILE_KINDS.get(kind, kind),
                          "sha256": release.checksums.get(kind, "")}
                         for kind, path in sorted(release.files.items())])


def _in_force(ctx) -> str:
    counts = counts_by_year(ctx.data, "any", ctx.start_year, ctx.end_year).set_index("year")["count"]
    still = int(ctx.data.alliances["in_force_at_end"].sum())
    return (f"ATOP {ctx.version} covers {ctx.data.first_year}-{ctx.data.last_year}. Under this rule, the alliances "
            f"in force number {counts[ctx.start_year]:,} in {ctx.start_year} and {counts[ctx.end_year]:,} in "
            f"{ctx.end_year}; {still:,} are coded as still in force at the end of {ctx.data.last_year} (endyr = 0).")


def _provisions(ctx) -> pd.DataFrame:
    table = provisions().set_index("name").loc[list(COUNTED)].reset_index()
    return table.rename(columns={"name": "provision", "rule": "counted when", "label": "what it counts",
                                 "description": "what it means"})


# --------------------------------------------------------------------------- what ATOP records

def _memo_atopids(ctx) -> pd.DataFrame:
    alliances = ctx.data.alliances.set_index("atopid")
    members = ctx.data.members
    rows = []
    for atopid, named in MEMO_ATOPIDS.items():
        if atopid not in alliances.index:
            rows.append({"ATOPID": atopid, "the memo's name": named, "signed": pd.NA,
                         "members": f"no alliance {atopid} in ATOP {ctx.version}", "defense": "", "consul": ""})
            continue
        row = alliances.loc[atopid]
        codes = members.loc[members["atopid"].eq(atopid)].sort_values(["yrent", "member"])["member"].unique()
        names = state_names(ctx, codes)
        rows.append({"ATOPID": atopid, "the memo's name": named, "signed": int(row["begyr"]),
                     "members": ", ".join(names[int(c)] for c in codes),
                     "defense": with_meaning("defense", row["defense"]), "consul": with_meaning("consul", row["consul"])})
    return pd.DataFrame(rows).astype({"signed": "Int64"})


def _organ1(ctx) -> pd.DataFrame | None:
    if "organ1" not in ctx.data.alliances.columns:
        return None
    counted = ctx.data.alliances["organ1"].value_counts(dropna=False)
    rows = [{"organ1": "–" if pd.isna(code) else int(code), "what the codebook calls it": code_meaning("organ1", code),
             "alliances": int(n)} for code, n in sorted(counted.items(), key=lambda kv: (pd.isna(kv[0]), kv[0]))]
    return pd.DataFrame(rows, columns=["organ1", "what the codebook calls it", "alliances"])


# --------------------------------------------------------------------------- the collection

def _title(path) -> str:
    """A chapter's title: the first Markdown heading of its first cells (the notebook read as the
    JSON it is; nbformat's schema machinery costs every kernel a second)."""
    for cell in json.loads(Path(path).read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            match = re.search(r"^#\s+(.+)$", source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return path.stem


def _chapters(ctx) -> pd.DataFrame:
    """Every chapter of the collection, from its notebooks: its name, its title and the claims of
    the memo whose verdict it shows."""
    judged: dict[str, list[str]] = {}
    for claim in REGISTRY.values():
        if claim.chapter:
            judged.setdefault(claim.chapter.removesuffix(".ipynb"), []).append(claim.id)
    rows = [{"chapter": path.stem, "title": _title(path), "the memo's claims it judges": ", ".join(judged.get(path.stem, [])) or "–"}
            for path in sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb")) if CHAPTER.match(path.name)]
    return pd.DataFrame(rows, columns=["chapter", "title", "the memo's claims it judges"])


EXHIBITS = (
    Exhibit("release-summary", "text", "00-overview", "The release, its coverage and its size", _summary),
    Exhibit("release-files", "table", "00-overview", lambda ctx: f"The files of ATOP {ctx.version} and their sha256",
            _files, save=False),
    Exhibit("release-in-force", "text", "00-overview", "Alliances in force at the ends of the years shown", _in_force),
    Exhibit("counted-provisions", "table", "00-overview", "The provisions the chapters count", _provisions, save=False,
            note="Rules on the alliance-level codes (atoplib.measures.provisions); defense, consul and nonagg are "
                 "ATOP's variables: " + "; ".join(f"{v}: {variable_meaning(v)}" for v in ("defense", "consul", "nonagg"))),
    Exhibit("memo-atopids", "table", "00-overview", "The two ATOPIDs the memo gives, in this release", _memo_atopids,
            save=False, note="Members: every state ever a member, in order of entry (COW names)"),
    Exhibit("organ1-codes", "table", "00-overview",
            lambda ctx: f"The organizations ATOP {ctx.version}'s alliances create (organ1)", _organ1, save=False,
            note=lambda ctx: f"organ1: {variable_meaning('organ1')}; the codebook's labels (Appendix B)"
            if "organ1" in ctx.data.alliances.columns else f"ATOP {ctx.version} has no organ1 column"),
    Exhibit("chapters", "table", "00-overview", "The chapters of the collection", _chapters, save=False,
            note="Chapter 08 gathers every claim's verdict; chapter 07 compares two releases"),
)
