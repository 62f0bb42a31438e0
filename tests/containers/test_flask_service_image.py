"""A generated Flask service's image: built from its Dockerfile, run as a non-root user under
gunicorn, healthy, ready on the machine's PostgreSQL, and stopped cleanly by SIGTERM."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.conftest import shipyard_ok as shipyard

from .conftest import MEASURED, Engine, unusable
from .test_service_image import (
    DEFAULT_DATABASE_URL,
    network_args,
    reachable,
    seconds,
    unique_tag,
    wait_for,
)

pytestmark = pytest.mark.containers

SERVICE = "web"
DOCKERFILE = f"services/{SERVICE}/Dockerfile"


@pytest.fixture(scope="module")
def built(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workspace = tmp_path_factory.mktemp("containers-flask") / "acme"
    shipyard("new", str(workspace), "--no-git", cwd=workspace.parent)
    shipyard("add", "lib", "common", "--no-lock", cwd=workspace)
    shipyard("add", "service", SERVICE, "--framework", "flask", cwd=workspace)
    tag = unique_tag(SERVICE)
    _, took = engine.build(workspace, DOCKERFILE, tag)
    MEASURED[f"build the Flask service {SERVICE} ({engine.name}, layer cache as found)"] = seconds(
        took
    )
    yield tag
    engine("rmi", "--force", tag, check=False)


def test_image_runs_gunicorn_as_a_non_root_user_with_a_healthcheck(
    engine: Engine, built: str
) -> None:
    config = json.loads(engine("image", "inspect", "--format", "{{json .Config}}", built).stdout)
    assert config["User"] == "app"
    assert config["Cmd"][:3] == ["gunicorn", "--config", f"python:{SERVICE}.gunicorn_conf"]
    assert "/health" in " ".join(config["Healthcheck"]["Test"])


@pytest.mark.postgres
def test_container_serves_health_and_ready_and_stops_on_sigterm(engine: Engine, built: str) -> None:
    database_url = os.environ.get("TEST_DATABASE_URL", DEFAULT_DATABASE_URL)
    if not reachable(database_url):
        unusable(f"no PostgreSQL answers at {urlsplit(database_url).netloc}")
    name = f"shipyard-test-{uuid.uuid4().hex[:12]}"
    run_args, url = network_args(engine, database_url)
    started = time.monotonic()
    engine("run", "--detach", "--name", name, *run_args, built)
    try:
        ready = wait_for(f"{url}/ready", timeout=60)
        MEASURED["Flask container start to ready"] = seconds(time.monotonic() - started)
        logs = engine("logs", name, check=False)
        assert ready == {"status": "ready"}, logs.stdout + logs.stderr
        assert wait_for(f"{url}/health", timeout=5) == {"status": "ok"}
        if engine.name == "podman":
            assert engine("healthcheck", "run", name, check=False).returncode == 0

        engine("stop", "--time", "10", name, timeout=30)
        state = engine("inspect", "--format", "{{.State.ExitCode}}", name).stdout.strip()
        logs = engine("logs", name)
        # 0 and gunicorn's farewell: the master got SIGTERM and shut its workers down.
        assert state == "0", logs.stdout + logs.stderr
        assert "Shutting down: Master" in logs.stdout + logs.stderr
    finally:
        engine("rm", "--force", name, check=False)
