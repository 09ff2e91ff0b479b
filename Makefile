# Two commands matter: `make run` and `make test`. Both create .venv and install into it.
# `make dist` builds the desktop bundle in dist/prism from a clean venv; `make dist-smoke`
# runs that bundle's smoke test; `make bench` runs the performance suite.
PYTHON ?= python3
DIST_VENV ?= build/dist-venv
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED := ../shared

.PHONY: run test setup system-libs lint screenshots clean dist dist-smoke bench precompiled

run: setup
	$(BIN)/prism

test: setup
	$(BIN)/ruff check desktop tests
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest
	$(BIN)/prism content check
	@if [ -f $(SHARED)/tools/overlap.py ]; then \
		echo "overlap check against the source guidance"; \
		out=$$($(BIN)/python $(SHARED)/tools/overlap.py content/); \
		if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; \
	fi

setup: system-libs $(STAMP)

system-libs:
	@PYTHON=$(PYTHON) ./scripts/ensure-system-libs.sh

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Prism needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

lint: setup
	$(BIN)/ruff check desktop tests
	$(BIN)/ruff format --check desktop tests

screenshots: setup
	./scripts/make-screenshots.sh

dist: system-libs
	PYTHON=$(PYTHON) DIST_VENV=$(DIST_VENV) ./scripts/build-dist.sh

dist-smoke:
	./scripts/smoke-dist.sh

bench: setup
	$(BIN)/python -m benchmarks

# After changing a dataclass made at start-up (tests/unit/test_precompiled.py says when).
precompiled: setup
	$(BIN)/python scripts/precompile_dataclasses.py

clean:
	rm -rf $(VENV) build dist *.egg-info
