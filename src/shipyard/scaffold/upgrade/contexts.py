"""The context each part of a unit renders with: `add`'s own context builders
(`scaffold/context.py`), given the member as its record describes it (the lib, calls, port and
framework `add` took). Templates keep their variable names across versions, so one builder per
part serves every version; tests/unit/test_upgrade.py checks that the current version renders
exactly what `add` writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from shipyard.errors import ShipyardError
from shipyard.scaffold.context import (
    TemplateContext,
    k8s_context,
    lib_context,
    scenario_context,
    scenario_directory,
    service_context,
    task_context,
    worker_context,
    workspace_context,
)
from shipyard.scaffold.frameworks import Framework
from shipyard.scaffold.upgrade.units import Unit
from shipyard.workspace import Member, Role, Scenario, Workspace

Item = str | Scenario | None
"""What a part repeated with `each` renders for: a task's name or a scenario."""


def service(workspace: Workspace, unit: Unit, item: Item) -> TemplateContext:
    member = unit.require_member()
    calls = tuple(unit.record.option("calls", []))
    for name in calls:
        _member(workspace, unit, name, Role.SERVICE)
    port = unit.record.option("port", member.port)
    if port is None:
        raise ShipyardError(f"{member.path}/pyproject.toml: the service has no port to render.")
    framework = unit.record.option("framework", Framework.FASTAPI.value)
    try:
        runtime = Framework(framework).runtime
    except ValueError:
        raise ShipyardError(
            f"{member.path}/pyproject.toml: [tool.shipyard.template] names the framework "
            f"{framework!r}, which shipyard's service template does not have."
        ) from None
    recorded = replace(_with_lib(workspace, unit, member), calls=calls, port=port, runtime=runtime)
    return service_context(workspace, recorded)


def worker(workspace: Workspace, unit: Unit, item: Item) -> TemplateContext:
    member = unit.require_member()
    if unit.record.option("lib") is None:
        raise ShipyardError(f"{member.path}/pyproject.toml: the worker's record names no lib.")
    return worker_context(workspace, _with_lib(workspace, unit, member))


def lib(workspace: Workspace, unit: Unit, item: Item) -> TemplateContext:
    return lib_context(workspace, unit.require_member())


def task(workspace: Workspace, unit: Unit, item: Item) -> TemplateContext:
    assert isinstance(item, str)
    return task_context(workspace, unit.require_member(), item)


def k8s(workspace: Workspace, unit: Unit, item: Item) -> TemplateContext:
    return k8s_context(workspace, unit.require_member())


def workspace_files(workspace: Workspace, unit: Unit, item: Item) -> TemplateContext:
    return workspace_context(workspace.name)


def scenario(workspace: Workspace, unit: Unit, item: Item) -> TemplateContext:
    return scenario_context(
        workspace, item if isinstance(item, Scenario) else workspace.scenarios[0]
    )


CONTEXTS: dict[str, Callable[[Workspace, Unit, Item], TemplateContext]] = {
    "service": service,
    "worker": worker,
    "lib": lib,
    "tasks": lib,
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


def _with_lib(workspace: Workspace, unit: Unit, member: Member) -> Member:
    """`member` depending first on the record's lib, or on none if the record has none (the
    context builders take the first workspace lib among the dependencies)."""
    chosen = _member(workspace, unit, unit.record.option("lib"), Role.LIB)
    others = tuple(
        d
        for d in member.dependencies
        if (m := workspace.member(d)) is None or m.role is not Role.LIB
    )
    return replace(member, dependencies=((chosen.name,) if chosen else ()) + others)


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
