# The two commands of the README: `make run` opens the app, `make test` runs the suite.
# Each one does the whole set-up on a fresh machine that has only Python 3.10+.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

# Debian packages Qt needs. Offscreen (tests, --screenshot): EGL/GL, fontconfig, xkbcommon,
# glib, dbus, and a CJK font so Chinese text is not drawn as empty boxes. A real X11 window
# additionally needs the xcb set; without it Qt aborts with a misleading xcb-cursor message.
QT_BASE_PKGS := libegl1 libgl1 libfontconfig1 libfreetype6 libxkbcommon0 libglib2.0-0 \
                libdbus-1-3 fonts-noto-cjk
QT_X11_PKGS  := libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
                libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0 \
                libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0

.PHONY: run test bench lint clean sysdeps-test sysdeps-run screenshot tour

run: sysdeps-run $(VENV)/.installed-run
	@if [ "$$(uname -s)" = "Linux" ] && [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display: neither DISPLAY nor WAYLAND_DISPLAY is set. Run from a desktop session, use 'ssh -X', or start one with 'xvfb-run make run'." >&2; \
	  exit 1; \
	fi
	$(PY) main.py

# pytest exits 5 when it collected nothing: a suite that ran no test is a failure.
# The suite runs in one process per core (at most four): on two cores it takes half the
# time. PYTEST_ARGS="-n 0" runs it in one process.
test: sysdeps-test $(VENV)/.installed-test
	@QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n auto --maxprocesses=4 $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests." >&2; exit 1; fi; \
	exit $$status

bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/engine.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/claims.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/lessons.py
	@if [ -f benchmarks/session.py ]; then QT_QPA_PLATFORM=offscreen $(PY) benchmarks/session.py; fi
	@if [ -f benchmarks/gui.py ]; then QT_QPA_PLATFORM=offscreen $(PY) benchmarks/gui.py; fi

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check explorer tests benchmarks main.py

screenshot: sysdeps-test $(VENV)/.installed-run
	QT_QPA_PLATFORM=offscreen $(PY) -m explorer.ui.tour --docs docs

# About 35 named pictures of the window (each tab, 1/2/3 lanes, T = 200, each task, each
# lesson's last card, presentation mode, Chinese) at 1280×800, to look through in a minute.
TOUR_DIR ?= build/tour
tour: sysdeps-test $(VENV)/.installed-run
	QT_QPA_PLATFORM=offscreen $(PY) -m explorer.ui.tour $(TOUR_DIR)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "Python 3.10 or newer is needed; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else \
	    echo "Python cannot make a virtual environment here. Run: sudo apt-get install python3-venv" >&2; exit 1; \
	  fi; }
	@$(PIP) install --upgrade pip > /dev/null 2>&1 || true

# pip's own output goes to a log so a newcomer sees one line, or the log when something fails.
$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	@echo "Installing BPTT Explorer into $(VENV) (log: $(VENV)/install.log)"
	@$(PIP) install -e . > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log >&2; exit 1; }
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	@echo "Installing BPTT Explorer with its test tools into $(VENV) (log: $(VENV)/install.log)"
	@$(PIP) install -e '.[test,dev]' > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log >&2; exit 1; }
	@touch $@ $(VENV)/.installed-run

sysdeps-test:
	@./.ci/sysdeps.sh $(QT_BASE_PKGS)

sysdeps-run:
	@./.ci/sysdeps.sh $(QT_BASE_PKGS) $(QT_X11_PKGS)
