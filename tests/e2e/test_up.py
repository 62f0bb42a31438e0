"""`shipyard up` on the shop example: real processes, real signals, the example's own e2e
journey against them, and nothing left behind."""

from __future__ import annotations

import os
import shutil
import socket
import time
from pathlib import Path

import pytest
import redis

from tests.conftest import unavailable
from tests.e2e.conftest import (
    MEASURED,
    READY,
    Start,
    alive,
    processes,
    psql,
    rss_kib,
    run_journey,
    stop,
    uv_sync,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def workspace(shop: Path, tmp_path: Path) -> Path:
    """A private copy: each test starts from fresh local state and may break its sources."""
    root = tmp_path / "shop"
    shutil.copytree(shop, root, symlinks=True, ignore=shutil.ignore_patterns(".venv"))
    # A venv of its own: the generated one's editable installs point at the original sources.
    uv_sync(root, "--frozen", "--quiet")
    return root


def test_up_runs_the_shop_on_embedded_defaults_and_stops_clean(
    workspace: Path, start: Start
) -> None:
    up = start(workspace)
    seconds = up.wait_for(READY)
    MEASURED["up: start to ready, shop (2 services, a worker), embedded"] = f"{seconds:.1f} s"

    run_journey(workspace, up)

    assert list((workspace / "outbox").glob("order-*.json"))  # the worker's notification
    MEASURED["up: memory of the whole shop (sum of RSS)"] = (
        f"{rss_kib(up.descendants()) // 1024} MiB"
    )
    pids = stop(up)
    assert pids
    assert alive(pids) == set()
    assert "stopped; no process left running." in up.output()


def test_up_one_service_alone(workspace: Path, start: Start) -> None:
    up = start(workspace, "catalog")
    up.wait_for(READY)
    MEASURED["up catalog: memory (sum of RSS)"] = f"{rss_kib(up.descendants()) // 1024} MiB"
    assert "orders" not in up.output()

    assert alive(stop(up)) == set()


def test_up_against_real_postgresql_and_redis(workspace: Path, start: Start) -> None:
    for port, what in ((5432, "PostgreSQL"), (6379, "Redis")):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                unavailable(f"{what} is not reachable on 127.0.0.1:{port}")
    suffix = os.urandom(4).hex()
    databases = {name: f"{name}_up_{suffix}" for name in ("catalog", "orders")}
    for database in databases.values():
        psql("-c", f'CREATE DATABASE "{database}"')
    env_file = workspace / "servers.env"
    env_file.write_text(
        "".join(
            f"{name.upper()}_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/{db}\n"
            for name, db in databases.items()
        )
        + "BROKER_URL=redis://127.0.0.1:6379/11\nTASKS_STATE_URL=redis://127.0.0.1:6379/12\n"
    )
    for number in (11, 12):
        redis.Redis.from_url(f"redis://127.0.0.1:6379/{number}").flushdb()
    try:
        up = start(workspace, "--env-file", str(env_file))
        up.wait_for(READY)
        assert "embedded defaults" not in up.output()

        run_journey(workspace, up)

        stock = psql("-d", databases["catalog"], "-tAc", "SELECT stock FROM products ORDER BY id")
        assert stock.split() == ["3", "1"]  # the journey's two products, after its orders
        orders = psql("-d", databases["orders"], "-tAc", "SELECT count(*) FROM orders")
        assert orders.strip() == "1"
        assert not (workspace / ".shipyard/run/broker.sqlite").exists()
        assert alive(stop(up)) == set()
    finally:
        for database in databases.values():
            psql("-c", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', check=False)


def test_a_service_that_crashes_at_start_stops_everything(workspace: Path, start: Start) -> None:
    api = workspace / "services/orders/src/orders/api.py"
    api.write_text(api.read_text() + "\nraise RuntimeError('orders cannot start')\n")
    up = start(workspace)

    assert up.process.wait(timeout=120) == 1
    output = up.output()
    assert "RuntimeError: orders cannot start" in output  # the tail of its log
    assert "error: orders exited with code" in output
    assert "stopped everything" in output
    assert not {p for p, _, _ in processes() if "shop/.venv" in _cmdline(p)} & up.descendants()


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def test_a_port_already_taken_is_one_sentence(workspace: Path, start: Start) -> None:
    with socket.socket() as squatter:
        # Earlier tests' connections may linger in TIME_WAIT on the port; a listener is what
        # `up` must notice.
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", 8001))
        squatter.listen()
        up = start(workspace)
        assert up.process.wait(timeout=60) == 2

    assert "Port 8001 for catalog is already in use" in up.output()
    assert "Traceback" not in up.output()


def test_a_broken_migration_stops_before_anything_starts(workspace: Path, start: Start) -> None:
    (workspace / "services/catalog/migrations/env.py").write_text("raise RuntimeError('broken')\n")
    up = start(workspace)

    assert up.process.wait(timeout=120) == 1
    output = up.output()
    assert "RuntimeError: broken" in output
    assert "error: catalog migrations failed with exit code 1" in output
    assert "Uvicorn running" not in output


def test_a_missing_migration_stops_before_anything_starts(workspace: Path, start: Start) -> None:
    versions = workspace / "services/catalog/migrations/versions"
    second = (versions / "0001_create_products.py").read_text()
    second = second.replace('revision: str = "0001"', 'revision: str = "0002"')
    second = second.replace(
        "down_revision: str | None = None", 'down_revision: str | None = "0001"'
    )
    (versions / "0002_after_a_lost_one.py").write_text(second)
    (versions / "0001_create_products.py").unlink()  # lost: 0002 revises a revision not there
    up = start(workspace)

    assert up.process.wait(timeout=120) == 1
    output = up.output()
    assert "Revision 0001 referenced from 0001 -> 0002" in output  # Alembic's reason
    assert "is not present" in output
    assert "error: catalog migrations failed with exit code" in output
    assert "Uvicorn running" not in output


def test_killing_up_with_sigkill_leaves_no_process(workspace: Path, start: Start) -> None:
    """`up` dies without a chance to clean up: its guards stop every process it started."""
    up = start(workspace, "--grace", "3")
    up.wait_for(READY)
    pids = up.descendants()
    assert len(pids) >= 6  # a guard and its process per member, and the worker's pool
    up.process.kill()
    up.process.wait()
    deadline = time.monotonic() + 15
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert alive(pids) == set()  # and so none holds its port
