#!/usr/bin/env bash
# The README's main command, timed: `make demo` (generate the shop, uv sync, shipyard up) until
# the first request of the walkthrough succeeds; then the memory of everything `up` started
# (sum of RSS over its process tree), the same for `shipyard up catalog` alone, and the time
# `up` takes to stop. One untimed run first warms the uv cache. Prints a Markdown table row.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/.tools/bin:$PATH"  # where scripts/bootstrap.sh puts uv
demo_dir=$(mktemp -d)
trap 'pkill -TERM -f "shipyard up" || true; rm -rf "$demo_dir"' EXIT

product='{"sku": "ANC-1", "name": "anchor", "price_cents": 1250, "stock": 5}'

# Sum of VmRSS (MiB) of a process and all its descendants.
tree_rss() {
    ps -e -o pid=,ppid=,rss= | awk -v root="$1" '
        { parent[$1] = $2; rss[$1] = $3 }
        END {
            for (pid in parent) {
                for (p = pid; p != "" && p != 0 && p != 1; p = parent[p]) {
                    if (p == root) { total += rss[pid]; break }
                }
            }
            printf "%d", total / 1024
        }'
}

up_pid() { pgrep -f "bin/shipyard up" | head -1; }

wait_stopped() {
    local started=$1
    while pgrep -f "bin/shipyard up" > /dev/null; do sleep 0.1; done
    echo "$(date +%s.%N) - $started" | bc
}

run_demo() {  # echoes seconds from `make demo` to the first successful request
    local started
    started=$(date +%s.%N)
    setsid make demo DEMO_DIR="$demo_dir" > "$demo_dir.log" 2>&1 &
    until curl -sf -X POST localhost:8001/api/v1/products \
        -H 'content-type: application/json' -d "$product" > /dev/null 2>&1; do
        sleep 0.1
    done
    echo "$(date +%s.%N) - $started" | bc
}

make setup > /dev/null
run_demo > /dev/null                         # warm-up: fills the uv cache
pkill -TERM -f "bin/shipyard up"; wait_stopped "$(date +%s.%N)" > /dev/null

first_request=$(run_demo)
until grep -q "ready (Ctrl-C" "$demo_dir.log"; do sleep 0.2; done  # the worker too
curl -sf -X POST localhost:8002/api/v1/orders -H 'content-type: application/json' \
    -d '{"product_id": 1, "quantity": 2}' > /dev/null
sleep 2
whole=$(tree_rss "$(up_pid)")
stop_started=$(date +%s.%N); pkill -TERM -f "bin/shipyard up"
stop_seconds=$(wait_stopped "$stop_started")

cd "$demo_dir/shop"
setsid uv run --project "$OLDPWD" --frozen shipyard up catalog > "$demo_dir.catalog.log" 2>&1 &
until grep -q "ready (Ctrl-C" "$demo_dir.catalog.log"; do sleep 0.2; done
catalog=$(tree_rss "$(up_pid)")
pkill -TERM -f "bin/shipyard up"; wait_stopped "$(date +%s.%N)" > /dev/null

printf '| %s | %.1f s | %s MiB | %s MiB (%d%%) | %.1f s |\n' "$(date +%F)" "$first_request" \
    "$whole" "$catalog" $((100 * catalog / whole)) "$stop_seconds"
