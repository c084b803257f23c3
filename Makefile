# Every target bootstraps .venv, so a fresh clone needs nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench package clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m mentordesk

test: $(STAMP)
	$(PY) -m ruff check mentordesk tests bench build_scripts
	build_scripts/with_postgres.sh $(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check mentordesk tests bench build_scripts

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
