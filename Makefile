# TrialLog's front door: `make run` sets up and starts the program, `make test` sets up and runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench sample clean system-libraries icons

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes; the install is editable, so code edits need nothing.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

# On Linux: the system libraries Qt's window plugins need, named with the apt-get line, before anything is installed.
system-libraries:
	@$(PYTHON) installers/linux/system_libraries.py

run: system-libraries $(VENV)/.installed-run
	$(BIN)/triallog

# The application icon in every size a Linux desktop looks up, rendered from resources/icons/ (not kept in git).
icons: $(VENV)/.installed-run
	$(BIN)/python installers/linux/render_icons.py build/icons

# What mypy checks: all of it (its settings are in pyproject.toml)
MYPY_CHECKED := src tests

lint: system-libraries $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy $(MYPY_CHECKED)

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Every figure of issue 14 beside its floor at 1x and 4x (BENCH="--scales 1,4 --runs 5" to choose), then the packet.
BENCH ?=
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/all.py $(BENCH)
	$(BIN)/python benchmarks/packet.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis
