"""Small readings of `ast` nodes shared by the Django fact finders."""

from __future__ import annotations

import ast


def dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a chain of names; None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def literal(node: ast.expr | None) -> str | None:
    """A string constant's value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def callee(call: ast.Call) -> str:
    """The last name of what is called: `send_mail`, `models.ForeignKey` -> `ForeignKey`."""
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)
