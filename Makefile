# KHCN — the two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PORT ?= 8000
PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py
export UV_PYTHON_DOWNLOADS := never
export PATH := $(HOME)/.local/bin:$(PATH)

# Debian packages the test suite needs: a PostgreSQL server for the throwaway cluster,
# Chromium for browser tests, fonts with Vietnamese glyphs, gettext for translations, Pango for
# WeasyPrint (PDF) and poppler-utils to look at the PDFs.
TEST_DEBS := postgresql chromium fonts-noto-core fonts-liberation2 gettext libpango-1.0-0 libpangoft2-1.0-0 poppler-utils

.PHONY: install run test test-sqlite test-postgres test-e2e test-dates lint bench bench-api bench-products bench-pages bench-ingest bench-search bench-matching messages clean

install:
	@echo "==> Python packages (uv sync)"
	@scripts/bootstrap.sh
	@echo "==> Translations and static files"
	@$(MANAGE) compilemessages --ignore=.venv -v0
	@$(MANAGE) collectstatic --noinput -v0

run: install
	@mkdir -p var
	@echo "==> Database migrations"
	@$(MANAGE) migrate --noinput -v0
	@echo "==> Loading the Hà Nội demo (its steps follow; a first start takes a few minutes)"
	@$(MANAGE) load_demo > var/demo-accounts.txt
	@echo ""
	@echo "KHCN is running at http://127.0.0.1:$(PORT)/   (Ctrl+C stops it)"
	@echo "Demo accounts (username, password, role):"
	@sed 's/^/    /' var/demo-accounts.txt
	@echo ""
	@# The background worker (imports, e-mail, the daily reminders) runs beside gunicorn and
	@# stops with it.
	@$(MANAGE) run_worker -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PYTHON) -m gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 4 --threads 2 \
		--worker-class gthread --access-logfile - --log-level warning

test: install
	@scripts/system-packages.sh $(TEST_DEBS)
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-dates
	@$(MAKE) --no-print-directory test-postgres

lint:
	@echo "==> ruff, mypy, import layers, migrations check"
	@.venv/bin/ruff check .
	@.venv/bin/lint-imports --no-cache --no-logo
	@.venv/bin/mypy khcn config
	@mkdir -p var
	@$(MANAGE) makemigrations --check --dry-run -v0

# The whole suite runs on both databases; the browser tests run whole on PostgreSQL (what
# production uses) and, on SQLite, as the dated flows below (the demo's reporting cycle on another
# day), which keeps `make test` well under an hour on two cores.
test-sqlite:
	@echo "==> Test suite on SQLite"
	@env -u DATABASE_URL $(PYTHON) -m pytest -q -n 2 -m "not e2e"

# The tests that read "today" (the demo, the workflows, the browser flow on the demo's open
# period) again on another day: the suite pins its own days, KHCN_TEST_TODAY moves the whole
# session (root conftest.py). A fixed day, away from the pinned 3 December and just after a
# 29 February. (Two days a year apart until the CI run neared an hour.)
TEST_DATES := 2028-03-15
DATED_TESTS := khcn/demo khcn/reporting/tests/test_workflow.py khcn/reporting/tests/test_monitoring.py \
	khcn/reporting/tests/test_reminders.py khcn/meetings/tests/test_meetings.py khcn/meetings/tests/test_rounds.py \
	khcn/research/tests/test_calls.py khcn/research/tests/test_proposals.py khcn/research/tests/test_plans.py \
	khcn/research/tests/test_workflow.py khcn/research/tests/test_execution.py
DATED_E2E := tests/e2e/test_reporting.py tests/e2e/test_next_cycle.py

test-dates:
	@for day in $(TEST_DATES); do \
		echo "==> Date-sensitive tests on $$day"; \
		KHCN_TEST_TODAY=$$day env -u DATABASE_URL $(PYTHON) -m pytest -q -n 2 -m "not e2e" $(DATED_TESTS) || exit 1; \
		KHCN_TEST_TODAY=$$day env -u DATABASE_URL $(PYTHON) -m pytest -q -n 2 -m e2e $(DATED_E2E) || exit 1; \
	done

test-postgres:
	@echo "==> Test suite on PostgreSQL"
	@scripts/with-postgres.sh bash -c 'KHCN_DATABASE_TESTS_ONLY=1 $(PYTHON) -m pytest -q -n 2 -m "not e2e" && $(PYTHON) -m pytest -q -n 2 -m e2e'

bench: install
	@scripts/system-packages.sh postgresql wrk
	@$(PYTHON) bench/run.py
	@$(MAKE) --no-print-directory bench-api

# Only the local products part of `make bench` (about 10 minutes; see bench/run.py).
bench-products: install
	@scripts/system-packages.sh postgresql wrk
	@$(PYTHON) bench/run.py --only products

# Every page and API list of the demo alone under wrk against the bare view (about 15 minutes;
# BENCH_WORKERS, BENCH_THREADS, BENCH_WORKER_CLASS try another way of serving).
bench-pages: install
	@scripts/system-packages.sh postgresql wrk
	@$(PYTHON) bench/run.py --only pages

# Only the ingest part: extraction quality on the seed articles and time per article.
bench-ingest: install
	@$(PYTHON) bench/run.py --only ingest

# Only the site-wide search: 1,000,000 index entries, p95 in-process and under wrk (bench/search.py).
bench-search: install
	@scripts/system-packages.sh postgresql wrk
	@$(PYTHON) bench/run.py --only search

# Matching one demand against 20,000 experts and 10,000 technologies (bench/matching.py).
bench-matching: install
	@$(PYTHON) bench/matching.py all

# Schemathesis over every API operation with many more examples than `make test` gives it.
SCHEMATHESIS_BENCH_EXAMPLES ?= 60
bench-api:
	@echo "==> Schemathesis, $(SCHEMATHESIS_BENCH_EXAMPLES) examples per operation and mode"
	@SCHEMATHESIS_MAX_EXAMPLES=$(SCHEMATHESIS_BENCH_EXAMPLES) env -u DATABASE_URL $(PYTHON) -m pytest -q \
		-p no:logging khcn/api/tests/test_schemathesis.py

messages:
	@$(MANAGE) makemessages -l vi -l en --ignore=.venv --ignore=staticfiles --no-obsolete

clean:
	rm -rf .venv staticfiles var test-artifacts
