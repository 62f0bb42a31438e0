"""`shipyard adopt [PATH]`: an existing repository into the standard layout."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def adopt_command(
    path: Annotated[Path, typer.Argument(help="The repository to adopt (its top folder).")] = Path(
        "."
    ),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the whole plan; write nothing.")
    ] = False,
    commit: Annotated[
        bool, typer.Option(help="Commit the adoption (default: staged only).")
    ] = False,
    lock: Annotated[
        bool, typer.Option(help="Run `uv lock` with the old pins as constraints (needs the index).")
    ] = True,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="Run each member's tests before (in a temporary environment from the old "
            "dependency files) and after (in the workspace); exit 1 unless every test that "
            "passed before passes after.",
        ),
    ] = False,
    env_file: Annotated[
        Path | None,
        typer.Option(help="Environment for --verify's test runs (a database or broker URL)."),
    ] = None,
) -> None:
    """Move a repository of services into a uv workspace, its tests green before and after.

    services/ and libs/ in src layout, imports rewritten, PEP 621 dependencies locked with the
    old pins, multi-stage non-root Dockerfiles, compose.yaml, Kubernetes manifests, CI and a
    Makefile (the old one kept as legacy.mk). Refuses a dirty tree; rolls back on any failure.
    docs/adoption.md says what was done and what is left."""
    from rich.console import Console

    from shipyard.adopt.git import head, require_clean_repository, tracked_files
    from shipyard.adopt.plan import REPORT, make_plan
    from shipyard.adopt.report import render_plan
    from shipyard.changes import interruptible, workspace_lock
    from shipyard.errors import ShipyardError
    from shipyard.workspace.load import is_workspace_root

    console = Console(highlight=False, soft_wrap=True)
    root = path.resolve()
    if not root.is_dir():
        raise ShipyardError(f"{path} is not a folder.")
    if is_workspace_root(root):
        console.print(f"{root} is already a uv workspace: nothing to do.")
        return
    require_clean_repository(root)
    if dry_run:
        console.print(render_plan(make_plan(root, tracked_files(root))), markup=False)
        return
    before = head(root)
    from shipyard.adopt.apply import apply_plan

    with interruptible(), workspace_lock(root):
        plan = make_plan(root, tracked_files(root))
        apply_plan(root, plan, lock=lock, commit=commit, progress=_progress)
    edits = sum(n for e in plan.edits for n in e.counts.values())
    console.print(
        f"Adopted {len(plan.analysis.members)} members: {len(plan.moves)} moves, "
        f"{len(plan.layout.renames)} renames, {edits} edits in {len(plan.edits)} files, "
        f"{len(plan.generated)} files generated; {len(plan.notes)} notes. "
        f"{REPORT} says what was done and what is left."
    )
    if not commit:
        console.print("Nothing is committed: review with `git status` and `git diff --cached -M`.")
    if verify:
        from shipyard.adopt.verify import verify_adoption
        from shipyard.cli.render_verify import show_verification

        result = verify_adoption(root, before, plan, env_file=env_file)
        show_verification(console, result)
        if not result.verified:
            raise typer.Exit(1)


def _progress(step: str) -> None:
    import sys

    print(f"adopt: {step}", file=sys.stderr, flush=True)
