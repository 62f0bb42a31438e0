"""Finding: the one value every rule yields and every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


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
