# Everything runs inside .venv, created on first use from the pinned requirements.lock.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench venv clean screenshot

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

## Main job: align and QA the bundled State Council reply, outputs under reports/.
demo: $(STAMP)
	$(BIN)/aligner check corpora/001_27f565d3809ec41b.txt --against corpora/000_0103695f7d59380a.txt -o reports/001 --fail-on never
	@echo "Reports written to reports/001 (report.html, review.xlsx, findings.json, findings.csv, aligned.tmx)"

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	for b in benchmarks/*_bench.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) reports
