"""The engine: walk, scan (cached), build the graph, run the registered checks, filter, sort.

It knows no particular rule; everything rule-specific comes from the registry. What a warm run
costs is one walk, one cache read, and the checks of whatever changed: file checks for changed
files, member checks for members with a changed file, the rest only when the workspace changed.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from shipyard import __version__
from shipyard.graph import ImportGraph, ModuleIndex
from shipyard.rules.cache import Cache, decode_findings, encode_findings
from shipyard.rules.config import CheckConfig, load_check_config, make_selection
from shipyard.rules.context import CheckContext, TrackedFiles
from shipyard.rules.digest import inputs_digest, member_digests, workspace_digest
from shipyard.rules.files import Stamp, walk
from shipyard.rules.finding import Finding
from shipyard.rules.git import tracked_files
from shipyard.rules.registry import MemberCheckFn, Registry, check_id
from shipyard.rules.scan import Results, read_text, scan
from shipyard.rules.selection import Selection, glob_regex
from shipyard.rules.suppress import Suppressions, find_suppressions, is_suppressed
from shipyard.workspace import Member, Workspace

CACHE_SCHEMA = 8


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
    runs: list[Callable[..., object]] = [c.run for c in registry.file_checks]
    runs += [c.run for c in registry.member_checks]
    runs += [c.run for c in registry.workspace_checks]
    checks = sorted(check_id(run) for run in runs)
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return f"{CACHE_SCHEMA}:{__version__}:{python}:{','.join(checks)}"


def run_check(
    workspace: Workspace, registry: Registry, options: CheckOptions = CheckOptions()
) -> Report:
    # A run allocates tens of thousands of small objects that all live until it ends: the
    # cyclic garbage collector would scan them again and again for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_check(workspace, registry, options)
    finally:
        if enabled:
            gc.enable()


@contextmanager
def analysed(
    workspace: Workspace, registry: Registry, options: CheckOptions = CheckOptions()
) -> Iterator[CheckContext]:
    """What the checks see (files, import graph, cache), for commands that analyse the
    workspace as `check` does without running its rules; the cache is saved on the way out."""
    config = load_check_config(workspace.root)
    results, cache, context = _prepare(workspace, registry, options, config)
    yield context
    cache.save(results.paths)


def _prepare(
    workspace: Workspace, registry: Registry, options: CheckOptions, config: CheckConfig
) -> tuple[Results, Cache, CheckContext]:
    root = workspace.root
    excludes = [glob_regex(g) for g in config.exclude]
    # Without excludes (the usual case) no per-file test runs: the walk is a third of a warm run.
    stamps = walk(
        root, (lambda path: any(rx.fullmatch(path) for rx in excludes)) if excludes else None
    )
    key = cache_key(registry)
    cache = Cache(root, key, enabled=options.cache)
    results = scan(root, stamps, registry, cache)
    suppressions = _Suppressions(root, results)
    context = _context(workspace, stamps, results, cache, key, options, suppressions)
    return results, cache, context


def _run_check(workspace: Workspace, registry: Registry, options: CheckOptions) -> Report:
    config: CheckConfig = load_check_config(workspace.root)
    selection = make_selection(config, registry.rules, options.select, options.ignore)
    results, cache, context = _prepare(workspace, registry, options, config)
    found = results.findings()
    found.extend(_run_checks(context, registry, selection))
    cache.save(results.paths)

    suppressions = context.suppressions
    reported = []
    for finding in found:
        if not selection.enabled(finding.code):
            continue
        # A finding seen in several places is reported where it is not ignored; only when it
        # is ignored everywhere is it gone.
        kept = [
            location
            for location in finding.locations
            if selection.reported(finding.code, location[0])
            and not is_suppressed(suppressions[location[0]], location[1], finding.code)
        ]
        if len(kept) == len(finding.locations):
            reported.append(finding)
        elif kept:
            reported.append(finding.at(kept))
    return Report(sorted(set(reported)), len(context.files))


class _Suppressions(dict[str, Suppressions]):
    """Each file's inline suppressions, from its scan or, for files no scan reads (a
    pyproject.toml), read when a finding is there."""

    def __init__(self, root: Path, results: Results) -> None:
        super().__init__()
        self.root = root
        self.results = results

    def __missing__(self, path: str) -> Suppressions:
        if path in self.results.paths:
            found = self.results[path].suppressions
        else:
            text = read_text(self.root / path)
            found = find_suppressions(text) if text else {}
        self[path] = found
        return found


def _context(
    workspace: Workspace,
    stamps: dict[str, Stamp],
    results: Results,
    cache: Cache,
    key: str,
    options: CheckOptions,
    suppressions: Mapping[str, Suppressions],
) -> CheckContext:
    """The graph and digests, reusing the cached module index while the workspace's shape holds."""
    root = workspace.root
    shape = workspace_digest(key, workspace, stamps)
    state = cache.index[1] if cache.index is not None and cache.index[0] == shape else None
    index = ModuleIndex(workspace, stamps, state, read=lambda path: read_text(root / path))
    cache.keep_index(shape, index.state())
    python = [p for p in results.paths if p.endswith(".py")]
    graph = ImportGraph(index, lambda path: results[path].imports, python)
    digests = {"": shape, **member_digests(index, stamps)}
    return CheckContext(
        workspace,
        stamps,
        graph,
        options.tracked_files,
        cache if options.cache else None,
        digests,
        suppressions,
    )


def _member_findings(
    run: MemberCheckFn, context: CheckContext, member: Member
) -> list[tuple[Any, ...]]:
    return encode_findings(list(run(context, member)))


def _run_checks(context: CheckContext, registry: Registry, selection: Selection) -> list[Finding]:
    found: list[Finding] = []
    for member_check in registry.member_checks:
        if not any(selection.enabled(code) for code in member_check.codes):
            continue
        name = check_id(member_check.run)
        for member in context.workspace.members:
            run = partial(_member_findings, member_check.run, context, member)
            found.extend(decode_findings(context.memo(name, member, run)))
    for check in registry.workspace_checks:
        if not any(selection.enabled(code) for code in check.codes):
            continue
        if check.inputs is None or context.cache is None:
            found.extend(check.run(context))
            continue
        digest = inputs_digest(context.digests[""], context.files, check.inputs)
        name = check_id(check.run)
        rows = context.cache.recall(name, digest)
        if rows is None:
            rows = encode_findings(list(check.run(context)))
            context.cache.remember(name, digest, rows)
        found.extend(decode_findings(rows))
    return found
