# Two entry points for a fresh machine (see README): `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install sysdeps run test lint eval bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## the main job: serve the bundled test web, run the nightly job against it, show what it found
run: $(STAMP)
	$(BIN)/ekspor demo

## Debian packages the tests start for real: chromium (browser tests) and redis-server (distributed crawl)
sysdeps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "please install:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) sysdeps lint
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/ekspor eval

## slow: throughput and peak memory, not part of `make test`
bench: $(STAMP)
	$(BIN)/ekspor bench extract
	$(BIN)/ekspor bench crawl
	$(BIN)/ekspor bench pipeline
	$(BIN)/ekspor bench warehouse
	$(BIN)/ekspor bench web
	$(BIN)/ekspor bench backfill

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
