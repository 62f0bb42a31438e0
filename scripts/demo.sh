#!/usr/bin/env bash
# Generate the shop example (catalog, orders, a worker, a shared lib) and bring it up with
# `shipyard up` on embedded defaults: no database or broker server needed. Ctrl-C stops it.
set -euo pipefail
demo_dir=${1:?usage: scripts/demo.sh DIRECTORY}
project=$(cd "$(dirname "$0")/.." && pwd)
shipyard() { uv run --project "$project" --frozen shipyard "$@"; }
shop="$demo_dir/shop"

if [ -e "$shop/.shipyard-demo" ]; then
    rm -rf "$shop"    # only ever a workspace this script generated: each demo starts fresh
elif [ -e "$shop" ]; then
    echo "demo: $shop exists and was not made by this script; move it away first." >&2
    exit 2
fi
mkdir -p "$demo_dir"

shipyard new "$shop" --example shop > /dev/null
touch "$shop/.shipyard-demo"
echo ".shipyard-demo" >> "$shop/.git/info/exclude"
cd "$shop"
uv sync --quiet

cat <<DONE

The shop example is in $shop: its README has a walkthrough, \`make check test-all\` runs its
own gates, and \`make test-e2e\` (from another terminal, once it is up) its customer journey.
DONE
exec uv run --project "$project" --frozen shipyard up
