"""The engine: walk, scan (cached), build the graph, run the registered checks, filter, sort.

It knows no particular rule; everything rule-specific comes from the registry.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from shipyard import __version__
from shipyard.graph import ModuleIndex, build_graph
from shipyard.rules.cache import Cache
from shipyard.rules.config import CheckConfig, load_check_config, make_selection
from shipyard.rules.context import CheckContext, TrackedFiles
from shipyard.rules.files import walk
from shipyard.rules.finding import Finding
from shipyard.rules.git import tracked_files
from shipyard.rules.registry import Registry
from shipyard.rules.scan import read_text, scan
from shipyard.rules.selection import glob_regex
from shipyard.rules.suppress import Suppressions, find_suppressions, is_suppressed
from shipyard.workspace import Workspace

CACHE_SCHEMA = 1


@dataclass(frozen=True)
class CheckOptions:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    cache: bool = True
    tracked_files: TrackedFiles = field(default=tracked_files)


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    files: int
    """How many files were looked at."""


def cache_key(registry: Registry) -> str:
    checks = sorted(f"{c.run.__module__}.{c.run.__qualname__}" for c in registry.file_checks)
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return f"{CACHE_SCHEMA}:{__version__}:{python}:{','.join(checks)}"


def run_check(
    workspace: Workspace, registry: Registry, options: CheckOptions = CheckOptions()
) -> Report:
    root = workspace.root
    config: CheckConfig = load_check_config(root)
    selection = make_selection(config, registry.rules, options.select, options.ignore)
    excludes = [glob_regex(g) for g in config.exclude]
    stamps = walk(root, lambda path: any(rx.fullmatch(path) for rx in excludes))
    cache = Cache(root, cache_key(registry), enabled=options.cache)
    results = scan(root, stamps, registry, cache)
    cache.save(set(results))

    index = ModuleIndex(workspace, stamps)
    graph = build_graph(index, {p: r.imports for p, r in results.items() if p.endswith(".py")})
    context = CheckContext(workspace, stamps, graph, options.tracked_files)
    found = [f for r in results.values() for f in r.findings]
    for check in registry.workspace_checks:
        if any(selection.enabled(code) for code in check.codes):
            found.extend(check.run(context))

    suppressions: dict[str, Suppressions] = {p: r.suppressions for p, r in results.items()}
    reported = []
    for finding in found:
        if not selection.reported(finding.code, finding.path):
            continue
        if finding.path not in suppressions:
            text = read_text(root / finding.path)
            suppressions[finding.path] = find_suppressions(text) if text else {}
        if not is_suppressed(suppressions[finding.path], finding.line, finding.code):
            reported.append(finding)
    return Report(sorted(set(reported)), len(stamps))
