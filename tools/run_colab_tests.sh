#!/usr/bin/env bash
# Run every notebook in a Python 3.13 environment pinned to Colab's versions (requirements-colab.txt).
# Needs a python3.13 (PATH or pyenv). Without one this step is skipped with a message, unless
# COURSE_REQUIRE_COLAB=1 (set by CI), where that is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export COURSE_OFFLINE=1 PYTHONHASHSEED=0 PYDEVD_DISABLE_FILE_VALIDATION=1
# Candidates: python3.13 on PATH (may be a pyenv shim that does not work), then pyenv's installs.
candidates=()
command -v python3.13 >/dev/null 2>&1 && candidates+=("$(command -v python3.13)")
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.13(\.|$)' | sort -V -r); do
    candidates+=("$(pyenv root)/versions/$v/bin/python3.13")
  done
fi
PY313=""
for c in ${candidates[@]+"${candidates[@]}"}; do
  if "$c" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 13))' >/dev/null 2>&1; then PY313=$c; break; fi
done
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
# the solved versions must pass every exercise check; the exercise versions must fail each with a hint
COURSE_EXPECT_SOLVED=1 .venv-colab/bin/python "${NBVAL[@]}" notebooks/solutions/[0-9][0-9]_*.ipynb
COURSE_EXPECT_UNSOLVED=1 .venv-colab/bin/python "${NBVAL[@]}" notebooks/[0-9][0-9]_*.ipynb
