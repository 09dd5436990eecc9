# csvalue — the two commands a newcomer needs:
#   make report   install everything, then build both editions of the shipped demo project
#                 (HTML in _build/html, Korean in _build/html/ko; the book's source is
#                 assembled in _build/source: nothing else in the checkout is written)
#   make test     install everything, then run the test suite
# and: make pdf (the report as one PDF in _build/pdf), make bench (benchmarks/), make clean.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# Debian packages: chromium + fonts-noto-cjk print the PDF; fonts-nanum is the Korean edition's
# font (a TrueType font, embedded in the PDF as named fonts); postgresql lets
# the database tests start a throw-away server. Installed with apt when missing and root.
APT_PACKAGES := chromium fonts-noto-cjk fonts-nanum postgresql poppler-utils

.PHONY: install system-deps report pdf test bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

system-deps:
	@missing=""; \
	[ -x /usr/lib/chromium/chromium ] || missing="$$missing chromium"; \
	[ -d /usr/share/fonts/opentype/noto ] || fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	[ -d /usr/share/fonts/truetype/nanum ] || fc-list 2>/dev/null | grep -q "NanumGothic" || missing="$$missing fonts-nanum"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing="$$missing postgresql"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing:$$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else echo "note: missing system packages:$$missing (apt-get install$$missing); PDF and PostgreSQL tests will skip"; fi; \
	fi

report: install system-deps
	$(BIN)/csvalue build --lang en && $(BIN)/csvalue build --lang ko

pdf: install system-deps
	$(BIN)/csvalue build --lang en --pdf && $(BIN)/csvalue build --lang ko --pdf

test: install system-deps
	$(BIN)/python -m pytest

bench: install
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf _build results build
