"""JupyterLab as a reader uses it (issue 20 item 8): `make lab` on a clone of the repository, then in
a real browser every notebook is opened, run top to bottom (Run All) and saved; afterwards
`git diff --exit-code notebooks/` in the clone must be clean, i.e. the committed notebooks are
stored exactly as JupyterLab saves them, outputs and all.

The clone sits in tmp_path (the real checkout is never touched) with an offline .venv (the clone's
code first, then this environment's packages: support.offline_venv), so the kernels run the
clone's atoplib. `make lab PORT= TOKEN=` starts the server on a free port with a token of the
test's own; the inputs are given by their variables, found through the settings. The browser is
Debian's Chromium driven by Playwright; JupyterLab exposes its application object to the page
(--LabApp.expose_app_in_browser) and the test runs the same commands as the menu items
(Run > Run All Cells, File > Save Notebook). Without Chromium or Playwright the test skips,
unless ATOP_REQUIRE_BROWSER=1 (set by .ci/run): then it fails.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from support import clone_checkout, complete_inputs, offline_venv

pytestmark = [pytest.mark.slow, pytest.mark.realdata]

CHROMIUM = os.environ.get("ATOP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: the longest one notebook may take to open, run and save (they take seconds; the machine is shared)
NOTEBOOK_TIMEOUT_S = 300


def _missing(reason: str) -> None:
    (pytest.fail if os.environ.get("ATOP_REQUIRE_BROWSER") == "1" else pytest.skip)(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_server(url: str, token: str, server: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"make lab exited with {server.returncode}: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer on {url} within {timeout:.0f} s: {log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`make lab PORT=<free> TOKEN=<random>` in a fresh clone: (url, token, clone)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("the JupyterLab test needs playwright (the 'test' extra)")
    if not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM}; install Debian's chromium or set ATOP_CHROMIUM")
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.skip("needs git and make")
    assets = Path(sys.prefix, "share", "jupyter", "lab")
    if not (assets / "static").is_dir():
        pytest.skip(f"JupyterLab's application files are not in {assets} (the 'lab' extra)")
    inputs = {variable: str(path) for variable, path in complete_inputs().items()}
    box = tmp_path_factory.mktemp("lab")
    clone = clone_checkout(box)
    offline_venv(clone)
    port, token = _free_port(), secrets.token_urlsafe(24)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATOP_", "COW_", "JUPYTER", "XDG_"))}
    env.update(inputs, HOME=str(box / "home"), MPLBACKEND="Agg", ATOP_CACHE_DIR=str(box / "cache"),
               # the offline .venv reuses this environment's packages but not its share/ folder
               JUPYTERLAB_DIR=str(assets))
    for kind in ("STATES", "MAJORS", "NMC"):  # no download: every input is given
        env[f"COW_{kind}_URL"] = f"https://127.0.0.1:9/no-downloads-in-tests/{kind.lower()}"
    log = box / "lab.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            ["make", "lab", f"PORT={port}", f"TOKEN={token}", "LAB_ARGS=--no-browser --LabApp.expose_app_in_browser=True"],
            cwd=clone, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_server(url, token, server, log)
        yield url, token, clone
    finally:
        _stop(server, url, token)


def _stop(server: subprocess.Popen, url: str, token: str) -> None:
    """Shut down every kernel the server started, then the server (make and JupyterLab: the process
    group this test started)."""
    try:
        with urllib.request.urlopen(f"{url}/api/kernels?token={token}", timeout=5) as answer:
            kernels = json.load(answer)
        for kernel in kernels:
            request = urllib.request.Request(f"{url}/api/kernels/{kernel['id']}?token={token}", method="DELETE")
            urllib.request.urlopen(request, timeout=30).close()
    except OSError:
        pass
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


#: Open a notebook, wait for its kernel, Run All, Save, shut its kernel down and close it; the
#: outcome is left in window.__atopResult (Playwright's evaluate has no timeout of its own).
RUN_ALL_AND_SAVE = """
async (path) => {
  window.__atopResult = undefined;
  try {
    const app = window.jupyterapp;
    const panel = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
    await panel.context.ready;
    await panel.sessionContext.ready;
    app.shell.activateById(panel.id);
    while (app.shell.currentWidget !== panel) { await new Promise(r => setTimeout(r, 100)); }
    while (!panel.sessionContext.session || !panel.sessionContext.session.kernel) {
      await new Promise(r => setTimeout(r, 100));
    }
    const ok = await app.commands.execute('notebook:run-all-cells');
    await app.commands.execute('docmanager:save');
    while (panel.context.model.dirty) { await new Promise(r => setTimeout(r, 100)); }
    const errors = [];
    panel.content.widgets.forEach((cell, index) => {
      if (cell.model.type !== 'code') return;
      for (const output of cell.model.outputs.toJSON()) {
        if (output.output_type === 'error') errors.push(`cell ${index}: ${output.ename}: ${output.evalue}`);
      }
    });
    const kernel = panel.sessionContext.session.kernel.model.name;
    await panel.sessionContext.shutdown();
    panel.dispose();
    window.__atopResult = {ok, errors, kernel};
  } catch (err) {
    window.__atopResult = {ok: false, errors: [String(err)]};
  }
}
"""


def test_run_all_and_save_in_jupyterlab_leaves_git_clean(lab):
    from playwright.sync_api import sync_playwright

    url, token, clone = lab
    names = sorted(p.name for p in (clone / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert len(names) >= 12
    outcomes = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            # the token logs the browser in; the Lab opens in notebooks/ (make lab's default URL)
            page.goto(f"{url}/?token={token}", wait_until="load")
            page.wait_for_function("() => window.jupyterapp !== undefined", timeout=120_000)
            page.evaluate("async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }")
            assert "/lab/tree/notebooks" in page.url, page.url
            for name in names:
                page.evaluate(f"() => {{ ({RUN_ALL_AND_SAVE})({json.dumps('notebooks/' + name)}); }}")
                page.wait_for_function("() => window.__atopResult !== undefined", timeout=NOTEBOOK_TIMEOUT_S * 1000)
                outcomes[name] = page.evaluate("() => window.__atopResult")
        finally:
            browser.close()
    failed = {name: o["errors"] for name, o in outcomes.items() if not o["ok"] or o["errors"]}
    assert failed == {}, f"notebooks that did not run to the end in JupyterLab: {failed}"
    assert {o["kernel"] for o in outcomes.values()} == {"python3"}
    # the README and docs/ are reachable from Lab's file browser: the server's root is the project
    with urllib.request.urlopen(f"{url}/api/contents?token={token}", timeout=10) as answer:
        listed = {item["name"] for item in json.load(answer)["content"]}
    assert {"README.md", "docs", "notebooks"} <= listed
    changed = subprocess.run(["git", "status", "--porcelain", "--", "notebooks/"], cwd=clone, capture_output=True,
                             text=True, check=True).stdout.splitlines()
    diff = subprocess.run(["git", "diff", "--exit-code", "--stat", "--", "notebooks/"], cwd=clone, capture_output=True,
                          text=True)
    assert changed == [] and diff.returncode == 0, (
        f"running and saving in JupyterLab changed {len(changed)} committed notebooks:\n{diff.stdout[-3000:]}")
