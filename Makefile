# csvalue — the two commands a newcomer needs:
#   make report   install everything, then build the default report (HTML in _build/html)
#   make test     install everything, then run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install system-deps report test bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

report: install
	$(BIN)/csvalue validate data/waves/wave_2024.csv data/waves/wave_2025.csv
	$(BIN)/csvalue analyze data/waves/wave_2024.csv data/waves/wave_2025.csv --out results --xlsx

# PostgreSQL server binaries for the database tests (they start a throw-away server on
# loopback); installed with apt when missing and running as root, else the tests say why they skip.
system-deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	  else echo "note: PostgreSQL binaries missing (apt-get install postgresql); its tests will skip"; fi; \
	fi

test: install system-deps
	$(BIN)/python -m pytest

clean:
	rm -rf _build book/_generated results
