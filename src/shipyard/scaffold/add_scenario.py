"""The plan for `shipyard add scenario`: members run together in compose, with tests."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from shipyard.changes.files import FilePlan, PlannedFile
from shipyard.errors import ShipyardError
from shipyard.scaffold.add_member import member_plan
from shipyard.scaffold.context import scenario_context, scenario_directory
from shipyard.scaffold.render import render_file
from shipyard.scaffold.shared_files import PYPROJECT, compose_update
from shipyard.workspace import Scenario, Workspace
from shipyard.workspace.pyproject_edit import set_scenario

SCENARIO_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
TESTS = Path("tests/integration")


def plan_add_scenario(workspace: Workspace, name: str, members: list[str]) -> FilePlan:
    if not SCENARIO_NAME.match(name):
        raise ShipyardError(
            f"The scenario name {name!r} must be lowercase letters, digits and '-', "
            "starting with a letter, for example 'orders-catalog'."
        )
    if any(s.name == name for s in workspace.scenarios):
        raise ShipyardError(f"The workspace already has a scenario named {name!r}.")
    chosen = []
    for member_name in members:
        member = workspace.member(member_name)
        if member is None or not member.deployed:
            runnable = ", ".join(m.name for m in workspace.deployed)
            raise ShipyardError(
                f"{member_name!r} is not a service or worker of this workspace "
                f"(they are: {runnable or 'none yet'})."
            )
        chosen.append(member)
    if not chosen:
        raise ShipyardError("A scenario needs at least one member: --members orders,catalog.")
    scenario = Scenario(name, tuple(m.name for m in chosen))
    after = replace(workspace, scenarios=(*workspace.scenarios, scenario))
    context = scenario_context(workspace, scenario)
    directory = TESTS / scenario_directory(name)
    files = [
        PlannedFile(
            directory / f"test_{scenario_directory(name)}.py",
            render_file("scenario/test.py.jinja", context),
        ),
        _root_pyproject_with(workspace, scenario),
        compose_update(workspace, after),
    ]
    if not (workspace.root / TESTS / "Dockerfile").exists():
        files.append(
            PlannedFile(TESTS / "Dockerfile", render_file("scenario/Dockerfile.jinja", context))
        )
    return member_plan(workspace, files)


def _root_pyproject_with(workspace: Workspace, scenario: Scenario) -> PlannedFile:
    text = (workspace.root / PYPROJECT).read_text(encoding="utf-8")
    return PlannedFile(PYPROJECT, set_scenario(text, scenario.name, scenario.members), managed=True)
