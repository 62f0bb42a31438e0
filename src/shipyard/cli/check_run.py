"""What `shipyard check` does once its arguments are known, and the plain invocation parsed
without typer: editors and hooks run `shipyard check` on every save, and importing typer and
rich would cost more (~200 ms) than a warm check of 10,000 modules."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shipyard.rules import CheckOptions, Report
    from shipyard.workspace import Workspace


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
    baseline: Path | None = None
    update_baseline: bool = False


def run_check(args: CheckArgs) -> int:
    """Print the report; the exit code: 0 clean, 1 findings (errors raise ShipyardError: 2)."""
    from shipyard.rules import CheckOptions, check
    from shipyard.rules.config import split_codes
    from shipyard.rules.output import FORMATS as RENDER
    from shipyard.rules.workspace_cache import load_workspace_cached

    if args.update_baseline and args.baseline is None:
        from shipyard.errors import ShipyardError

        raise ShipyardError("--update-baseline needs --baseline FILE: the file to write.")
    cache = not args.no_cache
    workspace = load_workspace_cached(args.path, enabled=cache)
    options = CheckOptions(
        select=split_codes(args.select), ignore=split_codes(args.ignore), cache=cache
    )
    report = check(workspace, options)
    if args.fix:
        applied = _fix(args, options, workspace, report)
        if applied:
            # Findings go to stdout; in machine formats the fixes must not mix with them.
            out = sys.stdout if args.output_format == "text" else sys.stderr
            out.writelines(f"Fixed: {done}\n" for done in applied)
            workspace = load_workspace_cached(args.path, enabled=cache)
            report = check(workspace, options)
    if args.baseline is not None:
        report = _against_baseline(report, workspace.root, args, options)
    sys.stdout.write(RENDER[args.output_format](report, workspace.root, Path.cwd()))
    return 1 if report.findings else 0


def _fix(
    args: CheckArgs, options: CheckOptions, workspace: Workspace, report: Report
) -> list[object]:
    """Apply the fixes the findings carry; what was done, to be said. Dependencies first: they
    re-lock, and requirements exports are then judged against the new lock."""
    from shipyard.changes import interruptible, workspace_lock
    from shipyard.rules import check
    from shipyard.rules.fix import apply_fixes, exports_of, fixes_of, rewrite_exports
    from shipyard.rules.workspace_cache import load_workspace_cached

    with interruptible(), workspace_lock(workspace.root):
        applied: list[object] = list(apply_fixes(workspace.root, fixes_of(report.findings)))
        if applied:
            workspace = load_workspace_cached(args.path, enabled=options.cache)
            report = check(workspace, options)
        applied += rewrite_exports(workspace, exports_of(report.findings))
    return applied


def _against_baseline(report: Report, root: Path, args: CheckArgs, options: CheckOptions) -> Report:
    """The report without the findings the baseline accepts; --update-baseline first writes
    every finding into it. What was left out is said on stderr: stdout stays the report."""
    from shipyard.rules import Report
    from shipyard.rules.baseline import apply_baseline, line_reader, load, render

    file, update = args.baseline or Path(), args.update_baseline
    read_line = line_reader(root)
    if update:
        from shipyard.changes import FilePlan, PlannedFile, apply, interruptible, workspace_lock

        target = file.resolve()
        content = render(report.findings, read_line)
        plan = FilePlan(target.parent, (PlannedFile(Path(target.name), content, managed=True),))
        with interruptible(), workspace_lock(root):
            apply(plan)
        sys.stderr.write(f"Wrote {len(report.findings)} findings to {file}.\n")
    accepted = load(file)
    if options.select or options.ignore:  # entries of codes not checked now are not gone
        for key in [k for k in accepted if not _selected(k[0], options)]:
            del accepted[key]
    filtered = apply_baseline(report.findings, accepted, read_line)
    if filtered.accepted and not update:
        sys.stderr.write(f"{filtered.accepted} findings in the baseline {file} not reported.\n")
    if filtered.gone:
        sys.stderr.write(
            f"{filtered.gone} findings of the baseline are gone; --update-baseline shrinks it.\n"
        )
    return Report(filtered.new, report.files)


def _selected(code: str, options: CheckOptions) -> bool:
    chosen = not options.select or any(code.startswith(c) for c in options.select)
    return chosen and not any(code.startswith(c) for c in options.ignore)


def parse_plain(argv: list[str]) -> CheckArgs | None:
    """`check [PATH] [--format F] [--select C] [--ignore C] [--fix] [--no-cache]
    [--baseline FILE] [--update-baseline]`, else None: anything else (help, a typo,
    --list-rules) goes to the full command line."""
    if argv[:1] != ["check"]:
        return None
    args, rest = CheckArgs(), argv[1:]
    given_path = False
    while rest:
        word = rest.pop(0)
        option, _, inline = word.partition("=")
        if option in ("--format", "--select", "--ignore", "--baseline"):
            value = inline if inline else (rest.pop(0) if rest else None)
            if value is None or (option == "--format" and value not in set(Format)):
                return None
            if option == "--format":
                args.output_format = value
            elif option == "--baseline":
                args.baseline = Path(value)
            else:
                (args.select if option == "--select" else args.ignore).append(value)
        elif word == "--fix":
            args.fix = True
        elif word == "--no-cache":
            args.no_cache = True
        elif word == "--update-baseline":
            args.update_baseline = True
        elif word.startswith("-") or given_path:
            return None
        else:
            args.path, given_path = Path(word), True
    return args
