"""How a command that writes into a Django project runs, in a uv workspace or not: under the
project's lock, signals turned into rollbacks, its plan made from the project as it is once the
lock is held."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from shipyard.changes import FilePlan, apply, describe, interruptible, workspace_lock
from shipyard.cli.render_plan import show_plan
from shipyard.django.layout import ProjectLayout, locate

MakePlan = Callable[[ProjectLayout], FilePlan]


def change_django_project(
    start: Path,
    make_plan: MakePlan,
    *,
    force: bool,
    dry_run: bool,
    then: Callable[[ProjectLayout], None] | None = None,
) -> ProjectLayout:
    """Plan, show and apply a change; `then(layout)` runs once the files are written
    (`makemigrations`, `uv lock`), and its failure, like any other, puts every file back."""
    console = Console()
    layout = locate(start)
    if dry_run:
        plan = make_plan(layout)
        show_plan(console, plan.root, describe(plan), dry_run=True)
        return layout
    with interruptible(), workspace_lock(layout.root):
        layout = locate(start)  # read again under the lock: a change made meanwhile is seen
        plan = make_plan(layout)
        changes = describe(plan)
        step = (lambda: then(layout)) if then is not None else None
        apply(plan, force=force, then=step, whole=True)
    show_plan(console, plan.root, changes, dry_run=False)
    return layout
