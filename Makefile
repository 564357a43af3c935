# atop-notebooks: the front door. `make report` runs the collection; `make test` runs every test.
# Both create .venv/ (Python 3.11+, pip) on first use and install what they need into it.

PYTHON  ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
VERSION ?= 5.1
# Where the ATOP release is: a folder or the official zip. Empty: ATOP_DATA_DIR, the cache in
# data/raw/, or the official download. `make test` uses ../shared/data when it exists.
DATA_DIR ?=
SHARED  ?= ../shared/data

.PHONY: help install report test test-fast bench lab clean
help:
	@echo "make report   run every notebook for ATOP $(VERSION) into reports/atop-$(VERSION)/"
	@echo "              (other releases: make report VERSION=4.01 DATA_DIR=path/to/atop-4.01)"
	@echo "make test     run every test: package tests and nbval on the notebooks"
	@echo "make bench    print load/derive and collection timings"
	@echo "make site     build the website of reports/atop-$(VERSION)/ into its site/ folder (docs/site.md)"
	@echo "make lab      open the notebooks in JupyterLab (installed into .venv on first use)"
	@echo "make clean    remove the virtual environment and caches (never data/raw or reports)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (atop-notebooks)" >/dev/null
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

report: $(STAMP)
	@$(COW_ENV); $(BIN)/atop report --version $(VERSION) $(if $(DATA_DIR),--data-dir "$(DATA_DIR)")

# COW files (states, NMC) for notebooks 04-06: COW_STATES_FILE / COW_NMC_FILE, data/raw/cow/, or ../shared.
COW_ENV = if [ -z "$$COW_STATES_FILE" ] && [ -f "$(SHARED)/cow/states2016.csv" ]; then export COW_STATES_FILE="$(abspath $(SHARED))/cow/states2016.csv"; fi; \
	if [ -z "$$COW_NMC_FILE" ] && [ -f "$(SHARED)/cow/NMC-60-abridged.csv" ]; then export COW_NMC_FILE="$(abspath $(SHARED))/cow/NMC-60-abridged.csv"; fi

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
	@$(BIN)/python -m atoplib.collection.site --version $(VERSION)

lab: $(STAMP)
	@$(BIN)/python -c "import jupyterlab" 2>/dev/null || $(BIN)/python -m pip install --quiet "jupyterlab>=4"
	@$(COW_ENV); $(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
