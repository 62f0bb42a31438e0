"""`shipyard contracts from-serializers APP`: a Django app's pydantic contracts, made from its
DRF serializers in the project's own environment, and the test that keeps them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shipyard.changes import FilePlan
from shipyard.cli.options import DryRun
from shipyard.django.layout import ProjectLayout


def from_serializers_command(
    app: Annotated[str, typer.Argument(help="The Django app (label or module).")],
    workspace: Annotated[
        Path, typer.Option("--workspace", "-w", help="A directory inside the Django project.")
    ] = Path(),
    dry_run: DryRun = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a contract test shipyard did not write.")
    ] = False,
) -> None:
    """Write pydantic models of what each DRF serializer of APP accepts and returns to its
    contracts/v1/schemas.py (beside a hand-written one: serializer_schemas.py), and a test that
    fails when a serializer stops matching them. Run with the project's settings, in its
    environment; run again to accept a change on purpose."""
    from shipyard.cli.django_change import change_django_project
    from shipyard.contracts.from_serializers import FromSerializers, plan_from_serializers
    from shipyard.django.environment import probe
    from shipyard.scaffold.django_format import format_python

    made: list[FromSerializers] = []

    def make_plan(layout: ProjectLayout) -> FilePlan:
        made[:] = [plan_from_serializers(layout, app, lambda request: probe(layout, request))]
        return FilePlan(layout.root, tuple(format_python(made[0].files, layout)))

    change_django_project(workspace, make_plan, force=force, dry_run=dry_run)
    typer.echo(f"{made[0].contracts} contracts from the serializers of {app}.")
    for reason in made[0].skipped:
        typer.echo(f"No contract for {reason}", err=True)
