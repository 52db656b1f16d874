# Two commands do all set-up: `make demo` audits the seed article, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/audit check seeds/kazakh-regime-afp-mt.en.txt --src-lang fr

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) reports/*.csv reports/*.jsonl reports/*.json
