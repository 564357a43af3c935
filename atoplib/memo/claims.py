"""The claims ledger: every statement of the memo the data could check, and the ones no data can,
registered in the memo's order.

Each entry quotes the memo exactly (its own words, curly quotes included) and says where the words
stand; restatements elsewhere in the memo are listed in ``also`` and judged with the same readings.
The readings live in modules by concept: ``trend_readings`` (Figures 1-2, footnote 3),
``form_readings`` (forms of commitment), ``treaty_readings`` (named treaties), ``network_readings``
(the U.S. among all states), ``power_readings`` (capabilities), ``persistence_readings`` (exits,
robustness, tensions), ``access_readings`` (basing), ``nato_today`` (the memo's question) and
``release_readings`` (the release itself).
"""

from __future__ import annotations

from . import access_readings as access
from . import atop_readings as atop
from . import form_readings as forms
from . import history_readings as history
from . import nato_today
from . import network_readings as network
from . import persistence_readings as persistence
from . import power_readings as power
from . import promise_readings as promises
from . import reach_readings as reach
from . import release_readings as release
from . import treaty_readings as treaties
from . import trend_readings as trends
from .types import Claim

TITLE = "title"
OPENING = "Opening"
COMPARATIVE = "The U.S. Alliance System in a Comparative Perspective"
US_VIEW = "The Existence and Persistence of U.S. Alliance System: The U.S. Perspective"
ALLIES_VIEW = "The Existence and Persistence of U.S. Alliance System: The Allies’ Perspective"


def at(section: str, paragraph: int) -> str:
    """A location: the section's heading and the paragraph's number in it."""
    return f"{section}, paragraph {paragraph}"


def not_testable(id_: str, quote: str, location: str, why: str, readings=(), also=(), chapter: str = "") -> Claim:
    """A statement no data can check; ``readings`` (alternatives only) say what the data can show."""
    return Claim(id_, quote, location, "not testable", tuple(readings), untestable=why, also=tuple(also),
                 chapter=chapter)


def _claims() -> list[Claim]:
    return [
        Claim("persistent-outlier", "A PERSISTENT OUTLIER", TITLE, "comparison", network.outlier_readings(),
              chapter="05-persistent-outlier", outputs=("us-defense-partners.csv",)),
        Claim("us-patron", "U.S. alliances are marked by an asymmetry of power, with the United States long being "
              "the “patron” state and the other states being the “protégés.”", at(OPENING, 1), "comparison",
              power.patron_readings(), chapter="06-asymmetry", outputs=("asymmetry-strongest-share.csv",),
              also=(("the U.S. is not an equal partner, but the dominant player in its alliances", at(US_VIEW, 4)),)),
        Claim("mutual-defense", "Those asymmetric relationships have, in turn, been backed by promises of mutual "
              "defense", at(OPENING, 1), "level", promises.mutual_readings(), chapter="05-persistent-outlier",
              outputs=("us-directed-partners.csv",)),
        Claim("one-direction", "even if the actual defense is, by and large, directed in just one direction",
              at(OPENING, 1), "comparison", promises.one_direction_readings(), chapter="06-asymmetry"),
        not_testable("allies-reliance", "U.S. allies were simply not powerful enough to protect themselves",
                     at(OPENING, 2), "whether allies could protect themselves is a judgment about threats and "
                     "capabilities no alliance data record; presidents' complaints are not coded",
                     readings=history.reliance_readings(), chapter="06-asymmetry",
                     also=(("U.S. Presidents complaining about “free-riding allies.”", at(OPENING, 2)),)),
        Claim("security-most-allies", "the United States took on the responsibility of providing security to most "
              "of its allies", at(OPENING, 2), "level", promises.most_allies_readings(), chapter="05-persistent-outlier"),
        Claim("forward-deployment", "This has largely been done through the presence of forward deployment of troops",
              at(OPENING, 2), "level", reach.forward_deployment_readings(), chapter="10-access"),
        Claim("france-nato", "though not revoking France’s signature to the treaty", at(OPENING, 3), "treaty",
              treaties.france_readings(), chapter="04-us-alliance-system", outputs=("us-treaties.csv",),
              also=(("though France remained a signatory to the North Atlantic Treaty", at(ALLIES_VIEW, 2)),)),
        Claim("rio-exits", "several states exiting the Rio Pact in the years after the Cold War", at(OPENING, 3),
              "treaty", treaties.rio_readings(), chapter="04-us-alliance-system", outputs=("rio-pact-exits.csv",)),
        Claim("exits-not-at-scale", "This has not happened at scale", at(OPENING, 3), "comparison",
              persistence.exits_readings(), chapter="09-persistence",
              outputs=("persistence-member-exit-shares.csv", "persistence-us-defense-exits.csv")),
        Claim("system-robust", "the U.S. alliance system has been quite robust", at(OPENING, 3), "comparison",
              persistence.robust_readings(), chapter="09-persistence", outputs=("persistence-km-defense-pacts.csv",),
              also=(("the alliance network that has persisted since the end of World War II", at(ALLIES_VIEW, 1)),)),
        not_testable("allies-motives", "the United States is the ultimate “off shore balancer”", at(OPENING, 3),
                     "why states choose the U.S. as an ally is a motive, not an alliance obligation",
                     readings=history.distance_readings(), chapter="05-persistent-outlier",
                     also=(("the U.S. alliance system remains the best option for these states to guarantee their "
                            "security", at(ALLIES_VIEW, 3)),)),
        Claim("timely-support", "even if that support does not always come in a timely fashion—as in World Wars I "
              "and II", at(OPENING, 3), "treaty", history.timely_readings(), chapter="04-us-alliance-system"),
        Claim("soviet-comparable", "the only comparably asymmetric alliance system for most of history was that "
              "maintained by the Soviet Union during the Cold War", at(COMPARATIVE, 1), "comparison",
              power.soviet_readings(), chapter="06-asymmetry",
              outputs=("asymmetry-power-systems.csv", "asymmetry-atop-asymm.csv")),
        not_testable("history-analogies", "But that system was more analogous to a direct imperial system",
                     at(COMPARATIVE, 1), "imperial control and the drafting history of Article 5 are not coded in "
                     "ATOP, whose unit is the written treaty", readings=history.imperial_readings(),
                     chapter="06-asymmetry",
                     also=(("asymmetric alliance relationships lie on the same spectrum imperial as imperial "
                            "relations", "footnote 1"),
                           ("which served as the template for Article 5", at(COMPARATIVE, 2)))),
        Claim("unique-scope-duration", "The U.S. system is unique in scope and duration, as well as because the "
              "United States does not control the domestic policies of the network members, either through direct "
              "control or by holding an oversight and veto role.", at(COMPARATIVE, 1), "comparison",
              network.unique_readings(), chapter="05-persistent-outlier", outputs=("us-defense-partners.csv",)),
        Claim("nato-location", "The article treats an attack on one member of the alliance in Europe or North "
              "America as an attack on all members.", at(COMPARATIVE, 2), "treaty", promises.nato_location_readings(),
              chapter="04-us-alliance-system"),
        Claim("article5-treaties", "Similar provisions are found in the 1947 Rio Pact (which served as the template "
              "for Article 5), the 1951/60 Treaty between the United States and Japan, the 1951 Treaty between the "
              "United States and the Philippines, the 1953 Treaty between the United States and South Korea, and "
              "the ANZUS treaty signed in 1951.", at(COMPARATIVE, 2), "treaty", treaties.article5_readings(),
              chapter="04-us-alliance-system", outputs=("us-treaties.csv",),
              also=(("the epitome of this feature is Article 5 of the North Atlantic Treaty", at(COMPARATIVE, 2)),)),
        Claim("consult-definition", "simple consultative clauses, which simply call on signatories to meet with or "
              "communicate with one another in case of a security crisis", at(COMPARATIVE, 3), "data",
              atop.consult_definition_readings(), chapter="02-consultative-pacts"),
        Claim("critical-difference", "a critical difference between U.S. alliances and the recent trend of alliance "
              "treaties", at(COMPARATIVE, 3), "comparison", reach.critical_difference_readings(),
              chapter="03-out-of-fashion"),
        Claim("most-common-form", "the consultative-only pact has become the most common form of alliance "
              "commitment", at(COMPARATIVE, 3), "comparison", forms.most_common_readings(),
              chapter="03-out-of-fashion", outputs=("signing-shares-by-era.csv",)),
        not_testable("atop-founding", "This project began in 2001 with version 1.0.", at(COMPARATIVE, 4),
                     "the project's history is not in the data files", readings=atop.founding_readings(),
                     chapter="00-overview",
                     also=(("founded and is currently managed by Ashley Leeds at Rice University",
                            at(COMPARATIVE, 4)),)),
        Claim("version-coverage", "Version 5.0 of the dataset, the latest version, codes characteristics of all "
              "known alliance treaties from 1815 to 2018.", at(COMPARATIVE, 4), "data", release.version_readings(),
              chapter="00-overview",
              also=(("Figure Produced using Stata 18 and ATOP version 5.1.", "Figure 1 note"),)),
        Claim("atopid-unique", "each alliance in the dataset is assigned an ATOPID number", at(COMPARATIVE, 4), "data",
              atop.atop_id_readings(), chapter="00-overview"),
        Claim("atopid-examples", "For instance, the 2001 Sino-Russia Treaty is ATOPID 4980, while the North "
              "Atlantic Treaty is ATOPID 3180.", at(COMPARATIVE, 4), "data", release.atopid_readings(),
              chapter="00-overview",
              also=(("E.g. 1949 North Atlantic Treaty", "Figure 1 caption"),
                    ("E.g. 2001 Sino-Russian Treaty of Friendship", "Figure 2 caption"))),
        Claim("atop-variables", "These include the type of primary military cooperation provisions in the treaty "
              "(e.g., defensive provision), conditions on those provisions (e.g., that the defensive obligation only "
              "applies to", at(COMPARATIVE, 4), "data", atop.atop_variables_readings(), chapter="00-overview",
              also=(("an attack by a particular state), the date of the treaty signing, the members of the treaty, and "
                     "other characteristics", at(COMPARATIVE, 4)),)),
        Claim("supranational-body", "if the treaty calls for the creation of a supranational body", at(COMPARATIVE, 4),
              "data", atop.supranational_readings(), chapter="00-overview"),
        Claim("fig1-mutual", "treaty contains mutual defense provision", "Figure 1 caption", "data",
              promises.fig1_mutual_readings(), chapter="01-defense-pacts"),
        Claim("defense-grew-peak", "The figure shows that the number of such pacts grew over time, reaching a peak "
              "level in the 1970s and 1980s.", at(COMPARATIVE, 5), "trend", trends.grew_peak_readings(),
              chapter="01-defense-pacts", outputs=("fig1-defense-pacts.csv",)),
        Claim("defense-declined", "Since the end of the Cold War, the number of such agreements has declined",
              at(COMPARATIVE, 5), "trend", trends.declined_readings(), chapter="01-defense-pacts",
              outputs=("fig1-defense-pacts.csv",)),
        Claim("defense-just-under-60", "holding steady at just under 60 globally", at(COMPARATIVE, 5), "level",
              trends.just_under_60_readings(), chapter="01-defense-pacts", outputs=("fig1-defense-pacts.csv",)),
        Claim("consult-surged", "the number of consultative pacts has surged", at(COMPARATIVE, 6), "trend",
              trends.surged_readings(), chapter="02-consultative-pacts", outputs=("fig2-consultative-pacts.csv",)),
        Claim("consult-nearly-150", "reaching nearly 150 globally", at(COMPARATIVE, 6), "level",
              trends.nearly_150_readings(), chapter="02-consultative-pacts", outputs=("fig2-consultative-pacts.csv",)),
        Claim("footnote-similar", "A similar pattern is shown", "footnote 3", "trend", trends.similar_readings(),
              chapter="02-consultative-pacts", outputs=("fig2-footnote-consult-nonagg.csv",)),
        Claim("footnote-consult-variable", "the *consult* variable is coded with a 1", "footnote 3", "data",
              release.variable_readings(), chapter="02-consultative-pacts"),
        Claim("out-of-fashion", "creating new pacts with explicit mutual defense provisions went largely “out of "
              "fashion” after the Cold War, with states instead opting for consultative pacts", at(COMPARATIVE, 6),
              "trend", forms.out_of_fashion_readings(), chapter="03-out-of-fashion",
              outputs=("signing-shares-by-era.csv", "fig3-signing-shares-by-decade.csv")),
        Claim("nato-today", "if NATO were formed today, would it have Article 4, the treaty’s consultative clause, "
              "but not Article 5?", at(COMPARATIVE, 7), "question", nato_today.nato_today_readings(),
              chapter="11-nato-today", outputs=("nato-today-predictions.csv", "nato-today-checks.csv")),
        not_testable("us-interests", "It can be difficult to place an exact quantifiable figure on the precise "
                     "extent to which U.S. alliances produce benefits.", at(US_VIEW, 1),
                     "the benefits the U.S. draws (markets, shipping, a buffer, the dollar) are not alliance "
                     "obligations, as the memo itself notes (selection bias)",
                     also=(("preventing a revisionist state from closing off vital markets or disrupting global "
                            "shipping", at(US_VIEW, 2)),
                           ("the alliance system creates a buffer between those threats and the Western Hemisphere",
                            at(US_VIEW, 3)),
                           ("such as holding U.S. dollars as a reserve currency, in exchange for protection",
                            at(US_VIEW, 4)))),
        Claim("access-basing", "Access refers to the U.S. being able to more easily station and deploy its military "
              "forces", at(US_VIEW, 3), "comparison", access.access_readings(), chapter="10-access",
              outputs=("access-base-shares.csv", "access-us-one-way-basing.csv", "access-great-powers-since-1946.csv")),
        not_testable("iran-war", "the present crisis over U.S. allies refusing to assist the U.S. in its war against "
                     "Iran", at(ALLIES_VIEW, 2), "events after the release's coverage and public opinion are outside "
                     "ATOP, which codes treaties, not crises within them", readings=history.gulf_readings(),
                     chapter="09-persistence",
                     also=(("Many are concerned that the administration of current U.S. President Donald Trump will "
                            "either fully abandon U.S. allies or permanently undermine the U.S. alliance system.",
                            at(ALLIES_VIEW, 1)),
                           ("many U.S. allies being openly critical of the U.S.-led invasion of Iraq in 2003",
                            at(ALLIES_VIEW, 2)),
                           ("as was occurred to many Gulf states during the war with Iran", at(ALLIES_VIEW, 3)))),
        Claim("alliance-held", "during each point of tension, the alliance held", at(ALLIES_VIEW, 3), "comparison",
              persistence.held_readings(), chapter="09-persistence", outputs=("persistence-us-defense-exits.csv",)),
        Claim("belgium", "As the plight of Belgium in the two World Wars well illustrates, there are risks to going "
              "alone or attempting to remain neutral.", at(ALLIES_VIEW, 3), "treaty", history.belgium_readings(),
              chapter="09-persistence"),
        Claim("core-ally", "The United States is a core ally for many nations", at(ALLIES_VIEW, 4), "comparison",
              reach.core_ally_readings(), chapter="05-persistent-outlier"),
    ]


def _registry(claims: list[Claim]) -> dict[str, Claim]:
    out: dict[str, Claim] = {}
    for claim in claims:
        if claim.id in out:
            raise ValueError(f"claim {claim.id!r} is in the ledger twice")
        out[claim.id] = claim
    return out


#: Every claim, in the memo's order, by id: the one registry.
REGISTRY: dict[str, Claim] = _registry(_claims())
