# atop-notebooks: the front door. `make report` runs the collection; `make test` runs every test.
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
# Where the ATOP release is: a folder or the official zip. Empty: ATOP_DATA_DIR, the cache in
# data/raw/, or the official download. `make test` uses ../shared/data when it exists.
DATA_DIR ?=
SHARED  ?= ../shared/data

.PHONY: help install report test test-fast bench lab lock clean
help:
	@echo "make report   run every notebook for ATOP $(VERSION) into reports/atop-$(VERSION)/"
	@echo "              (other releases: make report VERSION=4.01 DATA_DIR=path/to/atop-4.01)"
	@echo "make test     run every test: package tests and nbval on the notebooks"
	@echo "make bench    print load/derive and collection timings"
	@echo "make site     build the website of reports/atop-$(VERSION)/ into its site/ folder (docs/site.md)"
	@echo "make lab      open the notebooks in JupyterLab (installed into .venv from the lock)"
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

report: $(STAMP)
	@$(COW_ENV); $(BIN)/atopnb report --version $(VERSION) $(if $(DATA_DIR),--data-dir "$(DATA_DIR)")

# COW files (states, NMC, major powers) for notebooks 04-06 and 09-11: COW_STATES_FILE / COW_NMC_FILE /
# COW_MAJORS_FILE, ../shared when present, else the user cache or the official download.
COW_ENV = if [ -z "$$COW_STATES_FILE" ] && [ -f "$(SHARED)/cow/states2016.csv" ]; then export COW_STATES_FILE="$(abspath $(SHARED))/cow/states2016.csv"; fi; \
	if [ -z "$$COW_NMC_FILE" ] && [ -f "$(SHARED)/cow/NMC-60-abridged.csv" ]; then export COW_NMC_FILE="$(abspath $(SHARED))/cow/NMC-60-abridged.csv"; fi; \
	if [ -z "$$COW_MAJORS_FILE" ] && [ -f "$(SHARED)/cow/majors2016.csv" ]; then export COW_MAJORS_FILE="$(abspath $(SHARED))/cow/majors2016.csv"; fi

test: $(STAMP)
	@if [ -z "$$ATOP_DATA_DIR" ] && [ -d "$(SHARED)/atop/5.1" ]; then export ATOP_DATA_DIR="$(abspath $(SHARED))/atop/5.1"; fi; \
	 if [ -z "$$ATOP_BASE_DATA_DIR" ] && [ -d "$(SHARED)/atop/4.01" ]; then export ATOP_BASE_DATA_DIR="$(abspath $(SHARED))/atop/4.01"; fi; \
	 $(COW_ENV); \
	 $(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-sanitize-with tests/nbval-sanitize.cfg -p no:cacheprovider $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -m "not slow" $(PYTEST_ARGS)

bench: $(STAMP)
	@$(COW_ENV); $(BIN)/python benchmarks/bench.py --collection $(if $(DATA_DIR),--data-dir "$(DATA_DIR)")

# The report as a static website: reports/atop-$(VERSION)/site/index.html, opens from the file system.
.PHONY: site
site: $(STAMP)
	@$(BIN)/python -m atoplib.report.site --version $(VERSION)

# JupyterLab comes from the lock (the `lab` extra). Containers run as root: Jupyter refuses root
# without --allow-root.
lab: $(STAMP)
	@$(COW_ENV); $(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

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
