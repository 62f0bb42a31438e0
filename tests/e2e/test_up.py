"""`shipyard up` on a generated workspace: real processes, real signals, nothing left behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from tests.conftest import shipyard_ok, unavailable
from tests.e2e.conftest import MEASURED

pytestmark = pytest.mark.e2e

PUBLISH = """
from common.tasks.contracts.send_webhook import SendWebhook
from common.tasks.publish import publish
publish(SendWebhook(reference="from-the-test"))
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("up")
    root = base / "acme"
    steps = [("new", str(root), "--no-git"), ("add", "lib", "common")]
    steps += [("add", "service", "catalog"), ("add", "service", "orders")]
    steps += [("add", "worker", "worker"), ("add", "task", "send_webhook")]
    for args in steps:
        shipyard_ok(*args, cwd=base if args[0] == "new" else root)
    sync = subprocess.run(["uv", "sync"], cwd=root, capture_output=True, text=True, check=False)
    assert sync.returncode == 0, sync.stderr
    return root


@pytest.fixture
def workspace(generated: Path, tmp_path: Path) -> Path:
    """A private copy: each test starts from fresh local state and may break its sources."""
    root = tmp_path / "acme"
    shutil.copytree(generated, root, symlinks=True, ignore=shutil.ignore_patterns(".venv"))
    # A venv of its own: the generated one's editable installs point at the original sources.
    subprocess.run(["uv", "sync", "--frozen", "--quiet"], cwd=root, check=True)
    return root


@dataclass
class Up:
    process: subprocess.Popen[str]
    log: Path

    def output(self) -> str:
        return self.log.read_text()

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"`shipyard up` never printed {text!r}:\n{self.output()[-4000:]}")
            time.sleep(0.2)

    def descendants(self) -> set[int]:
        """Every process started by `up`: its children and their process groups."""
        children = {pid for pid, parent, _ in _processes() if parent == self.process.pid}
        return {pid for pid, _, group in _processes() if group in children} | children


def _processes() -> list[tuple[int, int, int]]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                found.append((int(entry.name), int(fields[1]), int(fields[2])))
    return found


def _alive(pids: set[int]) -> set[int]:
    return {pid for pid, _, _ in _processes() if pid in pids}


@pytest.fixture
def start(tmp_path: Path) -> Iterator[object]:
    started: list[Up] = []

    def run(workspace: Path, *args: str, env: dict[str, str] | None = None) -> Up:
        log = tmp_path / f"up-{len(started)}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "shipyard", "up", *args],
            cwd=workspace,
            env={**os.environ, "COLUMNS": "200", **(env or {})},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        up = Up(process, log)
        started.append(up)
        return up

    yield run
    for up in started:  # after a failed test: stop it the way a user would, then make sure
        if up.process.poll() is None:
            leftovers = up.descendants()
            up.process.send_signal(signal.SIGTERM)
            try:
                up.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                up.process.kill()
                up.process.wait()
            for pid in _alive(leftovers):
                os.kill(pid, signal.SIGKILL)


def stop(up: Up) -> set[int]:
    """SIGTERM `up` as a process manager would; return the processes it had started."""
    pids = up.descendants()
    up.process.send_signal(signal.SIGTERM)
    assert up.process.wait(timeout=60) == 0, up.output()[-3000:]
    return pids


def psql(*args: str, check: bool = True) -> str:
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", *args]
    return subprocess.run(command, check=check, capture_output=True, text=True).stdout


def http(method: str, url: str, body: dict[str, object] | None = None) -> dict[str, object]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("content-type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        result: dict[str, object] = json.loads(response.read())
        return result


def rss_kib(pids: set[int]) -> int:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def publish(workspace: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [str(workspace / ".venv/bin/python"), "-c", PUBLISH],
        cwd=workspace,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_up_runs_everything_on_embedded_defaults_and_stops_clean(
    workspace: Path, start: object
) -> None:
    started = time.monotonic()
    up = start(workspace)  # type: ignore[operator]
    up.wait_for("ready (Ctrl-C stops everything)")
    MEASURED["up: start to ready, 2 services and a worker, embedded"] = (
        f"{time.monotonic() - started:.1f} s"
    )
    item = http("POST", "http://127.0.0.1:8001/api/v1/items", {"name": "anchor"})
    assert http("GET", f"http://127.0.0.1:8001/api/v1/items/{item['id']}")["name"] == "anchor"
    run = workspace / ".shipyard/run"
    publish(
        workspace,
        {
            "BROKER_URL": f"sqla+sqlite:///{run / 'broker.sqlite'}",
            "TASKS_STATE_URL": f"sqlite:///{run / 'tasks.sqlite'}",
        },
    )
    up.wait_for('"reference": "from-the-test"', timeout=30)
    assert "http://127.0.0.1:8002" in up.output()
    MEASURED["up: memory of the whole example (sum of RSS)"] = (
        f"{rss_kib(up.descendants()) // 1024} MiB"
    )

    pids = stop(up)

    assert pids
    assert _alive(pids) == set()
    assert "stopped; no process left running." in up.output()


def test_up_one_service_alone(workspace: Path, start: object) -> None:
    up = start(workspace, "catalog")  # type: ignore[operator]
    up.wait_for("ready (Ctrl-C stops everything)")
    MEASURED["up catalog: memory (sum of RSS)"] = f"{rss_kib(up.descendants()) // 1024} MiB"
    assert "orders" not in up.output()

    assert _alive(stop(up)) == set()


def test_up_against_real_postgresql_and_redis(workspace: Path, start: object) -> None:
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
    redis.Redis.from_url("redis://127.0.0.1:6379/11").flushdb()
    try:
        up = start(workspace, "--env-file", str(env_file))  # type: ignore[operator]
        up.wait_for("ready (Ctrl-C stops everything)")
        assert "embedded defaults" not in up.output()
        http("POST", "http://127.0.0.1:8001/api/v1/items", {"name": "on-postgres"})
        listed = psql("-d", databases["catalog"], "-tAc", "SELECT name FROM items").split()
        assert listed == ["on-postgres"]
        publish(workspace, {"BROKER_URL": "redis://127.0.0.1:6379/11"})
        up.wait_for('"reference": "from-the-test"', timeout=30)
        assert _alive(stop(up)) == set()
    finally:
        for database in databases.values():
            psql("-c", f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', check=False)


def test_a_service_that_crashes_at_start_stops_everything(workspace: Path, start: object) -> None:
    api = workspace / "services/orders/src/orders/api.py"
    api.write_text(api.read_text() + "\nraise RuntimeError('orders cannot start')\n")
    up = start(workspace)  # type: ignore[operator]

    assert up.process.wait(timeout=120) == 1
    output = up.output()
    assert "RuntimeError: orders cannot start" in output  # the tail of its log
    assert "error: orders exited with code" in output
    assert "stopped everything" in output
    assert not {p for p, _, _ in _processes() if "acme/.venv" in _cmdline(p)} & up.descendants()


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def test_a_port_already_taken_is_one_sentence(workspace: Path, start: object) -> None:
    with socket.socket() as squatter:
        # Earlier tests' connections may linger in TIME_WAIT on the port; a listener is what
        # `up` must notice.
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", 8001))
        squatter.listen()
        up = start(workspace)  # type: ignore[operator]
        assert up.process.wait(timeout=60) == 2

    assert "Port 8001 for catalog is already in use" in up.output()
    assert "Traceback" not in up.output()


def test_a_broken_migration_stops_before_anything_starts(workspace: Path, start: object) -> None:
    (workspace / "services/catalog/migrations/env.py").write_text("raise RuntimeError('broken')\n")
    up = start(workspace)  # type: ignore[operator]

    assert up.process.wait(timeout=120) == 1
    output = up.output()
    assert "RuntimeError: broken" in output
    assert "error: catalog migrations failed with exit code 1" in output
    assert "Uvicorn running" not in output
