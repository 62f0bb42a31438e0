"""Finding: the one value every rule yields and every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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
    fix: AddDependency | None = field(default=None, compare=False)
    """What `--fix` may do about it; None when no edit is safe."""
