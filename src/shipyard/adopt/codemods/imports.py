"""Imports of renamed or moved code: `import project.models as m`, `from project.views import
x`, `import wsgi` (now `inventory.wsgi`). Relative imports stay: a package moves whole, so
`from ..config import settings` still finds its sibling."""

from __future__ import annotations

import ast
import re

from shipyard.adopt.codemods.names import Renaming
from shipyard.adopt.codemods.source import Source

FROM_MODULE = re.compile(r"^from\s+(?P<module>[\w.\s\\]+?)\s+import\b", re.S)


def rewrite_imports(source: Source, renaming: Renaming) -> int:
    """Rewrite every absolute import of renamed code; return how many statements changed."""
    modules = renaming.modules
    bound = _bound_names(source.nodes)
    references: dict[str, str] = {}
    count = 0
    for node in source.nodes:
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            top = node.module.split(".")[0]
            if top in modules:
                _rewrite_from(source, node, modules[top] + node.module[len(top) :])
                count += 1
        elif isinstance(node, ast.Import):
            changed = False
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top not in modules:
                    continue
                changed = True
                new = modules[top] + alias.name[len(top) :]
                start, end = source.span(alias)
                if alias.asname is not None:
                    source.replace(start, end, f"{new} as {alias.asname}")
                elif "." not in alias.name:
                    # `import project` -> `import users as project`: the name stays bound.
                    source.replace(start, end, new if new == top else f"{new} as {top}")
                else:
                    source.replace(start, end, new)
                    replacement = modules[top]
                    if "." not in replacement and top not in bound:
                        references[top] = replacement  # `project.models.X` -> `users.models.X`
                    else:
                        _bind_beside(source, node, f"import {replacement} as {top}")
            count += changed
    if references:
        _rename_references(source, references)
    return count


def _rewrite_from(source: Source, node: ast.ImportFrom, new: str) -> None:
    start, end = source.span(node)
    match = FROM_MODULE.match(source.text[start:end])
    if match is None:
        return
    source.replace(start + match.start("module"), start + match.end("module"), new)


def _bind_beside(source: Source, node: ast.stmt, statement: str) -> None:
    """Another import statement right after `node`, on its own line, at its indentation."""
    _, end = source.span(node)
    line = source.lines[node.lineno - 1]
    indent = line[: len(line) - len(line.lstrip())]
    source.replace(end, end, f"\n{indent}{statement}")


def _rename_references(source: Source, references: dict[str, str]) -> None:
    for node in source.nodes:
        if isinstance(node, ast.Name) and node.id in references:
            start, end = source.span(node)
            source.replace(start, end, references[node.id])


def _bound_names(nodes: list[ast.AST]) -> set[str]:
    """Names bound by assignment, definition, parameter or `from` import: a reference to one
    of them may not be the imported module."""
    bound: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ImportFrom):
            bound |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            bound |= {a.asname for a in node.names if a.asname}
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return bound
