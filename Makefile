# From Pixels to Pretrained: the commands.  `make help` lists them.
# Everything installs into .venv inside this folder; nothing is installed anywhere else.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: help lab test test-colab lint prefetch student fmt notebooks retarget bench clean

help:
	@echo "make lab        set up .venv (first time only) and open JupyterLab on notebooks/"
	@echo "make test       install what is needed, lint, run unit tests, every notebook (nbval), the browser test"
	@echo "make lint       ruff check + ruff format --check over utils, tools, tests, benchmarks, solved notebooks"
	@echo "make prefetch   download and verify every dataset and weight (before a lab); prints what is cached"
	@echo "make prefetch FROM=/media/usb   copy verified local copies into the cache, with no network"
	@echo "make student    rebuild the exercise notebooks notebooks/NN_*.ipynb from notebooks/solutions/ (stubs)"
	@echo "make notebooks  re-execute notebooks/solutions/ offline, keep checked outputs, rebuild exercise versions"
	@echo "make fmt        ruff format + ruff check --fix, then notebook JSON, badges, setup cells, exercise versions"
	@echo "make retarget URL=https://github.com/you/fork [BRANCH=main]   point badges and setup cells at a fork"
	@echo "make bench      time every notebook and the distance benchmarks; prints tables"
	@echo "make test-colab run every notebook in a Python 3.13 environment with Colab's package versions"

# ---------------------------------------------------------------- environments
$(VENV)/.course-installed: requirements.txt
	@$(PYTHON) -c 'import sys; v=sys.version_info; sys.exit(0 if (3,11)<=v[:2]<=(3,13) else "The course needs Python 3.11 to 3.13 (its pinned packages support those); this is %d.%d. Run: make PYTHON=python3.12 lab" % v[:2])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing the course's packages into $(VENV) (first time: a few minutes)…"
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.course-installed
	$(PIP) install -r requirements-dev.txt
	@touch $@

# ---------------------------------------------------------------- learners
lab: $(VENV)/.course-installed
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

# ---------------------------------------------------------------- tests
test: $(VENV)/.dev-installed
	@bash tools/run_tests.sh

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check
	$(VENV)/bin/ruff format --check

test-colab:
	@bash tools/run_colab_tests.sh

# ---------------------------------------------------------------- instructors
prefetch: $(VENV)/.course-installed
	$(PY) -m utils.cache $(if $(FROM),--from "$(FROM)")

student: $(VENV)/.course-installed
	$(PY) tools/nbtool.py student

# ---------------------------------------------------------------- authors
# ruff rewrites the solved notebooks' code cells; nbtool then restores the committed JSON layout and
# rebuilds the exercise versions from them; the last line lists what ruff could not fix by itself.
fmt: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix-only --quiet
	$(VENV)/bin/ruff format --quiet
	$(PY) tools/nbtool.py fmt
	$(PY) tools/nbtool.py student
	$(VENV)/bin/ruff check --quiet

notebooks: $(VENV)/.dev-installed
	$(PY) tools/nbtool.py execute
	$(PY) tools/nbtool.py student

retarget: $(VENV)/.course-installed
	@test -n "$(URL)" || (echo "Usage: make retarget URL=https://github.com/OWNER/NAME [BRANCH=main]"; exit 2)
	$(PY) tools/nbtool.py retarget "$(URL)" $(if $(BRANCH),--branch "$(BRANCH)")

bench: $(VENV)/.dev-installed
	$(PY) benchmarks/run.py

clean:
	rm -rf build .pytest_cache .hypothesis
