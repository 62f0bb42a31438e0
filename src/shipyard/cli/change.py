"""How a writing command runs: under the workspace lock, with signals turned into rollbacks,
its plan computed from the workspace as it is once the lock is held."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from shipyard.changes import FilePlan, apply, describe, interruptible, workspace_lock
from shipyard.cli.render_plan import show_plan
from shipyard.errors import ShipyardError
from shipyard.workspace import Workspace, find_root, load_workspace

MakePlan = Callable[[Workspace], FilePlan]


def change_workspace(
    start: Path,
    make_plan: MakePlan,
    *,
    force: bool,
    dry_run: bool,
    then: Callable[[Path], None] | None = None,
) -> None:
    """Plan, show and apply a change; `then(root)` runs after the files are written (uv lock)
    and its failure, like any other, puts every file back."""
    console = Console()
    root = find_root(start)
    if root is None:
        load_workspace(start)  # raises the sentence that says what is missing
        raise ShipyardError(f"{start} is not inside a uv workspace.")
    if dry_run:
        plan = make_plan(load_workspace(start))
        show_plan(console, plan.root, describe(plan), dry_run=True)
        return
    with interruptible(), workspace_lock(root):
        # Loaded under the lock: a command that ran meanwhile is seen, not overwritten.
        plan = make_plan(load_workspace(start))
        changes = describe(plan)
        apply(plan, force=force, then=(lambda: then(plan.root)) if then else None, whole=True)
    show_plan(console, plan.root, changes, dry_run=False)
