# atop-notebooks: the front door. `make report` runs the collection; `make test` runs the tests
# (all but the slow ones: `make test-slow`; CI runs both).
# Both create .venv/ (Python 3.11+, pip) on first use and install into it the exact versions
# pinned in requirements.lock (`make lock` regenerates it from pyproject.toml's ranges).

PYTHON  ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
LOCK    := requirements.lock
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
# The kernel every notebook names in its metadata (kernelspec): JupyterLab writes the installed
# kernel's display name into a notebook it saves, so this must equal the committed notebooks'
# (tests/test_project.py checks it) or opening a notebook would change it.
KERNEL_NAME    := python3
KERNEL_DISPLAY := Python 3 (ipykernel)
VERSION ?= 5.1
# Where the ATOP release is: a folder or the official zip. Empty: ATOP_DATA_DIR, the user cache
# (ATOP_CACHE_DIR, default ~/.cache/atop-notebooks), or the official download.
DATA_DIR ?=
SHARED  ?= ../shared/data

# Inputs that `make test`, `make lab` and `make bench` take from $(SHARED) (the data folder beside
# the project, when there is one) for each variable that is unset: VARIABLE=path under $(SHARED).
SHARED_INPUTS := ATOP_DATA_DIR=atop/$(VERSION) ATOP_BASE_DATA_DIR=atop/4.01 COW_STATES_FILE=cow/states2016.csv \
                 COW_NMC_FILE=cow/NMC-60-abridged.csv COW_MAJORS_FILE=cow/majors2016.csv
# $(call shared_env,VARIABLES): shell code exporting each of VARIABLES that is unset or empty as its
# file in $(SHARED), when that file exists (the one place make looks beside the project); used as
# `$(INPUT_ENV); command`.
shared_env = $(foreach input,$(filter $(addsuffix =%,$(1)),$(SHARED_INPUTS)),$(call _shared_one,$(word 1,$(subst =, ,$(input))),$(word 2,$(subst =, ,$(input))))) true
_shared_one = if [ -z "$${$(1):-}" ] && [ -e "$(SHARED)/$(2)" ]; then export $(1)="$(abspath $(SHARED))/$(2)"; fi;
INPUT_ENV = $(call shared_env,ATOP_DATA_DIR ATOP_BASE_DATA_DIR COW_STATES_FILE COW_NMC_FILE COW_MAJORS_FILE)
COW_ENV   = $(call shared_env,COW_STATES_FILE COW_NMC_FILE COW_MAJORS_FILE)

.PHONY: help install report replicate test test-slow bench lab lock clean
help:
	@echo "make report     run every notebook for ATOP $(VERSION) into reports/atop-$(VERSION)/"
	@echo "                (other releases: make report VERSION=4.01 DATA_DIR=path/to/atop-4.01)"
	@echo "make replicate  re-execute every notebook from scratch and compare with the committed report"
	@echo "make test       the tests on $(TEST_JOBS) workers: package tests, the layer contract, nbval on the"
	@echo "                notebooks; all but the slow ones (TEST_JOBS=1 for one worker)"
	@echo "make test-slow  the slow tests: the wheel in a fresh venv, a fresh clone, JupyterLab and the"
	@echo "                website in Chromium, interrupted and repeated report runs (CI runs both)"
	@echo "make bench      print load/derive, collection and test-suite timings"
	@echo "make site       build the website of reports/atop-$(VERSION)/ into its site/ folder (docs/site.md)"
	@echo "make lab        open JupyterLab on the project (PORT=, TOKEN= optional; installed from the lock)"
	@echo "make lock     re-resolve requirements.lock from pyproject.toml (LOCK_ARGS=--upgrade to update)"
	@echo "make clean    remove the virtual environment and caches (never data/raw or reports)"

# The lock holds every package (the dependencies and the test, site and lab extras) with its
# sha256, so pip installs exactly those files; the project itself goes in on top, without deps.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(EDITABLE_QUIET) $(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL_NAME) --display-name "$(KERNEL_DISPLAY)" >/dev/null
	rm -f $(VENV)/.installed-*
	touch $@

# The editable install maps data/ and notebooks/ into the package (pyproject: package-dir), so
# setuptools installs it through an import hook and prints an informational notice about it,
# "Editable installation." (not a problem of the configuration); only that notice is silenced.
EDITABLE_QUIET := PYTHONWARNINGS="ignore:Editable installation"

install: $(STAMP)

# A run that lacks an input (the base release, a COW file) writes reports/atop-$(VERSION).partial/ and
# says what it lacks in its first line; only a complete run replaces reports/atop-$(VERSION)/.
report: $(STAMP)
	@$(INPUT_ENV); $(BIN)/atopnb report --version $(VERSION) $(if $(DATA_DIR),--data-dir "$(DATA_DIR)")

# What a data editor does: every notebook re-executed from scratch (whatever the machine-local cache
# holds) and compared with the committed report file by file; exit status 1 on a difference.
replicate: $(STAMP)
	@$(INPUT_ENV); $(BIN)/atopnb report --force --version $(VERSION) $(if $(DATA_DIR),--data-dir "$(DATA_DIR)")

# The COW files (states, NMC, major powers) for notebooks 04-06 and 09-11 come from COW_STATES_FILE /
# COW_NMC_FILE / COW_MAJORS_FILE ($(SHARED) when unset, COW_ENV), else the user cache or the download.

# The tests find every input through the settings, as `atopnb` does (ATOP_DATA_DIR, ATOP_BASE_DATA_DIR,
# COW_*_FILE; $(SHARED) for those unset); a test whose input is missing skips, naming the variable.
# pytest-xdist runs them on TEST_JOBS workers; --dist loadfile keeps each test file (its module
# fixtures) and each notebook (its nbval cells share one kernel) on one worker.
TEST_JOBS ?= 2
PYTEST    = $(BIN)/python -m pytest -p no:cacheprovider $(if $(filter-out 0 1,$(TEST_JOBS)),-n $(TEST_JOBS) --dist loadfile)
NBVAL     = notebooks --nbval-lax --nbval-sanitize-with tests/nbval-sanitize.cfg

test: $(STAMP)
	@$(INPUT_ENV); $(PYTEST) tests $(NBVAL) -m "not slow" $(PYTEST_ARGS)

# Marked slow: they install, clone, open a browser or run whole collections (minutes each).
test-slow: $(STAMP)
	@$(INPUT_ENV); $(PYTEST) tests -m slow $(PYTEST_ARGS)

bench: $(STAMP)
	@$(INPUT_ENV); $(BIN)/python benchmarks/bench.py --collection --tests $(if $(DATA_DIR),--data-dir "$(DATA_DIR)")

# The report as a static website: reports/atop-$(VERSION)/site/index.html, opens from the file system.
.PHONY: site
site: $(STAMP)
	@$(BIN)/python -m atoplib.report.site --version $(VERSION)

# JupyterLab comes from the lock (the `lab` extra) and finds the inputs as `make test` does. Its file
# root is the project (README.md and docs/ open from its file browser); it starts in notebooks/.
# PORT=8890 serves on that port (default: 8888 or the next free one), TOKEN=secret sets the login
# token (default: a new random one, printed); LAB_ARGS adds options (e.g. --no-browser).
# Containers run as root: Jupyter refuses root without --allow-root.
PORT  ?=
TOKEN ?=
LAB_ARGS ?=
lab: $(STAMP)
	@$(INPUT_ENV); $(BIN)/python -m jupyterlab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks \
	  $(if $(PORT),--ServerApp.port=$(PORT) --ServerApp.port_retries=0) $(if $(TOKEN),--IdentityProvider.token="$(TOKEN)") \
	  $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# Re-resolve the lock for CPython 3.11 on Linux x86-64 with uv, in a tool venv of its own (never
# .venv). Pins already in the lock are kept unless LOCK_ARGS asks otherwise, e.g.
# LOCK_ARGS=--upgrade (everything) or LOCK_ARGS="--upgrade-package pandas".
LOCK_EXTRAS := test site lab
LOCK_TOOL   := build/lock-tool
UV_VERSION  := 0.13.9
lock:
	@test -x $(LOCK_TOOL)/bin/uv || { $(PYTHON) -m venv $(LOCK_TOOL) && $(LOCK_TOOL)/bin/python -m pip install --quiet "uv==$(UV_VERSION)"; }
	$(LOCK_TOOL)/bin/uv pip compile pyproject.toml $(foreach e,$(LOCK_EXTRAS),--extra $(e)) \
	  --python-version 3.11.5 --python-platform x86_64-manylinux_2_28 --generate-hashes \
	  --annotation-style line --custom-compile-command "make lock" --quiet $(LOCK_ARGS) -o $(LOCK)

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
