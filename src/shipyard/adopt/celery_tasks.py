"""Celery names a task after the module that defines it (`project.tasks.send`), and a worker
rejects a message whose task name it does not know: when adoption renames that module, messages
already queued (and beat entries, retries, results stored outside the repository) would be
stranded. Found here and reported, per task, with what to do."""

from __future__ import annotations

import ast
from pathlib import PurePosixPath

from shipyard.adopt.model import Code, Note

# `@app.task`, `@celery.task(...)`, `@shared_task`: Celery's task decorators.
TASK_DECORATORS = frozenset({"task", "shared_task"})


def module_of(file: str, code: tuple[Code, ...]) -> str | None:
    """The dotted module name `file` has today, from the member's code entries."""
    for entry in code:
        path = entry.path.as_posix()
        if file == path and not entry.package:
            return entry.name
        if entry.package and file.startswith(path + "/"):
            parts = list(PurePosixPath(file[len(path) + 1 :]).with_suffix("").parts)
            if parts and parts[-1] == "__init__":
                parts.pop()
            return ".".join([entry.name, *parts])
    return None


def renamed_tasks(file: str, tree: ast.Module, old: str, new: str) -> list[Note]:
    """A note for each task defined in `file` without an explicit `name=`, whose name changes
    from `old.<function>` to `new.<function>`."""
    notes = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if not any(_is_unnamed_task(d) for d in node.decorator_list):
            continue
        notes.append(
            Note(
                f"{file}:{node.lineno}",
                f"the Celery task {old}.{node.name} is now {new}.{node.name}: messages queued "
                "under the old name are rejected as unregistered. Drain the queues before "
                f'deploying, or give the task name="{old}.{node.name}" (and keep the old name '
                "where routes, beat schedules and send_task() name it).",
            )
        )
    return notes


def _is_unnamed_task(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = (
        target.attr
        if isinstance(target, ast.Attribute)
        else target.id
        if isinstance(target, ast.Name)
        else None
    )
    if name not in TASK_DECORATORS:
        return False
    if isinstance(decorator, ast.Call):
        return not any(k.arg == "name" for k in decorator.keywords)
    return True
