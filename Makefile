# The portfolio's commands. `make help` lists them; README.md explains them.
#   make grade [MODULE=x] [TASK=id] [ARGS="--strict --json results.json"]
#   make test  [STRICT=1]      everything CI checks (STRICT=1: a skipped test fails)
#   make bench [MODULE=x]
#   make chaos [MODULE=travel_app]
#   make containers [MODULE=x]

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
REQUIREMENTS := requirements-dev.txt requirements-mysql.txt constraints.txt $(wildcard */requirements*.txt)
# Modules with a package.json pin Newman, which runs their Postman collection in a test.
NPM_MODULES  := $(patsubst %/package.json,%,$(wildcard */package.json))

MODULE ?=
TASK   ?=
ARGS   ?=
STRICT ?=

SCOREBOARD  := docs/scoreboard.md
# The results file beside it: the docs' exercises tables read each task's state from it.
SCOREBOARD_JSON := docs/scoreboard.json
GRADER      := $(PY) -m grader
# Material 9.7+ prints an end-of-life banner on every build; the pins keep us on 9.x on purpose.
MKDOCS      := NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs
STRICT_FLAG := $(if $(STRICT),--strict)
# The docs scoreboard is rewritten only by a full run of our own code, never by a partial
# one or by grading another implementation (--against).
SCOREBOARD_FLAG := $(if $(MODULE)$(TASK)$(findstring --against,$(ARGS)),,--markdown $(SCOREBOARD) --json $(SCOREBOARD_JSON))

.DEFAULT_GOAL := help
.PHONY: help setup grade test lint docs docs-serve bench chaos containers demo practice clean

help:
	@echo "make setup        create .venv and install requirements-dev.txt (automatic for every target)"
	@echo "make grade        grade every module and print the scoreboard (MODULE=, TASK=, ARGS=)"
	@echo "make test         everything CI checks: lint, docs, grade, starter check, grader tests (STRICT=1)"
	@echo "make lint         ruff, shellcheck, hadolint, compose/workflow/Kubernetes schemas"
	@echo "make docs         build the docs site into site/ (mkdocs --strict)"
	@echo "make docs-serve   serve the docs site on http://127.0.0.1:8000"
	@echo "make bench        measured speed ratios, last line RESULT ... (MODULE=)"
	@echo "make chaos        fault-injection tests with a report, last line RESULT ... (MODULE=travel_app)"
	@echo "make containers   build each module's image and run its compose stack for real (MODULE=)"
	@echo "make practice     do the exercises one at a time: ARGS=\"start shell\", \"check\", \"watch\", \"hint ID\"..."
	@echo "make demo         the travel site offline on http://127.0.0.1:8000 (fake Chapa, worker); Ctrl-C stops it"
	@echo "make clean        remove generated files and caches (keeps .venv)"

setup: $(STAMP)

# Re-run whenever .venv is missing or any requirements file or npm lock file is newer than
# the last install.
$(STAMP): $(REQUIREMENTS) $(wildcard */package-lock.json)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "setup: installing requirements-dev.txt into $(VENV)"
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@if pkg-config --exists mysqlclient 2>/dev/null || pkg-config --exists mariadb 2>/dev/null; then \
		$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-mysql.txt -c constraints.txt; \
	else \
		echo "setup: mysqlclient left out (no MySQL client headers; apt-get install pkg-config default-libmysqlclient-dev); modules use SQLite"; \
	fi
	@if command -v npm > /dev/null; then \
		for module in $(NPM_MODULES); do \
			echo "setup: npm ci in $$module (Newman, for its Postman collection)"; \
			(cd $$module && npm ci --no-audit --no-fund --loglevel=error) \
				|| echo "setup: npm ci failed in $$module: its Newman test skips until npm ci succeeds there"; \
		done; \
	else \
		echo "setup: Newman left out (no npm; apt-get install nodejs npm); the Postman collection tests skip"; \
	fi
	@touch $@

grade: $(STAMP)
	$(strip $(GRADER) $(MODULE) $(if $(TASK),--task $(TASK)) $(STRICT_FLAG) $(SCOREBOARD_FLAG) $(ARGS))

# Lint first (cheapest), then grade (writes the scoreboard the docs include), the starter
# check, the docs build, and last the grader's and tools' own tests (with the browser test
# of the site just built).
test: $(STAMP)
	$(PY) tools/lint.py
	$(GRADER) $(STRICT_FLAG) --markdown $(SCOREBOARD) --json $(SCOREBOARD_JSON)
	$(GRADER) --verify $(STRICT_FLAG)
	$(MAKE) --no-print-directory docs
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) tools/lint.py

# The scoreboard page is generated; a failing task must not stop the docs from building.
$(SCOREBOARD): | $(STAMP)
	@$(GRADER) --markdown $@ --json $(SCOREBOARD_JSON) > /dev/null || test -f $@

docs: $(STAMP) $(SCOREBOARD)
	$(MKDOCS) build --strict
	$(PY) tools/check_site_offline.py site

docs-serve: $(STAMP) $(SCOREBOARD)
	$(MKDOCS) serve --dev-addr 127.0.0.1:8000

bench: $(STAMP)
	$(PY) -m grader.bench $(MODULE)

# Fault injection (issue 22): a module's chaos.py runs its `chaos` tests against the
# services the environment names and prints what each fault cost. Only travel_app has one.
CHAOS_MODULE := $(or $(MODULE),travel_app)
chaos: $(STAMP)
	@if [ ! -f "$(CHAOS_MODULE)/chaos.py" ]; then \
		echo "make chaos: $(CHAOS_MODULE) has no chaos.py (fault-injection tests: MODULE=travel_app)"; \
		exit 2; \
	fi
	cd $(CHAOS_MODULE) && ../$(PY) chaos.py

# Containers (issue 24): each module's image built and its compose stack run, smoke-tested
# from outside, restarted, broken (tools/containers). Needs a Docker engine; on a machine
# with no registry, the stand-in images of .ci/images/ first.
containers: $(STAMP)
	$(PY) -m tools.containers $(MODULE)

# Practice mode (grader/practice.py): workspaces in practice/, git-ignored.
# Without ARGS it lists the modules and how far you are in each.
practice: $(STAMP)
	@$(GRADER) practice $(or $(ARGS),list)

# The capstone as a person uses it: migrate, seed, the fake Chapa, a Celery worker and the
# site, all in one process (travel_app/web/management/commands/demo.py).
demo: $(STAMP)
	cd travel_app && ../$(PY) manage.py demo

clean:
	rm -rf site site-screenshots $(SCOREBOARD) $(SCOREBOARD_JSON) results.json results.xml .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
