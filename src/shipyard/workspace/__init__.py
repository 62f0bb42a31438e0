"""The workspace model: every command reads the workspace through here and nowhere else."""

from typing import TYPE_CHECKING, Any

from shipyard.workspace.load import find_root, load_workspace
from shipyard.workspace.model import Kind, Member, Scenario, Workspace, canonical_name
from shipyard.workspace.names import validate_member_name, validate_workspace_name

if TYPE_CHECKING:
    from shipyard.workspace.declared import (
        DeclaredDependencies,
        Requirement,
        read_declared,
        runtime_names,
    )

# Reading declared dependencies is for analysis; `shipyard check`'s warm path, which imports
# this package on every save, does not pay for importing the readers.
_DECLARED = {"DeclaredDependencies", "Requirement", "read_declared", "runtime_names"}


def __getattr__(name: str) -> Any:
    if name in _DECLARED:
        from shipyard.workspace import declared

        return getattr(declared, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DeclaredDependencies",
    "Kind",
    "Member",
    "Requirement",
    "Scenario",
    "Workspace",
    "canonical_name",
    "find_root",
    "load_workspace",
    "read_declared",
    "runtime_names",
    "validate_member_name",
    "validate_workspace_name",
]
