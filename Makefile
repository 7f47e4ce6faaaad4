# Gongkai: `make demo` serves the demo bureau, `make test` runs the suite (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: install system-packages demo serve test test-fast bench lint clean

install: system-packages $(BIN)/gongkai

# Chromium, Noto CJK fonts, Pango and poppler-utils from Debian (installs what is missing, or says how)
system-packages:
	@bash deploy/system-packages.sh

$(BIN)/gongkai: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/gongkai

demo: install
	$(BIN)/gongkai demo --port $(PORT)
	$(BIN)/gongkai serve --port $(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# the layering contracts of pyproject.toml [tool.importlinter]; `make test` runs them too
lint: install
	$(BIN)/lint-imports --no-cache

bench: install
	@echo "benchmarks print JSON; see benchmarks/README.md"

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
