"""What `shipyard check` does once its arguments are known, and the plain invocation parsed
without typer: editors and hooks run `shipyard check` on every save, and importing typer and
rich would cost more (~200 ms) than a warm check of 10,000 modules."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


@dataclass
class CheckArgs:
    path: Path = Path()
    output_format: str = "text"
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fix: bool = False
    no_cache: bool = False


def run_check(args: CheckArgs) -> int:
    """Print the report; the exit code: 0 clean, 1 findings (errors raise ShipyardError: 2)."""
    from shipyard.rules import CheckOptions, check
    from shipyard.rules.config import split_codes
    from shipyard.rules.output import FORMATS as RENDER
    from shipyard.rules.workspace_cache import load_workspace_cached

    cache = not args.no_cache
    workspace = load_workspace_cached(args.path, enabled=cache)
    options = CheckOptions(
        select=split_codes(args.select), ignore=split_codes(args.ignore), cache=cache
    )
    report = check(workspace, options)
    if args.fix:
        from shipyard.changes import interruptible, workspace_lock
        from shipyard.rules.fix import apply_fixes, fixes_of

        with interruptible(), workspace_lock(workspace.root):
            applied = apply_fixes(workspace.root, fixes_of(report.findings))
        if applied:
            # Findings go to stdout; in machine formats the fixes must not mix with them.
            out = sys.stdout if args.output_format == "text" else sys.stderr
            out.writelines(f"Fixed: {done}\n" for done in applied)
            workspace = load_workspace_cached(args.path, enabled=cache)
            report = check(workspace, options)
    sys.stdout.write(RENDER[args.output_format](report, workspace.root, Path.cwd()))
    return 1 if report.findings else 0


def parse_plain(argv: list[str]) -> CheckArgs | None:
    """`check [PATH] [--format F] [--select C] [--ignore C] [--fix] [--no-cache]`, else None:
    anything else (help, a typo, --list-rules) goes to the full command line."""
    if argv[:1] != ["check"]:
        return None
    args, rest = CheckArgs(), argv[1:]
    given_path = False
    while rest:
        word = rest.pop(0)
        option, _, inline = word.partition("=")
        if option in ("--format", "--select", "--ignore"):
            value = inline if inline else (rest.pop(0) if rest else None)
            if value is None or (option == "--format" and value not in set(Format)):
                return None
            if option == "--format":
                args.output_format = value
            else:
                (args.select if option == "--select" else args.ignore).append(value)
        elif word == "--fix":
            args.fix = True
        elif word == "--no-cache":
            args.no_cache = True
        elif word.startswith("-") or given_path:
            return None
        else:
            args.path, given_path = Path(word), True
    return args
