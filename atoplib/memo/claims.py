"""The claims ledger: every statement of the memo the data could check, and the ones no data can,
registered in the memo's order.

Each entry quotes the memo exactly (its own words, curly quotes included) and says where the words
stand; restatements elsewhere in the memo are listed in ``also`` and judged with the same readings.
The readings live in ``claims_figures`` (Figures 1-2, footnote 3, new pacts), ``claims_us``
(treaties, France, the Rio Pact, mutual promises), ``claims_power`` (asymmetry, the Soviet
comparison, the outlier) and ``claims_data`` (the release itself). Five claims take their readings
from issue 15's module :mod:`atoplib.memo.beyond` (persistence, access, the NATO question).
"""

from __future__ import annotations

from . import claims_data as data_
from . import claims_figures as fig
from . import claims_power as power
from . import claims_us as usa
from .types import REGISTRY, Claim, register

OPENING = "Opening"
COMPARATIVE = "The U.S. Alliance System in a Comparative Perspective"
US_VIEW = "The Existence and Persistence of U.S. Alliance System: The U.S. Perspective"
ALLIES_VIEW = "The Existence and Persistence of U.S. Alliance System: The Allies’ Perspective"


def _at(section: str, paragraph: int) -> str:
    return f"{section}, paragraph {paragraph}"


def _not_testable(id_: str, quote: str, location: str, why: str, also=()) -> Claim:
    return Claim(id_, quote, location, "not testable", untestable=why, also=tuple(also))


def _beyond(id_: str):
    """Issue 15's readings for ``id_`` (:mod:`atoplib.memo.beyond`)."""
    from .beyond import READINGS

    return tuple(READINGS[id_])


def _claims() -> list[Claim | tuple[str, dict]]:
    """Every entry in the memo's order; a ("beyond", fields) pair is a claim whose readings come from
    :mod:`atoplib.memo.beyond`."""
    return [
        Claim("persistent-outlier", "A PERSISTENT OUTLIER", "title", "comparison", power.outlier_readings(),
              chapter="05-persistent-outlier", outputs=("us-defense-partners.csv",)),
        Claim("us-patron", "U.S. alliances are marked by an asymmetry of power, with the United States long being "
              "the “patron” state and the other states being the “protégés.”", _at(OPENING, 1), "comparison",
              power.patron_readings(), chapter="06-asymmetry", outputs=("asymmetry-strongest-share.csv",),
              also=(("the U.S. is not an equal partner, but the dominant player in its alliances", _at(US_VIEW, 4)),)),
        Claim("mutual-defense", "Those asymmetric relationships have, in turn, been backed by promises of mutual "
              "defense, even if the actual defense is, by and large, directed in just one direction.",
              _at(OPENING, 1), "level", usa.mutual_readings(), chapter="05-persistent-outlier",
              outputs=("us-directed-partners.csv",),
              also=(("the United States took on the responsibility of providing security to most of its allies",
                     _at(OPENING, 2)),)),
        _not_testable("allies-reliance", "U.S. allies were simply not powerful enough to protect themselves",
                      _at(OPENING, 2), "whether allies could protect themselves is a judgment about threats and "
                      "capabilities no alliance data record; presidents' complaints are not coded",
                      also=(("U.S. Presidents complaining about “free-riding allies.”", _at(OPENING, 2)),)),
        Claim("france-nato", "though not revoking France’s signature to the treaty", _at(OPENING, 3), "treaty",
              usa.france_readings(), chapter="04-us-alliance-system", outputs=("us-treaties.csv",),
              also=(("though France remained a signatory to the North Atlantic Treaty", _at(ALLIES_VIEW, 2)),)),
        Claim("rio-exits", "several states exiting the Rio Pact in the years after the Cold War", _at(OPENING, 3),
              "treaty", usa.rio_readings(), chapter="04-us-alliance-system", outputs=("rio-pact-exits.csv",)),
        ("beyond", dict(id="exits-not-at-scale", quote="This has not happened at scale",
                        location=_at(OPENING, 3), kind="comparison", chapter="09-persistence",
                        outputs=("persistence-member-exit-shares.csv", "persistence-us-defense-exits.csv"))),
        ("beyond", dict(id="system-robust", quote="the U.S. alliance system has been quite robust",
                        location=_at(OPENING, 3), kind="comparison", chapter="09-persistence",
                        outputs=("persistence-km-defense-pacts.csv",),
                        also=(("the alliance network that has persisted since the end of World War II",
                               _at(ALLIES_VIEW, 1)),))),
        _not_testable("allies-motives", "the United States is the ultimate “off shore balancer”", _at(OPENING, 3),
                      "why states choose the U.S. as an ally is a motive, not an alliance obligation",
                      also=(("the U.S. alliance system remains the best option for these states to guarantee their "
                             "security", _at(ALLIES_VIEW, 3)),
                            ("As the plight of Belgium in the two World Wars well illustrates, there are risks to going "
                             "alone or attempting to remain neutral.", _at(ALLIES_VIEW, 3)))),
        Claim("soviet-comparable", "the only comparably asymmetric alliance system for most of history was that "
              "maintained by the Soviet Union during the Cold War", _at(COMPARATIVE, 1), "comparison",
              power.soviet_readings(), chapter="06-asymmetry",
              outputs=("asymmetry-strongest-share.csv", "asymmetry-atop-asymm.csv")),
        _not_testable("history-analogies", "But that system was more analogous to a direct imperial system",
                      _at(COMPARATIVE, 1), "imperial control and the drafting history of Article 5 are not coded "
                      "in ATOP, whose unit is the written treaty",
                      also=(("asymmetric alliance relationships lie on the same spectrum imperial as imperial "
                             "relations", "footnote 1"),
                            ("which served as the template for Article 5", _at(COMPARATIVE, 2)))),
        Claim("unique-scope-duration", "The U.S. system is unique in scope and duration, as well as because the "
              "United States does not control the domestic policies of the network members, either through direct "
              "control or by holding an oversight and veto role.", _at(COMPARATIVE, 1), "comparison",
              power.unique_readings(), chapter="05-persistent-outlier", outputs=("us-defense-partners.csv",)),
        Claim("article5-treaties", "Similar provisions are found in the 1947 Rio Pact (which served as the template "
              "for Article 5), the 1951/60 Treaty between the United States and Japan, the 1951 Treaty between the "
              "United States and the Philippines, the 1953 Treaty between the United States and South Korea, and "
              "the ANZUS treaty signed in 1951.", _at(COMPARATIVE, 2), "treaty", usa.article5_readings(),
              chapter="04-us-alliance-system", outputs=("us-treaties.csv",),
              also=(("the epitome of this feature is Article 5 of the North Atlantic Treaty", _at(COMPARATIVE, 2)),)),
        Claim("most-common-form", "the consultative-only pact has become the most common form of alliance "
              "commitment", _at(COMPARATIVE, 3), "comparison", fig.most_common_readings(),
              chapter="03-out-of-fashion", outputs=("signing-shares-by-era.csv",)),
        _not_testable("atop-founding", "This project began in 2001 with version 1.0.", _at(COMPARATIVE, 4),
                      "the project's history is not in the data files (the 5.1 codebook names Brett Ashley Leeds at "
                      "Rice University but gives no founding year or version 1.0)",
                      also=(("founded and is currently managed by Ashley Leeds at Rice University",
                             _at(COMPARATIVE, 4)),)),
        Claim("version-coverage", "Version 5.0 of the dataset, the latest version, codes characteristics of all "
              "known alliance treaties from 1815 to 2018.", _at(COMPARATIVE, 4), "data", data_.version_readings(),
              chapter="00-overview",
              also=(("Figure Produced using Stata 18 and ATOP version 5.1.", "Figure 1 note"),)),
        Claim("atopid-examples", "For instance, the 2001 Sino-Russia Treaty is ATOPID 4980, while the North "
              "Atlantic Treaty is ATOPID 3180.", _at(COMPARATIVE, 4), "data", data_.atopid_readings(),
              chapter="00-overview",
              also=(("E.g. 1949 North Atlantic Treaty", "Figure 1 caption"),
                    ("E.g. 2001 Sino-Russian Treaty of Friendship", "Figure 2 caption"))),
        Claim("defense-grew-peak", "The figure shows that the number of such pacts grew over time, reaching a peak "
              "level in the 1970s and 1980s.", _at(COMPARATIVE, 5), "trend", fig.grew_peak_readings(),
              chapter="01-defense-pacts", outputs=("fig1-defense-pacts.csv",)),
        Claim("defense-declined", "Since the end of the Cold War, the number of such agreements has declined",
              _at(COMPARATIVE, 5), "trend", fig.declined_readings(), chapter="01-defense-pacts",
              outputs=("fig1-defense-pacts.csv",)),
        Claim("defense-just-under-60", "holding steady at just under 60 globally", _at(COMPARATIVE, 5), "level",
              fig.just_under_60_readings(), chapter="01-defense-pacts", outputs=("fig1-defense-pacts.csv",)),
        Claim("consult-surged", "the number of consultative pacts has surged", _at(COMPARATIVE, 6), "trend",
              fig.surged_readings(), chapter="02-consultative-pacts", outputs=("fig2-consultative-pacts.csv",)),
        Claim("consult-nearly-150", "reaching nearly 150 globally", _at(COMPARATIVE, 6), "level",
              fig.nearly_150_readings(), chapter="02-consultative-pacts", outputs=("fig2-consultative-pacts.csv",)),
        Claim("footnote-similar", "A similar pattern is shown", "footnote 3", "trend", fig.similar_readings(),
              chapter="02-consultative-pacts", outputs=("fig2-footnote-consult-nonagg.csv",)),
        Claim("footnote-consult-variable", "the *consult* variable is coded with a 1", "footnote 3", "data",
              data_.variable_readings(), chapter="02-consultative-pacts"),
        Claim("out-of-fashion", "creating new pacts with explicit mutual defense provisions went largely “out of "
              "fashion” after the Cold War, with states instead opting for consultative pacts", _at(COMPARATIVE, 6),
              "trend", fig.out_of_fashion_readings(), chapter="03-out-of-fashion",
              outputs=("signing-shares-by-era.csv", "fig3-signing-shares-by-decade.csv")),
        ("beyond", dict(id="nato-today", quote="if NATO were formed today, would it have Article 4, the treaty’s "
                        "consultative clause, but not Article 5?", location=_at(COMPARATIVE, 7), kind="question",
                        chapter="11-nato-today",
                        outputs=("nato-today-predictions.csv", "nato-today-checks.csv"))),
        _not_testable("us-interests", "It can be difficult to place an exact quantifiable figure on the precise "
                      "extent to which U.S. alliances produce benefits.", _at(US_VIEW, 1),
                      "the benefits the U.S. draws (markets, shipping, a buffer, the dollar) are not alliance "
                      "obligations, as the memo itself notes (selection bias)",
                      also=(("preventing a revisionist state from closing off vital markets or disrupting global "
                             "shipping", _at(US_VIEW, 2)),
                            ("the alliance system creates a buffer between those threats and the Western Hemisphere",
                             _at(US_VIEW, 3)),
                            ("such as holding U.S. dollars as a reserve currency, in exchange for protection",
                             _at(US_VIEW, 4)))),
        ("beyond", dict(id="access-basing", quote="Access refers to the U.S. being able to more easily station and "
                        "deploy its military forces", location=_at(US_VIEW, 3), kind="comparison",
                        chapter="10-access",
                        outputs=("access-base-shares.csv", "access-us-one-way-basing.csv",
                                 "access-great-powers-since-1946.csv"))),
        _not_testable("iran-war", "the present crisis over U.S. allies refusing to assist the U.S. in its war against "
                      "Iran", _at(ALLIES_VIEW, 2), "events after ATOP's coverage and public opinion are outside ATOP; "
                      "ATOP codes treaties, not crises within them",
                      also=(("Many are concerned that the administration of current U.S. President Donald Trump will "
                             "either fully abandon U.S. allies or permanently undermine the U.S. alliance system.",
                             _at(ALLIES_VIEW, 1)),
                            ("many U.S. allies being openly critical of the U.S.-led invasion of Iraq in 2003",
                             _at(ALLIES_VIEW, 2)),
                            ("as was occurred to many Gulf states during the war with Iran", _at(ALLIES_VIEW, 3)))),
        ("beyond", dict(id="alliance-held", quote="during each point of tension, the alliance held",
                        location=_at(ALLIES_VIEW, 3), kind="comparison", chapter="09-persistence",
                        outputs=("persistence-us-defense-exits.csv",))),
    ]


def _build() -> None:
    for entry in _claims():
        if isinstance(entry, Claim):
            register(entry)
            continue
        fields = dict(entry[1])
        fields["also"] = tuple(fields.get("also", ()))
        register(Claim(readings=_beyond(fields["id"]), **fields))


#: The ids of issue 15's claims, whose readings come from :mod:`atoplib.memo.beyond`.
BEYOND_IDS = ("exits-not-at-scale", "system-robust", "nato-today", "access-basing", "alliance-held")

if "persistent-outlier" not in REGISTRY:
    _build()
