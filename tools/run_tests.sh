#!/usr/bin/env bash
# The whole test suite, offline: lint (seconds, so style problems fail fast), unit + structure +
# browser tests, then every notebook under nbval (the solved versions in notebooks/solutions/ must
# pass their exercise checks, the exercise versions in notebooks/ must fail them with hints), then
# the Colab stand-in.  Called by `make test` (and so by .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export COURSE_OFFLINE=1 PYTHONHASHSEED=0 PYDEVD_DISABLE_FILE_VALIDATION=1 KERAS_HOME="$PWD/build/keras-home"
# A Keras cache of its own (never ~/.keras), filled only from local copies, never from the network:
mkdir -p build/keras-home && { [ ! -d /usr/share/datasets/fashion-mnist ] || $PY -m utils.cache --quiet --from /usr/share/datasets/fashion-mnist || echo "(Debian's Fashion-MNIST could not be imported; see above)"; }
NBVAL=(-m pytest -p no:cacheprovider --nbval-lax --nbval-current-env --nbval-cell-timeout=300 -q)
start=$(date +%s)

echo "== 0/4 lint (ruff check, ruff format --check; \`make fmt\` fixes most of it)"
.venv/bin/ruff check --quiet
.venv/bin/ruff format --check --quiet

echo "== 1/4 unit, structure and browser tests"
$PY -m pytest -p no:cacheprovider -q -rs tests

echo "== 2/4 source notebooks, notebooks/solutions/ (every exercise check must pass)"
COURSE_EXPECT_SOLVED=1 $PY "${NBVAL[@]}" notebooks/solutions/[0-9][0-9]_*.ipynb

echo "== 3/4 student notebooks, notebooks/ (run to the end; every exercise check must fail with a hint)"
COURSE_EXPECT_UNSOLVED=1 $PY "${NBVAL[@]}" notebooks/[0-9][0-9]_*.ipynb

echo "== 4/4 the notebooks in the Colab stand-in (Python 3.13, Colab's versions)"
bash tools/run_colab_tests.sh

echo "All tests passed in $(( $(date +%s) - start )) s."
