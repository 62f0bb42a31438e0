"""Resolve every file's raw imports against the workspace: the graph rules share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from shipyard.graph.imports import RawImport
from shipyard.graph.modules import ModuleIndex, is_test_path
from shipyard.workspace import Member


class ResolvedImport(NamedTuple):
    # A NamedTuple, not a dataclass: tens of thousands are built on every run.
    path: str
    """The importing file, root-relative."""
    module: str
    """Absolute dotted name."""
    line: int
    col: int
    type_checking: bool
    optional: bool
    dynamic: bool
    target: Member | None
    """The workspace member that provides `module`, if any."""
    top: str
    """The first part of `module`: what a distribution provides."""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    first: ResolvedImport
    """Where the dependency is first seen (by path, then line)."""


class ImportGraph:
    def __init__(self, index: ModuleIndex, imports: dict[str, list[ResolvedImport]]) -> None:
        self.index = index
        self.imports = imports
        self._by_member: dict[str, list[str]] = {}
        for path in sorted(imports):
            member = index.member_of(path)
            if member is not None:
                self._by_member.setdefault(member.name, []).append(path)

    def files_of(self, member: Member) -> list[str]:
        """The member's Python files, sorted."""
        return self._by_member.get(member.name, [])

    def of_member(self, member: Member) -> list[ResolvedImport]:
        return [i for path in self.files_of(member) for i in self.imports[path]]

    def member_edges(self, *, include_tests: bool = False) -> dict[tuple[str, str], Edge]:
        """Member -> member dependencies through runtime imports of (by default) non-test code."""
        edges: dict[tuple[str, str], Edge] = {}
        for path in sorted(self.imports):
            source = self.index.member_of(path)
            if source is None or (is_test_path(path) and not include_tests):
                continue
            for found in self.imports[path]:
                target = found.target
                if target is None or target is source or found.type_checking:
                    continue
                edges.setdefault((source.name, target.name), Edge(source.name, target.name, found))
        return edges


def build_graph(index: ModuleIndex, raw: Mapping[str, Sequence[RawImport]]) -> ImportGraph:
    resolved: dict[str, list[ResolvedImport]] = {}
    owners: dict[str, Member | None] = {}
    for path, imports in raw.items():
        name, package = index.module_name(path)
        found = []
        for item in imports:
            module = _absolute(item, name, package) if item.level else item.module
            if not module:
                continue
            if module not in owners:
                owners[module] = index.owner(module)
            found.append(
                ResolvedImport(
                    path,
                    module,
                    item.line,
                    item.col,
                    item.type_checking,
                    item.optional,
                    item.dynamic,
                    owners[module],
                    module.partition(".")[0],
                )
            )
        resolved[path] = found
    return ImportGraph(index, resolved)


def _absolute(item: RawImport, name: str, package: bool) -> str:
    if not item.level:
        return item.module
    parts = name.split(".") if name else []
    base = parts if package else parts[:-1]
    if item.level > len(base):
        return ""  # beyond the top-level package: Python raises ImportError too
    base = base[: len(base) - (item.level - 1)]
    return ".".join([*base, item.module] if item.module else base)
