"""How figures are drawn and saved: one house style (seaborn on matplotlib), PNG + byte-stable
SVG + the plotted data as CSV, each written atomically (a failed save never leaves half a file
over a good one).

SVG is byte-stable because ``svg.hashsalt`` is fixed and the ``Date`` metadata is dropped; the
same data and code give the same bytes on every run, so nbval and git diffs see only real changes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ..data.cow import US, USSR
from ..files import atomic_write
from ..measures.partners import region_of
from ..measures.trends import COLD_WAR

#: Colours by series role; the U.S. and "defense" share the accent colour across notebooks.
PALETTE = {
    "defense": "#1f4e79",
    "consult-only": "#c55a11",
    "consult-nonagg": "#7f7f7f",
    "us": "#1f4e79",
    "ussr": "#b22222",
    "other": "#a6a6a6",
    "highlight": "#c55a11",
    "any": "#7f7f7f",  # every alliance, whatever its provisions; also "the next largest state"
    "median": "#c9c9c9",  # a typical state, drawn faint
    "marker": "#595959",  # a reference line (e.g. the end of a data source's coverage)
}
COLD_WAR_SHADE = "#d9d9d9"
#: "Shaded: the Cold War (1946-1991)." — the sentence every shaded figure's note ends with.
COLD_WAR_NOTE = f"Shaded: the Cold War ({COLD_WAR[0]}-{COLD_WAR[1]})."

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


def save_figure(fig, frame: pd.DataFrame, stem: str, outdir: str | os.PathLike) -> dict[str, Path]:
    """Write ``<stem>.png``, byte-stable ``<stem>.svg`` and ``<stem>.csv`` (the plotted data)."""
    outdir = Path(outdir)
    out = {ext: outdir / f"{stem}.{ext}" for ext in ("png", "svg", "csv")}
    atomic_write(out["png"], lambda p: fig.savefig(p, format="png", metadata={"Software": None}), make_parents=True)
    atomic_write(out["svg"], lambda p: fig.savefig(p, format="svg", metadata={"Date": None, "Creator": None}), make_parents=True)
    atomic_write(out["csv"], lambda p: frame.to_csv(p, index=False, lineterminator="\n"), make_parents=True)
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
    atomic_write(path, lambda p: frame.to_csv(p, index=False, lineterminator="\n"), make_parents=True)
    return path


# --------------------------------------------------------------------------- network pictures

REGION_COLORS = {
    "Americas": "#4e79a7",
    "Europe": "#59a14f",
    "Africa": "#edc948",
    "Middle East": "#b07aa1",
    "Asia/Oceania": "#76b7b2",
    "other": "#bab0ac",
}


def _seeded_layout(graph, seed: int) -> dict:
    """Spring layout that keeps separate blocs on one canvas: an invisible hub, weakly tied to
    every state, stops unconnected groups from drifting apart; then the hub is dropped."""
    import networkx as nx

    hub = -1
    anchored = graph.copy()
    nx.set_edge_attributes(anchored, 1.0, "weight")
    anchored.add_weighted_edges_from((hub, n, 0.03) for n in graph.nodes)
    position = nx.spring_layout(anchored, seed=seed, weight="weight", iterations=300,
                                k=1.2 / np.sqrt(max(graph.number_of_nodes(), 1)))
    position.pop(hub)
    return position


def network_figure(ties: pd.DataFrame, note: str, highlight: int = US, label=(US, USSR), seed: int = 5):
    """One panel per year in ``ties`` (from :func:`defense_ties`): states as nodes coloured by
    region, partner pairs as edges, ``highlight`` drawn large in the accent colour. The layout is
    seeded (``seed``) so the same data give the same picture."""
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D

    use_house_style()
    years = sorted(ties["year"].unique())
    fig, axes = plt.subplots(1, max(len(years), 1), figsize=(4.6 * max(len(years), 1), 4.8), squeeze=False)
    for ax, year in zip(axes[0], years):
        part = ties[ties["year"].eq(year)]
        graph = nx.Graph()
        names = dict(zip(part["ccode_a"], part["state_a"])) | dict(zip(part["ccode_b"], part["state_b"]))
        graph.add_nodes_from(sorted(names))
        graph.add_edges_from(zip(part["ccode_a"], part["ccode_b"]))
        position = _seeded_layout(graph, seed)
        nodes = list(graph.nodes)
        regions = region_of(nodes).tolist()
        colors = [PALETTE["highlight"] if n == highlight else REGION_COLORS[r] for n, r in zip(nodes, regions)]
        sizes = [220 if n == highlight else 40 for n in nodes]
        nx.draw_networkx_edges(graph, position, ax=ax, width=0.4, alpha=0.35, edge_color="#7f7f7f")
        nx.draw_networkx_nodes(graph, position, ax=ax, node_color=colors, node_size=sizes,
                               linewidths=0.5, edgecolors="white")
        shown = {n: names[n] for n in nodes if n in set(label)}
        nx.draw_networkx_labels(graph, position, labels=shown, ax=ax, font_size=9, font_weight="bold")
        degree = dict(graph.degree())
        ax.set_title(f"{year}: {graph.number_of_nodes()} states, {graph.number_of_edges()} pairs"
                     + (f"; {names.get(highlight, highlight)} {degree.get(highlight, 0)}" if highlight in names else ""),
                     fontsize=10)
        ax.set_axis_off()
    handles = [Line2D([], [], marker="o", ls="", color=c, label=r) for r, c in REGION_COLORS.items()]
    everyone = dict(zip(ties["ccode_a"], ties["state_a"])) | dict(zip(ties["ccode_b"], ties["state_b"]))
    handles.append(Line2D([], [], marker="o", ls="", markersize=10, color=PALETTE["highlight"],
                          label=str(everyone.get(highlight, highlight))))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=8, bbox_to_anchor=(0.5, -0.02))
    fig.text(0.01, -0.06, note, ha="left", va="top", fontsize=8, color="#404040", wrap=True)
    return fig


def gapped_lines_figure(
    frame: pd.DataFrame,
    y: str,
    hue: str,
    colors: dict[str, str],
    title: str,
    ylabel: str,
    note: str,
    x: str = "year",
    cold_war: bool = True,
):
    """A yearly line chart in the house style (like :func:`atoplib.figures.line_figure`) in which a
    missing value *breaks* the line instead of being bridged: years without data show no line."""
    import matplotlib.pyplot as plt

    use_house_style()
    fig, ax = plt.subplots()
    for level in dict.fromkeys(frame[hue]):
        part = frame[frame[hue].eq(level)].sort_values(x)
        ax.plot(part[x].to_numpy(dtype="float64"), part[y].astype("Float64").to_numpy(dtype="float64", na_value=np.nan),
                lw=2, color=colors.get(level), label=str(level))
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel(ylabel)
    low, high = float(frame[x].min()), float(frame[x].max())
    ax.set_xlim(low, high if high > low else low + 1)
    top = pd.to_numeric(frame[y], errors="coerce").astype("float64").max()
    ax.set_ylim(0, top * 1.12 if pd.notna(top) and top > 0 else 1)
    if cold_war:
        mark_cold_war(ax)
    ax.legend(title=None, loc="upper left")
    fig.text(0.01, -0.02, note, ha="left", va="top", fontsize=8, color="#404040", wrap=True)
    return fig

