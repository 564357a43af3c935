"""How long alliances last, and who leaves them: survival of defense pacts by network, and exits.

**Groups** (:func:`pact_groups`, one per alliance, first match wins): *U.S.* when the United
States (COW 2) is ever a member; *Soviet Union* when COW 365 is a member and the pact was signed
in the Soviet years 1922-1991 (Russia's pacts before 1917 or after 1991 are a great power's, not
the Soviet Union's); *other great powers* when a member was a COW major power in the signing
year (COW ``majors2016.csv``, :func:`atoplib.data.load_majors`); *all others* otherwise.

**Survival** (:func:`survival_table`): from formation (``begyr``/``begmo``) to termination
(``endyr``/``endmo``) in years, month-precise. A pact still in force at the end of coverage
(ATOP's ``endyr = 0``, ``in_force_at_end``) is *censored* in December of the last year covered;
every other pact has *ended*. ``censor_independence_loss=True`` also censors pacts that ATOP codes
``term = 0`` with an end date (ended only because a member lost independence for reasons unrelated
to the alliance, codebook note 12): a sensitivity, not the default.

**Member spells** (:func:`member_spells`): one state's continuous membership of one pact: its rows
are chained when one ends with ``termmode = 2`` ("continues in the next phase") or the member's
next phase begins in the year this one ends (SEATO 1977: the U.S. and Thailand go on in phase 2). A spell ends in one of five ways:
still a member at the end of coverage; *ended with the alliance* (exit year = the pact's end year);
or, while the pact goes on, *left* (the member's own exit: not renewed, broken, moot, a war lost),
*lost independence* (``termmode = 4``), or *replaced* (``termmode = 2`` with no later phase).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.checks import checked
from ..data.cow import SOVIET_YEARS, US, USSR, load_majors, state_labels  # noqa: F401 (load_majors: re-exported)
from ..data.tables import AtopData
from .provisions import get_provision
from .treaties import TERMCAUS, TERMMODE, TreatyQuery, find_treaty

GROUPS = ("U.S.", "Soviet Union", "other great powers", "all others")
NETWORKS = ("U.S.", "Soviet Union", "others")
ENDINGS = ("still a member", "ended with the alliance", "left", "lost independence", "replaced")


@checked
def is_major(majors: pd.DataFrame, ccodes, years) -> np.ndarray:
    """For each (ccode, year) pair: was the state a COW major power that year? A spell reaching the
    file's last year (2016) is taken to go on, so pacts signed after the file ends are classified."""
    last = int(majors["endyear"].max())
    spells = majors.assign(endyear=majors["endyear"].where(majors["endyear"].lt(last), 10**6))
    pairs = pd.DataFrame({"ccode": np.asarray(ccodes, dtype="int64"), "year": np.asarray(years, dtype="int64")})
    pairs["row"] = np.arange(len(pairs))
    hits = pairs.merge(spells[["ccode", "styear", "endyear"]], on="ccode")
    hits = hits[hits["styear"].le(hits["year"]) & hits["endyear"].ge(hits["year"])]
    out = np.zeros(len(pairs), dtype=bool)
    out[hits["row"].to_numpy()] = True
    return out


@checked
def founders(data: AtopData) -> pd.DataFrame:
    """The members present at signing, one row per alliance and member: ``atopid, member``
    (members whose entry year is the signing year; every member if none is)."""
    members = data.members[["atopid", "member", "yrent"]].merge(data.alliances[["atopid", "begyr"]], on="atopid")
    at_signing = members[members["yrent"].eq(members["begyr"])]
    rest = members[~members["atopid"].isin(at_signing["atopid"])]
    out = pd.concat([at_signing, rest])[["atopid", "member"]].drop_duplicates()
    return out.astype("int64").sort_values(["atopid", "member"]).reset_index(drop=True)


@checked
def pact_groups(data: AtopData, majors: pd.DataFrame | None) -> pd.DataFrame:
    """``atopid, begyr, group, network`` for every alliance (rules: module docstring).

    ``majors=None`` is allowed only for ``network`` (U.S., Soviet Union, others); ``group`` is
    then ``<NA>`` for the pacts that are neither U.S. nor Soviet."""
    alliances = data.alliances[["atopid", "begyr"]].astype("int64")
    ever = data.members.groupby("atopid")["member"].agg(lambda s: set(s.astype(int)))
    has_us = alliances["atopid"].map(lambda a: US in ever.get(a, set()))
    soviet = alliances["atopid"].map(lambda a: USSR in ever.get(a, set())) & alliances["begyr"].between(*SOVIET_YEARS)
    network = np.select([has_us, soviet & ~has_us], [NETWORKS[0], NETWORKS[1]], NETWORKS[2])
    out = alliances.assign(network=network, group=pd.Series(network, index=alliances.index).where(network != "others"))
    if majors is not None:
        starters = founders(data).merge(alliances, on="atopid")
        with_great = set(starters.loc[is_major(majors, starters["member"], starters["begyr"]), "atopid"])
        out.loc[out["network"].eq("others"), "group"] = np.where(
            out.loc[out["network"].eq("others"), "atopid"].isin(with_great), GROUPS[2], GROUPS[3])
    out["group"] = out["group"].astype("string")
    return out[["atopid", "begyr", "group", "network"]]


@checked
def survival_table(
    data: AtopData, majors: pd.DataFrame, provision: str | None = "defense",
    first_signed: int | None = None, last_signed: int | None = None, censor_independence_loss: bool = False,
) -> pd.DataFrame:
    """One row per alliance under ``provision`` signed in ``first_signed``-``last_signed``:
    ``atopid, group, begyr, endyr, duration, ended, censored_at`` (``duration`` in years, from the
    signing month to the end month or, if censored, to December of the last year covered)."""
    rule = get_provision(provision)
    alliances = data.alliances[rule.mask(data.alliances, f"the alliance file of ATOP {data.version}")]
    first = data.first_year if first_signed is None else first_signed
    last = data.last_year if last_signed is None else last_signed
    alliances = alliances[alliances["begyr"].between(first, last)]
    censored = alliances["in_force_at_end"].astype(bool)
    if censor_independence_loss and "term" in alliances:
        censored |= alliances["term"].eq(0).fillna(False).astype(bool)
    end_year = alliances["endyr"].fillna(data.last_year).astype("int64")
    end_month = alliances["endmo"].where(~alliances["in_force_at_end"].astype(bool), 12).fillna(12).astype("int64")
    start = alliances["begyr"].astype("int64") * 12 + alliances["begmo"].fillna(1).astype("int64")
    out = pd.DataFrame({
        "atopid": alliances["atopid"].astype("int64"),
        "begyr": alliances["begyr"].astype("int64"),
        "endyr": alliances["endyr"].astype("Int64"),
        "duration": ((end_year * 12 + end_month - start) / 12).round(4),
        "ended": ~censored.to_numpy(),
        "censored_at": np.where(censored, end_year, pd.NA),
    })
    out["censored_at"] = out["censored_at"].astype("Int64")
    groups = pact_groups(data, majors)[["atopid", "group"]]
    out = out.merge(groups, on="atopid", how="left")
    return out[["atopid", "group", "begyr", "endyr", "duration", "ended", "censored_at"]].reset_index(drop=True)


def _fitters(survival: pd.DataFrame):
    from lifelines import KaplanMeierFitter

    for group in GROUPS:
        part = survival[survival["group"].eq(group)]
        if len(part):
            yield group, part, KaplanMeierFitter(label=group).fit(part["duration"], part["ended"])


@checked
def km_curves(survival: pd.DataFrame) -> pd.DataFrame:
    """Kaplan-Meier estimates with 95% bands (Greenwood, log-log): ``group, years, survival,
    lower, upper, at_risk`` (one row per group and event time, from 0)."""
    frames = []
    for group, part, kmf in _fitters(survival):
        curve = kmf.survival_function_.join(kmf.confidence_interval_)
        curve.columns = ["survival", "lower", "upper"]
        at_risk = kmf.event_table["at_risk"].reindex(curve.index).fillna(0)
        frames.append(curve.assign(group=group, at_risk=at_risk.astype("int64")).rename_axis("years").reset_index())
    out = pd.concat(frames, ignore_index=True)
    for column in ("survival", "lower", "upper"):
        out[column] = out[column].round(4)
    return out[["group", "years", "survival", "lower", "upper", "at_risk"]]


@checked
def median_durations(survival: pd.DataFrame) -> pd.DataFrame:
    """Per group: ``group, pacts, ended, censored, median_years, median_lower, median_upper``
    (Kaplan-Meier median and its 95% interval; ``<NA>`` when the curve never falls to 0.5)."""
    from lifelines.utils import median_survival_times

    rows = []
    for group, part, kmf in _fitters(survival):
        bounds = median_survival_times(kmf.confidence_interval_)
        values = [kmf.median_survival_time_, bounds.iloc[0, 0], bounds.iloc[0, 1]]
        values = [round(float(v), 1) if np.isfinite(v) else pd.NA for v in values]
        rows.append({"group": group, "pacts": len(part), "ended": int(part["ended"].sum()),
                     "censored": int((~part["ended"]).sum()), "median_years": values[0],
                     "median_lower": values[1], "median_upper": values[2]})
    out = pd.DataFrame(rows)
    for column in ("median_years", "median_lower", "median_upper"):
        out[column] = out[column].astype("Float64")
    return out


@checked
def logrank_tests(survival: pd.DataFrame) -> pd.DataFrame:
    """Log-rank tests: all groups at once, then the U.S. against each other group:
    ``comparison, statistic, df, p_value``."""
    from lifelines.statistics import logrank_test, multivariate_logrank_test

    rows = []
    present = [g for g in GROUPS if survival["group"].eq(g).any()]
    if len(present) > 1:
        test = multivariate_logrank_test(survival["duration"], survival["group"], survival["ended"])
        rows.append({"comparison": "all groups", "statistic": test.test_statistic,
                     "df": len(present) - 1, "p_value": test.p_value})
    us = survival[survival["group"].eq(GROUPS[0])]
    for group in present[1:] if GROUPS[0] in present else []:
        other = survival[survival["group"].eq(group)]
        test = logrank_test(us["duration"], other["duration"], us["ended"], other["ended"])
        rows.append({"comparison": f"U.S. vs {group}", "statistic": test.test_statistic, "df": 1,
                     "p_value": test.p_value})
    out = pd.DataFrame(rows, columns=["comparison", "statistic", "df", "p_value"])
    return out.assign(statistic=out["statistic"].astype(float).round(2), p_value=out["p_value"].astype(float).round(4))


# --------------------------------------------------------------------------- member spells and exits

@checked
def member_spells(data: AtopData, provision: str | None = "defense") -> pd.DataFrame:
    """One row per member spell in the alliances under ``provision``: ``atopid, network, member,
    entry_year, exit_year, ending, termmode, termcaus`` (``ending``: one of :data:`ENDINGS`)."""
    rule = get_provision(provision)
    alliances = data.alliances[rule.mask(data.alliances, f"the alliance file of ATOP {data.version}")]
    rows = data.members[data.members["atopid"].isin(alliances["atopid"])]
    rows = rows.sort_values(["atopid", "member", "yrent", "phase"], kind="stable").reset_index(drop=True)
    same = rows["atopid"].eq(rows["atopid"].shift()) & rows["member"].eq(rows["member"].shift())
    next_phase = rows["phase"].gt(rows["phase"].shift()).fillna(False) & rows["yrent"].le(rows["yrexit"].shift()).fillna(False)
    continues = same & (rows["termmode"].shift().eq(2).fillna(False) | next_phase).astype(bool)
    spell = (~continues).cumsum()
    grouped = rows.groupby(spell)
    last = grouped.tail(1).assign(_entry=grouped["yrent"].min().to_numpy())
    ends = last.merge(alliances[["atopid", "endyr", "in_force_at_end"]].rename(
        columns={"endyr": "_end", "in_force_at_end": "_alive"}), on="atopid", how="left")
    ending = np.select(
        [ends["in_force_at_end"].astype(bool),
         ~ends["_alive"].astype(bool) & ends["yrexit"].ge(ends["_end"]).fillna(False).astype(bool),
         ends["termmode"].eq(4).fillna(False).astype(bool),
         ends["termmode"].eq(2).fillna(False).astype(bool)],
        ENDINGS[:2] + ENDINGS[3:], ENDINGS[2])
    out = pd.DataFrame({
        "atopid": ends["atopid"].astype("int64").to_numpy(), "member": ends["member"].astype("int64").to_numpy(),
        "entry_year": ends["_entry"].to_numpy(), "exit_year": ends["yrexit"].astype("Int64").to_numpy(),
        "ending": ending, "termmode": ends["termmode"].astype("Int64").to_numpy(),
        "termcaus": ends["termcaus"].astype("Int64").to_numpy() if "termcaus" in ends else pd.NA,
    })
    for column in ("entry_year", "exit_year", "termmode", "termcaus"):
        out[column] = pd.array(out[column], dtype="Int64")
    out = out.merge(pact_groups(data, None)[["atopid", "network"]], on="atopid", how="left")
    return out[["atopid", "network", "member", "entry_year", "exit_year", "ending", "termmode", "termcaus"]]


@checked
def exit_shares(spells: pd.DataFrame) -> pd.DataFrame:
    """Per network (:data:`NETWORKS`): ``network, spells, ended`` and the count of each ending,
    then ``left_share`` (members' own exits over ended spells) and ``any_exit_share`` (own exits,
    loss of independence and replacement while the pact went on, over ended spells)."""
    counts = spells.groupby(["network", "ending"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=list(NETWORKS), columns=list(ENDINGS), fill_value=0)
    out = counts.rename_axis(None, axis=1).rename_axis("network").reset_index()
    out.insert(1, "spells", counts.sum(axis=1).to_numpy())
    out.insert(2, "ended", (counts.sum(axis=1) - counts["still a member"]).to_numpy())
    ended = out["ended"].where(out["ended"] > 0)
    out["left_share"] = (out["left"] / ended).round(4).astype("Float64")
    out["any_exit_share"] = ((out["left"] + out["lost independence"] + out["replaced"]) / ended).round(4).astype("Float64")
    return out


@checked
def pact_labels(data: AtopData, atopids, states: pd.DataFrame | None = None,
                queries: tuple[TreatyQuery, ...] = ()) -> pd.DataFrame:
    """``atopid, pact, signed, members``: the name of the query in ``queries`` that finds the pact,
    else its founding members by COW name and the signing year (ATOP has no treaty names);
    ``members``: every member by COW name, in order of entry. ``states``: a COW state table
    (default: the file :func:`atoplib.data.load_states` finds)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        named = {find_treaty(data, q): q.name for q in queries}
    rows = data.members[data.members["atopid"].isin(list(atopids))]
    names = state_labels(rows["member"], states).set_index("ccode")["statenme"]
    order = rows.sort_values(["atopid", "yrent", "member"]).drop_duplicates(["atopid", "member"])
    members = order.groupby("atopid")["member"].agg(lambda s: [names[int(c)] for c in s])
    starters = founders(data)
    out = []
    for atopid in dict.fromkeys(int(a) for a in atopids):
        signed = int(data.alliances.loc[data.alliances["atopid"].eq(atopid), "begyr"].iloc[0])
        first = [names[int(c)] for c in starters.loc[starters["atopid"].eq(atopid), "member"]]
        us_first = sorted(first, key=lambda n: n != names.get(US, ""))
        rest = len(us_first) - 3
        short = "–".join(us_first) if rest <= 0 else f"{', '.join(us_first[:3])} and {rest} other{'s' * (rest > 1)}"
        out.append({"atopid": atopid, "pact": named.get(atopid, f"{short} ({signed})"), "signed": signed,
                    "members": "; ".join(members.get(atopid, []))})
    return pd.DataFrame(out, columns=["atopid", "pact", "signed", "members"])


@checked
def us_exit_timeline(data: AtopData, provision: str | None = "defense") -> pd.DataFrame:
    """Every spell in a U.S. pact under ``provision`` that ended while the pact went on (left, lost
    independence, replaced; :func:`member_spells`), by exit year: ``exit_year, atopid, member,
    entry_year, ending, termmode, how, termcaus, why`` (ATOP's codes in the 5.1 codebook's words).
    Add names with :func:`atoplib.data.add_state_names` and :func:`pact_labels`."""
    spells = member_spells(data, provision)
    exits = spells[spells["network"].eq(NETWORKS[0]) & spells["ending"].isin(ENDINGS[2:])]
    out = exits.assign(
        how=exits["termmode"].map(lambda c: TERMMODE.get(int(c), f"code {c}") if pd.notna(c) else "not coded"),
        why=exits["termcaus"].map(lambda c: TERMCAUS.get(int(c), f"code {c}") if pd.notna(c) else "not coded"),
    )
    out = out.sort_values(["exit_year", "atopid", "member"], kind="stable").reset_index(drop=True)
    return out[["exit_year", "atopid", "member", "entry_year", "ending", "termmode", "how", "termcaus", "why"]]
