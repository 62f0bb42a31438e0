"""`shipyard contracts ...`: snapshot each service's OpenAPI document and each lib's task
contracts, find the changes that break a consumer, generate a consumer's typed client."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from shipyard.cli.options import DryRun, WorkspaceDir

app = typer.Typer(
    help="Contracts between services: snapshots, breaking changes, typed clients.",
    no_args_is_help=True,
)

NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Build every contract again from the code.")
]


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


@app.command()
def snapshot(
    workspace: WorkspaceDir = Path(),
    dry_run: DryRun = False,
    no_cache: NoCache = False,
    check_only: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if a snapshot is missing or stale."),
    ] = False,
) -> None:
    """Write each FastAPI service's OpenAPI document to services/NAME/contracts/openapi.json and
    each lib's task contracts to libs/LIB/contracts/tasks.json (commit them). Services of other
    frameworks (Flask) have no OpenAPI document: they are skipped, saying so."""
    from shipyard.changes import Action, FilePlan
    from shipyard.cli.change import change_workspace
    from shipyard.contracts.produce import produce
    from shipyard.contracts.snapshot import contract_sources, plan_snapshots, without_contract
    from shipyard.errors import ShipyardError
    from shipyard.workspace import Workspace

    skipped: list[str] = []

    def make_plan(ws: Workspace) -> FilePlan:
        sources = contract_sources(ws)
        skipped[:] = without_contract(ws)
        if not sources:
            raise ShipyardError(
                "No contract to snapshot: no FastAPI service with a main.py and no lib with "
                "a tasks/contracts package" + "".join(f" ({reason})" for reason in skipped) + "."
            )
        return plan_snapshots(ws, produce(ws, sources, cache=not no_cache))

    def tell_skipped() -> None:
        for reason in skipped:
            typer.echo(f"Skipped: {reason}.", err=True)

    if check_only:
        from shipyard.workspace import load_workspace

        plan = make_plan(load_workspace(workspace))
        tell_skipped()
        stale = [f.path.as_posix() for f in plan.files if plan.action(f) is not Action.UNCHANGED]
        for path in stale:
            typer.echo(f"{path}: stale (run `shipyard contracts snapshot`)")
        if not stale:
            typer.echo(f"All {len(plan.files)} snapshots match the code.")
        raise typer.Exit(1 if stale else 0)
    # Snapshots are shipyard's to keep up to date: replacing them needs no --force.
    change_workspace(workspace, make_plan, force=False, dry_run=dry_run)
    tell_skipped()


@app.command()
def check(
    base: Annotated[
        str | None,
        typer.Option(help="Compare with the snapshots at this git ref (origin/main, v1.2)."),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", help="text, json, github (annotations) or sarif.")
    ] = Format.TEXT,
    strict: Annotated[
        bool,
        typer.Option(help="Fail on any breaking change, consumed in this workspace or not."),
    ] = False,
    workspace: WorkspaceDir = Path(),
    no_cache: NoCache = False,
) -> None:
    """Compare the contracts in the code with the snapshots: exit 1 on a change that breaks a
    consumer (with --strict, on any breaking change)."""
    from shipyard.contracts.check import check_contracts
    from shipyard.contracts.output import FORMATS
    from shipyard.workspace import load_workspace

    report = check_contracts(load_workspace(workspace), base, cache=not no_cache)
    sys.stdout.write(FORMATS[output_format.value](report))
    failing = report.breaking if strict else report.blocking
    raise typer.Exit(1 if failing else 0)


@app.command()
def client(
    consumer: Annotated[str, typer.Argument(help="The calling service.")],
    of: Annotated[str, typer.Option("--of", help="The service it calls (in its `calls`).")],
    only: Annotated[
        str,
        typer.Option(
            help="Operations to generate, comma-separated: method names (get_product) or "
            "'GET /api/v1/products/{id}'. Default: those of the existing client, else every "
            "/api/ operation."
        ),
    ] = "",
    workspace: WorkspaceDir = Path(),
    force: Annotated[
        bool, typer.Option("--force", help="Replace a client module shipyard did not generate.")
    ] = False,
    dry_run: DryRun = False,
) -> None:
    """Generate CONSUMER's typed client of the service --of from its snapshot, into
    services/CONSUMER/src/CONSUMER/clients/PROVIDER.py, and a consumer test that fails when
    the provider's contract drops what the client uses."""
    from shipyard.changes import FilePlan
    from shipyard.cli.change import change_workspace
    from shipyard.contracts.client import plan_client
    from shipyard.workspace import Workspace

    chosen = [item.strip() for item in only.split(",") if item.strip()] or None
    skipped: list[str] = []

    def make_plan(ws: Workspace) -> FilePlan:
        planned = plan_client(ws, consumer, of, chosen)
        skipped[:] = planned.skipped
        return planned.plan

    change_workspace(workspace, make_plan, force=force, dry_run=dry_run)
    for reason in skipped:
        typer.echo(f"Not generated: {reason}", err=True)
