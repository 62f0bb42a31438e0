"""What a settings module says statically: its INSTALLED_APPS and the settings module it names.

Only literal values are read (Django is never imported): a list or tuple of strings, names of
module-level literal lists joined with `+`, `*NAME` inside a literal, `+=` of literals, and
`.append`, `.insert` and `.extend` with literals. Assignments under a module-level `if` count
too: both branches may run, depending on the environment.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

SETTING = "INSTALLED_APPS"
GROWING = frozenset({"append", "insert", "extend"})


def installed_apps(tree: ast.Module) -> list[str]:
    """The INSTALLED_APPS entries a module defines, in order, each once; [] if it defines none."""
    lists: dict[str, list[str]] = {}  # module-level names bound to literal lists of strings
    found: list[str] = []
    for node in _module_level(tree.body):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = _strings(node.value, lists) if node.value is not None else None
            for target in targets:
                if isinstance(target, ast.Name) and value is not None:
                    lists[target.id] = value
                    if target.id == SETTING:
                        found.extend(value)
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
            if isinstance(node.target, ast.Name) and node.target.id == SETTING:
                found.extend(_strings(node.value, lists) or [])
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            found.extend(_grown(node.value, lists))
    return list(dict.fromkeys(found))


def settings_module(tree: ast.Module) -> str | None:
    """The module `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.settings")` names, as in
    manage.py, wsgi.py and asgi.py."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr != "setdefault" or len(node.args) != 2:
            continue
        key, value = node.args
        if _text(key) == "DJANGO_SETTINGS_MODULE" and _text(value):
            return _text(value)
    return None


def _module_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    for node in body:
        if isinstance(node, ast.If):
            yield from _module_level(node.body)
            yield from _module_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, *(h.body for h in node.handlers), node.orelse):
                yield from _module_level(block)
        else:
            yield node


def _grown(call: ast.Call, lists: dict[str, list[str]]) -> list[str]:
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in GROWING):
        return []
    if not (isinstance(func.value, ast.Name) and func.value.id == SETTING) or not call.args:
        return []
    value = call.args[-1]
    if func.attr == "extend":
        return _strings(value, lists) or []
    text = _text(value)
    return [text] if text else []


def _strings(node: ast.expr, lists: dict[str, list[str]]) -> list[str] | None:
    """The strings of a literal list or tuple (other items skipped), or None if not one."""
    if isinstance(node, ast.List | ast.Tuple):
        found: list[str] = []
        for item in node.elts:
            if isinstance(item, ast.Starred):
                found.extend(_strings(item.value, lists) or [])
            elif (text := _text(item)) is not None:
                found.append(text)
        return found
    if isinstance(node, ast.Name):
        return lists.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _strings(node.left, lists), _strings(node.right, lists)
        if left is None and right is None:
            return None
        return [*(left or []), *(right or [])]
    if (  # list([...]) and tuple(...): a copy of a literal
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"list", "tuple"}
        and len(node.args) == 1
    ):
        return _strings(node.args[0], lists)
    return None


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
