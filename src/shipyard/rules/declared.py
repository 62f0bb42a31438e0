"""What a member may import: the distributions its own pyproject declares.

Runtime code may use `[project] dependencies` and optional dependencies. Tests run in the root
environment, so they may also use dependency groups (the member's and the root's) and whatever
the root project depends on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from shipyard.rules.context import CheckContext
from shipyard.workspace import Member
from shipyard.workspace import canonical_name as canonical

# A PEP 508 requirement starts with its name. Matching just that, instead of parsing with
# packaging (~40 ms to import), keeps a re-check after an edit fast; uv rejects the rest.
REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")


def requirement_names(values: Iterable[object]) -> set[str]:
    names = set()
    for value in values:
        # PEP 735 `{include-group = ...}` tables are not requirements.
        if isinstance(value, str) and (match := REQUIREMENT_NAME.match(value)):
            names.add(canonical(match[1]))
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
