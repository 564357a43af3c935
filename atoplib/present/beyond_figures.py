"""Figures of notebooks 09-11 (issue 15), in the house style of :mod:`atoplib.present.figures`:
Kaplan-Meier curves with bands (09), yearly shares of a provision code in two panels (10), and
predicted probabilities with intervals (11). Each returns a matplotlib Figure; save it with
``al.figures.publish_figure``. matplotlib is imported on first use.
"""

from __future__ import annotations

import pandas as pd

from ..measures.access import CODES, SIDES
from ..measures.persistence import GROUPS

COLORS = {"U.S.": "#1f4e79", "Soviet Union": "#b22222", "other great powers": "#c55a11", "all others": "#7f7f7f"}


def km_figure(curves: pd.DataFrame, title: str, note: str):
    """Kaplan-Meier step curves with their 95% bands, one colour per group; returns the Figure."""
    import matplotlib.pyplot as plt

    from .figures import use_house_style

    use_house_style()
    fig, ax = plt.subplots()
    for group in GROUPS:
        part = curves[curves["group"].eq(group)]
        if part.empty:
            continue
        color = COLORS[group]
        ax.step(part["years"], part["survival"], where="post", color=color, lw=2,
                label=f"{group} ({int(part['at_risk'].iloc[0])} pacts)")
        ax.fill_between(part["years"], part["lower"], part["upper"], step="post", color=color, alpha=0.12, lw=0)
    ax.set_title(title)
    ax.set_xlabel("Years since signing")
    ax.set_ylabel("Share still in force")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(0, max(1.0, float(curves["years"].max())) if len(curves) else 1)
    ax.legend(loc="upper right")
    fig.text(0.01, -0.02, note, ha="left", va="top", fontsize=8, color="#404040", wrap=True)
    return fig


def share_figure(shares: pd.DataFrame, column: str, title: str, note: str, codes: tuple[str, ...] | None = None):
    """Two panels side by side (U.S. pacts, all other pacts): the yearly share of pacts in force
    with each ``column`` code except 0 (the complement); returns the matplotlib Figure."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from .figures import PALETTE, mark_cold_war, use_house_style

    use_house_style()
    codes = codes or tuple(str(c) for c in CODES[column] if c != 0)
    frame = shares[shares["code"].isin(codes)].dropna(subset=["share"])
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), sharey=True)
    colors = dict(zip(codes, [PALETTE["highlight"], PALETTE["consult-nonagg"], PALETTE["defense"]][-len(codes):]))
    for ax, side in zip(axes, SIDES):
        part = frame[frame["side"].eq(side)]
        for code in codes:
            line = part[part["code"].eq(code)]
            if len(line):
                sns.lineplot(x=line["year"], y=line["share"], ax=ax, lw=2, color=colors[code],
                             label=f"{code}: {CODES[column][int(code)]}", legend=False)
        ax.set_title(side, fontsize=11)
        ax.set_xlabel("")
        if len(shares):
            ax.set_xlim(shares["year"].min(), shares["year"].max())
        mark_cold_war(ax)
    axes[0].set_ylabel("Share of pacts in force")
    axes[0].set_ylim(0, max(0.05, float(frame["share"].max()) * 1.15) if len(frame) else 1)
    handles, labels = axes[0].get_legend_handles_labels()
    more = axes[1].get_legend_handles_labels()
    for handle, label in zip(*more):
        if label not in labels:
            handles.append(handle)
            labels.append(label)
    fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=len(labels), frameon=False)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    fig.text(0.01, -0.08, note, ha="left", va="top", fontsize=8, color="#404040", wrap=True)
    return fig


def prediction_figure(table: pd.DataFrame, title: str, note: str):
    """Predicted probabilities with 95% intervals (rows of :func:`counterfactual` for several
    specifications): one row of points per specification, a colour per signing year."""
    import matplotlib.pyplot as plt

    from .figures import PALETTE, use_house_style

    use_house_style()
    fig, ax = plt.subplots(figsize=(8.0, 3.6))
    specs = list(dict.fromkeys(table["spec"]))
    years = list(dict.fromkeys(table["year"]))
    colors = dict(zip(years, [PALETTE["defense"], PALETTE["highlight"], PALETTE["other"]]))
    for i, year in enumerate(years):
        part = table[table["year"].eq(year)]
        y = [specs.index(s) + (i - (len(years) - 1) / 2) * 0.18 for s in part["spec"]]
        ax.errorbar(part["probability"], y, xerr=[part["probability"] - part["lower"], part["upper"] - part["probability"]],
                    fmt="o", color=colors[year], capsize=3, label=f"signed in {year}")
    ax.set_yticks(range(len(specs)), specs)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("Predicted probability of a defense clause (95% interval)")
    ax.set_title(title)
    ax.legend(loc="center right")
    fig.text(0.01, -0.02, note, ha="left", va="top", fontsize=8, color="#404040", wrap=True)
    return fig
