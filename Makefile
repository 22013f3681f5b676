# Every target creates .venv and installs what it needs on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format eval bench bench-scale semantic clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

# The optional semantic stage: a CPU build of torch first (this pin is the wheel the project's
# machines hold; elsewhere pass TORCH with your CPU index), then the extra.
TORCH ?= torch==2.13.0
$(VENV)/.semantic-installed: $(STAMP)
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -e '.[dev,semantic]'
	touch $@

semantic: $(VENV)/.semantic-installed

run: $(STAMP)
	$(BIN)/python -m bot run

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format bot tests bench
	$(BIN)/ruff check --fix bot tests bench

eval: $(STAMP)
	$(BIN)/python -m bench.evaluation

bench: $(VENV)/.bench-installed
	$(BIN)/python -m bench

# Past one process: memory per shard process and change latency, on a throwaway PostgreSQL.
bench-scale: $(VENV)/.bench-installed
	$(BIN)/python -m bench.scale

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
