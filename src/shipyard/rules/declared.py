"""What a member may import: the distributions its own pyproject declares.

Runtime code may use `[project] dependencies` and optional dependencies. Tests run in the root
environment, so they may also use dependency groups (the member's and the root's) and whatever
the root project depends on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from shipyard.rules.context import CheckContext
from shipyard.rules.distributions import canonical
from shipyard.workspace import Member


def requirement_names(values: Iterable[object]) -> set[str]:
    names = set()
    for value in values:
        if isinstance(value, str):  # PEP 735 `{include-group = ...}` tables are not requirements
            try:
                names.add(canonical(Requirement(value).name))
            except InvalidRequirement:
                continue
    return names


def _optional(project: dict[str, Any]) -> set[str]:
    extras = project.get("optional-dependencies", {})
    return requirement_names(r for group in extras.values() for r in group)


def _groups(data: dict[str, Any]) -> set[str]:
    groups = data.get("dependency-groups", {})
    legacy = data.get("tool", {}).get("uv", {}).get("dev-dependencies", [])
    return requirement_names([*(r for g in groups.values() for r in g), *legacy])


def runtime_allowed(context: CheckContext, member: Member) -> set[str]:
    project = context.pyproject(member).get("project", {})
    return set(member.dependencies) | _optional(project)


def test_allowed(context: CheckContext, member: Member) -> set[str]:
    root = context.pyproject(None)
    return (
        runtime_allowed(context, member)
        | _groups(context.pyproject(member))
        | _groups(root)
        | requirement_names(root.get("project", {}).get("dependencies", []))
        | _optional(root.get("project", {}))
    )
