"""The versions an old lock file installed (poetry.lock, Pipfile.lock, uv.lock): the
workspace's constraints, and what its own lock must still have."""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

from shipyard.workspace import canonical_name

LOCKS = ("poetry.lock", "Pipfile.lock", "uv.lock")


def read_locked(folder: Path, *, conditional: bool = True) -> dict[str, str]:
    """Name -> version from the lock files in `folder`. Without `conditional`, those it
    installed only under a marker (`python_version < "3.11"`, Windows) are left out: a
    workspace on another Python or platform rightly lacks them."""
    locked: dict[str, str] = {}
    poetry = _toml(folder / "poetry.lock")
    packages = [p for p in poetry.get("package", []) if _named(p)]
    marked = _marked_edges(packages, "dependencies", "markers", poetry=True)
    for package in packages:
        name = canonical_name(str(package["name"]))
        if conditional or (name not in marked and "markers" not in package):
            locked[name] = str(package["version"])
    pipfile = _json(folder / "Pipfile.lock")
    for section in ("default", "develop"):
        entries = pipfile.get(section)
        for name, entry in (entries if isinstance(entries, dict) else {}).items():
            version = entry.get("version", "") if isinstance(entry, dict) else ""
            if version.startswith("==") and (conditional or "markers" not in entry):
                locked.setdefault(canonical_name(name), version[2:])
    locked.update(_uv_locked(folder / "uv.lock", conditional))
    return locked


def _uv_locked(path: Path, conditional: bool) -> dict[str, str]:
    """The packages of a uv.lock from a package index: the project itself (editable, virtual)
    and git or path sources are no pins, nor is a package locked at several versions (one per
    Python or platform), which no single pin can say."""
    packages = [p for p in _toml(path).get("package", []) if _named(p)]
    marked = _marked_edges(packages, "dependencies", "marker")
    versions: dict[str, set[str]] = defaultdict(set)
    for package in packages:
        source = package.get("source")
        name = canonical_name(str(package["name"]))
        if (
            isinstance(source, dict)
            and "registry" in source
            and (conditional or name not in marked)
        ):
            versions[name].add(str(package["version"]))
    return {name: found.pop() for name, found in versions.items() if len(found) == 1}


def _marked_edges(
    packages: list[dict[str, Any]], table: str, key: str, *, poetry: bool = False
) -> set[str]:
    """Packages every dependency on which carries a marker (those no dependency names are
    the project's own: unconditional)."""
    marked: set[str] = set()
    plain: set[str] = set()
    for package in packages:
        for name, edge in _edges(package, table, poetry):
            (marked if isinstance(edge, dict) and key in edge else plain).add(name)
        for extra in ("optional-dependencies", "dev-dependencies"):
            groups = package.get(extra)
            for edges in (groups if isinstance(groups, dict) and not poetry else {}).values():
                for edge in edges if isinstance(edges, list) else []:
                    if isinstance(edge, dict) and "name" in edge:
                        name = canonical_name(str(edge["name"]))
                        (marked if key in edge else plain).add(name)
    return marked - plain


def _edges(package: dict[str, Any], table: str, poetry: bool) -> list[tuple[str, object]]:
    found = package.get(table)
    if poetry and isinstance(found, dict):
        # `name = "^1.0"`, `name = {version = ..., markers = ...}`, or a list of such tables.
        edges: list[tuple[str, object]] = []
        for name, edge in found.items():
            for one in edge if isinstance(edge, list) else [edge]:
                edges.append((canonical_name(name), one))
        return edges
    if isinstance(found, list):
        return [
            (canonical_name(str(e["name"])), e)
            for e in found
            if isinstance(e, dict) and "name" in e
        ]
    return []


def _named(package: object) -> bool:
    return isinstance(package, dict) and "name" in package and "version" in package


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
