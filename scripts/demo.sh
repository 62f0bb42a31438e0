#!/usr/bin/env bash
# Generate the example workspace (a lib and two services) and run its own gates, as a user would.
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

shipyard new "$demo_dir/acme"
touch "$demo_dir/acme/.shipyard-demo"
echo ".shipyard-demo" >> "$demo_dir/acme/.git/info/exclude"
cd "$demo_dir/acme"
shipyard add lib common
shipyard add service catalog
shipyard add service orders
uv sync
make check
make test-all

cat <<DONE

The example workspace is ready in $demo_dir/acme and passes its own checks and tests.
Run a service:
  cd $demo_dir/acme
  uv run alembic -c services/catalog/alembic.ini upgrade head
  uv run uvicorn catalog.main:create_app --factory --port 8001
then open http://127.0.0.1:8001/docs, or:
  curl -s -X POST localhost:8001/api/v1/items -H 'content-type: application/json' -d '{"name": "anchor"}'
  curl -s localhost:8001/api/v1/items
DONE
