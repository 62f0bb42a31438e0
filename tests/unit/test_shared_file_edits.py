"""`add` edits compose.yaml and the root kustomization in place: shipyard's entries follow the
model, and everything a user wrote by hand (entries, comments, values, order) survives."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from shipyard.scaffold.k8s import plan_k8s_root
from shipyard.scaffold.shared_files import render_compose
from shipyard.workspace import load_workspace
from tests.conftest import run_shipyard, shipyard_ok, snapshot

MAILHOG = """
  # Catches the mail the services send (http://localhost:8025).
  mailhog:
    image: mailhog/mailhog:v1.0.1
    ports: ["8025:8025"]
"""
FEATURE = '      FEATURE_FLAGS: "beta"  # ours, for every catalog process\n'
REDIS_NOTE = "  # Cache and broker; no persistence on purpose.\n"


def hand_edit(compose: Path) -> str:
    """A comment, an entry of the user's own and a variable in shipyard's catalog entry."""
    text = compose.read_text()
    text = text.replace("      ENV: development\n", "      ENV: development\n" + FEATURE, 1)
    text = text.replace("  redis:\n", REDIS_NOTE + "  redis:\n")
    text = text.replace("\nvolumes:\n", MAILHOG + "\nvolumes:\n")
    compose.write_text(text)
    return text


def without_hand_edits(text: str) -> str:
    return text.replace(FEATURE, "").replace(REDIS_NOTE, "").replace(MAILHOG, "")


def services(root: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((root / "compose.yaml").read_text())["services"]
    return loaded


def rendered_compose(root: Path) -> str:
    return render_compose(load_workspace(root))


def test_a_hand_edited_compose_gains_the_service_and_keeps_every_edit(workspace: Path) -> None:
    edited = hand_edit(workspace / "compose.yaml")

    result = run_shipyard("add", "service", "billing", "--no-lock", cwd=workspace)

    assert result.code == 0, result.stderr
    assert "update    compose.yaml" in result.stdout
    text = (workspace / "compose.yaml").read_text()
    assert MAILHOG in text
    assert REDIS_NOTE + "  redis:\n" in text
    assert FEATURE in text
    # The user's variable is in the anchored environment, so the service has it too.
    assert services(workspace)["catalog"]["environment"]["FEATURE_FLAGS"] == "beta"
    # Less the user's edits, the file is exactly what shipyard renders for the new model.
    assert without_hand_edits(text) == rendered_compose(workspace)
    assert without_hand_edits(edited) != without_hand_edits(text)


def test_a_worker_changes_shipyard_entries_key_by_key(workspace: Path) -> None:
    hand_edit(workspace / "compose.yaml")

    shipyard_ok("add", "worker", "mailer", "--no-lock", cwd=workspace)

    text = (workspace / "compose.yaml").read_text()
    catalog = services(workspace)["catalog"]
    assert catalog["environment"]["BROKER_URL"] == "redis://redis:6379/0"
    assert catalog["environment"]["FEATURE_FLAGS"] == "beta"
    assert "redis" in catalog["depends_on"]
    assert without_hand_edits(text) == rendered_compose(workspace)


def test_a_value_both_changed_keeps_the_users_and_merges_set_like_lists(workspace: Path) -> None:
    compose = workspace / "compose.yaml"
    text = compose.read_text()
    text = text.replace(
        '  catalog:\n    profiles: ["app"]', '  catalog:\n    profiles: ["app", "debug"]'
    )
    text = text.replace(
        "image: acme/catalog:dev\n    environment: *",
        "image: acme/catalog:mine\n    environment: *",
    )
    compose.write_text(text)

    shipyard_ok("add", "scenario", "smoke", "--members", "catalog", cwd=workspace)

    catalog = services(workspace)["catalog"]
    # Added after the item that precedes it in shipyard's render.
    assert catalog["profiles"] == ["app", "smoke", "debug"]
    assert catalog["image"] == "acme/catalog:mine"
    assert services(workspace)["catalog-migrate"]["profiles"] == ["app", "smoke"]
    assert "test-smoke" in services(workspace)


def test_an_entry_the_user_deleted_stays_deleted_unless_a_new_one_needs_it(
    workspace: Path,
) -> None:
    compose = workspace / "compose.yaml"
    document = yaml.safe_load(compose.read_text())
    del document["services"]["postgres"], document["services"]["redis"], document["volumes"]
    compose.write_text(yaml.safe_dump(document, sort_keys=False))

    shipyard_ok("add", "service", "billing", "--no-lock", cwd=workspace)

    entries = services(workspace)
    assert "redis" not in entries
    # billing-migrate depends on postgres, which mounts the postgres-data volume.
    rendered = yaml.safe_load(rendered_compose(workspace))
    assert entries["postgres"] == rendered["services"]["postgres"]
    assert yaml.safe_load(compose.read_text())["volumes"] == {"postgres-data": None}
    assert next(iter(entries)) == "postgres"


def test_a_port_changed_in_the_pyproject_updates_its_entry_only(workspace: Path) -> None:
    hand_edit(workspace / "compose.yaml")
    pyproject = workspace / "services" / "catalog" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("port = 8001", "port = 9001"))

    shipyard_ok("add", "service", "billing", "--no-lock", cwd=workspace)

    text = (workspace / "compose.yaml").read_text()
    assert services(workspace)["catalog"]["ports"] == ["${CATALOG_PORT:-9001}:8000"]
    assert MAILHOG in text
    assert FEATURE in text
    assert without_hand_edits(text) == rendered_compose(workspace)


def test_a_port_changed_in_the_pyproject_alone_gives_the_rendered_file(workspace: Path) -> None:
    pyproject = workspace / "services" / "catalog" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("port = 8001", "port = 9001"))

    shipyard_ok("add", "service", "billing", "--no-lock", cwd=workspace)

    assert (workspace / "compose.yaml").read_text() == rendered_compose(workspace)


def test_a_port_edited_in_compose_by_hand_stays(workspace: Path) -> None:
    compose = workspace / "compose.yaml"
    compose.write_text(compose.read_text().replace('"${CATALOG_PORT:-8001}:8000"', '"8080:8000"'))

    shipyard_ok("add", "service", "billing", "--no-lock", cwd=workspace)

    assert services(workspace)["catalog"]["ports"] == ["8080:8000"]
    assert services(workspace)["billing"]["ports"] == ["${BILLING_PORT:-8002}:8000"]


def test_the_files_indentation_is_kept(workspace: Path) -> None:
    compose = workspace / "compose.yaml"
    four = """\
services:
    mailhog:
        image: mailhog/mailhog
        ports:
        - "8025:8025"
"""
    compose.write_text(four)

    shipyard_ok("add", "service", "billing", "--no-lock", cwd=workspace)

    text = compose.read_text()
    assert four.removeprefix("services:\n") in text
    assert '\n    billing:\n        profiles: ["app"]\n' in text
    assert '\n        ports:\n        - "${BILLING_PORT:-8002}:8000"\n' in text


def test_the_same_edited_file_gives_the_same_bytes(workspace: Path, tmp_path: Path) -> None:
    hand_edit(workspace / "compose.yaml")
    copy = Path(shutil.copytree(workspace, tmp_path / "copy" / "acme"))

    for root in (workspace, copy):
        shipyard_ok("add", "worker", "mailer", "--no-lock", cwd=root)

    assert snapshot(workspace) == snapshot(copy)


def test_the_kustomization_keeps_the_users_resources_patches_and_comments(
    workspace: Path,
) -> None:
    k8s = workspace / "deploy" / "k8s"
    kustomization = k8s / "kustomization.yaml"
    mine = (
        kustomization.read_text().replace(
            "  - catalog\n", "  - catalog\n  - ingress.yaml  # ours\n"
        )
        + "\n# Production sizes.\npatches:\n  - path: replicas.yaml\n"
    )
    kustomization.write_text(mine)
    (k8s / "ingress.yaml").write_text("kind: Ingress\n")
    (k8s / "catalog" / "replicas.yaml").write_text("replicas: 3\n")
    before = snapshot(k8s)

    shipyard_ok("add", "service", "billing", "--no-lock", cwd=workspace)

    assert kustomization.read_text() == mine.replace(
        "resources:\n  - catalog\n", "resources:\n  - billing\n  - catalog\n"
    )
    after = snapshot(k8s)
    # Only the root kustomization changed; everything new is billing's own folder.
    assert {p for p in before if before[p] != after.get(p)} == {"kustomization.yaml"}
    assert all(p.startswith("billing") for p in set(after) - set(before))


def test_fresh_shared_files_are_what_the_templates_render(tmp_path: Path) -> None:
    root = tmp_path / "acme"
    shipyard_ok("new", str(root), "--no-lock", "--no-git", cwd=tmp_path)
    for args in (
        ("lib", "common"),
        ("service", "catalog"),
        ("service", "orders", "--calls", "catalog"),
        ("worker", "mailer"),
    ):
        shipyard_ok("add", *args, "--no-lock", cwd=root)
    shipyard_ok("add", "scenario", "orders-catalog", "--members", "orders,catalog", cwd=root)

    workspace = load_workspace(root)
    assert (root / "compose.yaml").read_text() == render_compose(workspace)
    kustomization = root / "deploy" / "k8s" / "kustomization.yaml"
    assert kustomization.read_text() == plan_k8s_root(workspace).content


def test_new_and_add_on_untouched_files_never_load_the_yaml_editor(tmp_path: Path) -> None:
    script = """
import sys
from shipyard.cli.app import app
for args in (["new", "acme", "--no-lock", "--no-git"],
             ["add", "service", "catalog", "--no-lock", "-w", "acme"]):
    try:
        app(args)
    except SystemExit as done:
        assert not done.code, done.code
print("yaml editor loaded:", any(m.startswith("ruamel") for m in sys.modules))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "yaml editor loaded: False"


@pytest.mark.parametrize("text", ["services: [oops\n", "- just\n- a list\n"])
def test_a_compose_file_that_is_not_a_mapping_is_refused_and_left_alone(
    workspace: Path, text: str
) -> None:
    (workspace / "compose.yaml").write_text(text)
    before = snapshot(workspace)

    result = run_shipyard("add", "service", "billing", "--no-lock", cwd=workspace)

    assert result.code == 2
    assert "compose.yaml is not" in result.stderr
    assert result.stderr.count(".") <= 3  # one sentence (the path has dots)
    assert "Traceback" not in result.stderr
    assert snapshot(workspace) == before
