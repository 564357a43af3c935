"""atoplib's layers only look down, and importing it has no side effects (issue 22).

The contracts live in pyproject.toml ([tool.importlinter]) and run here with import-linter, the
same check as ``lint-imports`` in the checkout. import-linter (grimp) reads every import, also
those inside functions, so an upward import cannot hide in a function body.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from atoplib import paths

ROOT = paths.PROJECT_ROOT
PACKAGE = ROOT / "atoplib"


def _contract_ids() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    return [contract["id"] for contract in config["contracts"]]


def lint_imports(contract: str) -> subprocess.CompletedProcess:
    """``lint-imports`` on one contract of pyproject.toml (no cache folder is written)."""
    script = Path(sys.executable).with_name("lint-imports")
    command = [str(script)] if script.exists() else [shutil.which("lint-imports") or "lint-imports"]
    return subprocess.run([*command, "--no-cache", "--contract", contract], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def broken_part(output: str) -> str:
    """The 'Broken contracts' section of lint-imports' report (what to fix), else all of it."""
    return output.split("Broken contracts", 1)[-1].strip()


def test_pyproject_declares_the_layers_of_the_target_shape():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["id"] == "layers")
    assert layers["type"] == "layers" and layers["containers"] == ["atoplib"] and layers["exhaustive"] is True
    order = [name.strip() for layer in layers["layers"] for name in layer.split(":")]
    assert order == ["__main__", "cli", "report", "present", "memo", "measures", "data",
                     "settings", "files", "paths", "errors"]
    assert _contract_ids() == ["layers", "acyclic"]


def test_the_layers_only_look_down():
    """cli > report > present > memo > measures > data > settings : files : paths : errors; every
    top-level module of atoplib in one of them."""
    result = lint_imports("layers")
    assert "Contracts: 1 kept, 0 broken" in result.stdout, broken_part(result.stdout + result.stderr)


def test_no_import_cycles_inside_a_layer():
    """No cycle among the modules of any package of atoplib (import-linter's acyclic_siblings),
    function-level and type-checking imports included."""
    result = lint_imports("acyclic")
    assert "Contracts: 1 kept, 0 broken" in result.stdout, broken_part(result.stdout + result.stderr)


def test_the_contract_check_can_fail():
    """The same check on a copy of atoplib with one upward import (data importing report) reports
    it: the contract is not vacuous."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="atop-layers-") as tmp:
        copy = Path(tmp) / "atoplib"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "site_template"))
        with open(copy / "data" / "names.py", "a", encoding="utf-8") as handle:
            handle.write("\nfrom ..report import run as _upward  # noqa: E402,F401\n")
        shutil.copy(ROOT / "pyproject.toml", Path(tmp) / "pyproject.toml")
        script = Path(sys.executable).with_name("lint-imports")
        result = subprocess.run([str(script), "--no-cache", "--contract", "layers"], cwd=tmp, capture_output=True,
                                text=True, timeout=120, env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"})
    assert "BROKEN" in result.stdout, result.stdout + result.stderr
    assert "atoplib.data.names -> atoplib.report.run" in result.stdout


def test_no_module_reaches_a_layer_through_the_root_package():
    """`import atoplib` inside atoplib would reach every layer through attributes (atoplib.report.…),
    which no import-linter contract sees: modules import what they use by name."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "site_template" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import) and any(alias.name == "atoplib" for alias in node.names):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == [], f"modules importing the root package atoplib: {found}"


# --------------------------------------------------------------------------- no side effects at import

IMPORT_EVERYTHING = textwrap.dedent('''
    import json, os, pkgutil, signal, subprocess, sys, threading, traceback, importlib
    import multiprocessing.process

    calls = []

    def record(what):
        def refuse(*args, **kwargs):
            stack = [f"{f.filename}:{f.lineno}" for f in traceback.extract_stack()[:-1]
                     if "importlib" not in f.filename and "<frozen" not in f.filename]
            calls.append({"call": what, "where": stack[-3:]})
            raise RuntimeError(f"{what} during import")
        return refuse

    # the third-party packages atoplib imports, first: their own import-time work (matplotlib builds
    # its font cache with a subprocess and a thread in a fresh HOME) is not atoplib's
    for name in sys.argv[1:]:
        try:
            importlib.import_module(name)
        except Exception:
            pass

    before = {int(s): signal.getsignal(s) for s in signal.valid_signals()
              if s not in (signal.SIGKILL, signal.SIGSTOP)}
    threads = threading.active_count()
    signal.signal = record("signal.signal")
    signal.setitimer = record("signal.setitimer")
    subprocess.Popen.__init__ = record("subprocess.Popen")
    for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "system", "execv", "execve",
                 "spawnv", "spawnve", "setsid", "setpgid", "killpg"):
        if hasattr(os, name):
            setattr(os, name, record(f"os.{name}"))
    multiprocessing.process.BaseProcess.start = record("multiprocessing start")
    threading.Thread.start = record("threading.Thread.start")

    import atoplib
    modules, failed = [], []
    for info in pkgutil.walk_packages(atoplib.__path__, "atoplib."):
        if info.name == "atoplib.__main__":  # runs the command by design (python -m atoplib)
            continue
        try:
            importlib.import_module(info.name)
            modules.append(info.name)
        except Exception as err:
            failed.append(f"{info.name}: {type(err).__name__}: {err}")
    after = {int(s): signal.getsignal(s) for s in before}
    changed = sorted(signal.Signals(s).name for s in before if after[s] is not before[s])
    print(json.dumps({"modules": modules, "failed": failed, "calls": calls, "changed": changed,
                      "threads": threading.active_count() - threads}))
''')


def third_party_imports() -> list[str]:
    """The top-level names of everything atoplib imports that is not atoplib or the standard library."""
    names = set()
    for path in PACKAGE.rglob("*.py"):
        if "site_template" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return sorted(n for n in names if n != "atoplib" and n not in sys.stdlib_module_names)


def test_importing_every_module_installs_no_signal_handler_and_starts_no_process(tmp_path):
    """Each module of atoplib imported in a fresh interpreter in which installing a signal handler,
    starting a process (subprocess, fork, spawn, multiprocessing) or a thread raises and is recorded:
    nothing of the kind happens at import; the build does it when it runs (issue 22). The
    third-party packages are imported before the watch starts."""
    assert {"pandas", "matplotlib", "papermill"} <= set(third_party_imports())
    result = subprocess.run([sys.executable, "-c", IMPORT_EVERYTHING, *third_party_imports()], cwd=tmp_path,
                            capture_output=True, text=True,
                            timeout=300, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "MPLBACKEND": "Agg"})
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["failed"] == [] and report["calls"] == [], report
    assert report["changed"] == [] and report["threads"] == 0, report
    expected = {f"atoplib.{'.'.join(p.relative_to(PACKAGE).with_suffix('').parts)}".removesuffix(".__init__")
                for p in PACKAGE.rglob("*.py") if "site_template" not in p.parts and p.name != "__main__.py"}
    assert expected - {"atoplib"} <= set(report["modules"]), sorted(expected - set(report["modules"]))
