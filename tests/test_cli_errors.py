"""The command line on bad inputs: one `atopnb: error:` line, exit status 2, nothing on stdout, no
traceback.

Bad inputs are built at test time in tmp_path from the `mini` fixture (or, for checksums, from a
copy of the real 5.1 files); docs/errors.md lists every message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import MINI, drop, release

pytestmark = pytest.mark.usefixtures("quiet_unpinned")


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def _mini_entries() -> dict[str, bytes]:
    return {f"ATOP 5.9 (.csv)/{p.name}": p.read_bytes() for p in sorted(MINI.glob("*.csv"))}


def _locked_zip(tmp_path: Path) -> Path:
    path = _zip(tmp_path / "locked.zip", _mini_entries())
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set the "encrypted" flag bit
        at = data.find(signature)
        while at != -1:
            data[at + offset] |= 1
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def _closed_port() -> int:
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


#: (case, data folder or zip built in tmp_path, extra arguments, environment, part of the message)
CLI_CASES = [
    ("folder-missing", lambda t: t / "nowhere", [], {}, "does not exist"),
    ("folder-empty", lambda t: (t / "empty").mkdir() or t / "empty", [], {}, "is empty"),
    ("member-file-missing", lambda t: release(t, m=drop), [], {}, "no member level file atop5_9m.csv"),
    ("mixed-releases", lambda t: release(t, m_name="atop5_8m.csv"), [], {}, "mixes releases"),
    ("not-a-zip", lambda t: (t / "a.zip").write_text("<html>") and t / "a.zip", [], {}, "is not a zip archive"),
    ("zip-password", _locked_zip, [], {}, "is password-protected"),
    ("zip-escape", lambda t: _zip(t / "evil.zip", {**_mini_entries(), "../x.csv": b"1"}), [], {},
     "entry '../x.csv' would be written outside the target folder"),
    ("zip-no-atop", lambda t: _zip(t / "other.zip", {"readme.txt": b"hi"}), [], {}, "holds no ATOP data files"),
    ("non-numeric", lambda t: release(t, m=lambda s: s.replace("1003,220,1902", "1003,220,19O2")), [], {},
     "non-numeric value '19O2' in data row 8"),
    ("delimiter", lambda t: release(t, a=lambda s: s.replace(",", ";")), [], {}, "is not comma-separated"),
    ("duplicate-atopid", lambda t: release(t, a=lambda s: s + s.splitlines()[2] + "\n"), [], {},
     "ATOPID 1002 appears more than once"),
    ("begyr-after-endyr", lambda t: release(t, a=lambda s: s.replace("1003,1902,6,1,1915", "1003,1916,6,1,1915")),
     [], {}, "begyr 1916 after endyr 1915"),
    ("orphan-member", lambda t: release(t, m=lambda s: s + "9999,2,1900,1,1,1900,1,1,0,0,1,0,0,0,0,0,1,1,5.9\n"),
     [], {}, "ATOPID 9999, which is not in the alliance file"),
    ("fake-dta", lambda t: release(t, a_name="atop5_9a.dta", m_name="atop5_9m.dta"), [], {}, "is not a Stata .dta file"),
    ("years-outside", lambda t: MINI, ["--start-year", "1700"], {}, "fall outside ATOP 5.9's coverage 1815-1920"),
    ("unknown-release", lambda t: MINI, ["--version", "9.9"], {}, "holds ATOP 5.9, not 9.9"),
    ("offline", lambda t: None, ["--version", "5.9"],
     {"ATOP_DOWNLOAD_URL": "http://127.0.0.1:{port}/atop.zip", "ATOP_ALLOW_HTTP": "1"}, "could not download ATOP 5.9"),
    ("http-refused", lambda t: None, ["--version", "5.9"], {"ATOP_DOWNLOAD_URL": "http://127.0.0.1:{port}/atop.zip"},
     "only https URLs or a local zip are accepted"),
]


def _cli_argv(build, extra, environment, tmp_path, monkeypatch) -> list[str]:
    monkeypatch.delenv("ATOP_DATA_DIR", raising=False)
    monkeypatch.delenv("ATOP_ALLOW_HTTP", raising=False)
    monkeypatch.setenv("ATOP_CACHE_DIR", str(tmp_path / "cache"))
    port = _closed_port()
    for name, value in environment.items():
        monkeypatch.setenv(name, value.format(port=port))
    target = build(tmp_path)
    return ["counts", *(["--data-dir", str(target)] if target is not None else []), *extra]


@pytest.mark.parametrize("case, build, extra, environment, part", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_cli_one_line_exit_2(case, build, extra, environment, part, tmp_path, monkeypatch, capsys):
    from atoplib import cli

    argv = _cli_argv(build, extra, environment, tmp_path, monkeypatch)
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("atopnb: error: ") and part in lines[0], lines


@pytest.mark.parametrize("case", ["non-numeric", "zip-password", "offline"])
def test_cli_process_prints_one_line_and_no_traceback(case, tmp_path, monkeypatch):
    """The same through a real process: exactly one line on stderr, status 2, nothing on stdout."""
    import os
    import subprocess
    import sys

    _, build, extra, environment, part = next(c for c in CLI_CASES if c[0] == case)
    argv = _cli_argv(build, extra, environment, tmp_path, monkeypatch)
    run = subprocess.run([sys.executable, "-m", "atoplib", *argv], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ))
    assert run.returncode == 2 and run.stdout == ""
    assert "Traceback" not in run.stderr
    # mini (5.9) has no pinned checksums: that one warning line may come first
    lines = [line for line in run.stderr.splitlines() if "has no pinned checksums" not in line]
    assert len(lines) == 1 and lines[0].startswith("atopnb: error: ") and part in lines[0], lines


# --------------------------------------------------------------------------- issue 13: nothing lost, nothing silent

def _quiet_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if "has no pinned checksums" not in line]


@pytest.mark.parametrize("how", ["same-path", "symbolic-link", "hard-link", "atop-name-in-the-folder"])
def test_output_never_replaces_an_input(how, tmp_path, capsys):
    """Issue 13 case 4: `-o` onto a file of the release being read is refused; the file is unchanged."""
    from atoplib import cli

    folder = release(tmp_path)
    original = (folder / "atop5_9a.csv").read_bytes()
    output = {"same-path": folder / "atop5_9a.csv", "symbolic-link": tmp_path / "link.csv",
              "hard-link": tmp_path / "hard.csv", "atop-name-in-the-folder": folder / "atop5_9sy.csv"}[how]
    if how == "symbolic-link":
        output.symlink_to(folder / "atop5_9a.csv")
    elif how == "hard-link":
        output.hardlink_to(folder / "atop5_9a.csv")
    assert cli.main(["counts", "--data-dir", str(folder), "-o", str(output)]) == 2
    (line,) = _quiet_lines(capsys.readouterr().err)
    part = ("has the name of an ATOP data file inside the release folder" if how == "atop-name-in-the-folder"
            else f"is {folder / 'atop5_9a.csv'}, a file of ATOP 5.9 being read")
    assert line.startswith(f"atopnb: error: output {output}") and part in line, line
    assert (folder / "atop5_9a.csv").read_bytes() == original
    assert not (folder / "atop5_9sy.csv").exists()


def test_repeated_report_parameter(capsys):
    from atoplib import cli

    assert cli.main(["report", "--data-dir", str(MINI), "-p", "start_year=1950", "-p", "start_year=1960"]) == 2
    (line,) = _quiet_lines(capsys.readouterr().err)
    assert line == ("atopnb: error: parameter start_year is given twice (-p start_year=1950 and -p start_year=1960); "
                    "give it once")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_standard_output_on_a_full_disk():
    """Issue 13 case 11: `atopnb counts > /dev/full` is one line, status 2, no second failure at exit."""
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "atoplib", "counts", "--data-dir", str(MINI)], stdout=full,
                             stderr=subprocess.PIPE, text=True, timeout=120)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "Exception ignored" not in run.stderr
    assert _quiet_lines(run.stderr) == ["atopnb: error: standard output: the disk is full; free some space or write elsewhere"]


def test_sigterm_while_writing_leaves_no_partial_file(tmp_path):
    """Issue 13 case 7: SIGTERM (timeout, a cancelled CI job) while `-o` is being written: status 143,
    one line, no hidden .partial file, the previous output untouched."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from support import real_dir

    data = real_dir("5.1") or pytest.skip("real ATOP 5.1 files not found (the write must take a moment)")
    output = tmp_path / "dyads.csv"
    output.write_text("previous\n")
    process = subprocess.Popen([sys.executable, "-m", "atoplib", "dyad-years", "--data-dir", str(data), "-o", str(output)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".dyads.csv.*.partial")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert process.poll() is None, "the command ended before its .partial file could be seen"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert err.splitlines()[-1] == "atopnb: error: terminated (SIGTERM)" and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dyads.csv"] and output.read_text() == "previous\n"
