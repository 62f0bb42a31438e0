"""`shipyard upgrade`: bring generated members to the current templates, keeping their edits."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from shipyard.cli.options import WorkspaceDir

if TYPE_CHECKING:
    from shipyard.scaffold.upgrade.plan import UpgradePlan

# Paragraphs on one line each: rich wraps them to the terminal. `\\[` is a bracket, not markup.
HELP = "\n\n".join(
    (
        "Bring generated members to the current template version: a three-way merge that "
        "keeps your edits.",
        "Each member shipyard generates records the template, version and options that made it "
        "(\\[tool.shipyard.template] in its pyproject; the workspace's own files: in the root "
        "pyproject). shipyard renders that version with those options, and the current one, "
        "and applies the difference to your files: your changed lines stay, the template's "
        "changes are applied, its new files added, and files it dropped removed unless you "
        "edited them. Where both changed the same lines the file gets conflict markers "
        "(<<<<<<< yours ... >>>>>>> template version N), is listed, and the exit code is 1.",
        "pyproject.toml files, compose.yaml and the kustomization are merged as data: where you "
        "and the template changed the same value, yours stays and is listed. The records then "
        "say the new version; `uv lock` runs when dependencies changed. Everything is written "
        "or nothing, also on Ctrl-C or SIGTERM.",
        "Workspaces generated before records existed: add --from-version 1.",
    )
)


def upgrade_command(
    members: Annotated[
        list[str] | None,
        typer.Argument(
            help="Members to upgrade; the workspace's own name stands for its root files.",
            show_default=False,
        ),
    ] = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="Every generated member and the workspace's own files."),
    ] = False,
    from_version: Annotated[
        int | None,
        typer.Option(
            "--from-version",
            help="The template version that generated members without a record "
            "(shipyard before records: 1).",
        ),
    ] = None,
    workspace: WorkspaceDir = Path(),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change and conflict; write nothing.")
    ] = False,
    lock: Annotated[
        bool, typer.Option(help="Run `uv lock` when dependencies changed (needs the index).")
    ] = True,
) -> None:
    from shipyard import tools
    from shipyard.changes import FilePlan
    from shipyard.cli.change import change_workspace
    from shipyard.scaffold.upgrade.plan import plan_upgrade
    from shipyard.scaffold.upgrade.versions import packaged_history
    from shipyard.workspace import Workspace

    history = packaged_history()
    planned: list[UpgradePlan] = []

    def make_plan(loaded: Workspace) -> FilePlan:
        plan = plan_upgrade(
            loaded, members or [], every=every, from_version=from_version, history=history
        )
        planned.append(plan)
        return plan.files

    def relock(root: Path) -> None:
        if planned[-1].relock:
            tools.uv_lock(root)

    change_workspace(
        workspace, make_plan, force=False, dry_run=dry_run, then=relock if lock else None
    )
    if _report(planned[-1], dry_run=dry_run):
        raise typer.Exit(1)


upgrade_command.__doc__ = HELP


def _report(plan: UpgradePlan, *, dry_run: bool) -> bool:
    """Say what was upgraded, what was left and what conflicts; True if anything conflicts."""
    for note in plan.notes:
        typer.echo(f"  {note}")
    if not plan.units:
        typer.echo("Nothing to upgrade.")
        return False
    done = "Would upgrade" if dry_run else "Upgraded"
    moved = ", ".join(f"{u.label} (from {u.record.version})" for u in plan.units)
    typer.echo(f"{done} to template version {plan.target}: {moved}.")
    if plan.conflicts:
        typer.echo(
            f"{'Would conflict' if dry_run else 'Conflicts to resolve'} "
            f"(<<<<<<< yours ... >>>>>>> template version {plan.target}, or a decision):"
        )
        for path in plan.conflicts:
            typer.echo(f"  {path}")
    return bool(plan.conflicts)
