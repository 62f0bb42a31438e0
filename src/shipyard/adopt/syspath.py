"""Where a `sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))` points, told
by evaluating the expression statically: `__file__`, string literals, `os.path.dirname`,
`join`, `abspath`, `realpath`, `normpath`, `pathlib.Path`, `.parent`, `.parents[n]`,
`.resolve()`, `/` and `str()`. Anything else (the working directory, the environment) can't
be told, and the hack is reported instead of removed."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from pathlib import Path

PATH_MUTATORS = frozenset({"insert", "append"})
SAME = frozenset({"abspath", "realpath", "normpath", "resolve", "absolute", "str", "fspath"})


@dataclass(frozen=True)
class PathHack:
    """A statement that changes the import path."""

    line: int
    """Of the statement (1-based)."""
    target: Path | None
    """The folder it adds, absolute and normalised; None when it can't be told."""
    what: str
    """`sys.path.insert`, `site.addsitedir`, `PYTHONPATH`..."""


def path_hacks(tree: ast.Module, file: Path, nodes: list[ast.AST] | None = None) -> list[PathHack]:
    """Every top-level or nested *statement* of `tree` that changes the import path.
    `file` is the absolute path of the module (what `__file__` is); `nodes`, the tree walked
    already."""
    names = module_names(tree)
    found = []
    for node in nodes if nodes is not None else ast.walk(tree):
        if not isinstance(node, ast.Expr | ast.Assign | ast.AugAssign):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            hack = _call_hack(node.value, file, names)
            if hack is not None:
                found.append(PathHack(node.lineno, *hack))
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if _is_sys_path(target) or (
                    isinstance(target, ast.Subscript) and _is_sys_path(target.value)
                ):
                    found.append(PathHack(node.lineno, None, "sys.path assignment"))
                elif _is_pythonpath_item(target):
                    found.append(PathHack(node.lineno, None, "PYTHONPATH"))
    return sorted(found, key=lambda h: h.line)


def module_names(tree: ast.Module) -> dict[str, ast.expr]:
    """`HERE = Path(__file__).resolve()`: module-level names a path may be built from."""
    names: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                names[target.id] = node.value
    return names


def _call_hack(
    call: ast.Call, file: Path, names: dict[str, ast.expr]
) -> tuple[Path | None, str] | None:
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr in PATH_MUTATORS and _is_sys_path(func.value):
        argument = call.args[-1] if call.args else None
        return _as_folder(argument, file, names), f"sys.path.{func.attr}"
    if func.attr == "addsitedir" and _dotted(func.value) == "site":
        argument = call.args[0] if call.args else None
        return _as_folder(argument, file, names), "site.addsitedir"
    if func.attr == "extend" and _is_sys_path(func.value):
        return None, "sys.path.extend"
    return None


def _is_sys_path(node: ast.expr) -> bool:
    return _dotted(node) == "sys.path"


def _is_pythonpath_item(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Subscript)
        and _dotted(node.value) == "os.environ"
        and isinstance(node.slice, ast.Constant)
        and node.slice.value == "PYTHONPATH"
    )


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _as_folder(node: ast.expr | None, file: Path, names: dict[str, ast.expr]) -> Path | None:
    if node is None:
        return None
    value = evaluate(node, file, names)
    if value is None:
        return None
    path = Path(value) if isinstance(value, str) else value
    if not path.is_absolute():
        return None  # relative to the working directory: depends on where it runs
    return Path(os.path.normpath(path))


def evaluate(
    node: ast.expr, file: Path, names: dict[str, ast.expr] | None = None, depth: int = 0
) -> str | Path | None:
    """The string or path `node` computes, or None when it can't be told statically.
    `names` are module-level assignments a name may stand for."""
    names = names or {}
    if depth > 20:
        return None
    if isinstance(node, ast.Name):
        if node.id == "__file__":
            return file
        bound = names.get(node.id)
        return evaluate(bound, file, names, depth + 1) if bound is not None else None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        left, right = (
            evaluate(node.left, file, names, depth + 1),
            evaluate(node.right, file, names, depth + 1),
        )
        if isinstance(left, Path) and right is not None:
            return left / right
        return None
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        base = evaluate(node.value, file, names, depth + 1)
        return Path(os.path.normpath(base)).parent if base is not None else None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
        if node.value.attr == "parents" and isinstance(node.slice, ast.Constant):
            base = evaluate(node.value.value, file, names, depth + 1)
            index = node.slice.value
            if base is not None and isinstance(index, int):
                parents = Path(os.path.normpath(base)).parents
                return parents[index] if 0 <= index < len(parents) else None
        return None
    if isinstance(node, ast.Call):
        return _evaluate_call(node, file, names, depth + 1)
    return None


def _evaluate_call(
    node: ast.Call, file: Path, names: dict[str, ast.expr], depth: int
) -> str | Path | None:
    name = _dotted(node.func)
    method = node.func.attr if isinstance(node.func, ast.Attribute) else name
    arguments = [evaluate(a, file, names, depth) for a in node.args]
    if isinstance(node.func, ast.Attribute) and method == "resolve" and not node.args:
        return evaluate(node.func.value, file, names, depth)  # `.resolve(strict=True)` too
    if any(a is None for a in arguments) or node.keywords:
        return None
    if name in ("os.path.dirname", "dirname") and len(arguments) == 1:
        return os.path.dirname(os.path.normpath(arguments[0]))  # type: ignore[arg-type]
    if name in ("os.path.join", "join") and arguments:
        return os.path.join(*arguments)  # type: ignore[arg-type]
    if name in ("Path", "pathlib.Path", "PurePath") and len(arguments) == 1:
        return Path(arguments[0])  # type: ignore[arg-type]
    if name is not None and name.rsplit(".", 1)[-1] in SAME and len(arguments) == 1:
        return arguments[0]
    if isinstance(node.func, ast.Attribute) and method in SAME and not arguments:
        return evaluate(node.func.value, file, names, depth)  # Path(...).resolve()
    return None
