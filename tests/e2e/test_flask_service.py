"""`shipyard add service NAME --framework flask`, end to end: a workspace with a lib and a Flask
service, installed with uv, passes its own gates (ruff, mypy --strict, uv.lock, shipyard check,
its tests with coverage, on PostgreSQL too), and `shipyard up` serves it under gunicorn."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shipyard_ok
from tests.e2e.conftest import MEASURED, READY, Start, alive, make, psql, rss_kib, stop, uv_sync
from tests.e2e.test_generated_workspace import POSTGRES_URL, require_postgres

pytestmark = pytest.mark.e2e

SHIPYARD = str(Path(sys.executable).parent / "shipyard")


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """new + a lib + a Flask service + uv sync, as the README tells a user."""
    base = tmp_path_factory.mktemp("flask")
    root = base / "acme"
    started = time.monotonic()
    shipyard_ok("new", str(root), cwd=base)
    shipyard_ok("add", "lib", "common", "--no-lock", cwd=root)
    shipyard_ok("add", "service", "web", "--framework", "flask", cwd=root)
    MEASURED["new + lib + Flask service (uv lock)"] = f"{time.monotonic() - started:.1f} s"
    uv_sync(root)
    return root


def test_lint_typecheck_lock_and_architecture_pass(acme: Path) -> None:
    output = make(acme, "check", env={"SHIPYARD": SHIPYARD})

    assert "All checks passed!" in output  # ruff
    assert "All checks passed! (" in output  # shipyard check
    assert output.count("Success: no issues found") == 2  # common, web


def test_its_tests_pass_with_coverage(acme: Path) -> None:
    output = make(acme, "test-all", "SERVICE=web")

    coverage = re.findall(r"Total coverage: ([\d.]+)%", output)
    assert len(coverage) == 1, output[-3000:]
    assert float(coverage[0]) >= 90
    assert re.search(r"\b\d+ passed\b", output)
    assert " failed" not in output
    assert not re.search(r"\d+ skipped", output)


def test_its_integration_tier_on_real_postgresql(acme: Path) -> None:
    require_postgres()

    output = make(acme, "test-service", "SERVICE=web", env={"TEST_DATABASE_URL": POSTGRES_URL})

    # 7 items API, 2 migrations, 5 operations; no Schemathesis test (no OpenAPI document).
    assert "14 passed" in output, output[-3000:]


def test_contracts_snapshot_skips_it_saying_why(acme: Path) -> None:
    done = subprocess.run(
        [SHIPYARD, "contracts", "snapshot"], cwd=acme, capture_output=True, text=True
    )

    # common has no tasks yet, so there is nothing to snapshot at all: one sentence, exit 2.
    assert done.returncode == 2, done.stderr
    assert "web is a flask service; only FastAPI services have an OpenAPI document" in done.stderr


def request(url: str, body: dict[str, Any] | None = None) -> tuple[int, Any, dict[str, str]]:
    data = json.dumps(body).encode() if body is not None else None
    sent = urllib.request.Request(url, data=data, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(sent, timeout=10) as answer:
            text = answer.read().decode()
            return answer.status, _parsed(text), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, _parsed(error.read().decode()), dict(error.headers)


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def items_round_trip(url: str) -> int:
    """Create, read, list and refuse through HTTP; return the id created."""
    status, created, headers = request(f"{url}/api/v1/items", {"name": "anchor"})
    assert status == 201, created
    assert len(headers["X-Request-ID"]) == 32
    assert request(f"{url}/api/v1/items/{created['id']}")[:2] == (200, created)
    status, page, _ = request(f"{url}/api/v1/items?limit=5&offset=0")
    assert (status, page["items"], page["total"]) == (200, [created], 1)
    status, problem, headers = request(f"{url}/api/v1/items", {"name": "anchor"})
    assert (status, headers["Content-Type"]) == (409, "application/problem+json")
    status, problem, _ = request(f"{url}/api/v1/items?limit=1000")
    assert (status, problem["errors"][0]["loc"]) == (422, ["query", "limit"])
    return int(created["id"])


def test_up_serves_it_under_gunicorn_and_stops_clean(acme: Path, start: Start) -> None:
    up = start(acme)
    seconds = up.wait_for(READY)
    MEASURED["up: start to ready, one Flask service (gunicorn), embedded"] = f"{seconds:.1f} s"
    url = up.urls()["web"]
    output = up.output()
    assert "Starting gunicorn" in output
    assert "docs:" not in output  # a Flask service has no OpenAPI docs to point at

    assert request(f"{url}/health")[:2] == (200, {"status": "ok"})
    assert request(f"{url}/ready")[:2] == (200, {"status": "ready"})
    items_round_trip(url)
    metrics = request(f"{url}/metrics")[1]
    # Counted by route template, across gunicorn's processes (its multiprocess directory).
    assert 'route="/api/v1/items/{item_id}",status="200"} 1.0' in metrics
    assert '"event": "request"' in up.output()  # JSON logs with the request id
    MEASURED["up: memory of one Flask service (sum of RSS)"] = (
        f"{rss_kib(up.descendants()) // 1024} MiB"
    )

    assert alive(stop(up)) == set()


def test_up_against_real_postgresql(acme: Path, start: Start, tmp_path: Path) -> None:
    require_postgres()
    database = f"web_up_{os.urandom(4).hex()}"
    psql("-c", f'CREATE DATABASE "{database}"')
    env_file = tmp_path / "servers.env"
    env_file.write_text(f"WEB_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/{database}\n")
    try:
        up = start(acme, "--env-file", str(env_file))
        up.wait_for(READY)
        assert "WEB_DATABASE_URL" not in up.output().split(READY)[1]  # not an embedded default

        items_round_trip(up.urls()["web"])

        names = psql("-d", database, "-tAc", "SELECT name FROM items")
        assert names.split() == ["anchor"]
        assert alive(stop(up)) == set()
    finally:
        psql("-c", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', check=False)
