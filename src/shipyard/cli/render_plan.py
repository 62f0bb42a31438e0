"""How a file plan is shown: what `--dry-run` prints and what a write reports."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from shipyard.changes.files import Action

STYLES = {
    Action.CREATE: "green",
    Action.UPDATE: "yellow",
    Action.OVERWRITE: "red",
    Action.UNCHANGED: "dim",
    Action.DELETE: "red",
}


def show_plan(
    console: Console, root: Path, changes: Sequence[tuple[Action, Path]], *, dry_run: bool
) -> None:
    """`changes` must be taken from the plan before it is applied (see `plan.describe`)."""
    if not changes:
        return
    heading = "Would write" if dry_run else "Wrote"
    console.print(f"{heading} in [bold]{root}[/]:", highlight=False)
    for action, path in changes:
        console.print(f"  [{STYLES[action]}]{action:<9}[/] {path}", highlight=False)
