"""The workspace model: every command reads the workspace through here and nowhere else."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from shipyard.workspace.load import find_root, load_workspace
from shipyard.workspace.model import Kind, Member, Scenario, Workspace, canonical_name
from shipyard.workspace.names import validate_member_name, validate_workspace_name

if TYPE_CHECKING:
    from shipyard.workspace.pyproject_edit import (
        add_dependencies,
        add_dev_requirements,
        add_workspace_member,
        declare_dependency,
        set_scenario,
    )

# The pyproject editor needs tomlkit and packaging: imported on first use, so that reading
# the workspace (all `shipyard check` does) stays fast.
_PYPROJECT_EDITS = {
    "add_dependencies",
    "add_dev_requirements",
    "add_workspace_member",
    "declare_dependency",
    "set_scenario",
}


def __getattr__(name: str) -> Any:
    if name in _PYPROJECT_EDITS:
        return getattr(importlib.import_module("shipyard.workspace.pyproject_edit"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Kind",
    "Member",
    "Scenario",
    "Workspace",
    "add_dependencies",
    "add_dev_requirements",
    "add_workspace_member",
    "canonical_name",
    "declare_dependency",
    "find_root",
    "load_workspace",
    "set_scenario",
    "validate_member_name",
    "validate_workspace_name",
]
