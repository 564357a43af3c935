"""The memo's comparison with the Soviet system on asymmetry, judged on two lenses (COW CINC power
and ATOP's ``asymm`` code) and written as sentences."""

from __future__ import annotations

import pandas as pd

from ..measures.power import GROUPS, led_by_group_state, period_comparison
from ..measures.trends import COLD_WAR


def soviet_comparison_verdict(comparison: pd.DataFrame, measure: str = "mean_strongest_share") -> dict:
    """Does "only the Soviet system compares" hold on ``measure``? True when the Soviet/Russian
    pacts' value is nearer the U.S. pacts' value than the other pacts' value is.
    Returns ``{"us", "soviet", "other", "holds"}``."""
    values = comparison.set_index("group")[measure]
    us, soviet, other = (values.get(g) for g in GROUPS)
    if any(v is None or pd.isna(v) for v in (us, soviet, other)):
        return {"us": us, "soviet": soviet, "other": other, "holds": None}
    return {"us": float(us), "soviet": float(soviet), "other": float(other),
            "holds": bool(abs(soviet - us) < abs(other - us))}


def soviet_comparison_sentences(power: pd.DataFrame, first: int = COLD_WAR[0], last: int = COLD_WAR[1]) -> list[str]:
    """The verdict on "only the Soviet system compares" for the alliance-years ``first``-``last``,
    as sentences built from the numbers: one per measure (strongest-member share, bilateral CINC
    ratio, ATOP ``asymm``), who leads the pacts, and a conclusion. The rule is
    :func:`soviet_comparison_verdict`'s."""
    if first > last:
        return [f"The years chosen miss the Cold War ({COLD_WAR[0]}-{COLD_WAR[1]}): no verdict."]
    window = power[power["year"].between(first, last)]
    table = period_comparison(window, first, last)
    verdicts = {m: soviet_comparison_verdict(table, m)
                for m in ("mean_strongest_share", "median_bilateral_ratio", "asymm_share")}
    labels = {
        "mean_strongest_share": ("Power (mean strongest-member share of CINC", "{:.3f}"),
        "median_bilateral_ratio": ("Power, bilateral pacts (median CINC ratio stronger/weaker", "{:.1f}"),
        "asymm_share": ("Obligations (share of pact-years coded asymm = 1", "{:.3f}"),
    }
    lines = []
    for measure, verdict in verdicts.items():
        if verdict["holds"] is None:
            continue
        label, fmt = labels[measure]
        lines.append(
            f"{label}, {first}-{last}): U.S. pacts {fmt.format(verdict['us'])}, Soviet/Russian pacts "
            f"{fmt.format(verdict['soviet'])}, other pacts {fmt.format(verdict['other'])}: the claim "
            f"{'holds' if verdict['holds'] else 'does not hold'}."
        )
    led = led_by_group_state(window)
    if len(led):
        lines.append(f"{first}-{last}: the strongest member is the group's state in "
                     + "; ".join(f"{r.group} pacts {r.led}/{r.pact_years_with_cinc} alliance-years with CINC"
                                 for r in led.itertuples()) + ".")
    on_power = [verdicts[m]["holds"] for m in ("mean_strongest_share", "median_bilateral_ratio")
                if verdicts[m]["holds"] is not None]
    obligations = verdicts["asymm_share"]
    if on_power:
        text = ("Conclusion: on power, the memo's claim holds: only the Soviet pacts come as close to the "
                "U.S. pacts' imbalance, both far above other defense pacts; " if all(on_power) else
                "Conclusion: on power, the memo's claim does not hold on every measure in these years; ")
        if obligations["holds"] is True:
            text += "and on ATOP's obligation codes too."
        elif obligations["holds"] is False:
            text += (f"on ATOP's obligation codes it does not: {obligations['us']:.1%} of U.S. pact-years carry "
                     f"asymmetric obligations against {obligations['soviet']:.1%} of Soviet/Russian ones (other "
                     f"pacts {obligations['other']:.1%}), so there the U.S. network stands alone.")
        lines.append(text if text.endswith(".") else text.rstrip("; ") + ".")
    return lines
