"""`shipyard add core` and `shipyard add app NAME`: a Django project's shared kernel and its
proto-service apps, in the project found from the current directory (a uv workspace or not)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shipyard.changes import FilePlan
from shipyard.cli.options import DryRun
from shipyard.django.layout import ProjectLayout

ProjectDir = Annotated[
    Path, typer.Option("--workspace", "-w", help="A directory inside the Django project.")
]
Force = Annotated[bool, typer.Option("--force", help="Overwrite files that already exist.")]
Register = Annotated[
    bool,
    typer.Option(
        "--register/--no-register",
        help="Add it to INSTALLED_APPS (and the root URLs); --no-register: say what to add.",
    ),
]


def core_command(
    name: Annotated[
        str,
        typer.Option(help="Its app label, where the project has a `core` app of its own."),
    ] = "core",
    workspace: ProjectDir = Path(),
    force: Force = False,
    dry_run: DryRun = False,
    lock: Annotated[
        bool, typer.Option(help="Run `uv lock` after declaring dependencies (uv projects).")
    ] = True,
    register: Register = True,
) -> None:
    """Add the shared kernel of a Django project: base models, BaseService, permissions,
    errors, pagination, validators, events and contract checks, with tests (needs Django
    REST framework)."""
    from shipyard import tools
    from shipyard.cli.django_change import change_django_project
    from shipyard.scaffold.django_core import DjangoScaffold, plan_add_core

    made: list[DjangoScaffold] = []

    def make_plan(layout: ProjectLayout) -> FilePlan:
        made[:] = [plan_add_core(layout, name, register=register)]
        return made[0].plan

    def then(layout: ProjectLayout) -> None:
        if lock and made[0].lock:
            tools.uv_lock(layout.root)

    change_django_project(workspace, make_plan, force=force, dry_run=dry_run, then=then)
    for note in made[0].notes:
        typer.echo(note)


def app_command(
    name: Annotated[str, typer.Argument(help="App name: a lowercase Python identifier.")],
    model: Annotated[
        str | None,
        typer.Option(help="Its model's class name (default: NAME in the singular, CamelCase)."),
    ] = None,
    workspace: ProjectDir = Path(),
    force: Force = False,
    dry_run: DryRun = False,
    register: Register = True,
) -> None:
    """Add a proto-service app: models, a service on core's BaseService, a thin DRF API, a
    versioned contract (pydantic schemas and events) and tests; registered, with its first
    migration (needs `shipyard add core` first, and the project's environment)."""
    from shipyard.cli.django_change import change_django_project
    from shipyard.django.environment import makemigrations, probe
    from shipyard.scaffold.django_app import plan_add_app
    from shipyard.scaffold.django_core import DjangoScaffold

    made: list[DjangoScaffold] = []

    def make_plan(layout: ProjectLayout) -> FilePlan:
        made[:] = [plan_add_app(layout, name, model, lambda: probe(layout, USER_PK)["kind"],
                                register=register)]  # fmt: skip
        return made[0].plan

    def then(layout: ProjectLayout) -> None:
        if register:
            makemigrations(layout, name)

    layout = change_django_project(workspace, make_plan, force=force, dry_run=dry_run, then=then)
    for note in made[0].notes:
        typer.echo(note)
    if not dry_run and layout.uv_workspace:
        _write_boundaries(layout, name)


USER_PK = {"kind": "user-pk"}


def _write_boundaries(layout: ProjectLayout, label: str) -> None:
    """The new app's README sections, as `shipyard boundaries` writes them from the code."""
    from shipyard.changes import apply, interruptible, workspace_lock
    from shipyard.errors import ShipyardError
    from shipyard.rules import REGISTRY
    from shipyard.rules.engine import analysed
    from shipyard.rules.families.django.boundaries import compute_boundaries
    from shipyard.rules.families.django.boundaries_plan import boundaries_plan
    from shipyard.workspace import load_workspace

    try:
        with interruptible(), workspace_lock(layout.root):
            loaded = load_workspace(layout.root)
            with analysed(loaded, REGISTRY) as context:
                computed = compute_boundaries(context)
            whole = boundaries_plan(loaded.root, computed, label)
            readme = [f for f in whole.files if f.path.name.lower() == "readme.md"]
            apply(FilePlan(loaded.root, tuple(readme)), whole=True)
    except ShipyardError as error:
        typer.echo(f"The README's boundaries were not written: {error.message}", err=True)
