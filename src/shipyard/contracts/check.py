"""`contracts check`: the current contracts (from the code) against the snapshots, or against
the snapshots at a git ref, each change with the members it affects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shipyard.contracts.baseline import from_files, from_git
from shipyard.contracts.change import Change
from shipyard.contracts.consumers import with_consumers
from shipyard.contracts.openapi_rules import diff_documents
from shipyard.contracts.produce import produce
from shipyard.contracts.snapshot import ContractKind, contract_sources
from shipyard.contracts.task_rules import diff_tasks
from shipyard.workspace import Workspace


@dataclass(frozen=True)
class Report:
    changes: list[Change]
    contracts: int
    """How many contracts were compared."""
    unrecorded: tuple[str, ...]
    """Snapshots that do not exist yet (at the base): everything in them counts as added."""

    @property
    def blocking(self) -> list[Change]:
        return [c for c in self.changes if c.blocking]

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.breaking]


def check_contracts(workspace: Workspace, base: str | None = None, *, cache: bool = True) -> Report:
    sources = contract_sources(workspace)
    current = produce(workspace, sources, cache=cache)
    paths = [s.snapshot for s in sources]
    recorded = from_git(workspace.root, base, paths) if base else from_files(workspace.root, paths)
    changes: list[Change] = []
    unrecorded = []
    for source in sources:
        where = source.snapshot.as_posix()
        old: Any = recorded.get(source.snapshot)
        new: Any = current[source.member.name]
        if old is None:
            unrecorded.append(where)
        if source.kind is ContractKind.OPENAPI:
            old = old if isinstance(old, dict) else {}
            found = diff_documents(where, old, new)
            templates = sorted({*_paths(old), *_paths(new)})
        else:
            old_tasks = old.get("tasks", []) if isinstance(old, dict) else []
            found = diff_tasks(where, old_tasks, new.get("tasks", []))
            templates = []
        changes.extend(with_consumers(workspace, source, found, templates))
    return Report(sorted(changes), len(sources), tuple(unrecorded))


def _paths(document: Any) -> list[str]:
    paths = document.get("paths") if isinstance(document, dict) else None
    return [str(p) for p in paths] if isinstance(paths, dict) else []
