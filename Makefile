# TrialLog's front door: `make run` sets up and starts the program, `make test` sets up and runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench sample clean bundle bundle-test dist system-libraries icons

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
	$(BIN)/python benchmarks/protection.py

# The frozen program, dist/triallog/triallog (installers/triallog.spec), from a build environment of its own where
# TrialLog is a regular install: PyInstaller cannot see into an editable one and would freeze a program without Qt.
BUNDLE_VENV := build/bundle-venv
BUNDLE_BIN := $(BUNDLE_VENV)/bin

$(BUNDLE_VENV)/.installed: installers/requirements.txt pyproject.toml
	test -x $(BUNDLE_BIN)/python || $(PYTHON) -m venv $(BUNDLE_VENV)
	$(BUNDLE_BIN)/python -m pip install --quiet --upgrade pip
	$(BUNDLE_BIN)/python -m pip install --quiet -r installers/requirements.txt
	touch $@

bundle: $(BUNDLE_VENV)/.installed
	rm -rf build/lib build/bdist.* build/wheel
	$(BUNDLE_BIN)/python -m pip wheel --quiet --no-deps --wheel-dir build/wheel .
	$(BUNDLE_BIN)/python -m pip install --quiet --force-reinstall --no-deps build/wheel/triallog-*.whl
	$(BUNDLE_BIN)/python -m pip install --quiet build/wheel/triallog-*.whl
	$(BUNDLE_BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		installers/triallog.spec
	@echo "dist/triallog: $$(du -sh dist/triallog | cut -f1), $$(find dist/triallog -type f | wc -l) files"

# The tar.gz (with install.sh and uninstall.sh) and the .deb, from the bundle, with the icon at every size
dist: bundle
	rm -rf build/icons dist/*.tar.gz dist/*.deb
	$(BUNDLE_BIN)/python installers/linux/render_icons.py build/icons
	$(BUNDLE_BIN)/python installers/linux/make_packages.py dist/triallog build/icons dist

# The frozen program's smoke checks (installers/bundle_test.py), the packages' too
bundle-test: dist
	$(BUNDLE_BIN)/python installers/bundle_test.py dist

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis
