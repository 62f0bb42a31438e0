#!/bin/sh
# The tools `compare.py` measures shipyard against, in their own virtualenv so that neither
# their dependencies nor their versions touch shipyard's. Re-run to upgrade.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
uv venv --quiet --allow-existing --python 3.11 "$here/.venv"
uv pip install --quiet --python "$here/.venv/bin/python" tach import-linter grimp
"$here/.venv/bin/tach" --version
"$here/.venv/bin/lint-imports" --help >/dev/null && echo "import-linter: ok"
