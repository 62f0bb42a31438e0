"""Files every member shares: shipyard updates them when members come and go."""

from __future__ import annotations

from pathlib import Path

from shipyard.changes.files import PlannedFile
from shipyard.scaffold.context import compose_context
from shipyard.scaffold.k8s import plan_k8s_root
from shipyard.scaffold.render import Render, render_file
from shipyard.workspace import Member, Workspace
from shipyard.workspace.pyproject_edit import (
    add_dependencies,
    add_dev_requirements,
    add_workspace_member,
)

COMPOSE = Path("compose.yaml")
PYPROJECT = Path("pyproject.toml")
# Lists of a kustomization that are sets of paths: the user's and shipyard's items merge.
KUSTOMIZE_SETS = frozenset({"resources", "components"})


def render_compose(workspace: Workspace, render: Render = render_file) -> str:
    """compose.yaml as shipyard renders it for `workspace`; `render`: the templates of another
    version (`shipyard upgrade`)."""
    return render("compose/compose.yaml.jinja", compose_context(workspace))


def compose_update(before: Workspace, after: Workspace) -> PlannedFile:
    """compose.yaml for `after`: rendered whole when there is none, or when the file is what
    shipyard rendered for `before`; otherwise shipyard's entries are merged into the user's
    file (see `compose_edit`) and everything else in it is kept."""
    path = before.root / COMPOSE
    if not path.exists():
        return PlannedFile(COMPOSE, render_compose(after), managed=True)
    text = path.read_text(encoding="utf-8")
    old = render_compose(before)
    if text != old:
        # Imported here: ruamel.yaml is only needed for a file edited by hand.
        from shipyard.scaffold.compose_edit import merge_compose, recorded_workspace

        old = render_compose(recorded_workspace(before, text, path))
        if text != old:
            merged = merge_compose(text, old, render_compose(after), path)
            return PlannedFile(COMPOSE, merged, managed=True)
    return PlannedFile(COMPOSE, render_compose(after), managed=True)


def kustomization_update(before: Workspace, after: Workspace) -> PlannedFile:
    """deploy/k8s/kustomization.yaml for `after`, edited like compose.yaml: `resources` gains
    the new members and keeps what the user added, as do the rest of the file and its comments."""
    planned = plan_k8s_root(after)
    path = before.root / planned.path
    if path.exists():
        text = path.read_text(encoding="utf-8")
        old = plan_k8s_root(before).content
        if text != old:
            from shipyard.scaffold.yaml_merge import merge_text

            merged = merge_text(text, old, planned.content, path, set_like=KUSTOMIZE_SETS)
            return PlannedFile(planned.path, merged, managed=True)
    return planned


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
