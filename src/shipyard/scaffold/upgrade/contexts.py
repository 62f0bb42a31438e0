"""The context each part of a unit renders with: the values `add` gave the templates, built from
the workspace model and the unit's record. One builder per part for every version (templates
keep their variable names across versions); tests/unit/test_upgrade.py checks that the
current version renders exactly what `add` writes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shipyard.errors import ShipyardError
from shipyard.scaffold.context import member_context, workspace_context
from shipyard.scaffold.k8s import k8s_context
from shipyard.scaffold.shared_files import scenario_directory
from shipyard.scaffold.upgrade.units import Unit
from shipyard.workspace import Member, Role, Scenario, Workspace

Context = dict[str, Any]
Item = str | Scenario | None
"""What a part repeated with `each` renders for: a task's name or a scenario."""


def service(workspace: Workspace, unit: Unit, item: Item) -> Context:
    member = unit.require_member()
    shared = _member(workspace, unit, unit.record.option("lib"), Role.LIB)
    calls = unit.record.option("calls", [])
    called = tuple(_member(workspace, unit, n, Role.SERVICE) for n in calls)
    port = unit.record.option("port", member.port)
    if port is None:
        raise ShipyardError(f"{member.path}/pyproject.toml: the service has no port to render.")
    return _own(workspace, member) | {
        "lib": shared.import_name if shared else None,
        "log_module": f"{(shared or member).import_name}.logs",
        "port": port,
        "calls": called,
        "kind": Role.SERVICE.value,
        "members": [m.path.as_posix() for m in (shared, member) if m is not None],
    }


def worker(workspace: Workspace, unit: Unit, item: Item) -> Context:
    member = unit.require_member()
    lib = _member(workspace, unit, unit.record.option("lib"), Role.LIB)
    if lib is None:
        raise ShipyardError(f"{member.path}/pyproject.toml: the worker's record names no lib.")
    return _own(workspace, member) | {
        "lib": lib.import_name,
        "kind": Role.WORKER.value,
        "members": [lib.path.as_posix(), member.path.as_posix()],
    }


def lib(workspace: Workspace, unit: Unit, item: Item) -> Context:
    return _own(workspace, unit.require_member())


def tasks(workspace: Workspace, unit: Unit, item: Item) -> Context:
    member = unit.require_member()
    # As `add worker` and `add task` build it: the lib's distribution name under libs/.
    return member_context(workspace, member.name, Role.LIB.directory) | {"lib": member.import_name}


def task(workspace: Workspace, unit: Unit, item: Item) -> Context:
    assert isinstance(item, str)
    return tasks(workspace, unit, None) | {
        "task": item,
        "task_class": "".join(part.capitalize() for part in item.split("_")),
    }


def k8s(workspace: Workspace, unit: Unit, item: Item) -> Context:
    return k8s_context(workspace, unit.require_member())


def workspace_files(workspace: Workspace, unit: Unit, item: Item) -> Context:
    return workspace_context(workspace.name)


def scenario(workspace: Workspace, unit: Unit, item: Item) -> Context:
    chosen = item if isinstance(item, Scenario) else workspace.scenarios[0]
    # In the scenario's order, as `add scenario` was given them.
    members = [m for name in chosen.members if (m := workspace.member(name)) is not None]
    return workspace_context(workspace.name) | {
        "scenario": chosen.name,
        "member_names": ", ".join(chosen.members),
        "services": [m for m in members if m.role is Role.SERVICE],
    }


CONTEXTS: dict[str, Callable[[Workspace, Unit, Item], Context]] = {
    "service": service,
    "worker": worker,
    "lib": lib,
    "tasks": tasks,
    "task": task,
    "k8s": k8s,
    "workspace": workspace_files,
    "scenario": scenario,
}


def target_variables(unit: Unit, item: Item) -> dict[str, str]:
    """What a part's `target` may name."""
    values = {"path": ".", "folder": "", "name": "", "import_name": ""}
    if unit.member is not None:
        member = unit.member
        values = {
            "path": member.path.as_posix(),
            "folder": member.path.name,
            "name": member.name,
            "import_name": member.import_name,
        }
    if isinstance(item, str):
        values["task"] = item
    elif isinstance(item, Scenario):
        values["scenario"] = scenario_directory(item.name)
    return values


def _own(workspace: Workspace, member: Member) -> Context:
    # `add` passes the name as typed, which is the member's folder name.
    return member_context(workspace, member.path.name, member.path.parent.as_posix())


def _member(workspace: Workspace, unit: Unit, name: str | None, role: Role) -> Member | None:
    if name is None:
        return None
    found = workspace.member(name)
    if found is None or found.role is not role:
        raise ShipyardError(
            f"{unit.require_member().path}/pyproject.toml: [tool.shipyard.template] names the "
            f"{role} {name!r}, which is not a {role} of this workspace any more."
        )
    return found
