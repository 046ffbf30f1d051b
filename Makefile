# Two entry points for a fresh machine (see README): `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint eval bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## the main job: serve the bundled test web, run the nightly job against it, show what it found
run: $(STAMP)
	$(BIN)/ekspor demo

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/ekspor eval

## slow: throughput and peak memory, not part of `make test`
bench: $(STAMP)
	$(BIN)/ekspor bench extract

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
