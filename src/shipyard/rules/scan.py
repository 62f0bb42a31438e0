"""One pass over the files: each is read and parsed at most once, and only when its stat changed."""

from __future__ import annotations

from pathlib import Path

from shipyard.graph import extract_imports
from shipyard.rules.cache import Cache, FileResult
from shipyard.rules.files import Stamp
from shipyard.rules.registry import FileCheck, Registry
from shipyard.rules.source import SourceFile
from shipyard.rules.suppress import find_suppressions

MAX_BYTES = 2_000_000  # larger files are data, not source


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


def scan(
    root: Path, stamps: dict[str, Stamp], registry: Registry, cache: Cache
) -> dict[str, FileResult]:
    results: dict[str, FileResult] = {}
    for path, stamp in stamps.items():
        checks = [c for c in registry.file_checks if c.applies(path)]
        python = path.endswith(".py")
        if not checks and not python:
            continue
        result = cache.get(path, stamp)
        if result is None:
            result = _scan_file(root, path, checks, python=python)
            cache.put(path, stamp, result)
        results[path] = result
    return results


def _scan_file(root: Path, path: str, checks: list[FileCheck], *, python: bool) -> FileResult:
    text = read_text(root / path)
    if text is None:
        return FileResult([], [], {})
    source = SourceFile(path, text)
    tree = source.tree if python else None
    imports = extract_imports(tree, text) if tree is not None else []
    findings = [f for check in checks for f in check.run(source)]
    return FileResult(imports, findings, find_suppressions(text))
