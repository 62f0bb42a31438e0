"""Resolve every file's raw imports against the workspace: the graph rules share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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


class ImportGraph:
    """Imports are resolved on first use, file by file: a warm run whose rules are cached for
    most members resolves only the files of the members that changed."""

    def __init__(
        self, index: ModuleIndex, raw: Callable[[str], Sequence[RawImport]], paths: Iterable[str]
    ) -> None:
        self.index = index
        self._raw = raw
        self._resolved: dict[str, list[ResolvedImport]] = {}
        self._owners: dict[str, Member | None] = {}
        self._by_member: dict[str, list[str]] = {}
        for path in sorted(paths):
            member = index.member_of(path)
            if member is not None:
                self._by_member.setdefault(member.name, []).append(path)

    def files_of(self, member: Member) -> list[str]:
        """The member's Python files, sorted."""
        return self._by_member.get(member.name, [])

    def imports_of(self, path: str) -> list[ResolvedImport]:
        found = self._resolved.get(path)
        if found is None:
            found = self._resolved[path] = self._resolve(path)
        return found

    def of_member(self, member: Member) -> list[ResolvedImport]:
        return [i for path in self.files_of(member) for i in self.imports_of(path)]

    def edges_of(self, member: Member, *, include_tests: bool = False) -> list[ResolvedImport]:
        """The first runtime import from `member` into each other member, by path then line;
        test code only with `include_tests`."""
        first: dict[str, ResolvedImport] = {}
        for path in self.files_of(member):
            if is_test_path(path) and not include_tests:
                continue
            for found in self.imports_of(path):
                target = found.target
                if target is not None and target is not member and not found.type_checking:
                    first.setdefault(target.name, found)
        return [first[name] for name in sorted(first)]

    def app_edges(self, member: Member) -> dict[tuple[str, str], ResolvedImport]:
        """(app, app) -> the first import from one of `member`'s Django apps into another, by
        path then line. Runtime imports of non-test code only, and no migrations: Django
        writes those, and they follow the models' own imports."""
        index = self.index
        edges: dict[tuple[str, str], ResolvedImport] = {}
        if not index.apps_of(member):
            return edges
        for path in self.files_of(member):
            if is_test_path(path) or "/migrations/" in path:
                continue
            source = index.app_of(path)
            if source is None:
                continue
            for found in self.imports_of(path):
                if found.type_checking or found.target is not member:
                    continue
                target = index.app_named(member, found.module)
                if target is not None and target is not source:
                    edges.setdefault((source.module, target.module), found)
        return edges

    def _resolve(self, path: str) -> list[ResolvedImport]:
        index = self.index
        name, package = index.module_name(path)
        importer = index.member_of(path) if index.shared else None
        owners = self._owners
        found = []
        for item in self._raw(path):
            module = (
                absolute_module(item.module, item.level, name, package)
                if item.level
                else item.module
            )
            if not module:
                continue
            if module not in owners:
                owners[module] = index.owner(module)
            target = owners[module]
            if importer is not None:
                target = index.owner_from(module, importer, target)
            found.append(
                ResolvedImport(
                    path,
                    module,
                    item.line,
                    item.col,
                    item.type_checking,
                    item.optional,
                    item.dynamic,
                    target,
                    module.partition(".")[0],
                )
            )
        return found


def absolute_module(module: str, level: int, name: str, package: bool) -> str:
    """`module` imported with `level` leading dots from the module `name` (a package's
    `__init__` when `package`), as an absolute dotted name; "" when it climbs too far."""
    if not level:
        return module
    parts = name.split(".") if name else []
    base = parts if package else parts[:-1]
    if level > len(base):
        return ""  # beyond the top-level package: Python raises ImportError too
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)
