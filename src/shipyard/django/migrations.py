"""What a migration file does to its app's tables: the operations that create, delete,
rename or re-table a model. Replayed in file order, they give the tables an app owns, for
models the code alone does not show as models (bases from libraries, such as Wagtail's)."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from shipyard.django.syntax import callee, keyword, literal

OPERATIONS = frozenset({"CreateModel", "DeleteModel", "RenameModel", "AlterModelTable"})


class ModelOperation(NamedTuple):
    operation: str
    name: str
    """The model's name; for RenameModel, the old one."""
    value: str | None
    """RenameModel: the new name; CreateModel and AlterModelTable: `db_table` if set."""
    proxy: bool
    line: int


class MigratedModel(NamedTuple):
    name: str
    table: str | None
    """`db_table` when the migrations set one; None for the default (or a proxy: no table)."""
    proxy: bool
    path: str
    """The migration that created it."""
    line: int


def is_migration(path: str) -> bool:
    return "/migrations/" in path


def mentions_models(text: str) -> bool:
    return any(operation in text for operation in OPERATIONS)


def operations(tree: ast.Module) -> Iterator[ModelOperation]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and callee(node) in OPERATIONS:
            found = _operation(node)
            if found is not None:
                yield found


def replay(steps: Iterable[tuple[str, ModelOperation]]) -> dict[str, MigratedModel]:
    """The models left after `steps` ((migration path, operation) in migration order), by
    lower-case name."""
    models: dict[str, MigratedModel] = {}
    for path, step in steps:
        key = step.name.lower()
        if step.operation == "CreateModel":
            models[key] = MigratedModel(step.name, step.value, step.proxy, path, step.line)
        elif step.operation == "DeleteModel":
            models.pop(key, None)
        elif step.operation == "RenameModel" and key in models and step.value:
            old = models.pop(key)
            models[step.value.lower()] = old._replace(name=step.value)
        elif step.operation == "AlterModelTable" and key in models:
            models[key] = models[key]._replace(table=step.value)
    return models


def _operation(call: ast.Call) -> ModelOperation | None:
    kind = callee(call)
    first = literal(call.args[0]) if call.args else None
    if kind == "RenameModel":
        old = literal(keyword(call, "old_name")) or first
        new = literal(keyword(call, "new_name")) or (
            literal(call.args[1]) if len(call.args) > 1 else None
        )
        return ModelOperation(kind, old, new, False, call.lineno) if old and new else None
    name = literal(keyword(call, "name")) or first
    if name is None:
        return None
    if kind == "AlterModelTable":
        return ModelOperation(kind, name, literal(keyword(call, "table")), False, call.lineno)
    options = _options(keyword(call, "options"))
    table = options.get("db_table")
    proxy = options.get("proxy") is True
    return ModelOperation(kind, name, table if isinstance(table, str) else None, proxy, call.lineno)


def _options(node: ast.expr | None) -> dict[str, object]:
    if not isinstance(node, ast.Dict):
        return {}
    found: dict[str, object] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        name = literal(key)
        if name is not None and isinstance(value, ast.Constant):
            found[name] = value.value
    return found
