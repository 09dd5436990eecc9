# csvalue — the two commands a newcomer needs:
#   make report   install everything, then build the default report (HTML in _build/html)
#   make test     install everything, then run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install report test bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

report: install
	$(BIN)/csvalue validate data/waves/wave_2025.csv

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf _build book/_generated results
