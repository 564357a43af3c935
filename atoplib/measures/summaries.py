"""Summaries of a yearly series: its peak and the years it is reached, its level over a span,
the spans where one series is above another, and tidy reshapes of several series for a figure."""

from __future__ import annotations

import pandas as pd

from ..data.checks import checked

# --------------------------------------------------------------------------- measurements

@checked
def series(counts: pd.DataFrame) -> pd.Series:
    """``year, count`` frame -> count Series indexed by year."""
    return counts.set_index("year")["count"]


@checked
def peak(counts: pd.DataFrame) -> tuple[int, int]:
    """(year, value) of the highest count; the first such year if it is reached more than once."""
    s = series(counts)
    return int(s.idxmax()), int(s.max())


@checked
def peak_years(counts: pd.DataFrame) -> list[int]:
    """Every year in which the count reaches its maximum (a plateau can peak more than once)."""
    s = series(counts)
    return [int(y) for y in s.index[s == s.max()]]


@checked
def values_at(counts: pd.DataFrame, years) -> pd.DataFrame:
    """The rows of ``counts`` for the given years that lie in its range, in the order given."""
    s = series(counts)
    kept = [int(y) for y in dict.fromkeys(years) if int(y) in s.index]
    return pd.DataFrame({"year": kept, "count": [int(s[y]) for y in kept]})


@checked
def level(counts: pd.DataFrame, first: int, last: int | None = None) -> dict | None:
    """Min, max and mean count over ``first``-``last`` (clipped to the range); None if no year falls in it."""
    s = series(counts)
    part = s.loc[first:last] if last is not None else s.loc[first:]
    if part.empty:
        return None
    return {"first": int(part.index.min()), "last": int(part.index.max()), "min": int(part.min()),
            "max": int(part.max()), "mean": round(float(part.mean()), 1)}


@checked
def spans_above(lower: pd.DataFrame, upper: pd.DataFrame) -> list[tuple[int, int]]:
    """The runs of consecutive years in which ``upper``'s count exceeds ``lower``'s, as (first, last)."""
    both = series(lower).to_frame("lower").join(series(upper).to_frame("upper"), how="inner")
    above = both["upper"] > both["lower"]
    runs, start, previous = [], None, None
    for year, flag in above.items():
        if flag and start is None:
            start = year
        if not flag and start is not None:
            runs.append((int(start), int(previous)))
            start = None
        previous = year
    if start is not None:
        runs.append((int(start), int(previous)))
    return runs


@checked
def side_by_side(counts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Several ``year, count`` frames as one wide table: ``year`` and one column per name."""
    frames = [series(frame).rename(name) for name, frame in counts.items()]
    return pd.concat(frames, axis=1).rename_axis("year").reset_index()


@checked
def stacked(counts: dict[str, pd.DataFrame], column: str = "series") -> pd.DataFrame:
    """Several ``year, count`` frames as one long table ``year, <column>, count`` (for one figure)."""
    return pd.concat([frame.assign(**{column: name}) for name, frame in counts.items()],
                     ignore_index=True)[["year", column, "count"]]


@checked
def long_shares(shares: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Signing shares per period as a long table for a figure: ``period, first_year, last_year,
    midyear, provision, signed, count, percent``; ``midyear`` places a period on a year axis and
    ``labels`` maps provision names to the labels shown."""
    rows = []
    for name, label in labels.items():
        rows.append(pd.DataFrame({
            "period": shares["period"], "first_year": shares["first_year"].astype(int),
            "last_year": shares["last_year"].astype(int),
            "midyear": (shares["first_year"] + shares["last_year"]) / 2, "provision": label,
            "signed": shares["signed"].astype(int), "count": shares[name].astype(int),
            "percent": (100 * shares[f"{name}_share"]).round(1),
        }))
    return pd.concat(rows, ignore_index=True)


@checked
def defense_given_consultation(shares: pd.DataFrame) -> pd.DataFrame:
    """Per period, of the alliances signed with a consultation promise (NATO's Art. 4), how many
    also promise defense (Art. 5). Needs :func:`~atoplib.trends.signing_shares` with the
    provisions ``consul`` and ``consult-only``. Columns ``period, consul, with_defense, share``."""
    with_defense = shares["consul"] - shares["consult-only"]
    share = (with_defense / shares["consul"].where(shares["consul"] > 0)).round(4)
    return pd.DataFrame({"period": shares["period"], "consul": shares["consul"].astype(int),
                         "with_defense": with_defense.astype(int), "share": share})
