"""`shipyard check`: enforce the workspace's architecture; exit 0 clean, 1 findings, 2 error."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

# The rules are imported when the command runs, not when the command line is built: every other
# command (and `--version`) would pay for them otherwise.


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


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
        bool, typer.Option("--fix", help="Declare missing dependencies (SY104), then `uv lock`.")
    ] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Ignore the file cache.")] = False,
    list_rules: Annotated[bool, typer.Option("--list-rules", help="List rules and exit.")] = False,
) -> None:
    """Check imports, layout, Dockerfiles and secrets against the workspace's rules."""
    from shipyard.rules import REGISTRY, CheckOptions, check
    from shipyard.rules.config import split_codes
    from shipyard.rules.output import FORMATS
    from shipyard.rules.workspace_cache import load_workspace_cached

    if list_rules:
        for rule in sorted(REGISTRY.rules.values(), key=lambda r: r.code):
            typer.echo(f"{rule.code}  {rule.name:34} {rule.summary}")
        return
    workspace = load_workspace_cached(path, enabled=not no_cache)
    options = CheckOptions(
        select=split_codes(select or []), ignore=split_codes(ignore or []), cache=not no_cache
    )
    report = check(workspace, options)
    if fix:
        from shipyard.rules.fix import apply_fixes, fixes_of

        applied = apply_fixes(workspace.root, fixes_of(report.findings))
        if applied:
            # Findings go to stdout; in machine formats the fixes must not mix with them.
            out = sys.stdout if output_format is Format.TEXT else sys.stderr
            out.writelines(f"Fixed: {done}\n" for done in applied)
            workspace = load_workspace_cached(path, enabled=not no_cache)
            report = check(workspace, options)
    sys.stdout.write(FORMATS[output_format.value](report, workspace.root, Path.cwd()))
    raise typer.Exit(1 if report.findings else 0)
