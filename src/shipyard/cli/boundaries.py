"""`shipyard boundaries [APP]`: each Django app's service boundaries, written into its README
and into docs/MICROSERVICES_EXTRACTION.md."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from shipyard.cli.options import DryRun, WorkspaceDir

if TYPE_CHECKING:
    from shipyard.changes import FilePlan
    from shipyard.rules.families.django.boundaries import AppBoundary, ProjectBoundaries
    from shipyard.workspace import Workspace


def boundaries_command(
    app: Annotated[
        str | None, typer.Argument(help="One app (label or module); all of them by default.")
    ] = None,
    workspace: WorkspaceDir = Path(),
    force: Annotated[
        bool, typer.Option("--force", help="Replace an extraction guide shipyard did not write.")
    ] = False,
    dry_run: DryRun = False,
) -> None:
    """What each Django app owns, needs and is needed by; how far it is from extraction."""
    from shipyard.cli.change import change_workspace
    from shipyard.rules.families.django.boundaries_plan import chosen_apps

    computed: list[ProjectBoundaries] = []

    def plan(loaded: Workspace) -> FilePlan:
        from shipyard.rules import REGISTRY
        from shipyard.rules.engine import analysed
        from shipyard.rules.families.django.boundaries import compute_boundaries
        from shipyard.rules.families.django.boundaries_plan import boundaries_plan

        with analysed(loaded, REGISTRY) as context:
            computed[:] = compute_boundaries(context)
        return boundaries_plan(loaded.root, computed, app)

    change_workspace(workspace, plan, force=force, dry_run=dry_run)
    for boundary in chosen_apps(computed, app):
        typer.echo(_describe(boundary))


def _describe(app: AppBoundary) -> str:
    from shipyard.rules.families.django.boundaries import summary

    lines = [f"{app.app.module}: {app.readiness}"]
    tables = ", ".join(app.tables) or "none"
    models = len(app.models)
    lines.append(f"  owns {models} model{'' if models == 1 else 's'}; tables: {tables}")
    for title, found, other in (
        ("depends on", app.depends_on, "target"),
        ("used by", app.used_by, "source"),
    ):
        described = "; ".join(f"{getattr(d, other)} ({summary(d)})" for d in found)
        lines.append(f"  {title}: {described or 'none'}")
    return "\n".join(lines)
