"""Edits of pyproject.toml text that keep what the user wrote: comments, order and layout.

Each function takes the file's current text and returns the new text; none reads or writes a
file, so `add`, the examples and `check --fix` share them. tomlkit does the round trip.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from typing import Any

import tomlkit
from packaging.requirements import InvalidRequirement, Requirement
from tomlkit.items import Array, InlineTable, Table

from shipyard.errors import ShipyardError
from shipyard.workspace.model import canonical_name


def add_workspace_member(text: str, name: str, path: str) -> str:
    """The root pyproject with the member `name` at `path` (relative to the root): a dependency,
    so that a plain `uv sync` installs it (unless the root is virtual: no `[project]`); its
    `[tool.uv.sources]` entry; and `path` in `[tool.uv.workspace] members` unless a glob
    there matches it already."""
    document = tomlkit.parse(text)
    declare_dependency(document, name)
    _add_workspace_source(document, canonical_name(name))
    workspace = _table(_table(_table(document, "tool"), "uv"), "workspace")
    members = workspace.setdefault("members", tomlkit.array())
    if not any(fnmatch.fnmatch(path, str(pattern)) for pattern in members):
        members.append(path)
    return tomlkit.dumps(document)


def add_dependencies(text: str, requirements: Iterable[str]) -> str:
    """`[project] dependencies` with each requirement whose distribution is not declared yet,
    under any spelling (`Pydantic_Settings` is `pydantic-settings`), appended in order."""
    document = tomlkit.parse(text)
    for requirement in requirements:
        declare_dependency(document, requirement)
    return tomlkit.dumps(document)


def add_dev_requirements(text: str, requirements: Iterable[str]) -> str:
    """The `dev` dependency group with each requirement whose distribution it lacks."""
    document = tomlkit.parse(text)
    dev = _array(_table(document, "dependency-groups"), "dev")
    for requirement in requirements:
        if _distribution(requirement) not in _declared(dev):
            dev.append(requirement)
    dev.multiline(True)
    return tomlkit.dumps(document)


def set_scenario(text: str, name: str, members: Iterable[str]) -> str:
    """`[tool.shipyard.scenarios]` with `name = [members]` (replacing a scenario of that name)."""
    document = tomlkit.parse(text)
    scenarios = _table(_table(_table(document, "tool"), "shipyard"), "scenarios")
    scenarios[name] = [canonical_name(m) for m in members]
    return tomlkit.dumps(document)


def set_shipyard_option(text: str, key: str, value: bool | int | str) -> str:
    """`[tool.shipyard]` with `key = value` (replacing what it was)."""
    document = tomlkit.parse(text)
    _table(_table(document, "tool"), "shipyard")[key] = value
    return tomlkit.dumps(document)


def declare_dependency(
    document: tomlkit.TOMLDocument,
    requirement: str,
    *,
    workspace: bool = False,
    keep_sorted: bool = False,
) -> bool:
    """Add `requirement` to `[project] dependencies` of a parsed pyproject; False (and nothing
    changed) when its distribution is declared already, or when that is not safe: no
    `[project]` table, or dependencies that are dynamic.

    `workspace`: the distribution is a member of the workspace, so it gets a
    `[tool.uv.sources]` entry, written like the entries there (`{workspace = true}` if none).
    `keep_sorted`: a list sorted case-insensitively stays sorted; otherwise it is appended to.
    """
    project = document.get("project")
    if not isinstance(project, Table) or "dependencies" in project.get("dynamic", []):
        return False
    dependencies = _array(project, "dependencies")
    name = _distribution(requirement)
    if name in _declared(dependencies):
        return False
    values = [str(v) for v in dependencies]
    if keep_sorted and values == sorted(values, key=str.lower):
        dependencies.insert(sum(v.lower() < requirement.lower() for v in values), requirement)
    else:
        dependencies.append(requirement)
    dependencies.multiline(True)
    if workspace:
        _add_workspace_source(document, name)
    return True


def _add_workspace_source(document: tomlkit.TOMLDocument, name: str) -> None:
    sources = _table(_table(_table(document, "tool"), "uv"), "sources")
    if name in sources:
        return
    spaced = any(
        isinstance(v, InlineTable) and v.as_string().startswith("{ ") for v in sources.values()
    )
    # Parsed from text so that the entry is written as `{ workspace = true }` when the others
    # are (uv's own style), else as tomlkit writes it.
    source = "{ workspace = true }" if spaced else "{workspace = true}"
    sources[name] = tomlkit.parse(f"x = {source}\n")["x"]


def _table(container: Any, key: str) -> Any:
    """`container[key]`, created as a table when missing; a bad type is the user's to fix."""
    value = container.setdefault(key, tomlkit.table())
    if not isinstance(value, Table | dict):
        raise ShipyardError(f"pyproject.toml: {key} must be a table, not {type(value).__name__}.")
    return value


def _array(container: Any, key: str) -> Array:
    value = container.setdefault(key, tomlkit.array())
    if not isinstance(value, Array):
        raise ShipyardError(f"pyproject.toml: {key} must be an array of requirements.")
    return value


def _declared(requirements: Array) -> set[str]:
    return {_distribution(str(r)) for r in requirements}


def _distribution(requirement: str) -> str:
    try:
        return canonical_name(Requirement(requirement).name)
    except InvalidRequirement:
        return requirement
