"""A generated Flask service's image: built from its Dockerfile, run as a non-root user under
gunicorn, healthy, ready on the machine's PostgreSQL, and stopped cleanly by SIGTERM."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.conftest import shipyard_ok as shipyard

from .conftest import MEASURED, Engine
from .test_service_image import seconds, serves_and_stops_on_sigterm, unique_tag

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
    healthcheck = json.loads(
        engine("image", "inspect", "--format", "{{json .Config.Healthcheck}}", built).stdout
    )
    assert "/health" in " ".join(healthcheck["Test"])


@pytest.mark.postgres
def test_container_serves_health_and_ready_and_stops_on_sigterm(engine: Engine, built: str) -> None:
    # gunicorn's farewell: the master got SIGTERM and shut its workers down.
    serves_and_stops_on_sigterm(engine, built, "Shutting down: Master", "Flask container")
