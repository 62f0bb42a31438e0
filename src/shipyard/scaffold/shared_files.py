"""Files every member shares: shipyard updates them when members come and go."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

import tomlkit
from packaging.requirements import Requirement

from shipyard.changes.files import PlannedFile
from shipyard.scaffold.context import workspace_context
from shipyard.scaffold.render import render_file
from shipyard.workspace import Member, Role, Scenario, Workspace, canonical_name

COMPOSE = Path("compose.yaml")
PYPROJECT = Path("pyproject.toml")


def render_compose(workspace: Workspace) -> str:
    context = workspace_context(workspace.name)
    profiles = {
        m.name: json.dumps(["app", *(s.name for s in workspace.scenarios if m.name in s.members)])
        for m in workspace.members
    }
    return render_file(
        "files/compose.yaml.jinja",
        {
            **context,
            # Sorted like `load_workspace` sorts, so a freshly added member renders the same.
            "services": sorted(workspace.services, key=lambda m: m.path),
            "calls": {m.name: workspace.called_by(m) for m in workspace.services},
            # Services may publish tasks once a worker exists: they need the broker too.
            "broker": bool(workspace.of_role(Role.WORKER)),
            "workers": sorted(workspace.of_role(Role.WORKER), key=lambda m: m.path),
            "profiles": profiles,
            "scenarios": [_scenario_view(workspace, s) for s in workspace.scenarios],
        },
    )


def _scenario_view(workspace: Workspace, scenario: Scenario) -> dict[str, object]:
    members = [m for m in workspace.members if m.name in scenario.members]
    return {
        "name": scenario.name,
        "directory": scenario_directory(scenario.name),
        "services": [m for m in members if m.role is Role.SERVICE],
        "workers": [m for m in members if m.role is Role.WORKER],
    }


def scenario_directory(name: str) -> str:
    """tests/integration/<this>: a scenario's tests, named to import cleanly."""
    return name.replace("-", "_")


def compose_update(before: Workspace, after: Workspace) -> PlannedFile:
    """The new compose.yaml; it counts as shipyard's own only if nobody edited it by hand."""
    current = before.root / COMPOSE
    untouched = not current.exists() or current.read_text(encoding="utf-8") == render_compose(
        before
    )
    return PlannedFile(COMPOSE, render_compose(after), managed=untouched)


def root_pyproject_with(
    workspace: Workspace, member: Member | None, dev: tuple[str, ...] = ()
) -> PlannedFile:
    """The root pyproject with `member` as a dependency, so a plain `uv sync` installs it,
    and with the `dev` requirements in the dev group."""
    document = tomlkit.parse((workspace.root / PYPROJECT).read_text(encoding="utf-8"))
    if dev:
        group = document.setdefault("dependency-groups", tomlkit.table())
        dev_group = group.setdefault("dev", tomlkit.array())
        for requirement in dev:
            if requirement not in dev_group:
                dev_group.append(requirement)
        dev_group.multiline(True)
    if member is not None:
        _add_member(document, workspace, member)
    return PlannedFile(PYPROJECT, tomlkit.dumps(document), managed=True)


def _add_member(document: tomlkit.TOMLDocument, workspace: Workspace, member: Member) -> None:
    project = document.setdefault("project", tomlkit.table())
    dependencies = project.setdefault("dependencies", tomlkit.array())
    if member.name not in dependencies:
        dependencies.append(member.name)
        dependencies.multiline(True)
    tool = document.setdefault("tool", tomlkit.table())
    uv = tool.setdefault("uv", tomlkit.table())
    sources = uv.setdefault("sources", tomlkit.table())
    source = tomlkit.inline_table()
    source["workspace"] = True
    sources[member.name] = source
    path = member.path.as_posix()
    if not any(fnmatch.fnmatch(path, pattern) for pattern in workspace.member_globs):
        uv["workspace"]["members"].append(path)


def member_pyproject_with(
    workspace: Workspace, member: Member, requirements: tuple[str, ...]
) -> PlannedFile:
    """The member's pyproject with `requirements` added to its dependencies, unless a
    requirement on the same distribution is there already; formatting and comments are kept."""
    path = member.path / "pyproject.toml"
    document = tomlkit.parse((workspace.root / path).read_text(encoding="utf-8"))
    project = document.setdefault("project", tomlkit.table())
    dependencies = project.setdefault("dependencies", tomlkit.array())
    declared = {canonical_name(Requirement(str(d)).name) for d in dependencies}
    for requirement in requirements:
        if canonical_name(Requirement(requirement).name) not in declared:
            dependencies.append(requirement)
    dependencies.multiline(True)
    return PlannedFile(path, tomlkit.dumps(document), managed=True)
