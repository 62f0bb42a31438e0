"""Which members have a contract, where its snapshot lives, and how it is written.

A FastAPI service's contract is its OpenAPI document (`services/NAME/contracts/openapi.json`),
a lib's is the list of its task contracts (`libs/LIB/contracts/tasks.json`). Snapshots are
written deterministically (sorted keys, two-space indent, a final newline) so that the same
code always gives the same bytes and a diff shows only what changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from shipyard.changes import FilePlan, PlannedFile
from shipyard.workspace import Member, Role, Runtime, Workspace

CONTRACTS_DIR = "contracts"


class ContractKind(StrEnum):
    OPENAPI = "openapi"
    TASKS = "tasks"


@dataclass(frozen=True)
class ContractSource:
    """A member whose contract shipyard can produce, and what the probe imports for it."""

    member: Member
    kind: ContractKind
    target: str
    """`catalog.main` (its `create_app`) or `common.tasks` (its `contracts` package)."""

    @property
    def snapshot(self) -> Path:
        """Root-relative path of the committed snapshot."""
        return self.member.path / CONTRACTS_DIR / f"{self.kind.value}.json"


def package_dir(root: Path, member: Member) -> Path | None:
    """The member's import package: `src/NAME` or a flat `NAME` next to its pyproject."""
    for candidate in (
        root / member.path / "src" / member.import_name,
        root / member.path / member.import_name,
    ):
        if candidate.is_dir():
            return candidate
    return None


def contract_sources(workspace: Workspace) -> list[ContractSource]:
    """FastAPI services with a `main.py`, and libs with a `tasks/contracts` package."""
    found = []
    for member in workspace.members:
        package = package_dir(workspace.root, member)
        if package is None:
            continue
        if member.role is Role.SERVICE and member.runtime in (Runtime.FASTAPI, None):
            if (package / "main.py").is_file():
                target = f"{member.import_name}.main"
                found.append(ContractSource(member, ContractKind.OPENAPI, target))
        elif member.role is Role.LIB and (package / "tasks" / "contracts").is_dir():
            found.append(ContractSource(member, ContractKind.TASKS, f"{member.import_name}.tasks"))
    return found


def without_contract(workspace: Workspace) -> list[str]:
    """The services shipyard makes no contract of (another framework than FastAPI), each with
    why: said, so that a Flask service's absence from `contracts/` is not a surprise."""
    return [
        f"{member.name} is a {member.runtime} service; only FastAPI services have an OpenAPI "
        "document to snapshot"
        for member in workspace.services
        if member.runtime not in (Runtime.FASTAPI, None)
    ]


def render(contract: Any) -> str:
    """The snapshot's text: the same contract always gives the same bytes."""
    return json.dumps(contract, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def plan_snapshots(workspace: Workspace, contracts: dict[str, Any]) -> FilePlan:
    """Write each produced contract (keyed by member name) to its snapshot."""
    files = tuple(
        PlannedFile(source.snapshot, render(contracts[source.member.name]), managed=True)
        for source in contract_sources(workspace)
        if source.member.name in contracts
    )
    return FilePlan(workspace.root, files)
