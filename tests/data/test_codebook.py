"""The codebook's code lists (atoplib/data/codebook.py) agree with the real releases."""

from __future__ import annotations

import pandas as pd
import pytest

from atoplib.data.codebook import CATEGORIES, DUMMIES, allowed_codes, describe_codes

from support import real_dir


def test_allowed_codes():
    assert allowed_codes("defense") == {0, 1} and allowed_codes(" ASYMM ") == {0, 1}
    assert allowed_codes("natrefal") == {0, 1, 2, 3, 9}
    assert allowed_codes("length") is None and allowed_codes("refothio") is None
    assert describe_codes(frozenset({0, 1})) == "0 or 1" and describe_codes(frozenset({0, 1, 2})) == "0, 1 or 2"


@pytest.mark.realdata
@pytest.mark.parametrize("version, kind", [("5.1", "a"), ("5.1", "m"), ("4.01", "a"), ("4.01", "m")])
def test_real_files_hold_only_codebook_codes(version, kind):
    folder = real_dir(version) or pytest.skip(f"real ATOP {version} files not found")
    frame = pd.read_csv(folder / f"atop{version.replace('.', '_')}{kind}.csv", low_memory=False)
    checked = 0
    for column in sorted(DUMMIES | set(CATEGORIES)):
        if column in frame.columns:
            assert set(frame[column].dropna().astype(int)) <= allowed_codes(column), column
            checked += 1
    assert checked >= {"a": 25, "m": 50}[kind]
    # refothio is called a dummy but holds 2 in 5.1: that is why it is not listed
    if version == "5.1":
        assert 2 in set(frame["refothio"].dropna().astype(int))


# --------------------------------------------------------------------------- the codebook's words

PDF_HINT = ("the ATOP 5.1 codebook is not at hand: set ATOP_DATA_DIR to the ATOP 5.1 release folder holding "
            "atop_5_1_codebook.pdf, and install poppler-utils (pdftotext)")


def _normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def codebook_pages() -> list[str]:
    """The pages of the ATOP 5.1 codebook as ``pdftotext -layout`` reads them, whitespace normalised."""
    import shutil
    import subprocess

    from atoplib import settings
    from atoplib.data.codebook import CODEBOOK_FILE

    folder = settings.current().data_dir
    pdf = folder / CODEBOOK_FILE if folder is not None and folder.is_dir() else None
    if pdf is None or not pdf.is_file():
        fallback = real_dir("5.1")
        pdf = fallback / CODEBOOK_FILE if fallback is not None else None
    if pdf is None or not pdf.is_file() or shutil.which("pdftotext") is None:
        pytest.skip(PDF_HINT)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [_normalised(page) for page in text.split("\f")]


def test_every_quote_is_the_codebooks_on_its_page(codebook_pages):
    from atoplib.data.codebook import QUOTES

    assert len(QUOTES) >= 30
    for key, quote in QUOTES.items():
        assert quote.text == _normalised(quote.text), key
        page = codebook_pages[quote.page - 1]
        assert quote.text in page, f"{key}: not on page {quote.page} of the codebook: {quote.text!r}"
        # the page's printed number (at its foot, one or two digits), where it prints one, is the page given
        last = page.rsplit(" ", 1)[-1]
        assert not (last.isdigit() and len(last) <= 2) or int(last) == quote.page, key


def test_quote_citations():
    from atoplib.data.codebook import codebook_quote

    assert codebook_quote("CONSUL").citation == "ATOP 5.1 codebook, section 2.43, p. 41"
    assert codebook_quote("PI").citation == "ATOP 5.1 codebook, title page, p. 1"
    with pytest.raises(KeyError):
        codebook_quote("SUPRANATIONAL")
