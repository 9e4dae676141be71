# Two commands from a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install clean bench-carb

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsgraph build seeds --out out
	@echo ""
	@echo "Open out/graph.html in a browser (one file, works offline)."
	@echo "Run newsgraph from the venv:  . $(VENV)/bin/activate   (then: newsgraph --help)"
	@echo "                         or:  $(BIN)/newsgraph explain \"Zelensky\" --graph out"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench-carb: $(STAMP)
	$(BIN)/python benchmarks/carb.py

clean:
	rm -rf out .pytest_cache
