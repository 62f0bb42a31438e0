"""What `add` touches: the new member's own files, and only the shared files it must."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.conftest import run_shipyard, snapshot


def test_adding_a_service_edits_no_other_member(workspace: Path) -> None:
    before = snapshot(workspace)

    result = run_shipyard("add", "service", "orders", "--no-lock", cwd=workspace)

    assert result.code == 0, result.stderr
    after = snapshot(workspace)
    changed = {path for path in before if before[path] != after[path]}
    created = set(after) - set(before)
    assert changed == {"pyproject.toml", "compose.yaml", "deploy/k8s/kustomization.yaml"}
    assert all(
        path.startswith(("services/orders", "deploy/compose/postgres-init", "deploy/k8s/orders"))
        for path in created
    )
    assert "deploy/compose/postgres-init/orders.sql" in created


def test_root_pyproject_keeps_user_edits_and_gains_the_member(workspace: Path) -> None:
    pyproject = workspace / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("[tool.uv]", "# keep me\n[tool.uv]"))

    assert run_shipyard("add", "service", "orders", "--no-lock", cwd=workspace).code == 0

    text = pyproject.read_text()
    data = tomllib.loads(text)
    assert "# keep me" in text
    assert data["project"]["dependencies"] == ["common", "catalog", "orders"]
    assert data["tool"]["uv"]["sources"]["orders"] == {"workspace": True}


def test_services_get_distinct_ports_and_a_compose_entry(workspace: Path) -> None:
    assert run_shipyard("add", "service", "orders", "--no-lock", cwd=workspace).code == 0

    compose = (workspace / "compose.yaml").read_text()
    assert '"${CATALOG_PORT:-8001}:8000"' in compose
    assert '"${ORDERS_PORT:-8002}:8000"' in compose
    assert "orders-migrate:" in compose


def test_dry_run_lists_the_plan_and_writes_nothing(workspace: Path) -> None:
    before = snapshot(workspace)

    result = run_shipyard("add", "service", "orders", "--dry-run", cwd=workspace)

    assert result.code == 0
    assert "Would write" in result.stdout
    assert "create    services/orders/src/orders/api.py" in result.stdout
    assert "update    compose.yaml" in result.stdout
    assert snapshot(workspace) == before


def test_force_replaces_a_conflicting_file(workspace: Path) -> None:
    mine = workspace / "deploy/compose/postgres-init/orders.sql"
    mine.write_text("-- mine\n")

    result = run_shipyard("add", "service", "orders", "--no-lock", "--force", cwd=workspace)

    assert result.code == 0, result.stderr
    assert 'CREATE DATABASE "orders"' in mine.read_text()


def test_export_requirements_without_a_lock_sets_the_key_and_leaves_the_export_to_check(
    workspace: Path,
) -> None:
    result = run_shipyard(
        "add", "service", "orders", "--export-requirements", "--no-lock", cwd=workspace
    )

    assert result.code == 0, result.stderr
    pyproject = workspace / "services" / "orders" / "pyproject.toml"
    shipyard = tomllib.loads(pyproject.read_text())["tool"]["shipyard"]
    assert shipyard.pop("template")["name"] == "service"  # the upgrade's record
    assert shipyard == {"role": "service", "runtime": "fastapi", "port": 8002} | {
        "export-requirements": True
    }
    assert not (workspace / "services" / "orders" / "requirements.txt").exists()
