# cchc — every target builds its own virtual environment from pyproject.toml.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: demo test install system-deps schema golden-update samples bench fuzz clean i18n i18n-check lint data

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Debian packages the optional readers and the browser test use: LibreOffice (.doc), Tesseract with
## Vietnamese (--ocr), poppler, Chromium (headless check of the HTML report).
## Installs only what is missing; needs root (CI) or sudo.
SYSTEM_PKGS := libreoffice-writer-nogui tesseract-ocr tesseract-ocr-vie poppler-utils chromium
system-deps:
	@missing=""; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr"; \
	tesseract --list-langs 2>/dev/null | grep -qx vie || missing="$$missing tesseract-ocr-vie"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends $$missing; \
	fi

## Parse the bundled samples into out/ and print a summary; then the analysts' desk: report and calendar.
demo: $(STAMP)
	$(BIN)/cchc parse samples -o out --jobs 2 --no-fail-on-error
	$(BIN)/cchc report out -o out/report.html
	$(BIN)/cchc calendar out -o out/deadlines.ics
	@echo ""
	@echo "database  out/cchc.sqlite   (sqlite3 out/cchc.sqlite 'SELECT * FROM status_counts')"
	@echo "workbook  out/tasks.xlsx    (and out/tasks.csv, out/plans.csv)"
	@echo "report    out/report.html   (open it in a browser; works offline)"
	@echo "calendar  out/deadlines.ics"
	@echo "web UI    $(BIN)/cchc serve out    (Datasette on http://127.0.0.1:8001)"

## Lint: ruff and mypy under the project's configuration (pyproject.toml); .ci/run runs it.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy src

## Run the test suite.
test: $(STAMP)
	$(BIN)/pytest

## Regenerate schemas/plan.schema.json from the models.
schema: $(STAMP)
	$(BIN)/python -m cchc_parse.emit.schema

## Rewrite the golden files of tests/golden from the current parser (review the diff!).
golden-update: $(STAMP)
	$(BIN)/pytest tests/test_golden.py --update-golden -q

## Rebuild the Word and PDF renditions of seed 001 (needs LibreOffice for the PDF).
samples: $(STAMP)
	$(BIN)/python samples/make_samples.py
	$(BIN)/python samples/make_pdf_samples.py --wait 300

## Benchmarks: writes docs/benchmarks.md.
bench: $(STAMP)
	$(BIN)/python bench/run.py --out docs/benchmarks.md

## Message catalogs: extract (cchc.pot), merge into the Vietnamese .po, compile the .mo. Translate new entries in cchc.po.
i18n: $(STAMP)
	$(BIN)/python tools/i18n.py all

## Exit 1 when a message has no Vietnamese translation or cchc.pot is stale.
## JSON copies of the data tables (src/cchc_parse/data/*.yaml → *.json), read by the parser. Run after editing a table.
data: $(STAMP)
	$(BIN)/python tools/build_data.py

i18n-check: $(STAMP)
	$(BIN)/python tools/i18n.py check

## Long fuzzing run (10 minutes).
fuzz: $(STAMP)
	CCHC_FUZZ_SECONDS=600 $(BIN)/pytest tests/test_fuzz.py -q -m "slow or not slow"

clean:
	rm -rf out .pytest_cache
