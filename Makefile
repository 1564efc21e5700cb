# ANTQ — the two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements/constraints.txt | cksum | cut -d' ' -f1)

.PHONY: run test fuzz install assets lint messages constraints clean

$(STAMP): pyproject.toml requirements/constraints.txt
	@echo "==> Creating $(VENV) and installing the dependencies (pyproject.toml, pinned by requirements/constraints.txt)"
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "ANTQ needs Python 3.11, found " + sys.version' 
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -c requirements/constraints.txt ".[dev]"
	@rm -f $(VENV)/.installed-* && touch $@

# Everything `make run` and `make test` need, on a fresh machine as in CI: the Python dependencies, then
# scripts/vendor_assets.py — Bootstrap, Tom Select, flatpickr, axe-core (browser tests only, var/vendor/), and the
# reports' font (Debian's fonts-liberation2, installed with apt-get when missing where we are root; else Noto Serif
# from its pinned PyPI package), and Debian's Chromium for the browser tests where it runs as root. Elsewhere the
# browser tests, and without a server the Redis tests, skip with the reason.
install: $(STAMP) assets

assets: $(STAMP)
	@$(PY) scripts/vendor_assets.py

run: install
	@bash scripts/run.sh

test: install
	@bash scripts/test.sh

# schemathesis against the demo served from a throwaway database, every check and phase (scripts/fuzz.sh).
fuzz: install
	@bash scripts/fuzz.sh

lint: install
	@$(VENV)/bin/ruff check .

# Regenerate the translation catalogues (needs GNU gettext); the compiled .mo files are committed. makemessages reads
# only our sources: the Vietnamese of the API's third-party messages (DRF, django-filter) is kept in
# locale/vi/third_party.po and merged back.
VI_PO = locale/vi/LC_MESSAGES/django.po
messages: install
	@$(PY) manage.py makemessages -l vi -l en --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=benchmarks
	@msgattrib --no-obsolete -o $(VI_PO) $(VI_PO)
	@msgcat --use-first -o $(VI_PO) $(VI_PO) locale/vi/third_party.po
	@$(PY) manage.py compilemessages -l vi -l en --ignore=.venv

# Re-pin every dependency after changing pyproject.toml.
constraints: $(STAMP)
	@$(PY) -m pip freeze --exclude-editable | grep -v '^antq' > requirements/constraints.txt

clean:
	rm -rf $(VENV) staticfiles static/vendor var/celery var/vendor
