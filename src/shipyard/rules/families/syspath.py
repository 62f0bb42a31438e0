"""SY103: changing the import path at run time (sys.path, site.addsitedir, PYTHONPATH).

Such code works only from one directory, hides real dependencies from every tool, and is how
one service quietly imports another. Tests are checked too: that is where the hack usually is.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from shipyard.rules.finding import Finding, Severity
from shipyard.rules.registry import REGISTRY, python_file
from shipyard.rules.source import SourceFile

SYS_PATH = REGISTRY.rule(
    "SY103", "sys-path-manipulation", Severity.ERROR,
    "Code changes the import path (sys.path, site.addsitedir, PYTHONPATH).",
)  # fmt: skip

MUTATORS = frozenset({"insert", "append", "extend", "__setitem__", "__iadd__"})
ENV_SETTERS = frozenset({"setdefault", "update", "__setitem__"})


class _Aliases:
    """Local names bound to sys, sys.path, site, site.addsitedir, os, os.environ, os.putenv."""

    def __init__(self, tree: ast.Module) -> None:
        kinds = ("sys", "path", "site", "addsitedir", "os", "environ", "putenv")
        self.names: dict[str, set[str]] = {k: set() for k in kinds}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in ("sys", "site", "os"):
                        self.names[alias.name].add(alias.asname or alias.name)
            elif isinstance(node, ast.ImportFrom) and not node.level:
                wanted = {"sys": {"path"}, "site": {"addsitedir"}, "os": {"environ", "putenv"}}
                for alias in node.names:
                    if alias.name in wanted.get(node.module or "", ()):
                        self.names[alias.name].add(alias.asname or alias.name)

    def is_(self, node: ast.expr, what: str, module: str) -> bool:
        """True for `what` (imported by name) or `module.what`."""
        if isinstance(node, ast.Name):
            return node.id in self.names[what]
        return (
            isinstance(node, ast.Attribute)
            and node.attr == what
            and isinstance(node.value, ast.Name)
            and node.value.id in self.names[module]
        )


@REGISTRY.file_check(SYS_PATH, applies=python_file)
def check_sys_path(source: SourceFile) -> Iterator[Finding]:
    tree = source.tree
    if tree is None or not any(w in source.text for w in ("path", "addsitedir", "PYTHONPATH")):
        return
    aliases = _Aliases(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt | ast.expr):
            continue
        what = _manipulation(node, aliases)
        if what is not None:
            message = f"{what}; declare the dependency in pyproject.toml and import it by name"
            yield SYS_PATH.finding(source.path, node.lineno, node.col_offset + 1, message)


def _manipulation(node: ast.AST, aliases: _Aliases) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in MUTATORS
            and aliases.is_(func.value, "path", "sys")
        ):
            return f"sys.path.{func.attr}() changes the import path"
        if aliases.is_(func, "addsitedir", "site"):
            return "site.addsitedir() changes the import path"
        if (
            isinstance(func, ast.Attribute)
            and func.attr in ENV_SETTERS
            and aliases.is_(func.value, "environ", "os")
            and _mentions_pythonpath(node)
        ):
            return "PYTHONPATH is set in code"
        if aliases.is_(func, "putenv", "os") and _mentions_pythonpath(node):
            return "PYTHONPATH is set in code"
    elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            # Rebinding a name imported from sys leaves sys.path alone; `+=` mutates it.
            rebinds = isinstance(target, ast.Name) and not isinstance(node, ast.AugAssign)
            if aliases.is_(target, "path", "sys") and not rebinds:
                return "assigning to sys.path changes the import path"
            if isinstance(target, ast.Subscript):
                if aliases.is_(target.value, "path", "sys"):
                    return "assigning into sys.path changes the import path"
                if aliases.is_(target.value, "environ", "os") and _is_pythonpath(target.slice):
                    return "PYTHONPATH is set in code"
    return None


def _is_pythonpath(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "PYTHONPATH"


def _mentions_pythonpath(call: ast.Call) -> bool:
    if any(k.arg == "PYTHONPATH" for k in call.keywords):
        return True
    return any(_is_pythonpath(n) for arg in call.args for n in ast.walk(arg))
