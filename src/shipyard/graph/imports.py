"""Every import a Python file makes, found with the stdlib `ast`, as plain (cacheable) values."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import NamedTuple

# Exceptions whose handler makes an import in the `try` body optional.
IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


class RawImport(NamedTuple):
    """An import as written. Relative ones are resolved later, once the module's name is known."""

    module: str
    """Dotted name as written, without leading dots; may be empty (`from . import x`)."""
    level: int
    """Number of leading dots; 0 for absolute imports."""
    line: int
    col: int
    type_checking: bool
    """Under `if TYPE_CHECKING:`: needed by the type checker only, never at run time."""
    optional: bool
    """Inside `try: ... except ImportError:`: the code runs without it."""
    dynamic: bool
    """`importlib.import_module("literal")` or `__import__("literal")`."""


@dataclass
class _Flags:
    type_checking: bool = False
    optional: bool = False


def extract_imports(tree: ast.Module, text: str) -> list[RawImport]:
    """`text` is the source of `tree`: it tells cheaply whether a dynamic import may be there."""
    dynamic = "import_module" in text or "__import__" in text
    collector = _Collector(_import_module_names(tree) if dynamic else None)
    collector.visit_body(tree.body, _Flags())
    return collector.found


def _import_module_names(tree: ast.Module) -> tuple[frozenset[str], frozenset[str]]:
    """Local names for the `importlib` module and for its `import_module` function."""
    modules, functions = {"importlib"}, {"__import__"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name == "importlib")
        elif isinstance(node, ast.ImportFrom) and node.module == "importlib" and not node.level:
            functions.update(a.asname or a.name for a in node.names if a.name == "import_module")
    return frozenset(modules), frozenset(functions)


class _Collector:
    def __init__(self, names: tuple[frozenset[str], frozenset[str]] | None) -> None:
        # Without dynamic imports, expressions cannot hold an import: they are not visited.
        self.expressions = names is not None
        self.importlib_names, self.function_names = names or (frozenset(), frozenset())
        self.found: list[RawImport] = []

    def visit_body(self, body: list[ast.stmt], flags: _Flags) -> None:
        for node in body:
            self.visit(node, flags)

    def visit(self, node: ast.AST, flags: _Flags) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self._add(alias.name, 0, node, flags)
        elif isinstance(node, ast.ImportFrom):
            self._add(node.module or "", node.level, node, flags)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            self.visit_body(node.body, _Flags(True, flags.optional))
            self.visit_body(node.orelse, flags)
        elif isinstance(node, ast.Try | ast.TryStar):
            optional = flags.optional or any(_catches_import_error(h) for h in node.handlers)
            self.visit_body(node.body, _Flags(flags.type_checking, optional))
            for handler in node.handlers:
                self.visit(handler, flags)
            self.visit_body(node.orelse, flags)
            self.visit_body(node.finalbody, flags)
        elif self.expressions or not isinstance(node, ast.expr):
            if isinstance(node, ast.Call):
                self._dynamic(node, flags)
            for child in ast.iter_child_nodes(node):
                self.visit(child, flags)

    def _dynamic(self, call: ast.Call, flags: _Flags) -> None:
        func = call.func
        named = isinstance(func, ast.Name) and func.id in self.function_names
        attribute = (
            isinstance(func, ast.Attribute)
            and func.attr == "import_module"
            and isinstance(func.value, ast.Name)
            and func.value.id in self.importlib_names
        )
        if not (named or attribute) or not call.args:
            return
        first = call.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            return
        text = first.value
        level = len(text) - len(text.lstrip("."))
        if level and not _literal_package(call):
            return  # relative to a package we cannot know statically
        module = text[level:]
        if level:
            module = _join_relative(_literal_package(call), level, module)
            level = 0
        self.found.append(
            RawImport(
                module,
                0,
                call.lineno,
                call.col_offset + 1,
                flags.type_checking,
                flags.optional,
                dynamic=True,
            )
        )

    def _add(self, module: str, level: int, node: ast.stmt, flags: _Flags) -> None:
        self.found.append(
            RawImport(
                module,
                level,
                node.lineno,
                node.col_offset + 1,
                flags.type_checking,
                flags.optional,
                dynamic=False,
            )
        )


def _literal_package(call: ast.Call) -> str:
    candidates = [*call.args[1:2], *(k.value for k in call.keywords if k.arg == "package")]
    for value in candidates:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value
    return ""


def _join_relative(package: str, level: int, module: str) -> str:
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join([*base, module] if module else base)


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(
        (isinstance(t, ast.Name) and t.id in IMPORT_ERRORS)
        or (isinstance(t, ast.Attribute) and t.attr in IMPORT_ERRORS)
        for t in types
    )
