"""`shipyard up` on members shipyard did not generate: a Flask app factory and a Dramatiq
worker on the machine's Redis, started the way their runtimes start, and stopped whole."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import redis

from tests.conftest import unavailable
from tests.e2e.conftest import Start, alive, stop, uv_sync

pytestmark = pytest.mark.e2e

REDIS_URL = "redis://127.0.0.1:6379/14"
FILES = {
    "pyproject.toml": """\
[project]
name = "legacy"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["web", "jobs"]

[tool.uv.workspace]
members = ["apps/*"]

[tool.uv.sources]
web = { workspace = true }
jobs = { workspace = true }
""",
    "apps/web/pyproject.toml": """\
[project]
name = "web"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["flask>=3"]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[tool.shipyard]
port = 8311
""",
    "apps/web/src/web/__init__.py": "",
    "apps/web/src/web/app.py": """\
from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/hello")
    def hello() -> dict[str, str]:
        return {"hello": "world"}

    return app
""",
    "apps/jobs/pyproject.toml": """\
[project]
name = "jobs"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["dramatiq[redis]>=1.17"]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
""",
    "apps/jobs/src/jobs/__init__.py": "",
    "apps/jobs/src/jobs/tasks.py": """\
import os
from pathlib import Path

import dramatiq
from dramatiq.brokers.redis import RedisBroker

dramatiq.set_broker(RedisBroker(url=os.environ["REDIS_URL"]))


@dramatiq.actor
def record(text: str) -> None:
    Path(os.environ["OUT_DIR"], "recorded.txt").write_text(text)
""",
}


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.RedisError:
        unavailable(f"no Redis at {REDIS_URL}")
    root = tmp_path / "legacy"
    for relative, text in FILES.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)
    uv_sync(root, "--quiet")
    return root


def test_up_starts_a_flask_factory_and_a_dramatiq_worker(
    legacy: Path, tmp_path: Path, start: Start
) -> None:
    env = {"REDIS_URL": REDIS_URL, "OUT_DIR": str(tmp_path)}
    up = start(legacy, "--grace", "5", env=env)
    up.wait_for("\nready")

    with urllib.request.urlopen("http://127.0.0.1:8311/hello", timeout=5) as response:
        assert json.load(response) == {"hello": "world"}
    send = "from jobs.tasks import record; record.send('from the test')"
    subprocess.run(
        [str(legacy / ".venv/bin/python"), "-c", send],
        check=True,
        env={**os.environ, **env},
        timeout=60,
    )
    deadline = time.monotonic() + 30
    while not (tmp_path / "recorded.txt").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert (tmp_path / "recorded.txt").read_text() == "from the test"

    pids = stop(up)
    assert alive(pids) == set()
