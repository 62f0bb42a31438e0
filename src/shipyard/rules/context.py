"""What checks may read: the workspace, its files, the shared import graph, and lazily the facts
only some rules need (installed distributions, git's tracked files)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from shipyard.graph import ImportGraph, ModuleIndex
from shipyard.rules.cache import Cache
from shipyard.rules.distributions import DistributionIndex
from shipyard.rules.files import Stamp
from shipyard.rules.scan import read_text
from shipyard.rules.suppress import Suppressions, is_suppressed
from shipyard.workspace import Member, Workspace
from shipyard.workspace.load import read_toml

TrackedFiles = Callable[[Path], "list[str] | None"]
"""Root-relative paths git tracks, or None when the workspace is not in a git repository."""

T = TypeVar("T")


class Edge(NamedTuple):
    """A member depends on another: where that is first seen (by path, then line)."""

    path: str
    line: int
    col: int


@dataclass
class CheckContext:
    workspace: Workspace
    files: dict[str, Stamp]
    graph: ImportGraph
    tracked_files: TrackedFiles
    cache: Cache | None = None
    digests: dict[str, str] = field(default_factory=dict)
    """Member name -> digest of its inputs (see `shipyard.rules.digest`); "" for the workspace."""
    suppressions: Mapping[str, Suppressions] = field(default_factory=dict)
    """Path -> its inline suppressions (read on first use), for a rule that gathers several
    places into one finding: a place suppressed is no longer part of it."""
    _pyprojects: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.workspace.root

    @property
    def index(self) -> ModuleIndex:
        return self.graph.index

    def read(self, path: str) -> str | None:
        return read_text(self.root / path)

    def suppressed(self, path: str, line: int, code: str) -> bool:
        try:
            found = self.suppressions[path]
        except KeyError:
            return False
        return is_suppressed(found, line, code)

    def pyproject(self, member: Member | None) -> dict[str, Any]:
        """The parsed pyproject of a member, or of the workspace root for None."""
        key = member.name if member else ""
        if key not in self._pyprojects:
            base = self.root / member.path if member else self.root
            self._pyprojects[key] = read_toml(base / "pyproject.toml")
        return self._pyprojects[key]

    def memo(self, name: str, member: Member, compute: Callable[[], T]) -> T:
        """`compute()` for one member, reused from the cache while the member's files and the
        workspace's shape are unchanged. The value must be plain data (marshal-able)."""
        if self.cache is None:
            return compute()
        key = f"{name}:{member.name}"
        digest = f"{self.digests['']}:{self.digests[member.name]}"
        value = self.cache.recall(key, digest)
        if value is None:
            value = compute()
            self.cache.remember(key, digest, value)
        return value  # type: ignore[no-any-return]

    def member_edges(self) -> dict[tuple[str, str], Edge]:
        """Member -> member dependencies through runtime imports of non-test code."""
        edges = {}
        for member in self.workspace.members:
            rows = self.memo("edges", member, partial(self._edges, member))
            for target, path, line, col in rows:
                edges[(member.name, target)] = Edge(path, line, col)
        return edges

    def _edges(self, member: Member) -> list[tuple[str, str, int, int]]:
        return [
            (i.target.name, i.path, i.line, i.col)
            for i in self.graph.edges_of(member)
            if i.target is not None
        ]

    @cached_property
    def distributions(self) -> DistributionIndex:
        return DistributionIndex.for_workspace(self.root, cached=self.cache is not None)

    @cached_property
    def tracked(self) -> list[str] | None:
        return self.tracked_files(self.root)
