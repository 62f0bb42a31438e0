#!/usr/bin/env bash
# Wall time of: shipyard new + add lib + 2 services + uv sync + the generated tests (make test-all),
# on a warm uv cache (one untimed run first), and lines of generated code per service.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shipyard() { uv run --project "$here/.." --frozen shipyard "$@" > /dev/null; }
now() { date +%s.%N; }
elapsed() { printf "%.2f" "$(echo "$2 - $1" | bc)"; }

one_run() {
    local root=$1 t0 t1 t2 t3
    t0=$(now)
    shipyard new "$root"
    (cd "$root" && shipyard add lib common && shipyard add service catalog && shipyard add service orders)
    t1=$(now)
    (cd "$root" && uv sync --quiet)
    t2=$(now)
    (cd "$root" && make test-all > "$work/test-all.log" 2>&1)
    t3=$(now)
    echo "generate $(elapsed "$t0" "$t1") s, uv sync $(elapsed "$t1" "$t2") s, tests $(elapsed "$t2" "$t3") s, total $(elapsed "$t0" "$t3") s"
}

one_run "$work/warmup" > /dev/null
echo "== warm cache, $(nproc) cores, $(uv --version)"
for i in 1 2 3; do one_run "$work/run$i"; done

echo "== lines of generated code in services/catalog (non-blank)"
cd "$work/run1/services/catalog"
for part in src tests migrations; do
    printf "%-11s %5d lines of Python\n" "$part" "$(find "$part" -name '*.py' -exec cat {} + | grep -cv '^\s*$')"
done
printf "%-11s %5d lines\n" "other" "$(cat Dockerfile compose.dev.yaml README.md alembic.ini pyproject.toml | grep -cv '^\s*$')"
