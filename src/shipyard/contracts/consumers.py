"""Who consumes a contract: the services that call a provider (`[tool.shipyard] calls`) and the
operations they use, and the workers that run a lib's tasks.

What a caller uses is read, in this order, from its generated client (`clients/PROVIDER.py`
lists its operations in `OPERATIONS`), from the provider's paths written in its code (an
f-string `f"/api/v1/products/{product_id}"` matches `/api/v1/products/{id}`), or, when neither
says anything, it is taken to use every operation: a caller is never silently left out.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from shipyard.contracts.change import Change
from shipyard.contracts.openapi_rules import operation_key
from shipyard.contracts.snapshot import ContractKind, ContractSource, package_dir
from shipyard.workspace import Member, Role, Workspace

CLIENTS_PACKAGE = "clients"


@dataclass(frozen=True)
class Usage:
    consumer: str
    operations: frozenset[tuple[str, str]] | None
    """`operation_key`s it uses; None when it could not be told (it uses everything)."""
    paths: tuple[str, ...] = ()
    """Path templates found in its code, matched against the provider's operations later."""

    def uses(self, method: str, path: str) -> bool:
        key = operation_key(method, path)
        if self.operations is not None:
            return key in self.operations
        if self.paths:
            return key[0] in self.paths
        return True


def client_module(root: Path, consumer: Member, provider: Member) -> Path | None:
    package = package_dir(root, consumer)
    if package is None:
        return None
    return package / CLIENTS_PACKAGE / f"{provider.import_name}.py"


def generated_operations(module: Path) -> frozenset[tuple[str, str]] | None:
    """The `OPERATIONS` a generated client declares, or None if the file has none."""
    try:
        tree = ast.parse(module.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None
    for node in tree.body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign):
            target, value_node = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value_node = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == "OPERATIONS" and value_node is not None:
            try:
                value = ast.literal_eval(value_node)
            except ValueError:
                return None
            return frozenset(operation_key(method, path) for method, path in value)
    return None


def _template_pattern(path: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^}/]*\}", path.rstrip("/"))
    body = r"\{[^{}\"']*\}".join(re.escape(p) for p in parts)
    # Not followed by more path: `/products` must not match inside `/products/{id}`.
    return re.compile(body + r"/?(?![\w{-]|/[\w{])")


def paths_in_code(root: Path, consumer: Member, templates: Iterable[str]) -> tuple[str, ...]:
    """The provider's path templates (normalized) that appear in the consumer's own code."""
    package = package_dir(root, consumer)
    if package is None:
        return ()
    text = "\n".join(_sources(package))
    return tuple(
        sorted(
            {
                operation_key("get", template)[0]
                for template in templates
                if _template_pattern(template).search(text)
            }
        )
    )


def _sources(package: Path) -> Iterable[str]:
    for directory, subdirectories, files in os.walk(package):
        subdirectories[:] = [d for d in subdirectories if d != "__pycache__"]
        for name in files:
            if name.endswith(".py"):
                try:
                    yield Path(directory, name).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue


def http_usages(workspace: Workspace, provider: Member, templates: list[str]) -> list[Usage]:
    usages = []
    for consumer in workspace.members:
        if provider.name not in consumer.calls:
            continue
        module = client_module(workspace.root, consumer, provider)
        operations = generated_operations(module) if module and module.is_file() else None
        if operations is not None:
            usages.append(Usage(consumer.name, operations))
        else:
            found = paths_in_code(workspace.root, consumer, templates)
            usages.append(Usage(consumer.name, None, found))
    return usages


def task_consumers(workspace: Workspace, lib: Member) -> tuple[str, ...]:
    """Workers that run the lib's tasks: every worker that depends on it."""
    return tuple(
        m.name for m in workspace.members if m.role is Role.WORKER and lib.name in m.dependencies
    )


def with_consumers(
    workspace: Workspace,
    source: ContractSource,
    changes: list[Change],
    templates: list[str],
) -> list[Change]:
    """The changes with the members each one affects filled in."""
    if not changes:
        return changes
    if source.kind is ContractKind.TASKS:
        workers = task_consumers(workspace, source.member)
        return [replace(c, consumers=workers) for c in changes]
    usages = http_usages(workspace, source.member, templates)
    annotated = []
    for change in changes:
        method, _, path = change.subject.partition(" ")
        users = tuple(u.consumer for u in usages if u.uses(method, path))
        annotated.append(replace(change, consumers=users))
    return annotated
