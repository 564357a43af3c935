"""How figures are drawn and saved: one house style (seaborn on matplotlib), PNG + byte-stable
SVG + the plotted data as CSV, each written atomically (a failed save never leaves half a file
over a good one).

SVG is byte-stable because ``svg.hashsalt`` is fixed and the ``Date`` metadata is dropped; the
same data and code give the same bytes on every run, so nbval and git diffs see only real changes.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from .trends import COLD_WAR

#: Colours by series role; the U.S. and "defense" share the accent colour across notebooks.
PALETTE = {
    "defense": "#1f4e79",
    "consult-only": "#c55a11",
    "consult-nonagg": "#7f7f7f",
    "us": "#1f4e79",
    "ussr": "#b22222",
    "other": "#a6a6a6",
    "highlight": "#c55a11",
}
COLD_WAR_SHADE = "#d9d9d9"

RC = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "font.family": "DejaVu Sans",
    "svg.hashsalt": "atop-notebooks",
    "svg.fonttype": "path",
    "path.simplify": True,
}


def use_house_style() -> None:
    """Apply the collection's one style; every notebook calls this once."""
    sns.set_theme(context="notebook", style="whitegrid", rc=RC)
    plt.rcParams.update(RC)


def source_note(version: str, file: str, rule: str, extra: str = "") -> str:
    """The note printed under every figure: release, file, and the exact rule counted."""
    note = f"Source: ATOP version {version}, {file}; counted: {rule}."
    return f"{note} {extra}".strip()


def mark_cold_war(ax, label: bool = True, span: tuple[int, int] = COLD_WAR) -> None:
    """Shade the Cold War (1946-1991) behind the data."""
    ax.axvspan(span[0], span[1], color=COLD_WAR_SHADE, alpha=0.45, lw=0, zorder=0)
    if label:
        ax.text((span[0] + span[1]) / 2, 0.98, "Cold War", transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=9, color="#595959")


def line_figure(
    frame: pd.DataFrame,
    title: str,
    ylabel: str,
    note: str,
    x: str = "year",
    y: str = "count",
    hue: str | None = None,
    colors: dict[str, str] | None = None,
    cold_war: bool = True,
    annotate: Iterable[tuple[float, float, str]] = (),
):
    """A yearly line chart in the house style; returns the matplotlib Figure."""
    use_house_style()
    fig, ax = plt.subplots()
    if cold_war:
        mark_cold_war(ax)
    palette = None
    if hue is not None:
        levels = list(dict.fromkeys(frame[hue]))
        palette = {lvl: (colors or PALETTE).get(lvl, sns.color_palette()[i % 10]) for i, lvl in enumerate(levels)}
    sns.lineplot(data=frame, x=x, y=y, hue=hue, palette=palette, ax=ax, lw=2,
                 color=None if hue else (colors or PALETTE).get("defense"))
    for ax_x, ax_y, text in annotate:
        ax.annotate(text, (ax_x, ax_y), xytext=(6, 6), textcoords="offset points", fontsize=9)
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel(ylabel)
    ax.set_xlim(frame[x].min(), frame[x].max())
    ax.set_ylim(bottom=0)
    if hue is not None:
        ax.legend(title=None, loc="upper left")
    fig.text(0.01, -0.02, note, ha="left", va="top", fontsize=8, color="#404040", wrap=True)
    return fig


def _atomic_write(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_figure(fig, frame: pd.DataFrame, stem: str, outdir: str | os.PathLike) -> dict[str, Path]:
    """Write ``<stem>.png``, byte-stable ``<stem>.svg`` and ``<stem>.csv`` (the plotted data)."""
    outdir = Path(outdir)
    out = {ext: outdir / f"{stem}.{ext}" for ext in ("png", "svg", "csv")}
    _atomic_write(out["png"], lambda p: fig.savefig(p, format="png", metadata={"Software": None}))
    _atomic_write(out["svg"], lambda p: fig.savefig(p, format="svg", metadata={"Date": None, "Creator": None}))
    _atomic_write(out["csv"], lambda p: frame.to_csv(p, index=False, lineterminator="\n"))
    return out


def save_table(frame: pd.DataFrame, name: str, outdir: str | os.PathLike) -> Path:
    """Write a derived table as CSV (atomically), e.g. ``us-treaties.csv``."""
    path = Path(outdir) / name
    _atomic_write(path, lambda p: frame.to_csv(p, index=False, lineterminator="\n"))
    return path
