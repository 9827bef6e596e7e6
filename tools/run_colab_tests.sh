#!/usr/bin/env bash
# Run every notebook in a Python 3.13 environment pinned to Colab's versions (requirements-colab.txt).
# Needs a python3.13 (PATH or pyenv). Without one this step is skipped with a message, unless
# COURSE_REQUIRE_COLAB=1 (set by CI), where that is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export COURSE_OFFLINE=1 PYTHONHASHSEED=0 PYDEVD_DISABLE_FILE_VALIDATION=1
PY313=$(command -v python3.13 || true)
if [ -z "$PY313" ] && command -v pyenv >/dev/null; then
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.13(\.|$)' | sort -V -r); do
    PY313="$(pyenv root)/versions/$v/bin/python3.13"; [ -x "$PY313" ] && break
  done
fi
if [ -z "$PY313" ] || [ ! -x "$PY313" ]; then
  msg="SKIPPED the Colab stand-in: no python3.13 found (install one, e.g. with pyenv, to run it)."
  if [ "${COURSE_REQUIRE_COLAB:-0}" = 1 ]; then echo "FAILED: ${msg#SKIPPED }"; exit 1; fi
  echo "$msg"; exit 0
fi
stamp=.venv-colab/.installed
if [ ! -f "$stamp" ] || [ requirements-colab.txt -nt "$stamp" ]; then
  echo "Creating the Colab stand-in in .venv-colab (first time: a few minutes)…"
  [ -x .venv-colab/bin/python ] || "$PY313" -m venv .venv-colab
  .venv-colab/bin/python -m pip --disable-pip-version-check -q install -r requirements-colab.txt
  touch "$stamp"
fi
NBVAL=(-m pytest -p no:cacheprovider --nbval-lax --nbval-current-env --nbval-cell-timeout=300 -q)
COURSE_EXPECT_SOLVED=1 .venv-colab/bin/python "${NBVAL[@]}" notebooks/[0-9][0-9]_*.ipynb
COURSE_EXPECT_UNSOLVED=1 .venv-colab/bin/python "${NBVAL[@]}" notebooks/student/[0-9][0-9]_*.ipynb
