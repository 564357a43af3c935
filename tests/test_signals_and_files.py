"""Guards around what the command line reads and writes (issue 13): outputs never replace inputs,
OS errors as one line, SIGTERM like Ctrl-C, a quiet Ctrl-C while the command starts, failed builds
that do not pile up. Real files, links, FIFOs, devices and signals; nothing is mocked."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import atoplib as al
from atoplib import files
from atoplib.report import signals
from atoplib.data.inputs import refuse_input_overwrite
from atoplib.errors import FileSystemError
from atoplib.report import builds

from support import FIXTURES

MINI = FIXTURES / "mini"


# --------------------------------------------------------------------------- what a path is

def test_path_kind(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "file.csv").write_text("x")
    (tmp_path / "dangling").symlink_to(tmp_path / "gone")
    assert [files.path_kind(p) for p in (tmp_path, tmp_path / "file.csv", fifo, "/dev/null",
                                          tmp_path / "dangling", tmp_path / "nothing")] == [
        "a folder", "a file", "a FIFO (named pipe)", "a character device", "a broken symbolic link", "nothing"]


# --------------------------------------------------------------------------- outputs never replace inputs

def _release(tmp_path: Path) -> Path:
    folder = tmp_path / "rel"
    folder.mkdir()
    for kind in "am":
        (folder / f"atop5_9{kind}.csv").write_text((MINI / f"atop5_9{kind}.csv").read_text())
    return folder


def test_output_that_is_an_input_is_refused(tmp_path):
    folder = _release(tmp_path)
    inputs = [folder / "atop5_9a.csv", folder / "atop5_9m.csv"]
    with pytest.raises(al.ParameterError) as err:
        refuse_input_overwrite(folder / "atop5_9a.csv", inputs)
    assert str(err.value) == (f"output {folder / 'atop5_9a.csv'} is {folder / 'atop5_9a.csv'}, a file of the release "
                              f"being read; writing it would destroy the input: choose another output file")


@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_output_that_is_a_link_to_an_input_is_refused(tmp_path, link):
    folder = _release(tmp_path)
    alias = tmp_path / "elsewhere.csv"
    (alias.symlink_to if link == "symbolic" else alias.hardlink_to)(folder / "atop5_9m.csv")
    with pytest.raises(al.ParameterError) as err:
        refuse_input_overwrite(alias, [folder / "atop5_9a.csv", folder / "atop5_9m.csv"])
    assert f"output {alias} is {folder / 'atop5_9m.csv'}, a file of the release being read (through a link to" in str(err.value)


def test_output_with_an_atop_name_inside_the_release_folder_is_refused(tmp_path):
    folder = _release(tmp_path)
    with pytest.raises(al.ParameterError) as err:
        refuse_input_overwrite(folder / "sub" / "atop5_9sy.csv", [folder / "atop5_9a.csv"], folders=[folder])
    assert "has the name of an ATOP data file inside the release folder" in str(err.value)


def test_other_outputs_are_allowed(tmp_path):
    folder = _release(tmp_path)
    inputs = [folder / "atop5_9a.csv", folder / "atop5_9m.csv"]
    copy = tmp_path / "copy.csv"
    copy.write_bytes((folder / "atop5_9a.csv").read_bytes())  # same bytes, another file
    for output in ("-", copy, folder / "counts.csv", tmp_path / "atop5_9sy.csv", tmp_path / "new.csv"):
        refuse_input_overwrite(output, inputs, folders=[folder])


# --------------------------------------------------------------------------- OS errors as one line

def _raised(action, **kwargs) -> str:
    with pytest.raises(FileSystemError) as err:
        with files.one_line_os_errors(**kwargs):
            action()
    message = str(err.value)
    assert "\n" not in message and isinstance(err.value, al.AtopError)
    return message


def _write_to_dev_full():
    with open("/dev/full", "w") as handle:
        handle.write("x" * 10)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_disk_full_is_one_line():
    """The error carries no file name: the path the caller gives is named."""
    assert _raised(_write_to_dev_full, path="out.csv", doing="writing the counts") == (
        "out.csv: the disk is full while writing the counts; free some space or write elsewhere")


def test_character_device_given_as_a_folder():
    assert _raised(lambda: os.listdir("/dev/null")) == (
        "/dev/null: it is a character device, not a folder; give the path of a folder")


def test_fifo_given_as_a_folder(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert _raised(lambda: list(fifo.iterdir())) == f"{fifo}: it is a FIFO (named pipe), not a folder; give the path of a folder"


def test_folder_given_as_a_file(tmp_path):
    assert _raised(lambda: open(tmp_path, "w")) == f"{tmp_path}: it is a folder; give the path of a file inside it"


def test_file_inside_a_file(tmp_path):
    (tmp_path / "a-file").write_text("x")
    message = _raised(lambda: (tmp_path / "a-file" / "out.csv").write_text("y"))
    assert message == f"{tmp_path / 'a-file' / 'out.csv'}: a part of the path is not a folder; give the path of a folder"


def test_missing_file(tmp_path):
    assert _raised(lambda: open(tmp_path / "nowhere.csv")) == f"{tmp_path / 'nowhere.csv'}: it does not exist; check the path"


def test_as_a_decorator_and_with_a_path_for_errors_without_one(tmp_path):
    @files.one_line_os_errors(path=tmp_path / "out.csv", doing="writing out.csv")
    def fails():
        raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(FileSystemError) as err:
        fails()
    assert str(err.value) == (f"{tmp_path / 'out.csv'}: an input/output error occurred (a failing disk or network "
                              f"drive) while writing out.csv; check the disk and try again")


def test_broken_pipe_and_atop_errors_pass_unchanged():
    with pytest.raises(BrokenPipeError):
        with files.one_line_os_errors():
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")
    with pytest.raises(al.DataNotFoundError):  # an AtopError that is also an OSError
        with files.one_line_os_errors():
            raise al.DataNotFoundError("folder x does not exist; set ATOP_DATA_DIR")


@pytest.mark.skipif(os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists(), reason="needs root and setpriv to drop the override")
def test_permission_denied_as_a_user_without_the_override(tmp_path):
    """Root reads everything; without CAP_DAC_OVERRIDE (as any user) a mode-000 file is unreadable."""
    secret = tmp_path / "atop5_9m.csv"
    secret.write_text("x")
    secret.chmod(0)
    code = (f"from atoplib import files\nwith files.one_line_os_errors():\n    open({str(secret)!r}).read()")
    run = subprocess.run(["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                          "--bounding-set=-dac_override,-dac_read_search", sys.executable, "-c", code],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1] == (
        f"atoplib.errors.FileSystemError: {secret}: permission denied; give yourself access to it or choose another path")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_stdout_on_a_full_disk_gives_one_line_and_no_second_failure():
    """`… > /dev/full`: the error is one line, and Python's final flush of stdout does not print
    'Exception ignored …' afterwards (the stream is pointed at the null device)."""
    code = textwrap.dedent("""
        import sys
        from atoplib import files
        from atoplib.errors import FileSystemError
        try:
            with files.one_line_os_errors(stdout=True):
                sys.stdout.write("year,count\\n" * 100000)
                sys.stdout.flush()
        except FileSystemError as err:
            print(f"atopnb: error: {err}", file=sys.stderr)
            sys.exit(2)
    """)
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-c", code], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert run.returncode == 2
    assert run.stderr == "atopnb: error: standard output: the disk is full; free some space or write elsewhere\n"


# --------------------------------------------------------------------------- SIGTERM like Ctrl-C

def test_sigterm_raises_terminated_and_the_handler_is_restored():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt) as err:
        with signals.sigterm_as_interrupt():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
    assert isinstance(err.value, signals.Terminated) and err.value.signum == signal.SIGTERM
    assert signals.interrupted_status(err.value) == ("terminated (SIGTERM)", 143)
    assert signals.interrupted_status(KeyboardInterrupt()) == ("interrupted", 130)
    assert signal.getsignal(signal.SIGTERM) is before


def test_an_ignored_signal_stays_ignored():
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        with signals.sigterm_as_interrupt():
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(0.05)
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_sigterm_during_a_write_leaves_no_partial_file(tmp_path):
    """Issue 13 case 7, the mechanism: a slow atomic write killed by SIGTERM removes its .partial
    file and leaves the previous output as it was."""
    out = tmp_path / "out.csv"
    out.write_text("previous\n")
    code = textwrap.dedent(f"""
        import sys, time
        from atoplib import files
        from atoplib.report import signals
        from atoplib.files import atomic_write as write_atomically

        def slow(tmp):
            tmp.write_text("half")
            print("writing", flush=True)
            time.sleep(30)

        try:
            with signals.sigterm_as_interrupt():
                write_atomically({str(out)!r}, slow)
        except KeyboardInterrupt as err:
            message, status = signals.interrupted_status(err)
            print(f"atopnb: error: {{message}}", file=sys.stderr)
            sys.exit(status)
    """)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "writing"
    assert len(list(tmp_path.glob(".out.csv.*.partial"))) == 1
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143 and err == "atopnb: error: terminated (SIGTERM)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"] and out.read_text() == "previous\n"


# --------------------------------------------------------------------------- Ctrl-C while the command starts

def test_quiet_interrupt_only_in_the_command():
    assert signals.quiet_interrupt_at_startup() is False  # pytest is not the atop command
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_importing_the_package_has_no_side_effect_even_as_the_command():
    """Importing atoplib (or the command's module) installs no signal handler and loads nothing
    heavy, even in the `atopnb` process: the command installs its quiet Ctrl-C handler itself, first
    thing in main(), and loads pandas inside the command, where Ctrl-C is caught."""
    code = textwrap.dedent("""
        import signal, sys
        sys.argv[0] = "/usr/local/bin/atopnb"
        before = signal.getsignal(signal.SIGINT)
        import atoplib, atoplib.cli
        assert signal.getsignal(signal.SIGINT) is before
        assert not any(m in sys.modules for m in ("pandas", "numpy", "matplotlib")), sorted(sys.modules)
        print("ok")
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr


def test_the_command_installs_the_quiet_handler_first():
    """In the `atopnb` process, cli.main() installs the quiet handler before anything else:
    a Ctrl-C while it is in place is one line, status 130."""
    code = textwrap.dedent("""
        import sys, time
        sys.argv[0] = "/usr/local/bin/atopnb"
        from atoplib import cli
        from atoplib.report import signals
        signals.restore_interrupt = lambda: (print("importing", flush=True), time.sleep(30))  # stands for loading pandas
        cli.main(["provisions"])
    """)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "importing"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and err == "atopnb: error: interrupted\n"


@pytest.mark.parametrize("delay", [0.15, 0.3, 0.5])
def test_ctrl_c_early_in_a_real_command_is_one_line(delay):
    """Issue 13 case 13: SIGINT 0.15-0.5 s after `python -m atoplib counts` starts (while pandas
    is imported, or just after): one line, status 130, no traceback."""
    process = subprocess.Popen([sys.executable, "-m", "atoplib", "counts", "--data-dir", str(MINI)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip(f"the command finished within {delay} s on this machine")
    assert (process.returncode, err.splitlines()[-1:], "Traceback" in err) == (130, ["atopnb: error: interrupted"], False)


def test_restore_gives_ctrl_c_back_to_python():
    code = textwrap.dedent("""
        import sys, os, signal
        sys.argv[0] = "atopnb"
        from atoplib import files
        from atoplib.report import signals
        signals.quiet_interrupt_at_startup()
        signals.restore_interrupt()
        try:
            os.kill(os.getpid(), signal.SIGINT)
            import time; time.sleep(5)
        except KeyboardInterrupt:
            print("caught")
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "caught"


# --------------------------------------------------------------------------- failed builds

def test_prune_keeps_the_newest(tmp_path):
    names = [f"atop-5.9.failed-20260101T0000{s:02d}Z" for s in range(5)]
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "00-overview.ipynb").write_text("{}")
    (tmp_path / "atop-5.9").mkdir()  # the good report is never touched
    removed = builds.prune_kept(tmp_path, "atop-5.9.failed-*", keep=3)
    assert sorted(p.name for p in removed) == names[:2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atop-5.9"] + names[2:]


def test_process_alive_tells_running_ended_and_zombie_processes():
    process_alive = signals.process_alive
    assert process_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and process_alive(child.pid):  # exited, not yet reaped: a zombie
        time.sleep(0.05)
    assert not process_alive(child.pid)
    child.wait()
    assert not process_alive(child.pid)  # reaped: no such process
