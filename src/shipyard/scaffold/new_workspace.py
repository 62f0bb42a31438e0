"""The plan for `shipyard new`: an empty workspace, ready for members."""

from __future__ import annotations

from pathlib import Path

from shipyard.changes.files import FilePlan, PlannedFile
from shipyard.errors import ShipyardError
from shipyard.scaffold.context import workspace_context
from shipyard.scaffold.render import render_tree
from shipyard.scaffold.shared_files import COMPOSE, render_compose
from shipyard.scaffold.template_record import record_template
from shipyard.workspace import Workspace, find_root, validate_workspace_name


def plan_new_workspace(root: Path, name: str) -> FilePlan:
    """The files of an empty workspace named `name`, written at `root` (a staging directory:
    the caller checked the real target with `check_target`)."""
    validate_workspace_name(name)
    files = render_tree("workspace", Path(), workspace_context(name))
    files.append(PlannedFile(COMPOSE, render_compose(Workspace(root, name, (), ()))))
    files = record_template(files, root, Path(), "workspace")
    return FilePlan(root, tuple(files), guarded=(Path("uv.lock"), Path(".git")))


def check_target(root: Path, name: str | None) -> str:
    """Refuse a target that can't become a workspace; return the workspace's name."""
    root = root.absolute()
    name = validate_workspace_name(name or root.name)
    if root.exists() and not root.is_dir():
        raise ShipyardError(f"{root} exists and is not a directory.")
    if root.is_dir() and any(root.iterdir()):
        raise ShipyardError(f"{root} already exists and is not empty; choose a new path.")
    outer = find_root(root.parent)
    if outer is not None:
        raise ShipyardError(
            f"{root} is inside the workspace at {outer}; add members there with "
            "`shipyard add` instead of nesting a workspace."
        )
    return name
