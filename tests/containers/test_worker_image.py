"""The worker image: built from a generated workspace, it consumes tasks from the real Redis."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.conftest import shipyard_ok as shipyard
from tests.conftest import unavailable as unusable
from tests.containers.conftest import MEASURED, Engine

pytestmark = pytest.mark.containers

BROKER = "redis://127.0.0.1:6379/14"
PUBLISH = """
import sys
from common.tasks.contracts.send_webhook import SendWebhook
from common.tasks.publish import publish
publish(SendWebhook(reference=sys.argv[1]))
"""


@pytest.fixture(scope="module")
def worker_image(
    engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str]]:
    workspace = tmp_path_factory.mktemp("worker-image") / "acme"
    shipyard("new", str(workspace), "--no-git", cwd=workspace.parent)
    for args in (("lib", "common"), ("worker", "worker"), ("task", "send_webhook")):
        shipyard("add", *args, cwd=workspace)
    subprocess.run(["uv", "sync", "--quiet"], cwd=workspace, check=True)
    tag = f"localhost/shipyard-test-worker:{uuid.uuid4().hex[:12]}"
    _, took = engine.build(workspace, "services/worker/Dockerfile", tag)
    MEASURED["build worker (podman, layer cache as found)"] = f"{took:.1f} s"
    yield workspace, tag
    engine("rmi", "--force", tag, check=False)


def wait_for_log(engine: Engine, name: str, text: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while True:
        logs = engine("logs", name, check=False)
        output = logs.stdout + logs.stderr
        if text in output:
            return output
        if time.monotonic() > deadline:
            pytest.fail(f"the worker never logged {text!r}:\n{output[-3000:]}")
        time.sleep(0.5)


def test_worker_image_consumes_from_redis_and_stops_softly(
    engine: Engine, worker_image: tuple[Path, str]
) -> None:
    workspace, tag = worker_image
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 6379)) != 0:
            unusable("Redis is not reachable on 127.0.0.1:6379")
    redis.Redis.from_url(BROKER).flushdb()
    name = f"shipyard-test-{uuid.uuid4().hex[:12]}"
    env = ["--env", f"BROKER_URL={BROKER}", "--env", f"TASKS_STATE_URL={BROKER}"]
    engine("run", "--detach", "--name", name, "--network", "host", *env, tag)
    try:
        wait_for_log(engine, name, " ready.", timeout=60)
        assert engine("exec", name, "id", "-u").stdout.strip() != "0"
        reference = f"from-the-host-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            [str(workspace / ".venv/bin/python"), "-c", PUBLISH, reference],
            cwd=workspace,
            env={**os.environ, "BROKER_URL": BROKER, "TASKS_STATE_URL": BROKER},
            check=True,
        )

        wait_for_log(engine, name, reference, timeout=30)

        stopping = time.monotonic()
        engine("stop", "--time", "20", name, timeout=60)
        MEASURED["worker container stop"] = f"{time.monotonic() - stopping:.1f} s"
        state = engine("inspect", "--format", "{{.State.ExitCode}}", name).stdout.strip()
        assert state == "0"  # celery, PID 1, shut down on SIGTERM rather than being killed
    finally:
        engine("rm", "--force", name, check=False)
        redis.Redis.from_url(BROKER).flushdb()
