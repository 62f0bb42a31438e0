"""`add` and requirements exports: a new member may ask for one (`--export-requirements`), and
every `add` that locks keeps the existing ones in step with the new lock, in the same change."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from shipyard.changes import FilePlan
from shipyard.cli.change import MakePlan
from shipyard.workspace import Role, Workspace


def lock_and_export(root: Path) -> None:
    """`uv lock`, then every member that exports its requirements follows the new lock (a lib
    may have gained a dependency, a new member may ask for its first export)."""
    from shipyard import tools
    from shipyard.rules.finding import RewriteExport
    from shipyard.rules.fix import rewrite_exports
    from shipyard.workspace import load_workspace

    tools.uv_lock(root)
    workspace = load_workspace(root)
    fixes = [RewriteExport(m.folder) for m in workspace.members if m.export_requirements]
    # Not the whole change yet: a signal now still rolls everything back.
    rewrite_exports(workspace, fixes, whole=False)


def guarding_exports(make_plan: MakePlan) -> MakePlan:
    """The plan, with every exported requirements file among what a failure puts back."""

    def plan(workspace: Workspace) -> FilePlan:
        from shipyard.rules.families.export import FILE

        made = make_plan(workspace)
        exports = [Path(m.file(FILE)) for m in workspace.members if m.export_requirements]
        return replace(made, guarded=(*made.guarded, *exports))

    return plan


def exporting(make_plan: MakePlan, name: str, export: bool) -> MakePlan:
    """With --export-requirements: the new member's pyproject says so, and its
    requirements.txt, written after `uv lock`, is undone with the rest on failure. Without
    `uv lock` (--no-lock) it is not written: `shipyard check --fix` writes it once locked."""
    if not export:
        return make_plan

    def plan(workspace: Workspace) -> FilePlan:
        from shipyard.workspace.pyproject_edit import set_shipyard_option

        made = make_plan(workspace)
        folder = Path(folder_of(name))
        files = tuple(
            replace(f, content=set_shipyard_option(f.content, "export-requirements", True))
            if f.path == folder / "pyproject.toml"
            else f
            for f in made.files
        )
        return replace(made, files=files, guarded=(*made.guarded, folder / "requirements.txt"))

    return plan


def folder_of(name: str) -> str:
    """Where a new service or worker goes."""
    return f"{Role.SERVICE.directory}/{name}"
