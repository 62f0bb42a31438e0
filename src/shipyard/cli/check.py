"""`shipyard check`: enforce the workspace's architecture; exit 0 clean, 1 findings, 2 error."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shipyard.cli.check_run import CheckArgs, Format, run_check


def check_command(
    path: Annotated[Path, typer.Argument(help="A directory inside the workspace.")] = Path(),
    output_format: Annotated[
        Format, typer.Option("--format", help="text, json, github (annotations) or sarif.")
    ] = Format.TEXT,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these codes or prefixes (SY1,SY301).")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these codes or prefixes.")] = None,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Declare missing dependencies (SY104), then `uv lock`; "
            "write stale requirements exports again (SY205).",
        ),
    ] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Ignore the file cache.")] = False,
    baseline: Annotated[
        Path | None,
        typer.Option(help="Report and fail only on findings not in this baseline file (JSON)."),
    ] = None,
    update_baseline: Annotated[
        bool,
        typer.Option("--update-baseline", help="Write every current finding into --baseline."),
    ] = False,
    list_rules: Annotated[bool, typer.Option("--list-rules", help="List rules and exit.")] = False,
) -> None:
    """Check imports, layout, Dockerfiles and secrets against the workspace's rules."""
    if list_rules:
        from shipyard.rules import REGISTRY

        for rule in sorted(REGISTRY.rules.values(), key=lambda r: r.code):
            typer.echo(f"{rule.code}  {rule.name:34} {rule.summary}")
        return
    args = CheckArgs(
        path,
        output_format.value,
        select or [],
        ignore or [],
        fix,
        no_cache,
        baseline,
        update_baseline,
    )
    raise typer.Exit(run_check(args))
