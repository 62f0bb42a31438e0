#!/usr/bin/env bash
# The generated multi-stage Dockerfile of one service against a naive single-stage
# `pip install` Dockerfile of the same service, in the same run, with the same engine:
# image size, cold build, rebuild after a source-only change, and container start to /ready.
# Needs a container engine (scripts/container-engine.sh on machines without a registry).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/../.." && pwd)
# shellcheck disable=SC1091
[ -f /etc/containers/shipyard/engine.env ] && set -a && . /etc/containers/shipyard/engine.env && set +a
engine=$(command -v docker > /dev/null && docker info > /dev/null 2>&1 && echo docker || echo podman)
format=(); [ "$engine" = podman ] && format=(--format docker)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shipyard() { uv run --project "$project" --frozen shipyard "$@" > /dev/null; }

shipyard new "$work/acme" --no-git
cd "$work/acme"
shipyard add lib common
shipyard add service catalog
cat > naive.Dockerfile <<'NAIVE'
FROM python:3.11-slim-bookworm
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir ./libs/common ./services/catalog
CMD ["uvicorn", "catalog.main:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]
NAIVE

seconds() { local t0; t0=$(date +%s.%N); "$@" > /dev/null 2>&1; echo "$(date +%s.%N) - $t0" | bc; }
ready() {  # seconds from `run` to /ready answering 200 (SQLite in the container's /tmp)
    local id t0
    t0=$(date +%s.%N)
    id=$($engine run -d --network host -e "DATABASE_URL=sqlite:////tmp/catalog.db" "$1" \
        uvicorn catalog.main:create_app --factory --host 127.0.0.1 --port 18099)
    until curl -sf localhost:18099/ready > /dev/null; do sleep 0.1; done
    echo "$(date +%s.%N) - $t0" | bc
    $engine rm -f "$id" > /dev/null
}

for variant in generated naive; do
    file=services/catalog/Dockerfile; [ $variant = naive ] && file=naive.Dockerfile
    tag=bench-$variant-$$
    cold=$(seconds $engine build "${format[@]}" --no-cache -f "$file" -t "$tag" .)
    echo "# $(date)" >> services/catalog/src/catalog/service.py
    rebuild=$(seconds $engine build "${format[@]}" -f "$file" -t "$tag" .)
    size=$($engine image inspect --format '{{.Size}}' "$tag")
    start=$(ready "$tag")
    printf '%-9s size %4d MB  cold build %5.1f s  rebuild after a source change %5.1f s  start to ready %4.1f s\n' \
        "$variant" $((size / 1000000)) "$cold" "$rebuild" "$start"
    $engine rmi -f "$tag" > /dev/null
done
