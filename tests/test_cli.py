"""The `atopnb` command line, run as `python -m atoplib ...` in a subprocess (and, for cases that
need to fake a failure, through `atoplib.cli.main` in-process): hand counts on `mini`, one-line
errors and warnings with exit status 2, atomic output files, and real-data outputs equal to ATOP's
own files."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import atoplib as al
from atoplib import cli
from atoplib.files import atomic_write

from support import real_dir


def atop(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run `python -m atoplib ARGS`; the data always come from --data-dir, never ATOP_DATA_DIR."""
    environment = {k: v for k, v in os.environ.items() if k != "ATOP_DATA_DIR"}
    result = subprocess.run(
        [sys.executable, "-m", "atoplib", *args], capture_output=True, text=True, env=environment, timeout=120
    )
    assert "Traceback" not in result.stderr, result.stderr
    if check:
        assert result.returncode == 0, result.stderr
    return result


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# --------------------------------------------------------------------------- mini

def test_counts_defense_on_mini_by_hand(mini_dir):
    result = atop("counts", "--provision", "defense", "--data-dir", str(mini_dir), "--start-year", "1899")
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame.columns) == ["year", "count"]
    counts = dict(zip(frame.year, frame["count"]))
    assert [counts[y] for y in (1899, 1900, 1901, 1902, 1909, 1910, 1915, 1916, 1920)] == [0, 1, 0, 1, 1, 2, 2, 1, 1]
    assert frame.year.tolist() == list(range(1899, 1921))
    # the unpinned release: exactly one warning line, nothing else on stderr
    assert stderr_lines(result) == [
        "atopnb: warning: ATOP 5.9 has no pinned checksums in data/registry.csv; its files are used "
        "unverified (add their sha256 there once the release is confirmed)"
    ]


def test_counts_consultative_variants_in_process(mini_dir, capsys):
    assert cli.main(["counts", "--provision", "consult-only", "--data-dir", str(mini_dir), "--start-year", "1904"]) == 0
    only = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("year")["count"]
    assert (only[1904], only[1905], only[1919], only[1920]) == (0, 1, 1, 2)
    assert cli.main(["counts", "--provision", "consult-nonagg", "--data-dir", str(mini_dir), "--start-year", "1904"]) == 0
    footnote = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("year")["count"]
    assert (footnote[1904], footnote[1905], footnote[1920]) == (0, 1, 1)


def test_unknown_provision_is_one_line_exit_2(mini_dir):
    result = atop("counts", "--provision", "mutual-love", "--data-dir", str(mini_dir), check=False)
    assert result.returncode == 2 and result.stdout == ""
    errors = [line for line in stderr_lines(result) if line.startswith("atopnb: error:")]
    assert len(errors) == 1 and "unknown provision 'mutual-love'" in errors[0] and "defense" in errors[0]
    assert all(line.startswith("atopnb: ") for line in stderr_lines(result))


@pytest.mark.parametrize(
    "argv, message",
    [
        (["counts", "--data-dir", "{missing}"], "does not exist"),
        (["counts", "--data-dir", "{mini}", "--start-year", "1950", "--end-year", "1940"], "start_year 1950 is after end_year 1940"),
        (["state-years", "--data-dir", "{mini}", "-o", "{missing}/out.csv"], "output folder"),
        (["dyad-years", "--data-dir", "{mini}", "-o", "{tmp}"], "is a folder"),
        (["partners", "--data-dir", "{mini}", "--provision", "nope"], "unknown provision 'nope'"),
        (["report", "--data-dir", "{mini}", "-p", "start_year"], "must be written name=value"),
    ],
)
def test_expected_errors_in_process(argv, message, mini_dir, tmp_path, capsys):
    argv = [a.format(missing=tmp_path / "missing", mini=mini_dir, tmp=tmp_path) for a in argv]
    assert cli.main(argv) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("atopnb: error:")]
    assert len(err) == 1 and message in err[0]


def test_state_years_file_on_mini(mini_dir, tmp_path):
    out = tmp_path / "sy.csv"
    result = atop("state-years", "--data-dir", str(mini_dir), "-o", str(out))
    frame = pd.read_csv(out)
    assert len(frame) == 76
    assert list(frame.columns[:10]) == ["state", "year", "atopally", "defense", "offense", "neutral", "nonagg", "consul", "number", "transyr"]
    assert list(frame.columns[10:]) == ["atopid1", "atopid2", "atopid3", "version"]
    us = frame[(frame.state == 2) & (frame.year == 1912)].iloc[0]
    assert (us.defense, us.number, us.atopid1, us.atopid2) == (1, 2, 1002, 1004)
    assert 8152 in set(frame.state)
    assert f"atopnb: wrote {out} (76 rows)" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["sy.csv"]  # no temporary file left


def test_dyad_years_file_on_mini(mini_dir, tmp_path, capsys):
    out = tmp_path / "dy.csv"
    assert cli.main(["dyad-years", "--data-dir", str(mini_dir), "-o", str(out)]) == 0
    frame = pd.read_csv(out)
    assert len(frame) == 104 and list(frame.columns[:3]) == ["stateA", "stateB", "year"]
    row = frame[(frame.stateA == 2) & (frame.stateB == 8152) & (frame.year == 1912)].iloc[0]
    back = frame[(frame.stateA == 8152) & (frame.stateB == 2) & (frame.year == 1912)].iloc[0]
    assert (row.defense, back.defense) == (1, 0)
    assert cli.main(["dyad-years", "--data-dir", str(mini_dir), "-o", str(out), "--cow-only"]) == 0
    assert len(pd.read_csv(out)) == 104 - 22
    assert cli.main(["partners", "--data-dir", str(mini_dir), "--direction", "promised_to", "--start-year", "1912", "--end-year", "1912"]) == 0
    out_text = capsys.readouterr().out
    assert out_text.splitlines() == ["year,ccode,partners", "1912,200,1", "1912,220,1", "1912,8152,1"]


def test_failed_run_never_clobbers_a_good_file(mini_dir, tmp_path):
    out = tmp_path / "sy.csv"
    out.write_text("a good file\n")
    result = atop("state-years", "--data-dir", str(mini_dir), "-o", str(out), "--start-year", "1800", check=False)
    assert result.returncode == 2 and "outside ATOP 5.9's coverage" in result.stderr
    assert out.read_text() == "a good file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sy.csv"]


def test_write_interrupted_midway_keeps_the_old_file(tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("old\n")

    def half_then_fail(tmp: Path, exc: BaseException) -> None:
        tmp.write_text("half of a new fi")
        raise exc

    for exc in (KeyboardInterrupt(), OSError(28, "No space left on device")):
        with pytest.raises((KeyboardInterrupt, al.ParameterError)):
            atomic_write(out, lambda tmp: half_then_fail(tmp, exc))
        assert out.read_text() == "old\n"
        assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]
    atomic_write(out, lambda tmp: tmp.write_text("new\n"))
    assert out.read_text() == "new\n"


def test_ctrl_c_exits_130_with_one_line(mini_dir, tmp_path, monkeypatch, capsys):
    import atoplib.measures.stateyears as stateyears

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(stateyears, "state_years", interrupted)
    out = tmp_path / "sy.csv"
    out.write_text("keep\n")
    assert cli.main(["state-years", "--data-dir", str(mini_dir), "-o", str(out)]) == 130
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "atopnb: error: interrupted" and not any("Traceback" in line for line in err)
    assert out.read_text() == "keep\n"


def test_info_and_provisions(mini_dir, capsys):
    assert cli.main(["info", "--data-dir", str(mini_dir)]) == 0
    text = capsys.readouterr().out
    assert "ATOP release     5.9" in text and "coverage         1815-1920" in text
    assert "alliances        6 (3 still in force at the end of 1920)" in text
    assert "NOT verified" in text and "atop5_9a.csv" in text
    assert cli.main(["info", "--json", "--data-dir", str(mini_dir)]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["version"] == "5.9" and info["checksums_verified"] is False
    assert info["in_force_in_last_year"] == {"any": 3, "defense": 1, "consult-only": 2, "consult-nonagg": 1}
    assert set(info["files"]) == {"atop5_9a.csv", "atop5_9m.csv"} and all(len(h) == 64 for h in info["files"].values())
    assert cli.main(["provisions"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert {"defense", "consult-only", "consult-nonagg", "offense", "neutral", "nonagg", "any"} <= set(names)


def test_report_resolves_the_settings_once_and_passes_them(monkeypatch, tmp_path, capsys):
    """Issue 20 item 5: the options and the environment are resolved once, at start-up, into one
    Settings (relative paths made absolute) that the report receives whole."""
    import atoplib.report.run as report

    seen = {}

    def fake_report(settings, **kwargs):
        seen.update(kwargs, settings=settings)
        return report.Outcome(tmp_path / "atop-4.01")

    monkeypatch.setattr(report, "report", fake_report)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COW_MAJORS_FILE", "cow/majors2016.csv")  # relative, in the environment
    argv = ["report", "--version", "4.01", "--data-dir", "D", "--jobs", "1", "-p", "start_year=1946",
            "-p", "end_year = 1991", "--no-progress", "--notebook", "01-defense-pacts", "--states-file", "s.csv",
            "--base-data-dir", "base", "-o", "out"]
    assert cli.main(argv) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "atop-4.01")
    chosen = seen.pop("settings")
    assert (chosen.data_dir, chosen.states_file, chosen.base_data_dir, chosen.reports_dir, chosen.majors_file) == (
        tmp_path / "D", tmp_path / "s.csv", tmp_path / "base", tmp_path / "out", tmp_path / "cow" / "majors2016.csv")
    assert seen == {"version": "4.01", "notebooks": ["01-defense-pacts"],
                    "parameters": {"start_year": "1946", "end_year": "1991"}, "jobs": 1, "progress": False,
                    "force": False}

    def failing(settings, **kwargs):
        raise al.ReportError("01-defense-pacts.ipynb failed in cell 3 (NameError: x); see the kept build")

    monkeypatch.setattr(report, "report", failing)
    assert cli.main(["report"]) == 2
    assert capsys.readouterr().err.strip() == "atopnb: error: 01-defense-pacts.ipynb failed in cell 3 (NameError: x); see the kept build"


def test_every_command_takes_the_common_options(mini_dir, tmp_path, capsys):
    """Issue 20: the README says every command takes --data-dir; `provisions --data-dir` was refused."""
    common = ["--data-dir", str(mini_dir), "--base-data-dir", str(tmp_path), "--states-file", "s.csv",
              "--nmc-file", "n.csv", "--majors-file", "m.csv"]
    assert cli.main(["provisions", *common]) == 0
    assert "defense" in capsys.readouterr().out
    assert cli.main(["info", *common]) == 0
    assert "ATOP release     5.9" in capsys.readouterr().out
    parser = cli.build_parser()
    for command in ("counts", "state-years", "dyad-years", "partners", "info", "provisions", "report"):
        options = {o for a in parser._subparsers._group_actions[0].choices[command]._actions for o in a.option_strings}
        assert {"--data-dir", "--version", "--base-data-dir", "--states-file", "--nmc-file", "--majors-file"} <= options, command


def test_an_output_inside_the_base_release_or_the_cache_is_refused(mini_dir, tmp_path, monkeypatch, capsys):
    """Issue 21 case 7: `-o` into the base release (or the cache) was written; now one line."""
    base = tmp_path / "atop-4.01"
    base.mkdir()
    (base / "atop4_01a.csv").write_text("kept\n")
    assert cli.main(["counts", "--data-dir", str(mini_dir), "--base-data-dir", str(base), "-o", str(base / "counts.csv")]) == 2
    line = [ln for ln in capsys.readouterr().err.splitlines() if "error" in ln][0]
    assert f"output {base / 'counts.csv'} is inside the base release {base}" in line
    assert sorted(p.name for p in base.iterdir()) == ["atop4_01a.csv"]
    cache = tmp_path / "cache"
    monkeypatch.setenv("ATOP_CACHE_DIR", str(cache))
    cache.mkdir()
    assert cli.main(["counts", "--data-dir", str(mini_dir), "-o", str(cache / "counts.csv")]) == 2
    assert "is inside the cache folder" in capsys.readouterr().err


def test_bad_arguments_exit_2():
    result = atop("report", "--jobs", "0", check=False)
    assert result.returncode == 2 and "at least 1" in result.stderr
    result = atop("frobnicate", check=False)
    assert result.returncode == 2 and "invalid choice" in result.stderr


# --------------------------------------------------------------------------- real data

def _real(version: str) -> Path:
    folder = real_dir(version)
    if folder is None:
        pytest.skip(f"real ATOP {version} files not found (set ATOP_DATA_DIR or provide ../shared/data/atop/{version})")
    return folder


@pytest.mark.realdata
@pytest.mark.parametrize("release", ["5.1", "4.01"])
def test_real_state_years_file_equals_atops_own(release, tmp_path):
    """`atopnb state-years --cow-only` writes ATOP's state-year CSV byte for byte (line ends aside)."""
    folder = _real(release)
    out = tmp_path / "sy.csv"
    atop("state-years", "--cow-only", "--data-dir", str(folder), "-o", str(out))
    official = next(p for p in folder.rglob("*") if p.name.lower() == f"atop{release.replace('.', '_')}sy.csv")
    assert out.read_bytes() == official.read_bytes().replace(b"\r\n", b"\n")


@pytest.mark.realdata
def test_real_counts_and_info():
    folder = _real("5.1")
    result = atop("counts", "--provision", "defense", "--data-dir", str(folder))
    counts = pd.read_csv(io.StringIO(result.stdout)).set_index("year")["count"]
    assert (counts.idxmax(), counts.max(), counts[1991], counts[2018]) == (1967, 63, 48, 48)
    assert stderr_lines(result) == []  # the official files verify: no warning
    info = json.loads(atop("info", "--json", "--data-dir", str(folder)).stdout)
    assert info["version"] == "5.1" and info["coverage"] == "1815-2018" and info["alliances"] == 789
    assert info["checksums_verified"] is True
    assert info["files"]["atop5_1a.csv"] == "eafd146fa5c5bc2737ae829288c87d01c990a55fbc82dcc2dc08b94c0d7b5b7d"


@pytest.mark.realdata
def test_real_dyad_years_through_a_closed_pipe():
    """`atopnb dyad-years -o - | head -1`: the header, then a quiet exit (no BrokenPipe traceback)."""
    folder = _real("5.1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "atoplib", "dyad-years", "--cow-only", "--data-dir", str(folder), "-o", "-"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    header = proc.stdout.readline().decode()
    proc.stdout.close()  # the reader goes away
    _, err = proc.communicate(timeout=120)
    assert header.startswith("stateA,stateB,year,atopally,defense")
    assert proc.returncode == 0 and b"Traceback" not in err and b"BrokenPipe" not in err
