# Madang — two commands on a fresh machine with Python >= 3.11 and Node >= 20:
#   make demo   install, migrate the embedded SQLite database, load demo data, serve :8000 (DEBUG off:
#               Korean error pages, static files from WhiteNoise; `make serve` is the DEBUG server)
#   make test   install and run the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install lint lock messages serve clean bench bench-http bench-tally worker

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

var:
	mkdir -p var

demo: install var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo ""
	@echo "마당 Madang: http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(VENV)/bin/gunicorn config.wsgi:application --env DJANGO_SETTINGS_MODULE=config.settings.dev --env DEBUG=0 \
		--bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile -

serve: install var
	$(PY) manage.py runserver $(HOST):$(PORT)

# The django-tasks worker (e-mails, long imports): needs TASKS_BACKEND=django_tasks_db.backend.DatabaseBackend
# (the default in config.settings.prod); with the development default (ImmediateBackend) tasks run in-process.
worker: $(VENV)/.installed var
	TASKS_BACKEND=$${TASKS_BACKEND:-django_tasks_db.backend.DatabaseBackend} \
		$(PY) manage.py db_worker --queue-name '*' --interval 1 --no-reload

test: install
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

# Regenerate the lock file from pyproject.toml (exact pins of everything installed).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	$(PYTHON) scripts/requirements_from_pyproject.py | xargs .venv-lock/bin/pip install --quiet
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf .venv-lock

messages:
	$(PY) manage.py makemessages -l en --no-obsolete --ignore='.venv/*' --ignore='node_modules/*'
	$(PY) manage.py compilemessages -l en --ignore='.venv/*'

bench: install
	DEBUG=0 $(PY) bench/network_analytics.py

# Hot pages under load: PostgreSQL (a *bench* database it recreates), Redis DB 14, gunicorn as in
# production, wrk. See bench/README.md. Set DATABASE_URL / REDIS_URL to override the defaults.
bench-http: install
	$(PY) bench/http.py $(BENCH_ARGS)

# The budgeting tally on 400,000 ballots: PostgreSQL (a *bench* database it recreates; DATABASE_URL
# overrides postgres://postgres@127.0.0.1:5432/madang_bench_tally). Median of several runs.
bench-tally: install
	$(PY) bench/tally.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles
