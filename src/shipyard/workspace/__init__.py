"""The workspace model: every command reads the workspace through here and nowhere else.

Declared dependencies in every format (`shipyard.workspace.declared`) are imported from there:
analysis needs them, `shipyard check`'s warm path does not pay for them."""

from shipyard.workspace.load import PYPROJECT, find_root, load_workspace, read_toml
from shipyard.workspace.model import (
    Member,
    Problem,
    Role,
    Runtime,
    Scenario,
    Workspace,
    canonical_name,
)
from shipyard.workspace.names import validate_member_name, validate_workspace_name

__all__ = [
    "PYPROJECT",
    "Member",
    "Problem",
    "Role",
    "Runtime",
    "Scenario",
    "Workspace",
    "canonical_name",
    "find_root",
    "load_workspace",
    "read_toml",
    "validate_member_name",
    "validate_workspace_name",
]
