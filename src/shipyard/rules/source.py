"""SourceFile: one file's text, and its syntax tree when it is Python, parsed at most once."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cached_property

from shipyard.graph import is_test_path


@dataclass
class SourceFile:
    path: str
    """Root-relative, with forward slashes."""
    text: str

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
