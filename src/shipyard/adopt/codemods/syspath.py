"""`sys.path.insert(...)` and `site.addsitedir(...)` statements that the workspace makes
unnecessary (what they add is installed now): removed, with the imports only they used."""

from __future__ import annotations

import ast

from shipyard.adopt.codemods.source import Source

# Modules such a statement needs, dropped once nothing else in the file uses them.
HELPERS = ("sys", "site", "os")


def remove_path_hacks(source: Source, lines: frozenset[int]) -> int:
    """Remove the statements starting on `lines`; a block left empty gets `pass`."""
    removed: list[ast.stmt] = []
    for parent in source.nodes:
        for field in ("body", "orelse", "finalbody"):
            body = getattr(parent, field, None)
            if not isinstance(body, list):
                continue
            doomed = [
                s for s in body
                if isinstance(s, ast.stmt) and s.lineno in lines and source.alone_on_its_lines(s)
            ]  # fmt: skip
            for statement in doomed:
                first, last = source.line_span(
                    statement.lineno, statement.end_lineno or statement.lineno
                )
                if (
                    len(doomed) == len(body)
                    and statement is doomed[-1]
                    and not isinstance(parent, ast.Module)
                ):
                    indent = source.lines[statement.lineno - 1]
                    indent = indent[: len(indent) - len(indent.lstrip())]
                    source.replace(first, last, f"{indent}pass\n")
                else:
                    source.replace(first, last, "")
                removed.append(statement)
    if removed:
        _drop_unused_helpers(source, removed)
    return len(removed)


def _drop_unused_helpers(source: Source, removed: list[ast.stmt]) -> None:
    inside = {id(n) for statement in removed for n in ast.walk(statement)}
    used = {n.id for n in source.nodes if isinstance(n, ast.Name) and id(n) not in inside}
    for statement in source.tree.body:
        if (
            isinstance(statement, ast.Import)
            and len(statement.names) == 1
            and statement.names[0].asname is None
            and statement.names[0].name in HELPERS
            and statement.names[0].name not in used
            and source.alone_on_its_lines(statement)
        ):
            source.replace(
                *source.line_span(statement.lineno, statement.end_lineno or statement.lineno), ""
            )
