"""`shipyard test --app NAME`: one Django app's tests alone, then what they reached in the
other apps (modules imported, tables touched)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from shipyard.cli.options import WorkspaceDir

if TYPE_CHECKING:
    from shipyard.rules.families.django.reach import Reach


def app_tests_command(
    ctx: typer.Context,
    app: Annotated[str, typer.Option("--app", help="The Django app (label or module).")],
    workspace: WorkspaceDir = Path(),
    require_alone: Annotated[
        bool,
        typer.Option("--require-alone", help="Exit 1 if the tests reached another app."),
    ] = False,
) -> None:
    """Run one Django app's tests (pytest-django) and report what they reached in other apps.
    Arguments after `--` go to pytest."""
    from shipyard.django.testing import interpreter, run_tests
    from shipyard.rules import REGISTRY
    from shipyard.rules.engine import analysed
    from shipyard.rules.families.django.reach import find_app, reach_of
    from shipyard.workspace import load_workspace

    loaded = load_workspace(workspace)
    with analysed(loaded, REGISTRY) as context:
        tested = find_app(context, app)
        folder = loaded.root / tested.member.path
        target = os.path.relpath(loaded.root / tested.app.folder, folder)
        run = run_tests(interpreter(loaded.root), folder, target, ctx.args)
        if run.modules is None or run.tables is None:
            typer.echo(f"shipyard: the tests of {tested.app.module} ended before reporting.")
            raise typer.Exit(run.exit_code or 1)
        reach = reach_of(context, tested, run.modules, run.tables)
    typer.echo(_describe(tested.app.module, reach))
    failed = run.exit_code not in (0, 5)  # 5: no tests collected
    raise typer.Exit(run.exit_code if failed else int(require_alone and not reach.alone))


def _describe(app: str, reach: Reach) -> str:
    if reach.alone:
        return f"shipyard: the tests of {app} ran alone: no other app's module or table reached."
    lines = [f"shipyard: the tests of {app} reached other apps:"]
    for other in sorted({*reach.modules, *reach.tables}):
        parts = []
        if reach.modules.get(other):
            parts.append("imports " + ", ".join(reach.modules[other]))
        if reach.tables.get(other):
            parts.append("tables " + ", ".join(reach.tables[other]))
        lines.append(f"  {other}: {'; '.join(parts)}")
    return "\n".join(lines)
