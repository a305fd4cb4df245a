# Building Trust & Rapport — the two commands that matter: `make site` and `make test`.
# Every target sets up what it needs; stamp files make a second run install nothing.

PYTHON ?= python3
CONFIG ?= mkdocs.yml
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: site test card check new-tip a11y bench serve clean distclean system-deps-site system-deps-test

site: $(VENV)/.stamp-site node_modules/.stamp system-deps-site  ## Build the site, card PDFs and zip into site/ (atomically)
	$(BIN)/rapport build --config mkdocs.yml --out site

card: $(VENV)/.stamp-site node_modules/.stamp system-deps-site  ## Only the pocket card PDFs, into build/card/
	$(BIN)/python scripts/build-card.py --config mkdocs.yml --out build/card

check: $(VENV)/.stamp-site  ## Check docs/ for author mistakes (file:line:col: rule: message); VERBOSE=1 lists exemptions
	$(BIN)/rapport check --config "$(CONFIG)" $(if $(VERBOSE),--verbose)

# The title reaches rapport as data: make passes it unexpanded ($(value ...)) in the
# environment, and the shell expands "$$RAPPORT_TITLE" once, never running what it holds.
new-tip: export RAPPORT_TITLE = $(value TITLE)
new-tip: export RAPPORT_MODULE = $(value MODULE)
new-tip: $(VENV)/.stamp-site  ## Scaffold a tip: make new-tip TITLE='Notice small wins' [MODULE=first-meetings]
	@test -n "$$RAPPORT_TITLE" || { echo "Give a title: make new-tip TITLE='Notice small wins'" >&2; exit 1; }
	@$(BIN)/rapport new-tip --config "$(CONFIG)" --title "$$RAPPORT_TITLE" --module "$$RAPPORT_MODULE"

serve: $(VENV)/.stamp-site node_modules/.stamp  ## Live preview on http://127.0.0.1:$(PORT)/ (PORT=8000 unless given)
	$(BIN)/mkdocs serve --config-file "$(CONFIG)" --dev-addr "127.0.0.1:$(PORT)"

test: $(VENV)/.stamp-test node_modules/.stamp system-deps-site system-deps-test  ## Set up and run every test, browser tests included
	$(BIN)/pytest

# Debian packages: Pango for WeasyPrint (the card), Chromium for the browser tests.
system-deps-site:
	@scripts/system-deps.sh libpango-1.0-0 libpangoft2-1.0-0

# BENCH_SIZES: the real site and synthetic libraries of 30 and 300 tips; BENCH_RUNS: runs each (medians).
BENCH_SIZES ?= real,30,300
BENCH_RUNS  ?= 5
bench: $(VENV)/.stamp-site node_modules/.stamp system-deps-site  ## Our build against plain Material, same run: ratios, weights, targets
	$(BIN)/python scripts/bench.py --sizes "$(BENCH_SIZES)" --runs "$(BENCH_RUNS)"

a11y: $(VENV)/.stamp-test node_modules/.stamp system-deps-site system-deps-test  ## Accessibility table: page x scheme x violations (axe-core)
	$(BIN)/python tests/a11y_support.py

system-deps-test:
	@scripts/system-deps.sh chromium nginx poppler-utils

# Front-end files from npm (card font, file:// search shim, axe-core): exactly the lock file.
node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# The Python environment: created once, reinstalled only when pyproject.toml changes.
$(VENV)/.stamp-base:
	$(PYTHON) -m venv $(VENV)
	touch $@

$(VENV)/.stamp-site: pyproject.toml $(VENV)/.stamp-base
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml $(VENV)/.stamp-site
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf site .site-staging-* .site-old-* ..site-staging-*

distclean: clean
	rm -rf $(VENV) node_modules .cache
