# Two commands: `make run` starts the app, `make test` runs the checks.
# Each bootstraps .venv from pyproject.toml, again only when pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench peer package install-user uninstall-user clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/fieldjournal

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests packaging
	$(BIN)/ruff format --check src tests packaging

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n auto --dist worksteal

# A real peer for tests/exchange/refi/test_peer_qc.py: qc, an open-source QDA tool that
# imports .qdpx, in a venv of its own (it brings spaCy; the journal needs none of it).
peer: .venv-peer/bin/qc

.venv-peer/bin/qc:
	$(PYTHON) -m venv .venv-peer
	.venv-peer/bin/python -m pip install --quiet 'qualitative-coding==1.7.8'

# Every benchmark runs even when one misses its target; the target fails if any did.
BENCHES := tests/perf/bench_docx.py -m%tests.perf.bench_citations tests/perf/bench_search.py \
	tests/perf/bench_refi.py tests/perf/bench_backup.py tests/perf/bench_elsewhere.py \
	tests/perf/bench_charts.py tests/perf/bench_analysis_window.py tests/perf/bench_import.py \
	tests/perf/bench_startup.py

bench: $(STAMP)
	@missed=""; for b in $(BENCHES); do \
		$(BIN)/python $$(echo $$b | tr % ' ') || missed="$$missed $$b"; \
	done; \
	if [ -n "$$missed" ]; then echo "missed or failed:$$missed" | tr % ' '; exit 1; fi

# A one-folder app in dist/fieldjournal (PyInstaller, installed only for this target).
package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/fieldjournal.spec

# Fieldjournal in your desktop's menu, for you only (no root): a wrapper that runs this
# checkout's venv in ~/.local/bin, the menu entry, icons and metainfo in ~/.local/share.
install-user: $(STAMP)
	$(BIN)/python packaging/install_user.py install --venv $(VENV)

uninstall-user:
	$(PYTHON) packaging/install_user.py uninstall

clean:
	rm -rf $(VENV) build dist
