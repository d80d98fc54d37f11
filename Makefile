# gleap: two commands.  `make lab` opens the notebooks, `make test` runs every check (`make check`: the fast lane).
# Everything goes into a local virtual environment, .venv, created on first use.
# `make lab` installs the package with the extras the notebooks use (lab: JupyterLab, a kernel and the
# widgets; exercises: otter-grader); `make test` installs the `test` extra, which holds both and the
# test and release tools. The core package (`pip install gleap`) needs only pandas, numpy, plotly, babel and jinja2.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
CHROMIUM ?= /usr/bin/chromium
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
# rfc3987-syntax (pulled in by jupyter-events -> jsonschema[format-nongpl]) builds parsers when it is
# imported: about 3 s in every kernel that shows a chart, in otter and in JupyterLab. Nothing we use
# needs it (see BENCHMARKS.md), so it is removed after every install.
DROP_SLOW := $(PIP) uninstall --quiet -y rfc3987-syntax

.PHONY: help lab check test install install-test clean bench site lock translations lowest lite lite-test hub-links hub-test

help:
	@echo "make lab     set up .venv and open the notebooks in JupyterLab"
	@echo "make check   the fast lane: unit tests, data, doctests, lint, the notebooks under nbval (~2 min)"
	@echo "make test    set up .venv with the test tools and run every test"
	@echo "make assign  build the exercise sets into build/exercises (FORCE=1 to rebuild)"
	@echo "make grade SUBMISSIONS=dir   grade a folder of student notebooks into build/grades.csv"
	@echo "make student-edition   build build/student-edition/ (no solutions) for a student branch"
	@echo "make handouts  one-page timeline and who's who for students (en, pl) in build/handouts/"
	@echo "make site    build the course site (both languages, offline) into build/site/"
	@echo "make translations   update locales/*/LC_MESSAGES/*.po from the English sources, build the"
	@echo "             Polish lessons, exercise masters (and student copies) and teacher's pages; report fuzzy/missing entries"
	@echo "make lock    regenerate binder/requirements.txt (then run make test)"
	@echo "make lite    build the in-browser (JupyterLite) edition into build/lite/ (lite/README.md)"
	@echo "make lite-test   build it and run its offline browser test"
	@echo "make hub-links HUB=https://... REPO=https://...   nbgitpuller links for every lesson (deploy/)"
	@echo "make hub-test    a real JupyterHub on 127.0.0.1 with simulated students (STUDENTS=5, FAULTS='kernel server cull')"
	@echo "make lowest  the core and unit tests with the lowest versions pyproject.toml allows (needs uv)"
	@echo "make bench   measure run time, slider latency, import and memory (BENCHMARKS.md)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[lab,exercises]'
	$(DROP_SLOW)
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[test]'
	$(DROP_SLOW)
	@touch $@ $(VENV)/.installed $(VENV)/.installed-site

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# The same JupyterLab settings overrides as Binder (binder/postBuild copies the same file): no
# "Would you like to get notified about official Jupyter news?" pop-up over the lesson text.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json
$(LAB_OVERRIDES): binder/overrides.json | $(VENV)/.installed
	@mkdir -p $(dir $@)
	cp binder/overrides.json $@

lab: $(VENV)/.installed $(LAB_OVERRIDES)
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb

# Two lanes, both on every core (pytest-xdist, --dist loadfile: each test file and each notebook on one
# worker, so a notebook's cells share a kernel and each shared fixture of tests/conftest.py is built
# once; --no-loadscope-reorder: files go out in collection order, the heaviest first (tests/conftest.py)). `make check`: unit tests, data, doctests, lint and one nbval pass over the notebooks and student copies (about 2 minutes on 2 cores). `make test`: everything, with the site,
# the assigned exercise sets, the built wheel, the Binder rehearsals and the browser tests.
WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder --durations=20
check: $(VENV)/.installed-test
	$(PYTEST) -m "not slow and not release and not browser"

test: $(VENV)/.installed-test
	@if [ -x "$(CHROMIUM)" ]; then \
		$(PYTEST); \
	else \
		echo "*** $(CHROMIUM) not found: the browser tests will NOT run."; \
		echo "*** Install it (Debian: apt-get install chromium) to run them."; \
		$(PYTEST) -m "not browser"; \
	fi

clean:
	rm -rf build .pytest_cache

# ---- exercises (see README, "For teachers") ----
.PHONY: assign grade
assign: $(VENV)/.installed-test
	$(BIN)/python -m exercises.tools.assign --out build/exercises $(if $(FORCE),--force,)

TIMEOUT ?= 120
CELL_TIMEOUT ?= 30
grade: $(VENV)/.installed-test
	@if [ -n "$(DOCKER)" ]; then echo "There is no Docker grading (DOCKER=1) any more: it was never tested and could not have installed gleap. See exercises/README.md, Grade."; exit 2; fi
	@if [ -z "$(SUBMISSIONS)" ]; then echo "Usage: make grade SUBMISSIONS=<folder of student notebooks>"; exit 2; fi
	$(BIN)/python -m exercises.tools.grade --submissions "$(SUBMISSIONS)" --out build/grades.csv --timeout $(TIMEOUT) --cell-timeout $(CELL_TIMEOUT) $(if $(WORKERS),--workers $(WORKERS),)

.PHONY: handouts
handouts: $(VENV)/.installed
	$(BIN)/python tools/handouts.py --out build/handouts

.PHONY: student-edition
student-edition: $(VENV)/.installed
	$(BIN)/python tools/student_edition.py --out build/student-edition

# ---- benchmarks (BENCHMARKS.md) ----
bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.run --out build/bench.json --markdown BENCHMARKS.md

# ---- translated editions (locales/editions.toml says which file becomes which) ----
.PHONY: translations translations-report
translations: $(VENV)/.installed
	$(BIN)/python tools/translations.py
# The report alone (writes nothing; CI prints it before the tests, which fail on any fuzzy, missing
# or stale translation: tests/test_translations.py).
translations-report: $(VENV)/.installed-test
	-$(BIN)/python tools/translations.py --check

# ---- delivery: static site and the Binder lock ----
# Sphinx + myst-nb + sphinx-book-theme, both languages (site/conf.py, tools/make_site.py); lessons run
# once and stay in jupyter-cache (build/site-work/cache); plotly.js is built from site/package.json (npm).
$(VENV)/.installed-site: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[lab,exercises,site]'
	$(DROP_SLOW)
	@touch $@

site: $(VENV)/.installed-site
	$(BIN)/python tools/make_site.py --out build/site

lock: $(VENV)/.installed-test
	$(BIN)/python tools/lock.py

# ---- the declared floors: the lowest version each requirement allows (CI job lowest-versions) ----
# uv's lowest-direct resolution takes the lowest version gleap's own requirements (and the ones named
# here) allow, and the newest their dependencies allow. When this fails, raise the floor in pyproject.toml.
LOWEST ?= build/lowest-venv
# uv on PATH, else the one in .venv (the test extra does not bring it), else $(PYTHON)'s (CI: pip install uv)
UV ?= $(shell command -v uv 2>/dev/null || { [ -x $(BIN)/python ] && $(BIN)/python -m uv --version >/dev/null 2>&1 && echo $(BIN)/python -m uv; } || echo $(PYTHON) -m uv)
LOWEST_TESTS := tests/test_analysis.py tests/test_labour.py tests/test_data.py tests/test_charts.py \
	tests/test_package.py tests/test_polish.py tests/test_explorers.py tests/test_student_runtime.py gleap_data/analysis.py gleap_data/labour.py \
	gleap_data/display.py gleap_data/_data.py gleap_data/labels.py gleap_data/charts.py gleap_data/widgets.py
lowest:
	rm -rf $(LOWEST)
	$(UV) venv --quiet --python $(PYTHON) $(LOWEST)
	$(UV) pip install --python $(LOWEST)/bin/python --quiet --resolution lowest-direct -e '.[widgets,exercises,tools]' \
		'pytest>=8' 'frictionless>=5.18'
	$(UV) pip list --python $(LOWEST)/bin/python
	$(LOWEST)/bin/python -m pytest -o addopts= -q --doctest-modules $(LOWEST_TESTS)

# ---- in the browser with no server: JupyterLite (lite/README.md) ----
# PYODIDE_DIST=<folder, Pyodide's release .tar.bz2, or a URL>: take Pyodide's packages from Pyodide's
# own distribution (each checked against the official lock) instead of the PyPI fallback.
lite: $(VENV)/.installed-test
	$(BIN)/python tools/build_lite.py --out build/lite $(if $(PYODIDE_DIST),--pyodide-dist "$(PYODIDE_DIST)",)

lite-test: lite
	$(BIN)/python -m pytest lite/test_offline.py -o addopts="" -p no:randomly -v

# ---- a school's hub (deploy/README.md) ----
BRANCH ?= student
FORMAT ?= markdown
hub-links: $(VENV)/.installed
	@if [ -z "$(HUB)" ] || [ -z "$(REPO)" ]; then echo "Usage: make hub-links HUB=https://hub.school.example REPO=https://github.com/<owner>/gleap [BRANCH=student] [FORMAT=markdown|csv|json]"; exit 2; fi
	@$(BIN)/python tools/hub_links.py --hub "$(HUB)" --repo "$(REPO)" --branch "$(BRANCH)" --format "$(FORMAT)"

STUDENTS ?= 5
FAULTS ?=
hub-test: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.hub --students $(STUDENTS) $(foreach f,$(FAULTS),--fault $(f)) --out build/hub-test.json
