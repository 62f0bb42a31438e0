"""The workspace model: every command reads the workspace through here and nowhere else."""

from shipyard.workspace.load import find_root, load_workspace
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
    "Member",
    "Problem",
    "Role",
    "Runtime",
    "Scenario",
    "Workspace",
    "canonical_name",
    "find_root",
    "load_workspace",
    "validate_member_name",
    "validate_workspace_name",
]
