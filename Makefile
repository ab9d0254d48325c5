# Quick start: `make demo` (sets up and runs on the bundled sample) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test check lint typecheck browser clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[dev,neural]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/newsprism demo --db newsprism-demo.db --out newsprism-report

# Browser tests need Debian's chromium; install it when we can (root), else they skip with a reason.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "could not install chromium: browser tests will be skipped"; fi

test: install browser
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests benchmarks

typecheck: install
	$(BIN)/mypy

check: lint typecheck test

bench: install
	$(BIN)/python benchmarks/extraction.py ../shared/bench/data/extraction
	$(BIN)/python benchmarks/stories.py ../shared/bench/data/stories/articles.jsonl

clean:
	rm -rf $(VENV) newsprism-report newsprism-demo.db*
