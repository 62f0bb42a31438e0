"""`shipyard add KIND NAME`: add a member to the workspace in the current directory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from shipyard.cli.options import DryRun, WorkspaceDir
from shipyard.scaffold.frameworks import Framework

if TYPE_CHECKING:
    from shipyard.cli.change import MakePlan

app = typer.Typer(
    help="Add a member (service, lib, worker), a task, a scenario, or a Django core or app.",
    no_args_is_help=True,
)

Force = Annotated[bool, typer.Option("--force", help="Overwrite files that already exist.")]
Lock = Annotated[bool, typer.Option(help="Run `uv lock` afterwards (needs the package index).")]
ExportRequirements = Annotated[
    bool,
    typer.Option(
        "--export-requirements",
        help="Keep services/NAME/requirements.txt exported from uv.lock (pinned, with hashes) "
        "for builds without uv; `shipyard check` reports it stale, `check --fix` rewrites it.",
    ),
]


@app.command()
def service(
    name: Annotated[str, typer.Argument(help="Service name: a lowercase Python identifier.")],
    lib: Annotated[
        str | None,
        typer.Option(help="Shared lib to depend on (default: the first lib)."),
    ] = None,
    calls: Annotated[
        str,
        typer.Option(
            help="Services it calls over HTTP, comma-separated: each URL arrives as NAME_URL."
        ),
    ] = "",
    framework: Annotated[
        Framework,
        typer.Option(
            help="fastapi (async, OpenAPI) or flask (sync, gunicorn); the same service either way."
        ),
    ] = Framework.FASTAPI,
    export_requirements: ExportRequirements = False,
    workspace: WorkspaceDir = Path(),
    force: Force = False,
    dry_run: DryRun = False,
    lock: Lock = True,
) -> None:
    """Add a FastAPI (or, with --framework flask, a Flask) service under services/NAME."""
    from shipyard.scaffold.add_member import plan_add_service

    called = tuple(n.strip() for n in calls.split(",") if n.strip())
    from shipyard.cli.add_exports import exporting

    plan = exporting(
        lambda ws: plan_add_service(ws, name, lib, called, framework=framework),
        name,
        export_requirements,
    )
    _write(workspace, plan, force, dry_run, lock)


@app.command(name="lib")
def lib_(
    name: Annotated[str, typer.Argument(help="Library name: a lowercase Python identifier.")],
    workspace: WorkspaceDir = Path(),
    force: Force = False,
    dry_run: DryRun = False,
    lock: Lock = True,
) -> None:
    """Add a shared library under libs/NAME."""
    from shipyard.scaffold.add_member import plan_add_lib

    _write(workspace, lambda ws: plan_add_lib(ws, name), force, dry_run, lock)


@app.command()
def worker(
    name: Annotated[str, typer.Argument(help="Worker name: a lowercase Python identifier.")],
    lib: Annotated[
        str | None, typer.Option(help="Lib whose tasks it runs (default: the first lib).")
    ] = None,
    export_requirements: ExportRequirements = False,
    workspace: WorkspaceDir = Path(),
    force: Force = False,
    dry_run: DryRun = False,
    lock: Lock = True,
) -> None:
    """Add a dedicated Celery worker under services/NAME that runs a lib's tasks."""
    from shipyard.cli.add_exports import exporting
    from shipyard.scaffold.add_tasks import plan_add_worker

    plan = exporting(lambda ws: plan_add_worker(ws, name, lib), name, export_requirements)
    _write(workspace, plan, force, dry_run, lock)


@app.command()
def task(
    name: Annotated[str, typer.Argument(help="Task name: a lowercase Python identifier.")],
    lib: Annotated[
        str | None, typer.Option(help="Lib that holds the contract (default: the first lib).")
    ] = None,
    workspace: WorkspaceDir = Path(),
    force: Force = False,
    dry_run: DryRun = False,
    lock: Lock = True,
) -> None:
    """Add a task contract, its implementation and a test to a lib's tasks package."""
    from shipyard.scaffold.add_tasks import plan_add_task

    _write(workspace, lambda ws: plan_add_task(ws, name, lib), force, dry_run, lock)


@app.command()
def scenario(
    name: Annotated[str, typer.Argument(help="Scenario name, e.g. orders-catalog.")],
    members: Annotated[
        str, typer.Option(help="Comma-separated services and workers it runs: orders,catalog.")
    ],
    workspace: WorkspaceDir = Path(),
    force: Force = False,
    dry_run: DryRun = False,
) -> None:
    """Add an integration scenario: a compose profile of members, a test runner and tests."""
    from shipyard.scaffold.add_scenario import plan_add_scenario

    chosen = [m.strip() for m in members.split(",") if m.strip()]
    _write(workspace, lambda ws: plan_add_scenario(ws, name, chosen), force, dry_run, False)


def _write(start: Path, make_plan: MakePlan, force: bool, dry_run: bool, lock: bool) -> None:
    from shipyard.cli.add_exports import guarding_exports, lock_and_export
    from shipyard.cli.change import change_workspace

    if lock:
        make_plan = guarding_exports(make_plan)
    then = lock_and_export if lock else None
    change_workspace(start, make_plan, force=force, dry_run=dry_run, then=then)
