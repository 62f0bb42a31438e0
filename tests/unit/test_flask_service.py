"""`add service --framework flask`: the service template with Flask's tree laid over it, and
what the rest of shipyard makes of the member (its runtime, `up`, `contracts snapshot`)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.conftest import run_shipyard

FLASK = ("add", "service", "web", "--framework", "flask", "--no-lock")


def test_a_flask_service_records_its_runtime_and_depends_on_flask_and_gunicorn(
    workspace: Path,
) -> None:
    assert run_shipyard(*FLASK, cwd=workspace).code == 0

    project = tomllib.loads((workspace / "services/web/pyproject.toml").read_text())
    shipyard = project["tool"]["shipyard"]
    assert shipyard.pop("template")["framework"] == "flask"  # the upgrade's record
    assert shipyard == {"role": "service", "runtime": "flask", "port": 8002}
    dependencies = project["project"]["dependencies"]
    assert dependencies == sorted(dependencies, key=lambda d: d.split(">")[0])
    assert {"flask>=3.1", "gunicorn>=23", "psycopg[binary]>=3.2", "common"} <= set(dependencies)
    assert not [d for d in dependencies if d.startswith(("fastapi", "uvicorn", "asyncpg"))]


def test_a_flask_service_shares_the_service_template_and_has_its_own_web_layer(
    workspace: Path,
) -> None:
    assert run_shipyard(*FLASK, cwd=workspace).code == 0

    service = workspace / "services/web"
    source = service / "src/web"
    # The same models, schemas, settings and migration as a FastAPI service, to the byte.
    for shared in (
        "src/{}/models.py",
        "src/{}/schemas.py",
        "migrations/versions/0001_create_items.py",
    ):
        fastapi = (workspace / "services/catalog" / shared.format("catalog")).read_text()
        assert (service / shared.format("web")).read_text() == fastapi.replace("catalog", "web")
    assert "Blueprint(" in (source / "api.py").read_text()
    assert "from flask import" in (source / "main.py").read_text()
    # Its business logic is the FastAPI service's, made synchronous.
    logic = (source / "service.py").read_text()
    assert "async " not in logic
    assert "await " not in logic
    assert "from sqlalchemy.orm import Session" in logic
    # No Schemathesis test: a Flask service has no OpenAPI document.
    assert not (service / "tests/integration/test_api_properties.py").exists()
    dockerfile = (service / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "--config", "python:web.gunicorn_conf"' in dockerfile
    assert "HEALTHCHECK" in dockerfile
    assert "USER app" in dockerfile
    assert "flask --app web.main:create_app run" in (service / "compose.dev.yaml").read_text()


def test_a_flask_service_gets_compose_and_kubernetes_entries_like_any_service(
    workspace: Path,
) -> None:
    assert run_shipyard(*FLASK, cwd=workspace).code == 0

    compose = (workspace / "compose.yaml").read_text()
    assert "web-migrate:" in compose
    assert '"${WEB_PORT:-8002}:8000"' in compose
    deployment = (workspace / "deploy/k8s/web/deployment.yaml").read_text()
    assert "containerPort: 8000" in deployment
    assert "path: /ready" in deployment
    assert (workspace / "deploy/k8s/web/migrate-job.yaml").is_file()
    assert "- web" in (workspace / "deploy/k8s/kustomization.yaml").read_text()


def test_contracts_snapshot_says_it_skips_a_flask_service(workspace: Path) -> None:
    assert run_shipyard(*FLASK, cwd=workspace).code == 0
    (workspace / "services/catalog").rename(workspace / "elsewhere")  # web, the only service

    result = run_shipyard("contracts", "snapshot", cwd=workspace)

    assert result.code == 2
    assert "web is a flask service; only FastAPI services have an OpenAPI document" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_its_dockerfile_is_a_fastapi_services_but_for_the_server(workspace: Path) -> None:
    """Only the server command differs from a FastAPI service's Dockerfile."""
    assert run_shipyard(*FLASK, cwd=workspace).code == 0
    catalog = (workspace / "services/catalog/Dockerfile").read_text()
    fastapi = catalog.replace("catalog", "web").replace("libs/common", "").splitlines()
    flask = (workspace / "services/web/Dockerfile").read_text().replace("libs/common", "")
    flask = flask.splitlines()
    differing = [line for line in flask if line not in fastapi]
    assert differing == [
        'CMD ["flask", "--app", "web.main:create_app", "run", "--reload", "--no-debugger", '
        '"--host", "0.0.0.0", "--port", "8000"]',
        "# Exec form: gunicorn is PID 1 and receives SIGTERM itself, so `docker stop` is prompt.",
        'CMD ["gunicorn", "--config", "python:web.gunicorn_conf", "--bind", "0.0.0.0:8000", '
        '"web.main:create_app()"]',
    ]
