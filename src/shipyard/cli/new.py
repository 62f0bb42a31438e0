"""`shipyard new PATH`: create a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from shipyard.cli.options import DryRun

if TYPE_CHECKING:
    from shipyard.scaffold.examples import GeneratedClient
    from shipyard.workspace import Workspace


def new(
    path: Annotated[
        Path, typer.Argument(help="Directory to create (must not exist, or be empty).")
    ],
    name: Annotated[
        str | None, typer.Option(help="Project name; defaults to the directory name.")
    ] = None,
    lock: Annotated[bool, typer.Option(help="Run `uv lock` (needs the package index).")] = True,
    git: Annotated[bool, typer.Option(help="Run `git init`.")] = True,
    dry_run: DryRun = False,
    example: Annotated[
        str | None,
        typer.Option(
            help="Generate a complete example instead of an empty workspace: `shop` "
            "(catalog and orders services, a worker, a shared lib, an e2e journey)."
        ),
    ] = None,
) -> None:
    """Create a uv workspace: root pyproject, Makefile, compose, CI, docs; no members yet
    (with --example shop: a complete example with services, a worker and a lib)."""
    # Imported here so that other commands don't pay for Jinja at start-up.
    from shipyard import tools
    from shipyard.changes import apply, describe, interruptible
    from shipyard.changes.staging import staged_directory
    from shipyard.cli.render_plan import show_plan
    from shipyard.scaffold.new_workspace import check_target, plan_new_workspace

    console = Console()
    if example is not None:
        _new_example(console, example, path, name, lock=lock, git=git, dry_run=dry_run)
        return
    workspace_name = check_target(path, name)
    if dry_run:
        plan = plan_new_workspace(path.absolute(), workspace_name)
        show_plan(console, plan.root, describe(plan), dry_run=True)
        return
    # Built aside and published whole: a failure or a signal leaves no half workspace.
    with interruptible(), staged_directory(path) as staging:
        plan = plan_new_workspace(staging, workspace_name)
        changes = describe(plan)
        apply(plan)
        if lock:
            tools.uv_lock(staging)
        if git:
            tools.git_init(staging)
    show_plan(console, path.absolute(), changes, dry_run=False)
    console.print(
        f"\nNext: cd {path} && shipyard add lib common && shipyard add service catalog",
        highlight=False,
        soft_wrap=True,
    )


def _new_example(
    console: Console,
    example: str,
    path: Path,
    name: str | None,
    *,
    lock: bool,
    git: bool,
    dry_run: bool,
) -> None:
    from shipyard.errors import ShipyardError
    from shipyard.scaffold.examples import create_example

    if dry_run:
        raise ShipyardError(
            "--dry-run can't show an example before building it; "
            "generate it into a scratch directory instead."
        )
    from shipyard.changes import interruptible

    with interruptible():
        written = create_example(
            example, path, name, lock=lock, git=git, generate_client=_generate_client
        )
    console.print(f"Created {path} with the {example} example: {len(written)} files.")
    console.print(
        f"\nNext: cd {path} && uv sync && shipyard up   (the README there has a walkthrough)",
        highlight=False,
        soft_wrap=True,
    )


def _generate_client(workspace: Workspace, client: GeneratedClient) -> None:
    """An example's client, as `contracts client CONSUMER --of PROVIDER --only ...` makes it."""
    from shipyard.changes import apply
    from shipyard.contracts.client import plan_client

    chosen = list(client.operations)
    apply(plan_client(workspace, client.consumer, client.provider, chosen).plan)
