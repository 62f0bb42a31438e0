"""What a workspace check may read: the workspace, its files, the shared import graph, and
lazily the facts only some rules need (installed distributions, git's tracked files)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from shipyard.graph import ImportGraph, ModuleIndex
from shipyard.rules.distributions import DistributionIndex
from shipyard.rules.files import Stamp
from shipyard.rules.scan import read_text
from shipyard.workspace import Member, Workspace
from shipyard.workspace.load import read_toml

TrackedFiles = Callable[[Path], "list[str] | None"]
"""Root-relative paths git tracks, or None when the workspace is not in a git repository."""


@dataclass
class CheckContext:
    workspace: Workspace
    files: dict[str, Stamp]
    graph: ImportGraph
    tracked_files: TrackedFiles
    _pyprojects: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.workspace.root

    @property
    def index(self) -> ModuleIndex:
        return self.graph.index

    def read(self, path: str) -> str | None:
        return read_text(self.root / path)

    def member_path(self, member: Member) -> str:
        return member.path.as_posix()

    def pyproject(self, member: Member | None) -> dict[str, Any]:
        """The parsed pyproject of a member, or of the workspace root for None."""
        key = member.name if member else ""
        if key not in self._pyprojects:
            base = self.root / member.path if member else self.root
            self._pyprojects[key] = read_toml(base / "pyproject.toml")
        return self._pyprojects[key]

    @cached_property
    def distributions(self) -> DistributionIndex:
        return DistributionIndex.for_workspace(self.root)

    @cached_property
    def tracked(self) -> list[str] | None:
        return self.tracked_files(self.root)
