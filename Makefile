# Every target bootstraps .venv, so a fresh clone needs nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

PACKAGE_STAMP := $(VENV)/.package-stamp

.PHONY: run test faults lint bench package clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# On Linux, first the X11 libraries Qt's window needs (installed as root, else named).
run: $(STAMP)
	build_scripts/desktop_libraries.sh run
	$(PY) -m mentordesk

test: $(STAMP)
	$(PY) -m ruff check mentordesk tests bench build_scripts
	$(VENV)/bin/lint-imports
	$(PY) -m mypy
	@# pdffonts checks that report PDFs embed every font (tests/reports/test_scripts.py).
	@command -v pdffonts >/dev/null || ( [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& apt-get install -y -qq poppler-utils >/dev/null 2>&1 ) || true
	@# Two workers (pytest-xdist): each has its own Qt application and migrated templates.
	@# The slow tests run too, the 30,000-pair roster among them (about 20 s).
	build_scripts/with_postgres.sh $(PY) -m pytest -n 2

# The fault suite alone (kills, races, damaged files, read-only media, upgrades,
# privacy): `make test` runs it too. Mounts need root; without it those tests fall
# back (chattr, a simulated read-only folder) or skip, and say so.
faults: $(STAMP)
	build_scripts/with_postgres.sh $(PY) -m pytest -p no:cacheprovider tests/faults

# ruff, the layer contracts (pyproject's [tool.importlinter]) and mypy, strict on the
# domain, the store and the services.
lint: $(STAMP)
	$(PY) -m ruff check mentordesk tests bench build_scripts
	$(VENV)/bin/lint-imports
	$(PY) -m mypy

$(PACKAGE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,package]'
	touch $(PACKAGE_STAMP)

# A one-folder bundle in dist/MentorDesk; `dist/MentorDesk/MentorDesk --self-test` checks it.
package: $(PACKAGE_STAMP)
	build_scripts/desktop_libraries.sh
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller build_scripts/mentordesk.spec
	cp resources/mentordesk.desktop dist/MentorDesk/
	cp resources/app-icon.svg dist/MentorDesk/mentordesk.svg
	@du -sh --apparent-size dist/MentorDesk | sed 's/^/Bundle size: /'

# The growth table at 1,000 and 10,000 pairs on SQLite, then on PostgreSQL (medians of 3,
# each figure beside its floor). `make bench LARGE=1` adds 30,000 and 100,000 pairs (the
# 100,000-pair demo is built once, from the 50,000-pair one: bench/bulk_demo.py).
bench: $(STAMP)
	$(PY) -m bench.speed --sizes 1000,10000 --repeat 3 $(if $(LARGE),--large)
	build_scripts/with_postgres.sh $(PY) -m bench.server_bench --sizes 1000,10000 --repeat 3 \
		$(if $(LARGE),--large)

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
