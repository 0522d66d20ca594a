# Bootstrap only: make the virtual environment, install the pinned packages, then hand over
# to invoke (tasks.py), where the real work lives.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: serve build test lint clean install production

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
	PORT=$(PORT) $(BIN)/invoke serve

build: $(VENV)/.installed
	$(BIN)/invoke build

# Set up only (the workflows run invoke tasks after it).
install: $(VENV)/.installed

# The production site in output/, checked as `invoke publish` checks it: Netlify's and
# Cloudflare Pages' build command.
production: $(VENV)/.installed
	$(BIN)/invoke preview --check

# The newsletter email's client-compatibility check (plugins/newsletter/compat.py) runs
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

clean:
	rm -rf output build cache
