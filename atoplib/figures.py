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


def source_note(version: str, file: str, rule: str, extra: str = "", in_force_through: int | None = None) -> str:
    """The note printed under every figure: release, file, the exact rule counted and, for counts of
    alliances in force, the in-force rule (``in_force_through``: the coverage end year)."""
    note = f"Source: ATOP version {version}, {file}; counted: {rule}"
    if in_force_through is not None:
        note += f"; in force: begyr ≤ year ≤ endyr, or still in force at the end of {in_force_through}"
    return f"{note}. {extra}".strip()


def mark_cold_war(ax, label: bool = True, span: tuple[int, int] = COLD_WAR) -> None:
    """Shade the Cold War (1946-1991) behind the data, clipped to the years shown.

    Call it after the x range is set: nothing is drawn when the years shown miss the Cold War,
    and the label sits at the top of the visible part of the span (``line_figure`` leaves
    headroom above the data so the label never touches a line).
    """
    left, right = sorted(ax.get_xlim())
    first, last = max(span[0], left), min(span[1], right)
    if first >= last:
        return
    ax.axvspan(first, last, color=COLD_WAR_SHADE, alpha=0.45, lw=0, zorder=0)
    if label:
        ax.text((first + last) / 2, 0.985, "Cold War", transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=9, color="#595959", zorder=1)


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
    color: str | None = None,
    marker: str | None = None,
    legend_outside: bool = False,
):
    """A yearly line chart in the house style; returns the matplotlib Figure.

    ``color`` colours a single series (default: the defense colour); ``colors`` maps ``hue``
    levels to colours. The y axis starts at 0 with ~12% headroom for the Cold War label.
    """
    use_house_style()
    fig, ax = plt.subplots()
    palette = None
    if hue is not None:
        levels = list(dict.fromkeys(frame[hue]))
        palette = {lvl: (colors or PALETTE).get(lvl, sns.color_palette()[i % 10]) for i, lvl in enumerate(levels)}
    sns.lineplot(data=frame, x=x, y=y, hue=hue if len(frame) else None, palette=palette or None, ax=ax,
                 lw=2, marker=marker,
                 estimator=None, errorbar=None, sort=True,
                 color=None if hue else (color or (colors or PALETTE).get("defense")))
    for ax_x, ax_y, text in annotate:
        ax.annotate(text, (ax_x, ax_y), xytext=(6, 6), textcoords="offset points", fontsize=9)
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel(ylabel)
    if frame.empty:  # e.g. no decade with enough signings in a small release: say so, don't crash
        ax.text(0.5, 0.5, "No data to plot for these years", transform=ax.transAxes,
                ha="center", va="center", color="#595959")
        cold_war = False
    else:
        low, high = frame[x].min(), frame[x].max()
        ax.set_xlim(low, high if high > low else low + 1)
    top = frame[y].max()
    headroom = 1.22 if annotate else 1.12
    ax.set_ylim(0, top * headroom if pd.notna(top) and top > 0 else 1)
    if cold_war:
        mark_cold_war(ax)
    if hue is not None and frame.empty:
        pass
    elif hue is not None and legend_outside:
        ax.legend(title=None, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    elif hue is not None:
        ax.legend(title=None, loc="upper left")
    fig.text(0.01, -0.02, note, ha="left", va="top", fontsize=8, color="#404040", wrap=True)
    return fig


def _atomic_write(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be read by others
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


def publish_figure(fig, frame: pd.DataFrame, stem: str, outdir: str | os.PathLike, width: int = 800):
    """Save the figure like :func:`save_figure`, close it, and return the saved PNG for display.

    The notebook shows the very file the report holds, and matplotlib draws each format once
    (no extra inline rendering); it also displays when ``MPLBACKEND=Agg`` is set (as in CI).
    """
    from IPython.display import Image

    out = save_figure(fig, frame, stem, outdir)
    plt.close(fig)
    return Image(filename=str(out["png"]), width=width)


def save_table(frame: pd.DataFrame, name: str, outdir: str | os.PathLike) -> Path:
    """Write a derived table as CSV (atomically), e.g. ``us-treaties.csv``."""
    path = Path(outdir) / name
    _atomic_write(path, lambda p: frame.to_csv(p, index=False, lineterminator="\n"))
    return path
