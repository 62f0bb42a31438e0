"""A Python source and the edits made to it, located by CPython's own parser: each edit
replaces an exact span (a name, a string literal, a statement's lines), so everything else,
formatting and comments included, stays byte for byte."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field


@dataclass
class Source:
    text: str
    tree: ast.Module
    lines: list[str] = field(init=False)
    _starts: list[int] = field(init=False)
    edits: list[tuple[int, int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.nodes: list[ast.AST] = list(ast.walk(self.tree))
        """Every node, walked once for every codemod."""
        self.lines = self.text.splitlines(keepends=True)
        self._starts = [0]
        for line in self.lines:
            self._starts.append(self._starts[-1] + len(line))

    def offset(self, line: int, column: int) -> int:
        """ast's (1-based line, UTF-8 byte column) -> an index into `text`."""
        raw = self.lines[line - 1].encode("utf-8")[:column]
        return self._starts[line - 1] + len(raw.decode("utf-8", errors="replace"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        """Where `node` (a statement, an expression, an alias) is in `text`."""
        line, column = getattr(node, "lineno", 1), getattr(node, "col_offset", 0)
        end_line = getattr(node, "end_lineno", None) or line
        end_column = getattr(node, "end_col_offset", None) or column
        return self.offset(line, column), self.offset(end_line, end_column)

    def segment(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def replace(self, start: int, end: int, replacement: str) -> None:
        self.edits.append((start, end, replacement))

    def line_span(self, first: int, last: int) -> tuple[int, int]:
        """The whole lines `first`..`last`, their line ends included."""
        return self._starts[first - 1], self._starts[last]

    def alone_on_its_lines(self, node: ast.stmt) -> bool:
        """Nothing but blanks before it on its first line and after it on its last (a
        trailing comment aside): it can be removed as whole lines."""
        start, end = self.span(node)
        line_start, line_end = self.line_span(node.lineno, node.end_lineno or node.lineno)
        before = self.text[line_start:start]
        after = self.text[end:line_end].strip()
        return not before.strip() and (not after or after.startswith("#"))

    def result(self) -> str:
        """The text with every edit made; an edit inside another one's span (a rename in a
        statement that is removed) gives way to it."""
        kept: list[tuple[int, int, str]] = []
        for edit in sorted(self.edits, key=lambda e: (e[0], -e[1])):
            if kept and edit[0] < kept[-1][1]:
                continue
            kept.append(edit)
        parts = []
        position = 0
        for start, end, replacement in kept:
            parts += [self.text[position:start], replacement]
            position = end
        parts.append(self.text[position:])
        return "".join(parts)
