#!/usr/bin/env bash
# Make sure uv is available: the one on PATH, else a private copy in .tools/ installed from
# the Python package index with the machine's own python3. Prints the uv to use.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v uv > /dev/null 2>&1; then
    command -v uv
    exit 0
fi
if [ ! -x .tools/bin/uv ]; then
    if ! command -v python3 > /dev/null 2>&1; then
        echo "bootstrap: python3 (3.11 or newer) is needed to install uv, and it is not on PATH." >&2
        exit 2
    fi
    echo "bootstrap: uv is not on PATH; installing it into .tools/" >&2
    python3 -m venv .tools
    .tools/bin/python -m pip install --quiet --disable-pip-version-check uv
fi
echo "$PWD/.tools/bin/uv"
