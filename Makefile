# Maillage: every task has one entry point here. The README names `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Links printed by the demo and written in its e-mails point at where it is served.
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: api-schema backup restore demo serve cluster container test test-only browser-deps quality format messages vendor-check vendor-icons bench screenshots clean

$(VENV)/.base: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Maillage needs Python 3.11, found " + sys.version' 
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test: $(VENV)/.base
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

$(VENV)/.bench: $(VENV)/.base
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $@

var:
	mkdir -p var

# The demo's own random secret key, made once, never committed (var/ is ignored).
var/secret_key: $(VENV)/.base | var
	$(BIN)/python -m maillage.settings.secret $@

## demo: install, migrate the embedded SQLite database, load demo data, serve with a task worker.
demo: $(VENV)/.base var/secret_key
	DJANGO_SETTINGS_MODULE=maillage.settings.demo $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=maillage.settings.demo $(MANAGE) collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=maillage.settings.demo $(MANAGE) load_demo
	$(MAKE) --no-print-directory serve

## serve: the web server (gunicorn) and the task worker, stopped together by Ctrl-C.
serve: $(VENV)/.base var/secret_key
	@echo "Maillage is starting on http://$(HOST):$(PORT)/ (Ctrl-C stops the server and the worker)."
	@export DJANGO_SETTINGS_MODULE=maillage.settings.demo; \
	trap 'kill 0' INT TERM EXIT; \
	$(MANAGE) start_ticking; \
	$(MANAGE) task_worker --no-startup-delay & \
	$(BIN)/gunicorn maillage.wsgi:application --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile - & \
	wait

## cluster: Maillage as on several machines, on this one (scripts/cluster.py, docs/deployment.md):
## PostgreSQL, Redis, two nodes (gunicorn + task worker) and HAProxy on http://127.0.0.1:8000,
## with the demo data; everything under var/cluster/. Ctrl-C stops it all. Options:
## CLUSTER_ARGS="--nodes 3", "--reset" (scripts/cluster.py --help).
cluster: $(VENV)/.base
	$(BIN)/python scripts/cluster.py --demo $(CLUSTER_ARGS)

## container: the application image (Containerfile) built with Debian's buildah, its base made
## from Debian's packages when no registry is reachable (scripts/build_container.sh).
container:
	scripts/build_container.sh

## test: everything the tests need (Debian's Chromium included), then the whole suite, in one
## process per core (pytest-xdist: PYTEST_WORKERS=2, or PYTEST_ARGS="-n 0" for one process).
PYTEST_WORKERS ?= auto
test: $(VENV)/.test browser-deps | var
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-only: $(VENV)/.test | var
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Debian's Chromium for the browser tests; poppler-utils (pdftoppm) to render the minutes' PDF;
# gettext (xgettext) to check that the French catalogue covers every string of the source;
# LibreOffice Calc (soffice, headless) to open and print the exports (tests -m office).
browser-deps:
	@( test -x /usr/bin/chromium && test -x /usr/bin/pdftoppm && test -x /usr/bin/xgettext && test -x /usr/bin/soffice ) || \
	  ( $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core poppler-utils gettext libreoffice-calc-nogui )

## bench: the synthesis engine's benchmarks and the live wall under load, each figure beside its
## baseline run in the same go
## (needs ../shared/data, as the tests do).
bench: $(VENV)/.bench $(LIGHTHOUSE) browser-deps
	$(BIN)/python bench/bench_themes.py
	$(BIN)/python bench/bench_suggest.py
	$(BIN)/python bench/bench_opinions.py
	$(BIN)/python bench/loco_opinions.py
	$(BIN)/python bench/bench_wall.py
	$(BIN)/python bench/bench_board.py
	$(BIN)/python bench/bench_gantt.py
	$(BIN)/python bench/bench_events.py
	$(BIN)/python bench/bench_report.py
	$(BIN)/python bench/bench_content.py
	$(BIN)/python bench/bench_premises.py
	$(BIN)/python bench/bench_orientation.py
	$(BIN)/python bench/bench_planning.py
	$(BIN)/python bench/bench_pooling.py
	$(BIN)/python bench/bench_reconcile.py --gifts 10000
	$(BIN)/python bench/bench_api.py
	$(BIN)/python bench/bench_cluster.py
	$(BIN)/python bench/bench_lighthouse.py

## screenshots: the redesigned pages of the demo, laptop and phone, into docs/screenshots/.
screenshots: $(VENV)/.test browser-deps
	$(BIN)/python bench/screenshots.py

# Lighthouse, for bench/bench_lighthouse.py, from the npm registry into var/node (never
# committed); it drives Debian's Chromium.
LIGHTHOUSE := var/node/node_modules/.bin/lighthouse
$(LIGHTHOUSE): | var
	npm install --prefix var/node --no-audit --no-fund --silent lighthouse@13.5.0

## api-schema: write the OpenAPI schema the code describes into docs/api/openapi.yaml (a test
## fails while the committed file differs from the code).
api-schema: $(VENV)/.test
	DJANGO_SETTINGS_MODULE=maillage.settings.test $(MANAGE) spectacular --lang en --validate --fail-on-warn --file docs/api/openapi.yaml

## quality: lint, formatting, which app may import which (.importlinter), migrations up to date.
quality: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=maillage.settings.test $(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: extract the strings to translate and compile the catalogues (needs gettext).
messages: $(VENV)/.base var/secret_key
	cd maillage && ../$(MANAGE) makemessages -l fr -l en --no-obsolete --add-location file
	cd maillage && ../$(MANAGE) compilemessages

## vendor-check: the vendored front-end files are the published ones (needs npm).
vendor-check:
	cd $$(mktemp -d) && npm pack --silent htmx.org@2.0.8 >/dev/null && tar xzf htmx.org-2.0.8.tgz && \
	  cmp package/dist/htmx.min.js $(CURDIR)/maillage/static/vendor/htmx-2.0.8.min.js && echo "htmx 2.0.8: identical"
	cd $$(mktemp -d) && npm pack --silent lucide-static@$(LUCIDE) >/dev/null && tar xzf lucide-static-$(LUCIDE).tgz && \
	  $(PYTHON) $(CURDIR)/scripts/vendor_icons.py package built && \
	  diff -r built $(CURDIR)/maillage/static/vendor/lucide-$(LUCIDE) && echo "lucide-static $(LUCIDE) icons: identical"

## vendor-icons: build the icon sprite again from the published lucide-static package (needs npm),
## after adding a name to maillage/core/icons.py.
LUCIDE := 1.87.0
vendor-icons:
	cd $$(mktemp -d) && npm pack --silent lucide-static@$(LUCIDE) >/dev/null && tar xzf lucide-static-$(LUCIDE).tgz && \
	  $(PYTHON) $(CURDIR)/scripts/vendor_icons.py package $(CURDIR)/maillage/static/vendor/lucide-$(LUCIDE)

## backup: the database and the uploaded files into one file, safely while the server runs
## (FILE=…, by default var/backups/maillage-<date>.tar.gz; docs/deployment.md, "Backups").
BACKUP_SETTINGS = DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-maillage.settings.demo}
backup: $(VENV)/.base var/secret_key
	mkdir -p -m 0700 var/backups
	$(BACKUP_SETTINGS) $(MANAGE) backup $(or $(FILE),var/backups/maillage-$$(date +%Y-%m-%d-%H%M%S).tar.gz)

## restore: FILE=… into an empty database (stop `make serve` first), then its files.
restore: $(VENV)/.base var/secret_key
	@test -n "$(FILE)" || { echo "Name the backup: make restore FILE=var/backups/….tar.gz"; exit 2; }
	$(BACKUP_SETTINGS) $(MANAGE) restore "$(FILE)"

clean:
	rm -rf $(VENV) var
