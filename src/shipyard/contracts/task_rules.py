"""Breaking and compatible changes between two snapshots of a lib's task contracts.

A message already queued was written against the old contract and is read by the new worker:
the new payload schema must still accept it, under the same name, on the same queue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shipyard.contracts.change import Change
from shipyard.contracts.schema import Comparison, Kind, Resolver

Task = Mapping[str, Any]

_PAYLOAD_CODES = {
    Kind.REQUIRED_ADDED: "CT304",
    Kind.MADE_REQUIRED: "CT304",
    Kind.REMOVED: "CT305",
    Kind.REMOVED_CLOSED: "CT305",
    Kind.TYPE_CHANGED: "CT306",
    Kind.TYPES_REMOVED: "CT306",
    Kind.NULL_REMOVED: "CT306",
    Kind.ENUM_REMOVED: "CT306",
    Kind.TIGHTENED: "CT306",
    Kind.OPTIONAL_ADDED: "CT402",
    Kind.TYPES_ADDED: "CT403",
    Kind.NULL_ADDED: "CT403",
    Kind.ENUM_ADDED: "CT403",
    Kind.RELAXED: "CT403",
    Kind.MADE_OPTIONAL: "CT403",
}


def diff_tasks(path: str, old: Sequence[Task], new: Sequence[Task]) -> list[Change]:
    """Every change from `old` to `new`, reported against the snapshot at `path`."""
    old_by_name = {str(t["name"]): t for t in old}
    new_by_name = {str(t["name"]): t for t in new}
    changes: list[Change] = []
    renamed_to: set[str] = set()
    for name in sorted(set(old_by_name) - set(new_by_name)):
        task = old_by_name[name]
        successor = next(
            (
                n
                for n, t in sorted(new_by_name.items())
                if n not in old_by_name and t.get("class") == task.get("class")
            ),
            None,
        )
        if successor is None:
            changes.append(Change(path, name, "CT301", "task removed"))
        else:
            renamed_to.add(successor)
            changes.append(Change(path, name, "CT302", f"task renamed to {successor}"))
            changes.extend(_diff_task(path, task, new_by_name[successor]))
    for name in sorted(set(new_by_name) - set(old_by_name) - renamed_to):
        changes.append(Change(path, name, "CT401", "task added"))
    for name in sorted(set(old_by_name) & set(new_by_name)):
        changes.extend(_diff_task(path, old_by_name[name], new_by_name[name]))
    return changes


def _diff_task(path: str, old: Task, new: Task) -> list[Change]:
    subject = str(old["name"])
    changes = []
    if old.get("queue") != new.get("queue"):
        detail = f"queue {old.get('queue')} -> {new.get('queue')}"
        changes.append(Change(path, subject, "CT303", detail))
    if old.get("version") != new.get("version"):
        detail = f"version {old.get('version')} -> {new.get('version')}"
        changes.append(Change(path, subject, "CT404", detail))
    old_payload, new_payload = old.get("payload") or {}, new.get("payload") or {}
    comparison = Comparison(Resolver(old_payload), Resolver(new_payload))
    for difference in comparison.compare(old_payload, new_payload):
        detail = f"payload {difference.detail}"
        changes.append(Change(path, subject, _PAYLOAD_CODES[difference.kind], detail))
    return changes
