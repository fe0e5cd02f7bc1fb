# Everything a newcomer needs: `make run` to talk to the assistant, `make test` to test it.
# Both create the virtual environment, install the locked dependencies, migrate the
# database and train the model when its inputs changed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock | cut -c1-12)
MODEL := models/current.tar.gz
RASA_DATA := data/nlu data/rules data/stories
TRAIN_INPUTS := config.yml domain.yml $(wildcard bot/nlu/*.py) \
	$(shell find data/nlu data/rules data/stories -name '*.yml' 2>/dev/null)

export PYTHONPATH := $(CURDIR)
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONWARNINGS := ignore::DeprecationWarning
export RASA_TELEMETRY_ENABLED ?= false

.PHONY: run test setup migrate train lint eval nlu-compare bench lock clean

run: setup migrate train  ## Start everything (terminal chat without TELEGRAM_BOT_TOKEN)
	$(PY) -m bot run

test: setup train  ## Validate the Rasa project, unit, story and end-to-end tests (both profiles), then make eval's figures
	$(PY) -m pytest -m "not scale_only"
	E2E_PROFILE=scale $(PY) -m pytest tests/e2e -m "not default_only"
	$(PY) bench/eval.py

setup: $(STAMP)  ## Create .venv and install exactly what requirements.lock says

$(STAMP): requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -c 'import sys; assert sys.version_info[:2] == (3, 10), \
		"Python 3.10 is needed (Rasa 3.6); .python-version selects it with pyenv"'
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements.lock
	$(PY) -m pip check
	@rm -f $(VENV)/.installed-* && touch $@

migrate: setup  ## Bring the database to the newest schema (and load the sample programs)
	$(PY) -m bot db upgrade
	$(PY) -m bot programs seed

train: $(MODEL)  ## Train the Rasa model if its data, config or domain changed

$(MODEL): $(STAMP) $(TRAIN_INPUTS)
	@started=$$(date +%s) && \
	$(RASA) train --fixed-model-name current --out models --data $(RASA_DATA) \
		--config config.yml --domain domain.yml && \
	$(PY) bench/record_train_time.py $$(( $$(date +%s) - started ))
	@touch $@

lint: setup  ## Ruff over our code
	$(VENV)/bin/ruff check bot actions tests bench testsupport

eval: setup train  ## Quality figures -> reports/eval.json, reports/nlu_eval.md
	$(PY) bench/eval.py

nlu-compare: setup  ## Compare NLU pipelines by 3-fold cross-validation (linear and diet: ~25 min on 2 cores)
	$(PY) bench/nlu_compare.py

bench: setup train  ## Speed figures -> reports/bench.json
	$(PY) bench/turn_latency.py
	$(PY) bench/program_search.py
	$(PY) bench/load.py

lock: setup  ## Re-resolve requirements.in into requirements.lock
	$(PY) -m pip install --quiet uv==0.13.8
	$(VENV)/bin/uv pip compile requirements.in --python-version 3.10 \
		--python-platform x86_64-manylinux_2_28 --generate-hashes -o requirements.lock

clean:  ## Remove generated files (not the database)
	rm -rf $(VENV) models/*.tar.gz results .pytest_cache
