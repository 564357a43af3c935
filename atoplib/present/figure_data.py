"""The data of the collection's composite figures: several measures stacked into one tidy frame
with a ``series`` (or ``network``) label, so that a notebook cell only calls, draws and saves.

The frames are what the figures' CSV files hold, column for column.
"""

from __future__ import annotations

import pandas as pd

from ..data.cow import SOVIET_YEARS, US, USSR
from ..measures.partners import network_share_by_year

#: The Soviet network's label: COW 365 is the Soviet Union only in these years (Russia after).
SOVIET_LABEL = f"Soviet Union ({SOVIET_YEARS[0]}-{SOVIET_YEARS[1]})"
#: The series of the outlier figure, in drawing order, and the palette name of each.
OUTLIER_SERIES = {"United States": "us", "next largest state": "any", "USSR/Russia (365)": "ussr",
                  "median of states with a partner": "median"}
NETWORK_SERIES = {"United States": "us", SOVIET_LABEL: "ussr"}
#: The directed view's two series (who promises defense to whom) and their palette names.
DIRECTED_SERIES = {"the U.S. promises to defend them": "us", "they promise to defend the U.S.": "highlight"}


def outlier_series(outlier: pd.DataFrame, soviet: pd.DataFrame) -> pd.DataFrame:
    """``year, series, partners``: the U.S. count, the next largest state's, COW 365's and the
    median state's, from :func:`atoplib.measures.outlier_by_year` for the U.S. (``outlier``) and
    for COW 365 (``soviet``)."""
    us, following, ussr, median = OUTLIER_SERIES
    return pd.concat([
        pd.DataFrame({"year": outlier["year"], "series": us, "partners": outlier["partners"]}),
        pd.DataFrame({"year": outlier["year"], "series": following, "partners": outlier["next_partners"]}),
        pd.DataFrame({"year": soviet["year"], "series": ussr, "partners": soviet["partners"]}),
        pd.DataFrame({"year": outlier["year"], "series": median, "partners": outlier["median_partners"].astype(float)}),
    ], ignore_index=True)


def network_share_series(partners: pd.DataFrame) -> pd.DataFrame:
    """:func:`atoplib.measures.network_share_by_year` for the U.S. and COW 365 with a ``network``
    label; COW 365's pairs and share are blanked outside the Soviet years, so Russia is never
    drawn as the Soviet network."""
    share = network_share_by_year(partners, (US, USSR))
    share["network"] = share["ccode"].map({US: "United States", USSR: SOVIET_LABEL})
    outside = share["ccode"].eq(USSR) & ~share["year"].between(*SOVIET_YEARS)
    share.loc[outside, ["dyads", "share"]] = None
    return share


def series_colors(series: dict[str, str]) -> dict[str, str]:
    """Each series label with its house colour (``OUTLIER_SERIES``, ``NETWORK_SERIES``)."""
    from .figures import PALETTE

    return {label: PALETTE[name] for label, name in series.items()}


def directed_series(directed: pd.DataFrame, ccode: int = US) -> pd.DataFrame:
    """``year, direction, states`` for one state from :func:`atoplib.measures.directed_partners`:
    how many states it promises defense to, and how many promise defense to it."""
    mine = directed[directed["ccode"].eq(ccode)].melt(
        id_vars="year", value_vars=["promises_to", "promised_by"], var_name="direction", value_name="states")
    to_them, to_it = DIRECTED_SERIES
    mine["direction"] = mine["direction"].map({"promises_to": to_them, "promised_by": to_it})
    return mine
