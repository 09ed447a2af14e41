# practice-cms: the commands the README shows.
# Only Python 3.11+ and make are needed; everything else is installed into .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
DEV_SETTINGS := practice_site.settings.dev
# The demo's Site record, links, og:url, the sitemap and the API's html_url use the address it is
# served on: `PORT=8001 make demo` moves all of them.
DEMO_ENV = DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) WAGTAILADMIN_BASE_URL="http://$(HOST):$(PORT)"

.PHONY: demo test lint format messages check-messages serve bench install clean dist

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "practice-cms needs Python 3.11 or newer (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# `make demo` and `make serve` run Wagtail's publish_scheduled every minute beside the server
# (manage.py serve_with_scheduler), so pages scheduled to go live do; Ctrl-C stops both.
demo: $(STAMP)
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py load_demo --host $(HOST) --port $(PORT)
	$(DEMO_ENV) $(BIN)/python manage.py serve_with_scheduler -- $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate the catalogues from the templates and code, then compile them (needs gettext).
# Each plugin carries its own catalogues (blog/locale, trainings/locale, core/locale): makemessages
# writes a file's strings to the nearest `locale/` folder above it, so the site's strings (site/,
# templates/) go to the root locale/. No source locations: they change on every edit and make every
# merge of two branches conflict.
messages: $(STAMP)
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py makemessages -l es -l fr -l ar --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'var/*' --ignore 'examples/*' --ignore 'tools/*' --no-obsolete --no-location
	DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(BIN)/python manage.py compilemessages --ignore '.venv/*'

check-messages: $(STAMP)
	$(BIN)/python -m practice_site.catalogues

clean:
	rm -rf $(VENV) .pytest_cache dist build

# `make dist`: the release a host installs (README, "Adding the plugins to an existing Wagtail 8
# site"): an sdist and a wheel in dist/, built in an isolated environment, then checked by twine.
dist: $(STAMP)
	rm -rf dist build
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

# --- operations (docs/operations.md) ---------------------------------------------------------
.PHONY: backup restore

# `make serve`: the production profile, locally, under gunicorn, against this machine's PostgreSQL
# and Redis. It creates the database if missing, migrates, collects static files and keeps a
# generated SECRET_KEY in var/secret_key (git-ignored) unless SECRET_KEY is set.
# This run is plain http on 127.0.0.1, so ONLY here the HTTPS redirect and the secure-only
# cookies are off: a browser never sends a Secure cookie back over http, so signing in to the
# admin would fail. A real deployment keeps them on (TLS at the reverse proxy).
# With no reverse proxy in front, the app compresses pages itself (COMPRESS_RESPONSES) and serves
# uploaded images (SERVE_MEDIA_IMAGES).
# `make serve DEMO=1` also loads the demo content (without the demo admin user).
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/practice
SERVE_REDIS_URL    ?= redis://127.0.0.1:6379/0
SECRET_KEY_FILE    := var/secret_key
SERVE_ENV = DJANGO_SETTINGS_MODULE=practice_site.settings.production \
	DATABASE_URL="$(SERVE_DATABASE_URL)" REDIS_URL="$(SERVE_REDIS_URL)" \
	SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" \
	ALLOWED_HOSTS="127.0.0.1,localhost" \
	SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false \
	COMPRESS_RESPONSES=true SERVE_MEDIA_IMAGES=true \
	WAGTAILADMIN_BASE_URL="http://$(HOST):$(PORT)" GUNICORN_BIND="$(HOST):$(PORT)"

$(SECRET_KEY_FILE):
	@mkdir -p $(dir $@)
	@umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))' > $@
	@echo "generated a SECRET_KEY in $@ (kept out of git)"

serve: $(STAMP) | $(if $(SECRET_KEY),,$(SECRET_KEY_FILE))
	$(SERVE_ENV) $(BIN)/python manage.py ensure_database
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@if [ -n "$(DEMO)" ]; then $(SERVE_ENV) $(BIN)/python manage.py load_demo --no-user --host $(HOST) --port $(PORT); fi
	@echo "serving the production profile on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	exec env $(SERVE_ENV) $(BIN)/python manage.py serve_with_scheduler -- $(BIN)/gunicorn -c gunicorn.conf.py

# `make lighthouse`: Lighthouse (tools/lighthouse, pinned, installed with `npm ci`) against
# Debian's Chromium, mobile preset, on the production profile served like `make serve DEMO=1`,
# for each public page type in English and Arabic. Prints a table and fails, naming the audit,
# on any score under 100 (docs/lighthouse.md). Its own database and Redis db unless overridden.
LIGHTHOUSE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/practice_lighthouse
LIGHTHOUSE_REDIS_URL    ?= redis://127.0.0.1:6379/14
LIGHTHOUSE_STAMP := tools/lighthouse/node_modules/.package-lock.json
.PHONY: lighthouse lighthouse-prepare lighthouse-audit

$(LIGHTHOUSE_STAMP): tools/lighthouse/package.json tools/lighthouse/package-lock.json
	cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error

# `make lighthouse` is the two halves in turn; CI runs the preparation beside its test suite.
lighthouse: lighthouse-prepare lighthouse-audit

lighthouse lighthouse-prepare lighthouse-audit: SERVE_DATABASE_URL = $(LIGHTHOUSE_DATABASE_URL)
lighthouse lighthouse-prepare lighthouse-audit: SERVE_REDIS_URL = $(LIGHTHOUSE_REDIS_URL)
lighthouse-prepare: $(STAMP) $(LIGHTHOUSE_STAMP) | $(if $(SECRET_KEY),,$(SECRET_KEY_FILE))
	$(SERVE_ENV) $(BIN)/python manage.py ensure_database
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/python manage.py load_demo --no-user --host $(HOST) --port $(PORT)

lighthouse-audit: $(STAMP) $(LIGHTHOUSE_STAMP) | $(if $(SECRET_KEY),,$(SECRET_KEY_FILE))
	$(SERVE_ENV) WEB_CONCURRENCY=2 $(BIN)/python tools/lighthouse/run.py --base-url http://$(HOST):$(PORT) \
		$(LIGHTHOUSE_ARGS) -- $(BIN)/gunicorn -c gunicorn.conf.py

# `make backup` writes var/backups/practice-<time>.tar.gz (database + media) for the database in
# DATABASE_URL; `make restore FILE=var/backups/...` puts one back (asks first; NOINPUT=1 does not).
backup: $(STAMP)
	$(BIN)/python manage.py backup_data $(if $(DIR),--output-dir "$(DIR)")

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/practice-....tar.gz" >&2; exit 2; }
	$(BIN)/python manage.py restore_data "$(FILE)" $(if $(NOINPUT),--noinput)

# --- benchmarks (docs/benchmarks.md) ---------------------------------------------------------
# `make bench`: the production profile under gunicorn (2 workers) on a generated database,
# SQLite by default; `make bench BENCH_DB=postgres` uses PostgreSQL + Redis on 127.0.0.1.
# BENCH_SCALE=small is a quick smoke test; BENCH_ARGS passes more options to bench.run.
BENCH_DB    ?= sqlite
BENCH_SCALE ?= full
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python -m bench.run --db $(BENCH_DB) --scale $(BENCH_SCALE) $(BENCH_ARGS)

# The demo site on :$(PORT) (8000) and the static headless example (examples/headless) on
# :$(HEADLESS_PORT) (8001), which calls the site's API cross-origin with the visitor cookie.
# Ctrl-C stops both.
HEADLESS_PORT ?= 8001
.PHONY: headless-demo
headless-demo: $(STAMP)
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py load_demo --host $(HOST) --port $(PORT)
	@echo "headless example: http://127.0.0.1:$(HEADLESS_PORT)/?api=http://$(HOST):$(PORT)  (API: http://$(HOST):$(PORT)/api/v3/)"
	@trap 'kill 0' INT TERM EXIT; \
	CORS_ALLOWED_ORIGINS="http://127.0.0.1:$(HEADLESS_PORT),http://localhost:$(HEADLESS_PORT)" \
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT) & \
	$(BIN)/python -m http.server $(HEADLESS_PORT) --bind 127.0.0.1 --directory examples/headless & \
	wait
