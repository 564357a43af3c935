"""What the alliance-level columns and their codes mean (atoplib/data/variables.py): the code labels
are Appendix B of the ATOP 5.1 codebook, read from the PDF; every column of the real releases'
alliance files is described."""

from __future__ import annotations

import re
import shutil
import subprocess

import pandas as pd
import pytest

from atoplib.data.variables import CODES, NOT_CODED, VARIABLES, code_meaning, variable_meaning, with_meaning

from support import real_dir

#: Appendix B, "Summary of numeric codes", in the ATOP 5.1 codebook.
APPENDIX_B = (63, 67)


@pytest.fixture(scope="module")
def appendix_b() -> dict[str, dict[int, str]]:
    """Appendix B as ``pdftotext`` reads it (columns in reading order): each ``NAME (A)`` heading,
    then its codes, each followed by its label's lines."""
    folder = real_dir("5.1")
    pdf = next(folder.rglob("atop_5_1_codebook.pdf"), None) if folder is not None else None
    if pdf is None or shutil.which("pdftotext") is None:
        pytest.skip("the ATOP 5.1 codebook is not at hand: set ATOP_DATA_DIR to the ATOP 5.1 release folder holding "
                    "atop_5_1_codebook.pdf, and install poppler-utils (pdftotext)")
    text = subprocess.run(["pdftotext", "-f", str(APPENDIX_B[0]), "-l", str(APPENDIX_B[1]), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    found: dict[str, dict[int, str]] = {}
    name = code = None
    for line in (ln.strip() for ln in text.replace("\f", "\n").splitlines()):
        heading = re.fullmatch(r"([A-Z][A-Z0-9]+)(?: \((?:A|M)\))?", line)
        if heading and not line.startswith("ALLIANCE"):
            name, code = heading.group(1).lower(), None
            found[name] = {}
        elif not line or line.isdigit() and int(line) in range(APPENDIX_B[0], APPENDIX_B[1] + 1):
            code = None  # a blank line or a page number ends a label
        elif name is not None and re.fullmatch(r"-?\d+", line):
            code = int(line)
            found[name][code] = ""
        elif name is not None and code is not None:
            found[name][code] = f"{found[name][code]} {line}".strip()
    return found


def test_every_code_label_is_appendix_b(appendix_b):
    assert len(appendix_b) > 100
    for name, labels in CODES.items():
        printed = {code: label for code, label in appendix_b[name].items() if code != -9}
        if name in ("length", "renewlgt", "statthr1", "statthr2"):  # months or COW codes, and one label for 0
            printed = {0: printed[0]}
        assert labels == printed, name
    # and every alliance-level column Appendix B gives codes for has them here
    assert [n for n, labels in appendix_b.items() if n in VARIABLES and set(labels) - {-9} and n not in CODES] == []


def test_every_alliance_column_of_the_real_releases_is_described():
    for version in ("5.1", "4.01"):
        folder = real_dir(version)
        if folder is None:
            pytest.skip(f"the real ATOP {version} files are not at hand")
        stem = "atop" + version.replace(".", "_") + "a.csv"
        columns = pd.read_csv(next(folder.rglob(stem)), nrows=0).columns
        assert [c for c in columns if variable_meaning(c).startswith("not described")] == []


def test_meanings():
    assert variable_meaning("AGPROIS") == VARIABLES["agprois"]
    assert variable_meaning("mem3") == "member 3 of the alliance's member list, a COW code"
    assert variable_meaning("cyber") == "not described in the ATOP 5.1 codebook"
    assert code_meaning("agprois", 4) == "other policy issue"
    assert code_meaning("agprois", 4.0) == "other policy issue"
    assert code_meaning("defense", 1) == "yes"
    assert code_meaning("organ1", pd.NA) == NOT_CODED
    assert code_meaning("length", 120) == "120 months" and code_meaning("length", 0) == "unspecified"
    assert code_meaning("statthr1", 365) == "COW code 365"
    assert code_meaning("agprois", 7) == "7"  # a code the codebook does not list: the value alone
    assert with_meaning("renounce", 2) == "2 (parties may renounce upon aggressive action)"
    assert with_meaning("begyr", 1949) == "1949"
    assert with_meaning("proadd", None) == NOT_CODED
