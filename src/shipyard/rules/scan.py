"""One pass over the files: each is read and parsed at most once, and only when its stat changed."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from itertools import repeat
from pathlib import Path

from shipyard.graph import extract_imports
from shipyard.rules.cache import Cache, Dependency, FileResult
from shipyard.rules.files import Stamp
from shipyard.rules.finding import Finding
from shipyard.rules.newer_syntax import newer_syntax
from shipyard.rules.registry import FileCheck, Registry
from shipyard.rules.source import SourceFile
from shipyard.rules.suppress import find_suppressions

MAX_BYTES = 2_000_000  # larger files are data, not source
PARALLEL_FROM = 400  # below this many files to parse, starting processes costs more than it saves


def read_text(path: Path) -> str | None:
    """The file's text, or None for binary, huge or unreadable files."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", errors="replace")


class Results:
    """Every scanned file's result; those read from the cache are decoded only when asked for,
    as a warm run needs the findings of a handful of files and the imports of a few members."""

    def __init__(self, cache: Cache, paths: set[str], fresh: dict[str, FileResult]) -> None:
        self.paths = paths
        self._cache = cache
        self._results = fresh

    def __getitem__(self, path: str) -> FileResult:
        result = self._results.get(path)
        if result is None:
            result = self._results[path] = FileResult.load(path, self._cache.rows[path])
        return result

    def findings(self) -> list[Finding]:
        found = [f for r in self._results.values() for f in r.findings]
        rows = self._cache.rows
        for path in self.paths - self._results.keys():
            if rows[path][3]:
                found.extend(self[path].findings)
        return found


def scan(root: Path, stamps: dict[str, Stamp], registry: Registry, cache: Cache) -> Results:
    paths: set[str] = set()
    missing: list[str] = []
    rows = cache.rows
    for path, stamp in stamps.items():
        if not path.endswith(".py") and not any(c.applies(path) for c in registry.file_checks):
            continue
        paths.add(path)
        row = rows.get(path)
        if row is None or row[0] != stamp[0] or row[1] != stamp[1]:
            missing.append(path)
        elif row[5] is not None and stamps.get(row[5][0]) != row[5][1:]:
            missing.append(path)  # the pyproject its result depends on changed
    fresh = {}
    for path, result in _scan_all(root, missing, registry):
        cache.put(path, stamps[path], result)
        fresh[path] = result
    return Results(cache, paths, fresh)


def _scan_all(root: Path, paths: list[str], registry: Registry) -> Iterator[tuple[str, FileResult]]:
    """Parsing is most of a cold run: spread it over the CPUs when there is enough of it."""
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        yield from _scan_chunk(root, paths, registry)
        return
    # Imported here: only a cold run needs processes, and this import costs a warm run ~10 ms.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from pickle import PicklingError

    size = max(len(paths) // (workers * 4), 1)
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    finished: set[str] = set()
    try:
        with ProcessPoolExecutor(workers) as pool:
            for done in pool.map(_scan_chunk_list, repeat(root), chunks, repeat(registry)):
                finished.update(path for path, _ in done)
                yield from done
    except (OSError, BrokenProcessPool, PicklingError):
        # No processes here (a sandbox, a frozen app): finish in this one.
        yield from _scan_chunk(root, [p for p in paths if p not in finished], registry)


def _scan_chunk_list(
    root: Path, paths: list[str], registry: Registry
) -> list[tuple[str, FileResult]]:
    return list(_scan_chunk(root, paths, registry))


def _scan_chunk(
    root: Path, paths: list[str], registry: Registry
) -> Iterator[tuple[str, FileResult]]:
    unparsed: list[SourceFile] = []
    for path in paths:
        text = read_text(root / path)
        if text is None:
            yield path, FileResult([], [], {})
            continue
        source = SourceFile(path, text)
        if source.is_python and source.tree is None:
            unparsed.append(source)  # rare: asked about together, below
            continue
        yield path, _scan_file(root, source, registry)
    if unparsed:
        needs = newer_syntax(root, [source.path for source in unparsed])
        for source in unparsed:
            source.needs_python = needs.get(source.path)
            yield source.path, _scan_file(root, source, registry)


def _scan_file(root: Path, source: SourceFile, registry: Registry) -> FileResult:
    checks: list[FileCheck] = [c for c in registry.file_checks if c.applies(source.path)]
    project = _Project(root, source.path)
    source.requires_python = project
    tree = source.tree if source.is_python else None
    imports = extract_imports(tree, source.text) if tree is not None else []
    findings = [f for check in checks for f in check.run(source)]
    return FileResult(imports, findings, find_suppressions(source.text), depends=project.depends)


class _Project:
    """The `requires-python` of the nearest pyproject.toml above a file, read when asked; it
    remembers which file it read, whose change must then re-check the file."""

    def __init__(self, root: Path, path: str) -> None:
        self.root = root
        self.path = path
        self.depends: Dependency | None = None

    def __call__(self) -> str | None:
        directory = self.path.rpartition("/")[0]
        while True:
            candidate = f"{directory}/pyproject.toml" if directory else "pyproject.toml"
            try:
                stat = (self.root / candidate).stat()
            except OSError:
                if not directory:
                    return None
                directory = directory.rpartition("/")[0]
                continue
            self.depends = (candidate, stat.st_mtime_ns, stat.st_size)
            try:
                data = tomllib.loads((self.root / candidate).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                return None
            project = data.get("project")
            value = project.get("requires-python") if isinstance(project, dict) else None
            return value if isinstance(value, str) else None
