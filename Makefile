# From Pixels to Pretrained: the commands.  `make help` lists them.
# Everything installs into .venv inside this folder; nothing is installed anywhere else.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: help lab test test-colab prefetch student fmt notebooks retarget bench clean

help:
	@echo "make lab        set up .venv (first time only) and open JupyterLab on notebooks/"
	@echo "make test       install what is needed, run unit tests, every notebook (nbval), the browser test"
	@echo "make prefetch   download and verify every dataset and weight (before a lab); prints what is cached"
	@echo "make student    write the student notebooks (solutions replaced by stubs) into notebooks/student/"
	@echo "make notebooks  re-execute the source notebooks offline, keep checked outputs, rebuild student versions"
	@echo "make fmt        normalise notebook JSON, badges and setup cells"
	@echo "make retarget URL=https://github.com/you/fork [BRANCH=main]   point badges and setup cells at a fork"
	@echo "make bench      time every notebook and the distance benchmarks; prints tables"
	@echo "make test-colab run every notebook in a Python 3.13 environment with Colab's package versions"

# ---------------------------------------------------------------- environments
$(VENV)/.course-installed: requirements.txt
	@$(PYTHON) -c 'import sys; v=sys.version_info; sys.exit(0 if (3,10)<=v[:2]<=(3,13) else "The course needs Python 3.10 to 3.13 (TensorFlow supports those); this is %d.%d. Run: make PYTHON=python3.12 lab" % v[:2])'
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

test-colab:
	@bash tools/run_colab_tests.sh

# ---------------------------------------------------------------- instructors
prefetch: $(VENV)/.course-installed
	$(PY) -m utils.cache

student: $(VENV)/.course-installed
	$(PY) tools/nbtool.py student

# ---------------------------------------------------------------- authors
fmt: $(VENV)/.course-installed
	$(PY) tools/nbtool.py fmt

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
