"""Notebook 05's sentences: how far the U.S. defense-pact network stands out, in each year shown
and against the Soviet network, computed from the partner counts (never from expected numbers).

The memo calls the U.S. network a "persistent outlier" (its title) but gives no partner counts;
every number here is the collection's own measurement.
"""

from __future__ import annotations

import pandas as pd

from ..measures.partners import lead_since
from ..measures.trends import COLD_WAR


def _next_state(row: pd.Series) -> str:
    """The runner-up as a reader names it: "France (FRN)", or the abbreviation alone."""
    name = row.get("next_name")
    return f"{name} ({row['next_state']})" if isinstance(name, str) and name else str(row["next_state"])


def outlier_sentences(outlier: pd.DataFrame, year: int) -> list[str]:
    """The U.S. count in ``year`` against the next state and the median state, and since when the
    U.S. has led without a break (from :func:`atoplib.measures.outlier_by_year`)."""
    row = outlier.set_index("year").loc[year]
    sentences = [
        f"In {year} the U.S. has {row['partners']} defense-pact partners; the next state, {_next_state(row)}, "
        f"has {row['next_partners']} and the median state with a pact {float(row['median_partners']):g}."
    ]
    since = lead_since(outlier[outlier["year"].le(year)])
    if since is not None:
        sentences.append(f"The U.S. has had more partners than any other state every year since {since}.")
    else:
        sentences.append(f"In {year} another state has at least as many partners as the U.S.")
    return sentences


def cold_war_pairs_sentence(share: pd.DataFrame, us: int, ussr: int) -> str | None:
    """How many times the Soviet network's defense-pact pairs the U.S. had in each Cold War year
    (from :func:`atoplib.measures.network_share_by_year`); None when no Cold War year is shown."""
    cold = share[share["year"].between(*COLD_WAR)].pivot(index="year", columns="ccode", values="dyads")
    if cold.empty or us not in cold or ussr not in cold:
        return None
    ratio = (cold[us] / cold[ussr].where(cold[ussr] > 0)).dropna()
    if ratio.empty:
        return None
    return (f"Cold War years {int(cold.index.min())}-{int(cold.index.max())}: the U.S. had "
            f"{ratio.min():.1f} to {ratio.max():.1f} times the Soviet Union's defense-pact partners.")


def outlier_verdict(outlier: pd.DataFrame, soviet: pd.DataFrame, version: str, year: int) -> str:
    """Is the U.S. the outlier in ``year``? Yes only when it has more defense-pact partners than
    any other state that year; the sentence gives the counts, the ratio, since when it has led,
    and the Soviet network's Cold War peak against the U.S. one."""
    row = outlier.set_index("year").loc[year]
    leads = row["partners"] > row["next_partners"]
    ratio = f"{row['partners'] / row['next_partners']:.2f} times" if row["next_partners"] else "more than"
    since = lead_since(outlier[outlier["year"].le(year)])
    text = (f"{'Yes' if leads else 'No'}: in ATOP {version} the U.S. has {row['partners']} defense-pact partners "
            f"in {year}, {ratio} the next state ({_next_state(row)}, {row['next_partners']})")
    text += f", and it has led every year since {since}. " if since is not None else ". "
    cold_soviet = soviet[soviet["year"].between(*COLD_WAR)]
    cold_us = outlier[outlier["year"].between(*COLD_WAR)]
    if not cold_soviet.empty and not cold_us.empty:
        peak = cold_soviet.loc[cold_soviet["partners"].idxmax()]
        us_peak = int(cold_us["partners"].max())
        compared = "it never compared with" if peak["partners"] < us_peak else "it matched or passed"
        text += (f"During the Cold War the Soviet network peaked at {peak['partners']} partners "
                 f"({int(peak['year'])}), against {us_peak} for the U.S.: by count of partners "
                 f"{compared} the U.S. network.")
    return text.strip()
