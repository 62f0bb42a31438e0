#!/usr/bin/env bash
# Generate the example workspace (a lib with a task, two services, a worker) and bring it up
# with `shipyard up` on embedded defaults: no database or broker server needed. Ctrl-C stops it.
set -euo pipefail
demo_dir=${1:?usage: scripts/demo.sh DIRECTORY}
project=$(cd "$(dirname "$0")/.." && pwd)
shipyard() { uv run --project "$project" --frozen shipyard "$@"; }

if [ -e "$demo_dir/acme/.shipyard-demo" ]; then
    rm -rf "$demo_dir/acme"    # only ever a workspace this script generated
elif [ -e "$demo_dir/acme" ]; then
    echo "demo: $demo_dir/acme exists and was not made by this script; move it away first." >&2
    exit 2
fi
mkdir -p "$demo_dir"

shipyard new "$demo_dir/acme" > /dev/null
touch "$demo_dir/acme/.shipyard-demo"
echo ".shipyard-demo" >> "$demo_dir/acme/.git/info/exclude"
cd "$demo_dir/acme"
for member in "lib common" "service catalog" "service orders" "worker worker" "task send_webhook"; do
    # shellcheck disable=SC2086 # the kind and the name are two words on purpose
    shipyard add $member > /dev/null
    echo "added $member"
done
uv sync --quiet

cat <<DONE

The example workspace is in $demo_dir/acme (its own checks and tests: make check test-all).
Starting it; once it says "ready", in another terminal:
  curl -s -X POST localhost:8001/api/v1/items -H 'content-type: application/json' -d '{"name": "anchor"}'
  curl -s localhost:8001/api/v1/items
  open http://127.0.0.1:8001/docs
DONE
exec uv run --project "$project" --frozen shipyard up
