# Building Trust & Rapport — the two commands that matter: `make site` and `make test`.
# Every target sets up what it needs; stamp files make a second run install nothing.

PYTHON ?= python3
CONFIG ?= mkdocs.yml
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Every value given on the command line reaches the commands as data: exported unexpanded
# ($(value ...)) and read by the shell as "$$MK_…", so quotes, `;` or `$$(...)` in it never run.
export MK_BASE = $(value BASE)
export MK_ENGINE = $(value ENGINE)
export MK_CONFIG = $(value CONFIG)
export MK_PORT = $(value PORT)
export MK_KIT = $(value KIT)
export MK_OFFLINE_KIT = $(value OFFLINE_KIT)
export MK_BENCH_SIZES = $(value BENCH_SIZES)
export MK_BENCH_RUNS = $(value BENCH_RUNS)
export MK_BENCH_BIG_RUNS = $(value BENCH_BIG_RUNS)

.PHONY: site test card check new-tip a11y bench serve clean distclean system-deps-site system-deps-test offline-kit lock

# A build host with no internet: `make offline-kit` (online) writes every wheel and npm tarball
# the lock files name into KIT; there, `make site OFFLINE_KIT=path` installs only from it.
KIT ?= offline-kit
OFFLINE_KIT ?=
ifneq ($(strip $(value OFFLINE_KIT)),)
export PIP_NO_INDEX := 1
export PIP_FIND_LINKS := $(abspath $(value OFFLINE_KIT))/python
KIT_CHECK = @test -d "$$MK_OFFLINE_KIT/python" || { echo "OFFLINE_KIT=$$MK_OFFLINE_KIT: no kit there; make one with \`make offline-kit\` on a machine with internet" >&2; exit 1; }
endif

# BASE: the sub-path a server serves the site under (for 404.html and the server files in site/deploy/).
BASE ?= /
# ENGINE: what renders the pages: mkdocs (default) or properdocs (its maintained fork; README, "Support window").
ENGINE ?= mkdocs
site: $(VENV)/.stamp-site node_modules/.stamp system-deps-site  ## Build the site, card PDFs and zip into site/ (atomically); BASE=/training/ for a sub-path
	$(BIN)/rapport build --config mkdocs.yml --out site --base "$$MK_BASE" --engine "$$MK_ENGINE"

card: $(VENV)/.stamp-site node_modules/.stamp system-deps-site  ## Only the pocket card PDFs, into build/card/
	$(BIN)/python scripts/build-card.py --config mkdocs.yml --out build/card

check: $(VENV)/.stamp-site  ## Check docs/ for author mistakes (file:line:col: rule: message); VERBOSE=1 lists exemptions
	$(BIN)/rapport check --config "$$MK_CONFIG" $(if $(value VERBOSE),--verbose)

# The title reaches rapport as data: make passes it unexpanded ($(value ...)) in the
# environment, and the shell expands "$$RAPPORT_TITLE" once, never running what it holds.
new-tip: export RAPPORT_TITLE = $(value TITLE)
new-tip: export RAPPORT_MODULE = $(value MODULE)
new-tip: $(VENV)/.stamp-site  ## Scaffold a tip: make new-tip TITLE='Notice small wins' [MODULE=first-meetings]
	@test -n "$$RAPPORT_TITLE" || { echo "Give a title: make new-tip TITLE='Notice small wins'" >&2; exit 1; }
	@$(BIN)/rapport new-tip --config "$$MK_CONFIG" --title "$$RAPPORT_TITLE" --module "$$RAPPORT_MODULE"

serve: $(VENV)/.stamp-site node_modules/.stamp system-deps-site  ## Live preview on http://127.0.0.1:$(PORT)/ (PORT=8000 unless given): the same build as make site
	$(BIN)/rapport serve --config "$$MK_CONFIG" --port "$$MK_PORT" --engine "$$MK_ENGINE"

test: $(VENV)/.stamp-test node_modules/.stamp system-deps-site system-deps-test  ## Set up and run every test, browser tests included
	$(BIN)/pytest

# Debian packages: Pango for WeasyPrint (the PDFs), and HarfBuzz's subsetter, so every host
# subsets fonts the same way (without it the PDFs carry the time of the build); Chromium for
# the slides' PDF (Marp CLI) and the browser tests.
system-deps-site:
	@scripts/system-deps.sh libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium

# BENCH_SIZES: the real site and synthetic libraries of 30 and 300 tips; BENCH_RUNS: runs each (medians),
# BENCH_BIG_RUNS at 300 tips (minutes a run); BENCH_STRICT=1: fail when a target is missed (by default a
# miss is reported, as a measurement). The first visit is measured in Chromium (Playwright, a test dependency).
BENCH_SIZES ?= real,30,300
BENCH_RUNS  ?= 5
BENCH_BIG_RUNS ?= 1
bench: $(VENV)/.stamp-test node_modules/.stamp system-deps-site  ## Our build against plain Material, same run: ratios, weights, targets
	$(BIN)/python scripts/bench.py --sizes "$$MK_BENCH_SIZES" --runs "$$MK_BENCH_RUNS" --big-runs "$$MK_BENCH_BIG_RUNS" $(if $(value BENCH_STRICT),--strict)

a11y: $(VENV)/.stamp-test node_modules/.stamp system-deps-site system-deps-test  ## Accessibility table: page x scheme x violations (axe-core)
	$(BIN)/python tests/a11y_support.py

system-deps-test:
	@scripts/system-deps.sh chromium nginx apache2 rsync openssl poppler-utils

# Front-end files from npm (card font, file:// search shim, axe-core): exactly the lock file
# (from the offline kit's tarballs, checked against the lock, with OFFLINE_KIT).
node_modules/.stamp: package.json package-lock.json
ifneq ($(strip $(value OFFLINE_KIT)),)
	$(PYTHON) scripts/offline-kit.py npm-install "$$MK_OFFLINE_KIT"
else
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
endif
	touch $@

# The Python environment: created once, reinstalled only when pyproject.toml changes.
# First: a Python that the lock installs on (3.11 or newer: Debian 12's own python3 is 3.11.2).
PYTHON_FLOOR := 3.11
$(VENV)/.stamp-base:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { echo "Python $(PYTHON_FLOOR) or newer is needed; '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing). On Debian 12: apt-get install python3 python3-venv, or make site PYTHON=python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	touch $@

# Exactly requirements.lock, hashes checked; then this project itself, without dependencies.
$(VENV)/.stamp-site: pyproject.toml requirements.lock $(VENV)/.stamp-base
	$(KIT_CHECK)
	$(BIN)/pip install --quiet --require-hashes --requirement requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml $(VENV)/.stamp-site
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

offline-kit:  ## Every wheel and npm tarball the locks name, into KIT (offline-kit/), for a build host with no internet
	$(PYTHON) scripts/offline-kit.py make "$$MK_KIT"

# requirements.lock from pyproject.toml, with hashes (pip-tools in a throwaway environment).
lock:  ## Pin the Python packages again (after a change to pyproject.toml's dependencies)
	$(PYTHON) -m venv .cache/pip-tools
	.cache/pip-tools/bin/pip install --quiet 'pip-tools>=7.4,<8'
	.cache/pip-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --build-deps-for editable \
	  --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

clean:
	rm -rf site .site-staging-* .site-old-* ..site-staging-*

distclean: clean
	rm -rf $(VENV) node_modules .cache
