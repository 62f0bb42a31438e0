"""SourceFile: one file's text, and its syntax tree when it is Python, parsed at most once."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from shipyard.graph import is_test_path


@dataclass
class SourceFile:
    path: str
    """Root-relative, with forward slashes."""
    text: str
    needs_python: tuple[int, int] | None = None
    """Set by the scan when the file does not parse with this Python but does with a newer
    one's grammar: that version."""
    requires_python: Callable[[], str | None] = lambda: None
    """The `requires-python` of the project the file is part of (its nearest pyproject.toml):
    read only when asked, and the scan then re-checks the file when that pyproject changes."""

    @property
    def name(self) -> str:
        return self.path.rpartition("/")[2]

    @property
    def is_python(self) -> bool:
        return self.path.endswith(".py")

    @property
    def is_test(self) -> bool:
        return is_test_path(self.path)

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @cached_property
    def parsed(self) -> ast.Module | SyntaxError:
        try:
            return ast.parse(self.text, filename=self.path)
        except (SyntaxError, ValueError) as exc:  # ValueError: null bytes in the source
            return exc if isinstance(exc, SyntaxError) else SyntaxError(str(exc))

    @property
    def tree(self) -> ast.Module | None:
        return self.parsed if isinstance(self.parsed, ast.Module) else None
