# Two commands for a newcomer: `make run` and `make test` (see README.md).
# Django 6.1 needs Python 3.12 or newer. The first candidate that really runs and is new
# enough wins; pyenv shims that exist but are not selected fail to run and are skipped.
# Override with `make test PYTHON=/path/to/python3.13`.

VENV := .venv
BIN := $(VENV)/bin
PYENV_ROOT ?= $(HOME)/.pyenv
# make is for development: debugging on (a development secret key) unless told otherwise.
export DJANGO_DEBUG ?= true

ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell \
	for c in python3.13 python3.12 python3 \
	         $$(ls -d $(PYENV_ROOT)/versions/3.1*/bin/python3 2>/dev/null | sort -rV); do \
		if "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
			echo "$$c"; break; \
		fi; \
	done)
endif

.PHONY: run test lint migrate demo clean check-python oidc-provider run-city messages

check-python:
	@if [ -z "$(PYTHON)" ] || ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
		echo "kemi-hyte needs Python 3.12 or newer, and none was found." >&2; \
		echo "Tried: $(or $(PYTHON),python3.13 python3.12 python3 and pyenv's versions/3.1x)." >&2; \
		echo "Install one (e.g. 'apt-get install python3.13' or 'pyenv install 3.13')," >&2; \
		echo "or name it: make $(or $(MAKECMDGOALS),test) PYTHON=/path/to/python3.13" >&2; \
		exit 1; \
	fi

# The virtualenv is rebuilt when pyproject.toml changes; the stamp records which extras it has.
$(VENV)/.runtime: pyproject.toml | check-python
	@test -x $(BIN)/python || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet .
	@touch $@

$(VENV)/.test: pyproject.toml | check-python
	@test -x $(BIN)/python || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[test]"
	@touch $@ $(VENV)/.runtime

migrate: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_kemi_demo --with-demo-users

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Sign-in with the city's account on a laptop (docs/deploy.md, "Trying it on a laptop"): a local
# OpenID Connect provider standing in for Entra ID, with the people of
# docs/local-provider-users.yaml, in one terminal; the app signed in through it in another.
OIDC_PROVIDER_PORT ?= 9400
oidc-provider: $(VENV)/.test
	$(BIN)/python -m oidc_provider_mock --port $(OIDC_PROVIDER_PORT) --require-nonce \
		--user-claims-file docs/local-provider-users.yaml

run-city: demo
	HYTE_OIDC_ISSUER=http://127.0.0.1:$(OIDC_PROVIDER_PORT) HYTE_OIDC_CLIENT_ID=kemi-hyte \
		HYTE_OIDC_CLIENT_SECRET=paikallinen-salaisuus \
		$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(VENV)/.test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The Swedish catalogue: new strings of the sources in, then compiled (README "Svenska").
messages: $(VENV)/.runtime
	$(BIN)/python manage.py makemessages -l sv --no-location --ignore=.venv --ignore=node_modules \
		--ignore=tests --ignore=bench --ignore=var --ignore=staticfiles
	msgfmt --check -o locale/sv/LC_MESSAGES/django.mo locale/sv/LC_MESSAGES/django.po

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
