# The README's two commands: `make run` and `make test`. Both set themselves up from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run serve test lint bench clean browser

# Browser tests drive Debian's Chromium (no browser download); install it when missing and we can.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: browser tests will be skipped (install Debian's chromium)"; fi; }

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,nbody,fast]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/lunarbase run lunar-base-alpha --out out

# The model live in a browser at http://127.0.0.1:8000/ (Ctrl-C stops it).
serve: $(STAMP)
	$(BIN)/lunarbase serve

test: $(STAMP) browser
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_run.py
	$(BIN)/python benchmarks/bench_departure.py
	$(BIN)/python benchmarks/bench_nbody.py
	$(BIN)/python benchmarks/bench_compare.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_optimise.py
	$(BIN)/python benchmarks/bench_server.py
	$(BIN)/python benchmarks/bench_propagate.py
	$(BIN)/python benchmarks/bench_grow.py
	$(BIN)/python benchmarks/bench_usable_loop.py
	$(BIN)/python benchmarks/bench_tail.py

clean:
	rm -rf $(VENV) out
