"""`shipyard contracts snapshot` and `check`, through the real command line, on a workspace of
real FastAPI services run by the workspace's own interpreter."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import run_shipyard
from tests.contracts.conftest import writer

CATALOG_SNAPSHOT = "services/catalog/contracts/openapi.json"
TASKS_SNAPSHOT = "libs/common/contracts/tasks.json"


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def snapshot(root: Path) -> None:
    result = run_shipyard("contracts", "snapshot", cwd=root)
    assert result.code == 0, result.stderr


def test_snapshot_writes_each_contract_deterministically(workspace: Path) -> None:
    snapshot(workspace)
    first = {p: (workspace / p).read_bytes() for p in (CATALOG_SNAPSHOT, TASKS_SNAPSHOT)}
    again = run_shipyard("contracts", "snapshot", "--no-cache", cwd=workspace)

    assert again.code == 0
    assert "unchanged" in again.stdout
    assert {p: (workspace / p).read_bytes() for p in first} == first
    document = json.loads(first[CATALOG_SNAPSHOT])
    assert first[CATALOG_SNAPSHOT].decode() == json.dumps(document, indent=2, sort_keys=True) + "\n"
    assert set(document["paths"]) == {"/api/v1/products", "/api/v1/products/{product_id}"}
    assert (workspace / "services/orders/contracts/openapi.json").is_file()
    assert not (workspace / "services/worker/contracts").exists()


def test_snapshot_check_tells_a_stale_snapshot(workspace: Path) -> None:
    missing = run_shipyard("contracts", "snapshot", "--check", cwd=workspace)
    written_by_check = (workspace / CATALOG_SNAPSHOT).exists()
    snapshot(workspace)
    fresh = run_shipyard("contracts", "snapshot", "--check", cwd=workspace)
    edit(workspace, "services/orders/src/orders/api.py", "order_id: int)", "order_id: str)")
    stale = run_shipyard("contracts", "snapshot", "--check", cwd=workspace)

    assert missing.code == 1
    assert not written_by_check
    assert fresh.code == 0
    assert fresh.stdout == "All 3 snapshots match the code.\n"
    assert stale.code == 1
    assert stale.stdout == (
        "services/orders/contracts/openapi.json: stale (run `shipyard contracts snapshot`)\n"
    )


def test_the_task_snapshot_has_name_queue_version_and_payload_schema(workspace: Path) -> None:
    snapshot(workspace)

    (task,) = json.loads((workspace / TASKS_SNAPSHOT).read_text())["tasks"]

    assert task["name"] == "common.send_webhook"
    assert task["queue"] == "webhooks"
    assert task["version"] == 1
    assert task["class"] == "common.tasks.contracts.send_webhook:SendWebhook"
    assert task["payload"]["required"] == ["url", "event"]
    assert task["payload"]["additionalProperties"] is False


def test_no_change_passes(workspace: Path) -> None:
    snapshot(workspace)

    result = run_shipyard("contracts", "check", cwd=workspace)

    assert result.code == 0, result.stdout + result.stderr
    assert result.stdout == "No contract changed (3 contracts).\n"


def test_a_removed_response_field_breaks_the_caller_that_uses_the_operation(
    workspace: Path,
) -> None:
    snapshot(workspace)
    api = "services/catalog/src/catalog/api.py"
    edit(workspace, api, "class ProductRead(BaseModel):\n    id: int\n    name: str\n", "")
    edit(
        workspace,
        api,
        "\n\n@router.post",
        "\n\nclass ProductRead(BaseModel):\n    id: int\n    name: str\n\n\n@router.post",
    )
    edit(
        workspace,
        api,
        "return ProductRead(id=1, **data.model_dump())",
        "return ProductRead(id=1, name=data.name)",
    )
    edit(workspace, api, 'name="anchor", price_cents=100', 'name="anchor"')

    result = run_shipyard("contracts", "check", cwd=workspace)

    assert result.code == 1
    lines = result.stdout.splitlines()
    get = (
        f"{CATALOG_SNAPSHOT}: CT107 [breaking] GET /api/v1/products/{{product_id}}: response 200: "
    )
    assert f"{get}field 'price_cents' removed; breaks orders (keep sending it)" in lines
    # orders never calls POST /api/v1/products: nobody in the workspace is broken by it.
    post = [line for line in lines if "POST /api/v1/products:" in line and "CT107" in line]
    assert post == [
        f"{CATALOG_SNAPSHOT}: CT107 [breaking] POST /api/v1/products: response 201: field "
        "'price_cents' removed; no consumer in this workspace (keep sending it)"
    ]
    assert lines[-1].startswith("Found 2 changes in 3 contracts: 1 break a consumer, 1 break")


def test_v2_next_to_v1_passes_and_removing_the_v1_a_caller_uses_fails(workspace: Path) -> None:
    snapshot(workspace)
    main = "services/catalog/src/catalog/main.py"
    edit(
        workspace,
        main,
        '    app.include_router(api.router, prefix="/api/v1")\n',
        '    app.include_router(api.router, prefix="/api/v1")\n'
        '    app.include_router(api.router, prefix="/api/v2")\n',
    )
    added = run_shipyard("contracts", "check", cwd=workspace)
    assert added.code == 0, added.stdout
    assert "CT201 POST /api/v2/products: operation added" in added.stdout

    edit(workspace, main, '    app.include_router(api.router, prefix="/api/v1")\n', "")
    removed = run_shipyard("contracts", "check", cwd=workspace)

    assert removed.code == 1
    assert (
        f"{CATALOG_SNAPSHOT}: CT101 [breaking] GET /api/v1/products/{{product_id}}: operation "
        "removed; breaks orders (keep it, or add the new version next to it)"
    ) in removed.stdout.splitlines()


def test_a_required_task_field_breaks_the_worker_that_runs_it(workspace: Path) -> None:
    snapshot(workspace)
    contract = "libs/common/src/common/tasks/contracts/send_webhook.py"
    edit(workspace, contract, "    event: str\n", "    event: str\n    attempt: int\n")

    result = run_shipyard("contracts", "check", "--format", "json", cwd=workspace)

    assert result.code == 1
    (change,) = json.loads(result.stdout)
    assert change["path"] == TASKS_SNAPSHOT
    assert change["code"] == "CT304"
    assert change["subject"] == "common.send_webhook"
    assert change["consumers"] == ["worker"]
    assert "add a new versioned contract" in change["message"]


def test_a_renamed_task_and_a_new_queue_are_breaking(workspace: Path) -> None:
    snapshot(workspace)
    contract = "libs/common/src/common/tasks/contracts/send_webhook.py"
    edit(workspace, contract, '"common.send_webhook"', '"common.post_webhook"')
    edit(workspace, contract, '"webhooks"', '"hooks"')

    result = run_shipyard("contracts", "check", cwd=workspace)

    assert result.code == 1
    assert "CT302 [breaking] common.send_webhook: task renamed to common.post_webhook" in (
        result.stdout
    )
    assert "CT303 [breaking] common.send_webhook: queue webhooks -> hooks; breaks worker" in (
        result.stdout
    )


def test_base_compares_with_the_snapshots_of_a_commit(workspace: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    snapshot(workspace)
    subprocess.run([*git, "init", "-q"], cwd=workspace, check=True)
    subprocess.run([*git, "add", "-A"], cwd=workspace, check=True)
    subprocess.run([*git, "commit", "-qm", "snapshots"], cwd=workspace, check=True)
    api = "services/catalog/src/catalog/api.py"
    edit(workspace, api, '@router.delete("/{product_id}", status_code=204)', "@router.delete('/x')")
    snapshot(workspace)  # the working tree's snapshot now agrees with the code

    against_files = run_shipyard("contracts", "check", cwd=workspace)
    against_head = run_shipyard("contracts", "check", "--base", "HEAD", cwd=workspace)
    unknown = run_shipyard("contracts", "check", "--base", "no-such-ref", cwd=workspace)

    assert against_files.code == 0
    assert against_head.code == 1
    assert "CT101 [breaking] DELETE /api/v1/products/{product_id}: operation removed" in (
        against_head.stdout
    )
    assert unknown.code == 2
    assert "There is no commit 'no-such-ref'" in unknown.stderr


def test_machine_formats(workspace: Path) -> None:
    snapshot(workspace)
    edit(workspace, "services/orders/src/orders/api.py", "order_id: int)", "order_id: str)")

    github = run_shipyard("contracts", "check", "--format", "github", cwd=workspace)
    sarif = run_shipyard("contracts", "check", "--format", "sarif", cwd=workspace)

    # Nobody calls orders: a warning, not a failure (--strict fails on it).
    assert github.code == 0
    assert github.stdout.startswith("::warning title=CT104,file=services/orders/contracts/")
    (run,) = json.loads(sarif.stdout)["runs"]
    assert [r["ruleId"] for r in run["results"]] == ["CT104"]
    assert run["results"][0]["level"] == "warning"
    strict = run_shipyard("contracts", "check", "--strict", cwd=workspace)
    assert strict.code == 1


def test_an_app_that_cannot_be_built_is_one_sentence(workspace: Path) -> None:
    writer(workspace)("services/catalog/src/catalog/api.py", "import no_such_module\n")

    result = run_shipyard("contracts", "snapshot", cwd=workspace)

    assert result.code == 2
    assert "Could not build its app for services/catalog (importing catalog.main): " in (
        " ".join(result.stderr.split())
    )
    assert "ModuleNotFoundError" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_app_that_kills_its_process_is_one_sentence_and_nothing_is_written(
    workspace: Path,
) -> None:
    writer(workspace)("services/catalog/src/catalog/api.py", "import os\n\nos._exit(3)\n")

    result = run_shipyard("contracts", "snapshot", cwd=workspace)

    assert result.code == 2
    assert (
        "Could not build its app for services/catalog (importing catalog.main): the process "
        in (" ".join(result.stderr.split()))
    )
    assert not (workspace / "services/orders/contracts").exists()  # nothing written at all


def test_without_a_venv_it_says_to_sync(workspace: Path) -> None:
    (workspace / ".venv" / "bin" / "python").unlink()

    result = run_shipyard("contracts", "check", cwd=workspace)

    assert result.code == 2
    assert "run `uv sync` there first" in result.stderr


def test_the_cache_skips_unchanged_members_and_notices_an_edit(workspace: Path) -> None:
    """With the interpreter gone, only cached contracts can be read: unchanged members still
    are, and an edited one must be built again (and so fails)."""
    snapshot(workspace)
    assert run_shipyard("contracts", "check", cwd=workspace).code == 0
    (workspace / ".venv" / "bin" / "python").unlink()

    warm = run_shipyard("contracts", "check", cwd=workspace)
    edit(
        workspace,
        "services/catalog/src/catalog/api.py",
        "price_cents: int\n\n\nclass",
        "price_cents: int\n    sku: str = ''\n\n\nclass",
    )
    edited = run_shipyard("contracts", "check", cwd=workspace)

    assert warm.code == 0, warm.stderr
    assert edited.code == 2
    assert "run `uv sync` there first" in edited.stderr


def test_a_new_versioned_task_next_to_the_old_one_is_compatible(workspace: Path) -> None:
    snapshot(workspace)
    contract = "libs/common/src/common/tasks/contracts/send_webhook.py"
    original = (workspace / contract).read_text(encoding="utf-8")
    version_2 = (
        original.replace("class SendWebhook(", "class SendWebhookV2(")
        .replace('"common.send_webhook"', '"common.send_webhook_v2"')
        .replace("    event: str\n", "    event: str\n    attempt: int\n")
        .replace('"webhooks"\n', '"webhooks"\n    version: ClassVar[int] = 2\n')
    )
    (workspace / contract).write_text(original + "\n\n" + version_2.split("\n\n\n", 1)[1])

    result = run_shipyard("contracts", "check", "--format", "json", cwd=workspace)
    snapshot(workspace)

    assert result.code == 0, result.stdout
    assert [(c["code"], c["subject"]) for c in json.loads(result.stdout)] == [
        ("CT401", "common.send_webhook_v2")
    ]
    tasks = json.loads((workspace / TASKS_SNAPSHOT).read_text())["tasks"]
    assert [(t["name"], t["version"]) for t in tasks] == [
        ("common.send_webhook", 1), ("common.send_webhook_v2", 2),
    ]  # fmt: skip
