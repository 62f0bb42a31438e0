"""Every mistake a user can make: one clear sentence, exit code 2, and nothing on disk changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import read_only, run_shipyard, snapshot


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    message: str
    cwd: str = "acme"
    """Relative to the test's temp dir, which holds the workspace `acme`."""
    setup: Callable[[Path], None] | None = None
    read_only: str | None = None


def write(relative: str, text: str) -> Callable[[Path], None]:
    def setup(base: Path) -> None:
        (base / relative).parent.mkdir(parents=True, exist_ok=True)
        (base / relative).write_text(text)

    return setup


ADD = ("add", "service")
CASES = {
    "uppercase name": Case((*ADD, "Catalog"), "must be a lowercase Python identifier"),
    "dashed name": Case((*ADD, "order-service"), "for example 'order_service'"),
    "leading digit": Case((*ADD, "9lives"), "must be a lowercase Python identifier"),
    "keyword": Case((*ADD, "class"), "is a Python keyword"),
    "stdlib name": Case((*ADD, "json"), "would shadow the standard library module json"),
    "dependency name": Case((*ADD, "fastapi"), "is reserved"),
    "empty name": Case((*ADD, ""), "The name is empty"),
    "too long": Case((*ADD, "a" * 31), "is longer than 30 characters"),
    "existing service": Case((*ADD, "catalog"), "already has a service named 'catalog'"),
    "lib named like a service": Case(("add", "lib", "catalog"), "already has a service"),
    "workspace's own name": Case((*ADD, "acme"), "is the workspace's own project name"),
    "unknown lib": Case((*ADD, "billing", "--lib", "nope"), "There is no lib named 'nope'"),
    "worker for an unknown lib": Case(
        ("add", "worker", "jobs", "--lib", "nope"), "There is no lib named 'nope'"
    ),
    "task with a bad name": Case(("add", "task", "Send-Mail"), "lowercase Python identifier"),
    "task that exists": Case(
        ("add", "task", "send_mail", "--no-lock"),
        "The task 'send_mail' already exists",
        setup=write("acme/libs/common/src/common/tasks/contracts/send_mail.py", "# mine\n"),
    ),
    "unknown member kind": Case(("add", "daemon", "x"), "No such command 'daemon'"),
    "new into a non-empty dir": Case(("new", "acme"), "already exists and is not empty", cwd="."),
    "new onto a file": Case(
        ("new", "notes.txt"), "exists and is not a directory", cwd=".", setup=write("notes.txt", "")
    ),
    "new inside a workspace": Case(
        ("new", "services/inner", "--no-lock"), "is inside the workspace at"
    ),
    "bad workspace name": Case(("new", "my app", "--no-lock"), "not a valid project name", cwd="."),
    "bad --name": Case(("new", "x", "--name", "bad!"), "not a valid project name", cwd="."),
    "outside any workspace": Case((*ADD, "billing"), "is not inside a uv workspace", cwd="."),
    "--workspace elsewhere": Case(
        (*ADD, "billing", "--workspace", ".."), "is not inside a uv workspace"
    ),
    "malformed root pyproject": Case(
        (*ADD, "billing"),
        "pyproject.toml is not valid TOML",
        setup=write("acme/pyproject.toml", "[tool\n"),
    ),
    "malformed member pyproject": Case(
        (*ADD, "billing"),
        "libs/common/pyproject.toml is not valid TOML",
        setup=write("acme/libs/common/pyproject.toml", "name = \n"),
    ),
    "member of unknown kind": Case(
        (*ADD, "billing"),
        "kind = 'daemon'; expected one of service, worker, lib",
        setup=write(
            "acme/services/odd/pyproject.toml",
            "[project]\nname='odd'\n[tool.shipyard]\nkind='daemon'\n",
        ),
    ),
    "member without pyproject": Case(
        (*ADD, "billing"),
        "services/empty has no pyproject.toml",
        setup=lambda b: (b / "acme/services/empty").mkdir(),
    ),
    "a file in the way": Case(
        (*ADD, "billing", "--no-lock"),
        "Would overwrite deploy/compose/postgres-init/billing.sql; rerun with --force",
        setup=write("acme/deploy/compose/postgres-init/billing.sql", "-- mine\n"),
    ),
    "compose.yaml that is not YAML": Case(
        (*ADD, "billing", "--no-lock"),
        "compose.yaml is not valid YAML (line 2); fix it or move it aside, then rerun.",
        setup=write("acme/compose.yaml", "services: [postgres\n"),
    ),
    "compose.yaml that is a comment": Case(
        (*ADD, "billing", "--no-lock"),
        "compose.yaml is not a YAML mapping of keys to values",
        setup=write("acme/compose.yaml", "# my own compose\n"),
    ),
    "compose.yaml with a list of services": Case(
        (*ADD, "billing", "--no-lock"),
        "compose.yaml: services is not a mapping of names to entries",
        setup=write("acme/compose.yaml", "services: [postgres]\n"),
    ),
    "kustomization.yaml that is not YAML": Case(
        (*ADD, "billing", "--no-lock"),
        "deploy/k8s/kustomization.yaml is not valid YAML",
        setup=write("acme/deploy/k8s/kustomization.yaml", "resources: {catalog\n"),
    ),
    "calls an unknown service": Case(
        (*ADD, "billing", "--calls", "nope"), "--calls names 'nope', which is not a service here"
    ),
    "calls a lib": Case(
        (*ADD, "billing", "--calls", "catalog,common"), "--calls names 'common', which is not"
    ),
    "a pyproject calling a ghost": Case(
        (*ADD, "billing"),
        "[tool.shipyard] calls ghost, not a service of this workspace",
        setup=write(
            "acme/services/odd/pyproject.toml",
            "[project]\nname='odd'\n[tool.shipyard]\nkind='service'\ncalls=['ghost']\n",
        ),
    ),
    "unknown example": Case(
        ("new", "blog", "--example", "blog"),
        "There is no example 'blog'; choose one of: shop",
        cwd=".",
    ),
    "example with --dry-run": Case(
        ("new", "shop", "--example", "shop", "--dry-run"),
        "--dry-run can't show an example",
        cwd=".",
    ),
    "example into a non-empty dir": Case(
        ("new", "acme", "--example", "shop"), "already exists and is not empty", cwd="."
    ),
    "example with a read-only parent": Case(
        ("new", "ro/shop", "--example", "shop", "--no-lock", "--no-git"),
        "Cannot write",
        cwd=".",
        setup=lambda b: (b / "ro").mkdir(),
        read_only="ro",
    ),
    "read-only workspace": Case(
        (*ADD, "billing", "--no-lock"), "Cannot write", read_only="acme/services"
    ),
    "read-only parent for new": Case(
        ("new", "ro/acme", "--no-lock", "--no-git"),
        "Cannot write",
        cwd=".",
        setup=lambda b: (b / "ro").mkdir(),
        read_only="ro",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_input(workspace: Path, case: Case) -> None:
    base = workspace.parent
    if case.setup is not None:
        case.setup(base)
    before = snapshot(base)

    if case.read_only:
        with read_only(base / case.read_only):
            result = run_shipyard(*case.args, cwd=base / case.cwd)
    else:
        result = run_shipyard(*case.args, cwd=base / case.cwd)

    assert result.code == 2, result
    assert case.message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(base) == before


def test_there_are_at_least_twenty_cases() -> None:
    assert len(CASES) >= 20
