"""The figure of a claim's readings: the band across the counting rules, the memo's own rule and
the value the memo states."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ..measures.trends import POST_COLD_WAR
from ..memo.ledger_figures import MEMO_MARKS
from ..memo.claims import REGISTRY
from .figures import PALETTE, mark_cold_war, use_house_style


def readings_figure(band: pd.DataFrame, claim_id: str, title: str, note: str, color: str | None = None):
    """The band, the alliance-level line and the memo's value (dashed, labelled with the ledger's
    quote) from the first post-Cold-War year shown; returns the matplotlib Figure."""
    value, provision = MEMO_MARKS[claim_id]
    color = color or PALETTE.get(provision, PALETTE["defense"])
    use_house_style()
    fig, ax = plt.subplots()
    years = band["year"].to_numpy(dtype="float64")
    ax.fill_between(years, band["low"].to_numpy(dtype="float64"), band["high"].to_numpy(dtype="float64"),
                    color=color, alpha=0.25, lw=0, label="range across counting rules")
    ax.plot(years, band["alliance_level"].to_numpy(dtype="float64"), color=color, lw=2,
            label="alliance-level codes (the memo's rule)")
    after = band[band["year"] >= POST_COLD_WAR]
    if len(after):
        ax.hlines(value, after["year"].min(), after["year"].max(), colors=PALETTE.get("marker", "#404040"),
                  linestyles="dashed", lw=1.5, label=f"the memo: “{REGISTRY[claim_id].quote}”")
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel("Alliances in force")
    low, high = band["year"].min(), band["year"].max()
    ax.set_xlim(low, high if high > low else low + 1)
    top = max(float(band["high"].max()), float(value) if len(after) else 0.0)
    ax.set_ylim(0, top * 1.15 if top > 0 else 1)
    mark_cold_war(ax)
    ax.legend(title=None, loc="upper left", fontsize=8)
    fig.text(0.01, -0.02, note, ha="left", va="top", fontsize=8, color="#404040", wrap=True)
    return fig
