"""Measures: an :class:`~atoplib.data.AtopData` in, a tidy frame out.

No prose, no plotting, no memo constants: each function returns a DataFrame with documented,
stable columns (one row per year, alliance-year, state-year, dyad-year, ...). Add state names
with :func:`atoplib.data.add_state_names`.

``provisions`` (what each provision means), ``trends`` (the one in-force rule; counts per year;
signing shares), ``summaries`` (peaks, levels and spans of a yearly series), ``stateyears``,
``dyads``, ``partners`` (partners per state-year, the outlier), ``treaties`` (treaties by query,
members, exits), ``power`` (CINC asymmetry), ``compare`` and ``differences`` (two releases).
"""

from .compare import change_summary, compared_columns, recoded_values, release_changes, variable_summary, yearly_differences
from .differences import difference_sources, overlay_counts, recoded_effects, sources_summary
from .dyads import DIRECTIONS, alliance_pairs, dyad_years, partners_by_year
from .partners import (
    PARTNER_RULE,
    REGIONS,
    alliances_of_state_by_year,
    by_provision_wide,
    defense_ties,
    directed_partners,
    lead_since,
    network_share_by_year,
    outlier_by_year,
    outlier_table,
    partner_counts,
    region_of,
    state_partners_by_year,
    years_within,
)
from .power import GROUPS, alliance_power, asymmetry_by_group, led_by_group_state, nmc_years, period_comparison
from .provisions import Provision, get_provision, provisions, register_provision
from .stateyears import comparison_with_official, member_alliance_years, official_state_years, state_years, state_years_wide
from .summaries import (
    defense_given_consultation,
    level,
    long_shares,
    peak,
    peak_years,
    series,
    side_by_side,
    spans_above,
    stacked,
    values_at,
)
from .treaties import TERMCAUS, TERMMODE, TreatyQuery, find_treaty, member_exits, membership_spells, treaty_members
from .trends import COLD_WAR, ERAS, POST_COLD_WAR, alliance_years, counts_by_year, era_of, membership_years, signing_shares, year_range

#: Submodules served on first use (``al.measures.persistence``, ...): they import lifelines or
#: statsmodels, which the command line and most notebooks never need.
_SUBMODULES = ("access", "persistence", "readings", "signing")


def __getattr__(name: str):
    import importlib

    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
