"""The claims ledger (atoplib.memo.claims, atoplib.memo.ledger): quotes against the memo's text, the
registry, hand counts on the `mini` and `us-mini` fixtures, and real 5.1 / 4.01 values computed
independently with plain pandas."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from atoplib.memo import claims as claims_module
from atoplib.memo import ledger
from atoplib.memo.types import KINDS, REGISTRY

from support import SHARED, cow_file

MEMO = SHARED.parent / "memo" / "poast-2026-us-alliance-network-today.txt"
CHAPTERS = {"00-overview", "01-defense-pacts", "02-consultative-pacts", "03-out-of-fashion",
            "04-us-alliance-system", "05-persistent-outlier", "06-asymmetry", "07-what-changed",
            "08-reproduction-report", "09-persistence", "10-access", "11-nato-today"}
BEYOND_READY = importlib.util.find_spec("atoplib.memo.beyond") is not None


def normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def memo_text() -> str:
    if not MEMO.is_file():
        pytest.skip(f"the memo's text is not beside the project ({MEMO.parent} missing)")
    return normalised(MEMO.read_text(encoding="utf-8"))


def all_entries():
    """Every entry the ledger defines, those waiting for issue 15's readings included."""
    for entry in claims_module._claims():
        if isinstance(entry, tuple):
            fields = entry[1]
            yield fields["id"], ((fields["quote"], fields["location"]),) + tuple(fields.get("also", ()))
        else:
            yield entry.id, entry.quotes


# --------------------------------------------------------------------------- the memo's words

def test_every_quote_is_the_memos(memo_text):
    for claim_id, quotes in all_entries():
        for quote, location in quotes:
            assert normalised(quote) in memo_text, f"{claim_id}: not in the memo: {quote!r}"
            assert location.strip(), claim_id


def test_registered_in_the_memos_order(memo_text):
    positions = [memo_text.index(normalised(c.quote)) for c in REGISTRY.values()]
    assert positions == sorted(positions)


# --------------------------------------------------------------------------- the registry

def test_registry_covers_the_memo_once():
    ids = [claim_id for claim_id, _ in all_entries()]
    assert len(ids) == len(set(ids)) == 30
    assert len(REGISTRY) == 30
    beyond = set(claims_module.BEYOND_IDS)
    assert (beyond <= set(REGISTRY)) == BEYOND_READY
    assert set(REGISTRY) == (set(ids) if BEYOND_READY else set(ids) - beyond)
    untestable = [c for c in REGISTRY.values() if c.kind == "not testable"]
    assert len(untestable) == 6 and all(c.untestable and not c.readings for c in untestable)
    for claim in REGISTRY.values():
        assert claim.kind in KINDS
        if claim.readings:
            assert claim.chapter in CHAPTERS, claim.id
            assert len({r.id for r in claim.readings}) == len(claim.readings), claim.id


def test_overall_status_rule():
    assert ledger.overall_status(["agree", "agree", "n/a"]) == "agree"
    assert ledger.overall_status(["differ", "n/a"]) == "differ"
    assert ledger.overall_status(["agree", "differ"]) == "partly"
    assert ledger.overall_status(["partly"]) == "partly"
    assert ledger.overall_status(["n/a", "n/a"]) == "n/a"
    assert ledger.overall_status(["agree", "not testable"]) == "agree"
    assert ledger.overall_status(["not testable"]) == "not testable"


# --------------------------------------------------------------------------- hand-made releases

def _rows(table, claim_id):
    rows = table[table["claim_id"].eq(claim_id)]
    return rows.iloc[0], rows.iloc[1:]


def test_mini_ledger_by_hand(mini):
    table = ledger.ledger_table(ledger.as_evidence(mini, load_cow=False))
    assert tuple(table.columns) == ledger.COLUMNS
    assert set(table["release"]) == {"ATOP 5.9"}
    overall = ledger.overall_rows(table)
    assert overall["claim_id"].tolist() == list(REGISTRY)
    # mini ends in 1920: every reading of Figure 1 needs 1945 or 1991 -> n/a, with the reason
    head, readings = _rows(table, "defense-just-under-60")
    assert head["status"] == "n/a" and set(readings["status"]) == {"n/a"}
    assert readings["reason"].str.contains("covers 1815-1920").any()
    # mini has no phase file: the phase readings say so
    assert readings["reason"].str.contains("no alliance-phase").sum() == 4
    # release 5.9: a version-5 release covering 1815-1920, later than 5.0 -> both readings differ
    head, readings = _rows(table, "version-coverage")
    assert readings["status"].tolist() == ["differ", "differ"] and head["status"] == "differ"
    assert readings["measured"].iloc[0] == "ATOP 5.9 covers 1815-1920"
    # mini's alliance file names the variable consul, not consult
    assert _rows(table, "footnote-consult-variable")[0]["status"] == "differ"
    # ATOPIDs 3180 and 4980 are not in mini
    assert _rows(table, "atopid-examples")[1]["status"].tolist() == ["differ", "differ", "differ"]
    for claim in REGISTRY.values():
        if not claim.readings:
            head = table[table["claim_id"].eq(claim.id)]
            assert len(head) == 1 and head["status"].iloc[0] == "not testable" and head["reading"].iloc[0] == "overall"


def test_usmini_ledger_by_hand(usmini):
    # tests/fixtures/us-mini/README.md: the Rio- and NATO-shaped pacts have too few founders to be
    # found; 2003 and 2004 are the two U.S.-Japan treaties (U.S. defense = 1, Japan 0)
    table = ledger.ledger_table(ledger.as_evidence(usmini, load_cow=False))
    head, readings = _rows(table, "article5-treaties")
    assert readings["measured"].iloc[0].startswith("2 of 7 hold")
    assert readings["measured"].iloc[1].startswith("0 of 7 hold")
    assert readings["status"].tolist() == ["differ", "differ", "n/a"]
    # partners: nobody has any in 1946; the U.S. ties the Rio-shaped pact's members (3) in 1947-1948
    outlier = _rows(table, "persistent-outlier")[1]
    strict, tied = outlier.iloc[0], outlier.iloc[1]
    assert strict["status"] == "differ" and strict["measured"].startswith("first in 22 of 25 years 1946-1970")
    assert strict["reason"] == "tied or behind in 1946-1948"
    assert tied["status"] == "agree"
    # directed: from 1951 Japan is promised defense and promises none; lowest share 6 of 7 (1951)
    mutual = _rows(table, "mutual-defense")[1]
    assert mutual["measured"].iloc[0].startswith("6 of 7 states the U.S. promises defense promise it back in 1970")
    assert "lowest share 85.7% (1951)" in mutual["measured"].iloc[0]
    assert mutual["measured"].iloc[1].startswith("2 of 3 U.S. defense pacts in force in 1970")
    assert mutual["measured"].iloc[2].startswith("the U.S. promises defense to 7 of the 7 states")
    assert mutual["status"].tolist() == ["agree", "agree", "agree", "not testable"]
    # CINC readings without COW's NMC: n/a
    assert set(_rows(table, "us-patron")[1]["status"]) == {"n/a"}
    # the Rio Pact's exits need years after 1991
    assert _rows(table, "rio-exits")[0]["status"] == "n/a"


# --------------------------------------------------------------------------- real releases

def _cow(name, env):
    path = cow_file(name, env)
    if path is None:
        pytest.skip(f"COW {name} not found (set {env} or provide ../shared/data/cow)")
    return path


@pytest.fixture(scope="module")
def cow_tables():
    from atoplib.data.cow import load_majors, load_nmc, load_states

    return {"states": load_states(_cow("states2016.csv", "COW_STATES_FILE")),
            "nmc": load_nmc(_cow("NMC-60-abridged.csv", "COW_NMC_FILE")),
            "majors": load_majors(_cow("majors2016.csv", "COW_MAJORS_FILE"))}


@pytest.fixture(scope="module")
def ledger51(atop51, cow_tables):
    return ledger.ledger_table(atop51, **cow_tables)


@pytest.fixture(scope="module")
def ledger401(atop401, cow_tables):
    return ledger.ledger_table(atop401, **cow_tables)


def raw(data, kind="a") -> pd.DataFrame:
    return pd.read_csv(data.release.files[kind], low_memory=False)


def in_force(frame, year, begin="begyr", end="endyr"):
    return frame[frame[begin].le(year) & (frame[end].eq(0) | frame[end].ge(year))]


def alliance_counts(frame, years, **mask):
    keep = pd.Series(True, index=frame.index)
    for column, value in mask.items():
        keep &= frame[column].eq(value)
    return pd.Series({y: int(len(in_force(frame[keep], y))) for y in years})


@pytest.mark.realdata
@pytest.mark.parametrize("which", ["5.1", "4.01"])
def test_figure_levels_against_pandas(which, request):
    data = request.getfixturevalue("atop51" if which == "5.1" else "atop401")
    table = request.getfixturevalue("ledger51" if which == "5.1" else "ledger401")
    a, last = raw(data), data.last_year
    after = alliance_counts(a, range(1992, last + 1), defense=1)
    head, readings = _rows(table, "defense-just-under-60")
    first = readings.iloc[0]
    assert first["measured"].startswith(f"{after.min()}-{after.max()} a year in 1992-{last}")
    assert head["status"] == "differ" and set(readings["status"]) <= {"differ", "n/a"}
    assert (readings["status"] == "n/a").sum() == (0 if which == "5.1" else 4)
    consult = alliance_counts(a, [last], consul=1, defense=0)[last]
    head, readings = _rows(table, "consult-nearly-150")
    assert readings.iloc[0]["measured"] == f"{consult} in {last}"
    assert readings.iloc[0]["status"] == ("agree" if 140 <= consult <= 149 else "differ")
    assert readings.iloc[1]["status"] == ("agree" if 135 <= consult <= 150 else "differ")
    # "declined": last year against 1991 on the alliance-level codes
    d1991, dlast = alliance_counts(a, [1991, last], defense=1)
    declined = _rows(table, "defense-declined")[1].iloc[1]
    assert declined["measured"] == f"{d1991} in 1991, {dlast} in {last}"
    assert declined["status"] == ("agree" if dlast < d1991 else "differ")


@pytest.mark.realdata
@pytest.mark.parametrize("which", ["5.1", "4.01"])
def test_treaty_and_data_facts_against_pandas(which, request):
    data = request.getfixturevalue("atop51" if which == "5.1" else "atop401")
    table = request.getfixturevalue("ledger51" if which == "5.1" else "ledger401")
    a, m = raw(data), raw(data, "m")
    france = m[m["atopid"].eq(3180) & m["member"].eq(220)].sort_values("yrent")
    continuous = (france["yrent"].iloc[1:].to_numpy() == france["yrexit"].iloc[:-1].to_numpy()).all()
    assert _rows(table, "france-nato")[1]["status"].iloc[0] == ("agree" if continuous and france["yrexit"].iloc[-1] == 0 else "differ")
    assert _rows(table, "france-nato")[1]["status"].iloc[1] == ("agree" if france["defense"].eq(1).all() else "differ")
    rio = m[m["atopid"].eq(3075) & m["yrexit"].ge(1992) & m["termmode"].ne(2)]
    assert _rows(table, "rio-exits")[1]["measured"].iloc[0].startswith(f"{len(rio)} exits 1992-{data.last_year}")
    assert _rows(table, "rio-exits")[0]["status"] == ("agree" if len(rio) >= 3 else "partly")
    assert ("consult" in a.columns) is False and _rows(table, "footnote-consult-variable")[0]["status"] == "differ"
    sino = a.set_index("atopid").loc[4980]
    members = sorted(m.loc[m["atopid"].eq(4980), "member"].unique())
    checks = [sino["begyr"] == 2001 and members == [365, 710],
              a.set_index("atopid").loc[3180, "begyr"] == 1949,
              sino["consul"] == 1 and sino["defense"] == 0 and a.set_index("atopid").loc[3180, "defense"] == 1]
    readings = _rows(table, "atopid-examples")[1]["status"].tolist()
    assert readings[0] == ("agree" if checks[0] else "differ") and readings[2] == ("agree" if checks[2] else "differ")
    assert checks[1] or readings[1] == "differ"
    version = str(a["version"].iloc[0])
    expected = {"5.1": "partly", "4.01": "n/a"}[which]
    assert version == which and _rows(table, "version-coverage")[0]["status"] == expected


@pytest.mark.realdata
@pytest.mark.parametrize("which", ["5.1", "4.01"])
def test_most_common_form_against_pandas(which, request):
    data = request.getfixturevalue("atop51" if which == "5.1" else "atop401")
    table = request.getfixturevalue("ledger51" if which == "5.1" else "ledger401")
    a = raw(data)
    new = a[a["begyr"].ge(1992)]
    military = new["defense"].eq(1) | new["offense"].eq(1)
    consult_first = int((~military & new["consul"].eq(1)).sum())
    nonagg_first = int((~military & new["neutral"].eq(0) & new["nonagg"].eq(1)).sum())
    head, readings = _rows(table, "most-common-form")
    by_reading = dict(zip(table.loc[table["claim_id"].eq("most-common-form"), "reading"].iloc[1:], readings["measured"]))
    signed = [k for k in by_reading if "signed 1992-end; alliance-level" in k]
    last_first, consult_first_key = signed[0], signed[1]
    assert f"consultation pacts {consult_first} of {len(new)}" in by_reading[consult_first_key]
    assert f"most common: non-aggression pacts ({nonagg_first})" in by_reading[last_first]
    assert head["status"] == "partly"


@pytest.mark.realdata
def test_us_patron_against_pandas(atop51, ledger51, cow_tables):
    a, m, nmc = raw(atop51), raw(atop51, "m"), cow_tables["nmc"]
    pacts = a.loc[a["defense"].eq(1), "atopid"]
    us_pacts = m.loc[m["member"].eq(2) & m["atopid"].isin(pacts), "atopid"].unique()
    rows = []
    for year in range(1946, 2017):
        members = in_force(m[m["atopid"].isin(us_pacts)], year, "yrent", "yrexit")[["atopid", "member"]].drop_duplicates()
        members = members.merge(nmc.loc[nmc["year"].eq(year), ["ccode", "cinc"]], left_on="member", right_on="ccode", how="left")
        for atopid, group in members.groupby("atopid"):
            if group["cinc"].notna().all():
                rows.append(group.loc[group["cinc"].idxmax(), "member"] == 2)
    head, readings = _rows(ledger51, "us-patron")
    assert readings["measured"].iloc[0].startswith(f"the U.S. is the strongest member in {sum(rows)} of {len(rows)}")


@pytest.mark.realdata
def test_across_releases_and_text(ledger51, ledger401):
    across = ledger.ledger_across_releases([ledger51, ledger401])
    assert list(across.columns) == ["claim_id", "location", "quote", "ATOP 5.1", "ATOP 4.01"]
    for table, column in ((ledger51, "ATOP 5.1"), (ledger401, "ATOP 4.01")):
        overall = ledger.overall_rows(table).set_index("claim_id")["status"]
        assert across.set_index("claim_id")[column].equals(overall.rename(column))
        # each overall status follows from its readings
        for claim_id, rows in table.groupby("claim_id", sort=False):
            assert rows["status"].iloc[0] == ledger.overall_status(rows["status"].iloc[1:].tolist() or ["not testable"])
    paragraphs = ledger.differing_paragraphs(ledger51)
    differing = ledger.overall_rows(ledger51).query("status in ['differ', 'partly']")
    assert len(paragraphs) == len(differing)
    assert any("44-50 a year in 1992-2018" in p for p in paragraphs)
    html = ledger.ledger_html(ledger51)
    assert html.count("<tr") == len(ledger51) + 1 and "text-align:left" in html
    assert "holding steady at just under 60 globally" in html
    assert "ATOP 5.1" in ledger.summary_sentence(ledger51)


def test_reading_band_on_mini_by_hand(mini):
    # mini (no phase file: 3 rules). 1900: 1001 counts on the alliance and member levels, not at
    # year-end (it ends in 1900); 1910: 1003 and 1004 on the alliance level, only 1003 on the member
    # level (1004's defense promise starts with its phase 2 in 1912)
    band = ledger.reading_band(mini, "defense-just-under-60", 1899).set_index("year")
    assert band.loc[1900].tolist() == [0, 1, 3, 1]
    assert band.loc[1910].tolist() == [1, 2, 3, 2]
    assert tuple(band.reset_index().columns) == ("year", "low", "high", "rules", "alliance_level")


def test_readable_helpers(mini):
    table = ledger.ledger_table(ledger.as_evidence(mini, load_cow=False))
    from atoplib.present.ledger_view import show_ledger

    shown = show_ledger(table)
    html = shown._repr_html_()
    assert "text-align: left" in html and "holding steady at just under 60 globally" in html
    assert ledger.quote_text("footnote-similar") == "“A similar pattern is shown” (footnote 3)"
    paragraph = ledger.claim_paragraph(table, "version-coverage")
    assert paragraph.startswith("version-coverage — “Version 5.0 of the dataset") and "ATOP 5.9 covers 1815-1920" in paragraph
    assert ledger.claim_paragraph(table, "iran-war").startswith("iran-war — “the present crisis")
