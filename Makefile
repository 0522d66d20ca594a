# Bootstrap only: make the virtual environment, install the pinned packages, then hand over
# to invoke (tasks.py), where the real work lives. Every command the README gives is a target
# here, so that it works as written in a fresh terminal (no .venv/bin/ needed):
#   make serve | build | preview | check | production | publish | doctor | clean
#   make new TITLE="Why my resume fails" [CATEGORY="Interviews"]
#   make campaign MONTH=2026-05 [ARGS="--push"]      (ARGS: any of invoke campaign's flags)
#   make weight | make standin [ARGS="--plan free"]
# Variables given on the command line (TITLE=..., MONTH=...) or in the environment
# (PORT, PREVIEW_PORT, PUBLISH_TARGET, SITE_DATE) reach the commands through the environment.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PREVIEW_PORT ?= 8001
CATEGORY ?= Job search
export PORT PREVIEW_PORT CATEGORY

.PHONY: serve build test lint clean install production preview check publish doctor new campaign \
	weight standin mutation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

serve: $(VENV)/.installed
	@$(BIN)/invoke serve

build: $(VENV)/.installed
	$(BIN)/invoke build

# The production site in public/ (publishconf.py), served at http://127.0.0.1:8001/.
preview: $(VENV)/.installed
	@$(BIN)/invoke preview $(ARGS)

# The checks publish runs, on public/.
check: $(VENV)/.installed
	@$(BIN)/invoke check

# Build, check and upload public/ to PUBLISH_TARGET (gh-pages or an rsync destination).
publish: $(VENV)/.installed
	@$(BIN)/invoke publish $(ARGS)

doctor: $(VENV)/.installed
	@$(BIN)/invoke doctor

new: $(VENV)/.installed
	@if [ -z "$$TITLE" ]; then \
	  echo 'error: give the post a title, e.g. make new TITLE="Why my resume fails"' >&2; \
	  exit 1; \
	fi
	@$(BIN)/invoke new --title "$$TITLE" --category "$$CATEGORY"

# The month's newsletter in Mailchimp; without ARGS a dry run. ARGS takes every flag of
# `invoke campaign` (.venv/bin/invoke campaign --help), e.g. ARGS="--push",
# ARGS="--test-to me@example.com", ARGS="--schedule '2026-05-05 09:00'", ARGS="--send-now --yes".
campaign: $(VENV)/.installed
	@if [ -z "$$MONTH" ]; then \
	  echo 'error: say which month, e.g. make campaign MONTH=2026-05 ARGS="--push"' >&2; \
	  exit 1; \
	fi
	@$(BIN)/invoke campaign --month "$$MONTH" $(ARGS)

# Each page type's gzipped weight against its budget (bench/weight.py).
weight: $(VENV)/.installed
	@$(BIN)/python -m bench.weight $(ARGS)

# The loopback Mailchimp stand-in the tests use, to try the campaign command without
# Mailchimp (ARGS="--plan free" for the free plan's limits); it prints the settings to use.
standin: $(VENV)/.installed
	@$(BIN)/python tests/mailchimp_server.py --port $${STANDIN_PORT:-8765} $(ARGS)

# Set up only (the workflows run invoke tasks after it).
install: $(VENV)/.installed

# The production site in public/, checked as `make publish` checks it: Netlify's and
# Cloudflare Pages' build command.
production: $(VENV)/.installed
	$(BIN)/invoke production

# The newsletter email's client-compatibility check (plugins/coach_newsletter/compat.py) runs
# @jsx-email/doiuse-email, pinned in package-lock.json, with Debian's Node. Without npm the
# check and its tests are skipped: say so loudly (the target is then retried next time).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund && touch $@; \
	else \
	  echo "!!! WARNING: npm not found: the email compatibility check will be SKIPPED."; \
	  echo "!!! Install it with: apt-get install -y nodejs npm (then run make test again)"; \
	fi

test: $(VENV)/.installed-dev node_modules/.installed
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Mutation scores of the core modules (bench/mutation.py; minutes, not part of make test or CI).
# ARGS="--module campaign/ledger.py --sample 80 --seed 1 --jobs 2"; survivors in
# test-artifacts/mutation/.
mutation: $(VENV)/.installed-dev
	$(BIN)/python -m bench.mutation $(ARGS)

clean:
	rm -rf output public build cache
