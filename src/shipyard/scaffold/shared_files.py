"""Files every member shares: shipyard updates them when members come and go."""

from __future__ import annotations

import json
from pathlib import Path

from shipyard.scaffold.context import workspace_context
from shipyard.scaffold.plan import PlannedFile
from shipyard.scaffold.render import render_file
from shipyard.workspace import (
    Kind,
    Member,
    Scenario,
    Workspace,
    add_dependencies,
    add_dev_requirements,
    add_workspace_member,
)

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
            "broker": bool(workspace.of_kind(Kind.WORKER)),
            "workers": sorted(workspace.of_kind(Kind.WORKER), key=lambda m: m.path),
            "profiles": profiles,
            "scenarios": [_scenario_view(workspace, s) for s in workspace.scenarios],
        },
    )


def _scenario_view(workspace: Workspace, scenario: Scenario) -> dict[str, object]:
    members = [m for m in workspace.members if m.name in scenario.members]
    return {
        "name": scenario.name,
        "directory": scenario_directory(scenario.name),
        "services": [m for m in members if m.kind is Kind.SERVICE],
        "workers": [m for m in members if m.kind is Kind.WORKER],
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
    text = (workspace.root / PYPROJECT).read_text(encoding="utf-8")
    if dev:
        text = add_dev_requirements(text, dev)
    if member is not None:
        text = add_workspace_member(text, member.name, member.path.as_posix())
    return PlannedFile(PYPROJECT, text, managed=True)


def member_pyproject_with(
    workspace: Workspace, member: Member, requirements: tuple[str, ...]
) -> PlannedFile:
    """The member's pyproject with `requirements` added to its dependencies, unless a
    requirement on the same distribution is there already; formatting and comments are kept."""
    path = member.path / PYPROJECT
    text = (workspace.root / path).read_text(encoding="utf-8")
    return PlannedFile(path, add_dependencies(text, requirements), managed=True)
