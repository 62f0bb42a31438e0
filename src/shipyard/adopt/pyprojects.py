"""The pyproject files of the workspace: the root's (members, dev group, the old pins as
constraints) and each member's (PEP 621, hatchling, its own tool settings kept)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Array

from shipyard.adopt.dependencies import MemberDependencies, Translation
from shipyard.adopt.entry_points import EntryPoints, read_entry_points
from shipyard.adopt.model import Found
from shipyard.workspace.toolchain import PYTHON

# Tables of a build tool the workspace replaces; every other `[tool.*]` table is kept.
REPLACED_TOOLS = ("poetry", "setuptools", "setuptools_scm", "pdm", "hatch", "flit", "uv")


def member_pyproject(
    root: Path, member: Found, dependencies: MemberDependencies, python: str = PYTHON
) -> str:
    existing = _existing(root / member.old / "pyproject.toml")
    document = tomlkit.document()
    project = tomlkit.table()
    old_project = existing.get("project", {}) if isinstance(existing.get("project"), dict) else {}
    poetry = (
        existing.get("tool", {}).get("poetry", {}) if isinstance(existing.get("tool"), dict) else {}
    )
    project["name"] = member.name
    project["version"] = _text(old_project.get("version") or poetry.get("version")) or "0.1.0"
    description = _text(old_project.get("description") or poetry.get("description"))
    project["description"] = description or f"The {member.name} {member.role.value}."
    project["requires-python"] = f">={python}"
    project["dependencies"] = _array([*dependencies.runtime, *dependencies.workspace])
    if dependencies.extras:
        extras = tomlkit.table()
        for name, requirements in sorted(dependencies.extras.items()):
            extras[name] = _array(requirements)
        project["optional-dependencies"] = extras
    _entry_points(project, old_project, poetry, read_entry_points(root / member.old))
    document["project"] = project
    build = tomlkit.table()
    build["requires"] = ["hatchling"]
    build["build-backend"] = "hatchling.build"
    document["build-system"] = build
    tool = tomlkit.table(is_super_table=True)
    if dependencies.workspace:
        sources = tomlkit.table()
        for name in dependencies.workspace:
            source = tomlkit.inline_table()
            source["workspace"] = True
            sources[name] = source
        uv = tomlkit.table(is_super_table=True)
        uv["sources"] = sources
        tool["uv"] = uv
    shipyard = tomlkit.table()
    shipyard["role"] = member.role.value
    if member.runtime is not None:
        shipyard["runtime"] = member.runtime.value
    tool["shipyard"] = shipyard
    kept = existing.get("tool", {}) if isinstance(existing.get("tool"), dict) else {}
    for name, value in kept.items():
        if name not in REPLACED_TOOLS and name != "shipyard":
            tool[name] = value
    document["tool"] = tool
    return tomlkit.dumps(document)


def _entry_points(
    project: Any, old_project: dict[str, Any], poetry: dict[str, Any], setup: EntryPoints
) -> None:
    """Scripts and entry points: the old pyproject's (PEP 621 or Poetry), else setup.py's or
    setup.cfg's (`console_scripts` -> scripts, `gui_scripts` -> gui-scripts, others ->
    entry-points)."""
    scripts = old_project.get("scripts") or poetry.get("scripts") or setup.get("console_scripts")
    tables = {
        "scripts": scripts,
        "gui-scripts": old_project.get("gui-scripts") or setup.get("gui_scripts"),
    }
    for key, value in tables.items():
        if isinstance(value, dict) and value:
            table = tomlkit.table()
            for name, target in value.items():
                if isinstance(target, str):
                    table[name] = target
            project[key] = table
    others = old_project.get("entry-points") or {
        g: p for g, p in setup.items() if g not in ("console_scripts", "gui_scripts")
    }
    if isinstance(others, dict) and others:
        groups = tomlkit.table(is_super_table=True)
        for group, points in sorted(others.items()):
            if isinstance(points, dict):
                groups[group] = {k: v for k, v in points.items() if isinstance(v, str)}
        project["entry-points"] = groups


def root_pyproject(
    root: Path,
    name: str,
    members: tuple[Found, ...],
    translation: Translation,
    keep_root: bool,
    strangers: tuple[Path, ...] = (),
    python: str = PYTHON,
) -> str:
    """`keep_root`: the root's pyproject stays (the two-level layout's tools): its `[tool.*]`
    settings are kept, its Poetry tables replaced. `strangers`: folders under services/ and
    libs/ that are no member (a Node service), excluded from the workspace's globs."""
    existing = _existing(root / "pyproject.toml") if keep_root else {}
    document = tomlkit.document()
    project = tomlkit.table()
    project["name"] = name
    project["version"] = "0.1.0"
    project["description"] = f"The {name} services and libraries: one uv workspace."
    project["requires-python"] = f">={python}"
    project["dependencies"] = _array(sorted(m.name for m in members))
    document["project"] = project
    groups = tomlkit.table()
    dev = list(translation.dev)
    if not any(_name(d) == "pytest" for d in dev):
        dev.append("pytest")
    groups["dev"] = _array(sorted(dev))
    for group, requirements in translation.groups.items():
        groups[group] = _array(requirements)
    document["dependency-groups"] = groups
    tool = tomlkit.table(is_super_table=True)
    uv = tomlkit.table()
    uv["package"] = False
    if translation.constraints:
        uv["constraint-dependencies"] = _array(translation.constraints)
    workspace = tomlkit.table()
    workspace["members"] = ["services/*", "libs/*"]
    if strangers:
        workspace["exclude"] = _array([p.as_posix() for p in strangers])
    uv["workspace"] = workspace
    sources = tomlkit.table()
    for member in sorted(members, key=lambda m: m.name):
        source = tomlkit.inline_table()
        source["workspace"] = True
        sources[member.name] = source
    uv["sources"] = sources
    tool["uv"] = uv
    shipyard = tomlkit.table()
    shipyard["version"] = 1
    tool["shipyard"] = shipyard
    kept = existing.get("tool", {}) if isinstance(existing.get("tool"), dict) else {}
    for key, value in kept.items():
        if key not in REPLACED_TOOLS and key != "shipyard":
            tool[key] = value
    document["tool"] = tool
    return tomlkit.dumps(document)


def _existing(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _array(values: tuple[str, ...] | list[str]) -> Array:
    array = tomlkit.array()
    for value in values:
        array.append(value)
    if len(values) > 0:
        array.multiline(True)
    return array


def _name(requirement: str) -> str:
    from packaging.requirements import Requirement

    from shipyard.workspace import canonical_name

    return canonical_name(Requirement(requirement).name)
