"""Finding: the one value every rule yields and every renderer reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

Location = tuple[str, int, int]
"""(path, line, col), as in a Finding."""


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class AddDependency:
    """A safe fix: declare `requirement` in the pyproject of the member at `member`."""

    member: str
    """The member's folder, root-relative, with forward slashes."""
    requirement: str
    """PEP 508 text, e.g. `httpx>=0.28`, or a bare workspace member's name."""
    workspace: bool = False
    """The requirement is a workspace member: it also needs a `{ workspace = true }` source."""


@dataclass(frozen=True)
class RewriteExport:
    """A safe fix: write the member's exported requirements file again from uv.lock."""

    member: str
    """The member's folder, root-relative, with forward slashes."""


Fix = AddDependency | RewriteExport


@dataclass(frozen=True, order=True)
class Finding:
    # Field order is the sort order of the report: by file, then position, then code.
    path: str
    """Relative to the workspace root, with forward slashes."""
    line: int
    """1-based; 1 for findings about a whole file."""
    col: int
    """1-based, like ruff."""
    code: str
    message: str
    severity: Severity = Severity.ERROR
    fix: Fix | None = field(default=None, compare=False)
    """What `--fix` may do about it; None when no edit is safe."""
    others: tuple[Location, ...] = field(default=(), compare=False)
    """Further places with the same problem, sorted (one missing declaration imported from 51
    files is one finding, here at the first, with 50 others)."""

    @property
    def text(self) -> str:
        """The message as shown: with how many other places share the finding."""
        count = len(self.others)
        if not count:
            return self.message
        return f"{self.message} (and {count} more place{'s' if count > 1 else ''})"

    @property
    def locations(self) -> tuple[Location, ...]:
        return ((self.path, self.line, self.col), *self.others)

    def at(self, locations: Sequence[Location]) -> Finding:
        """The same finding at a subset of its locations (some were suppressed): the first
        becomes where it is reported."""
        (path, line, col), *others = locations
        return replace(self, path=path, line=line, col=col, others=tuple(others))
