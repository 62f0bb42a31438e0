"""setup.py, read with `ast` and never run.

`install_requires`, `tests_require` and `extras_require` are read when they are literals, names
bound to literals at module level (extended with `+=`, `.append`, `.extend`), or the result of
reading a requirements file named by a literal (`open("requirements.txt").read().splitlines()`
and its variations): that file is then read as requirements. Anything else is computed when
setup.py runs, and is reported as a problem.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

from shipyard.workspace.declared.model import MAIN, Reading
from shipyard.workspace.declared.pep508 import InvalidRequirementError, parse_requirement
from shipyard.workspace.declared.requirements import RequirementsReader
from shipyard.workspace.declared.setup_keys import extra_group, with_marker

FIELDS = {"install_requires": MAIN, "tests_require": "test"}
_REQUIREMENT_FILE_SUFFIXES = (".txt", ".in")


@dataclass
class _Binding:
    """A module-level statement that gives a name its value or adds to it."""

    value: ast.expr
    line: int
    replaces: bool
    """`NAME = ...` (True) or `NAME += ...` / `NAME.append(...)` / `NAME.extend(...)` (False)."""
    conditional: bool
    context: tuple[ast.AST, ...]
    """Enclosing `with` items: `with open("requirements.txt") as f: reqs = f.read()...`."""


def read_setup_py(directory: Path) -> Reading:
    reading = Reading(directory)
    path = directory / "setup.py"
    if not path.is_file():
        return reading
    text = reading.read(path)
    if text is None:
        return reading
    try:
        tree = ast.parse(text, filename=str(path))
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        reason = getattr(exc, "msg", str(exc))
        reading.problem(
            path, line, f"is not valid Python ({reason}); its dependencies are not read."
        )
        return reading
    if not _uses_setuptools(tree):
        # A module that happens to be named setup.py (a Django helper): it declares nothing.
        reading.sources.remove(path)
        return reading
    _SetupPy(reading, path, tree).read()
    return reading


def is_setup_script(path: Path) -> bool:
    """`path` is a setup.py that calls setuptools' (or distutils') setup()."""
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return path.is_file()  # unreadable: taken for what its name says
    return _uses_setuptools(tree) and any(_is_setup_call(n) for n in ast.walk(tree))


def _uses_setuptools(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules = [node.module]
        else:
            continue
        if any(m.split(".")[0] in {"setuptools", "distutils"} for m in modules):
            return True
    return False


class _SetupPy:
    def __init__(self, reading: Reading, path: Path, tree: ast.Module) -> None:
        self.reading = reading
        self.path = path
        self.tree = tree
        self.bindings: dict[str, list[_Binding]] = {}
        self.functions = {
            node.name: node
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        self._collect(tree.body, conditional=False, context=())

    def read(self) -> None:
        call = next((n for n in ast.walk(self.tree) if _is_setup_call(n)), None)
        if call is None:
            return
        keywords = self._keywords(call)
        for field, group in FIELDS.items():
            if field in keywords:
                self._requirements(field, keywords[field], group, None, call.lineno)
        if "extras_require" in keywords:
            self._extras(keywords["extras_require"], call.lineno)

    # --- what setup() is given -------------------------------------------------------------

    def _keywords(self, call: ast.Call) -> dict[str, ast.expr]:
        given: dict[str, ast.expr] = {}
        for keyword in call.keywords:
            if keyword.arg is not None:
                given[keyword.arg] = keyword.value
                continue
            mapping = self._dict(keyword.value, call.lineno)
            if mapping is None:
                self._problem(
                    keyword.value.lineno,
                    "setup() takes **keywords computed at run time; "
                    "the dependencies among them are not read.",
                )
                continue
            for name, value in mapping.items():
                given.setdefault(name, value)
        return given

    def _dict(self, node: ast.expr, before: int) -> dict[str, ast.expr] | None:
        """A dict literal, `dict(a=...)`, or a name bound to one; None when computed."""
        if isinstance(node, ast.Name):
            binding = self._last_assignment(node.id, before)
            return None if binding is None else self._dict(binding.value, binding.line)
        if isinstance(node, ast.Dict):
            items: dict[str, ast.expr] = {}
            for key, value in zip(node.keys, node.values, strict=True):
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    return None
                items[key.value] = value
            return items
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "dict"
        ):
            if node.args or any(k.arg is None for k in node.keywords):
                return None
            return {k.arg: k.value for k in node.keywords if k.arg is not None}
        return None

    def _extras(self, node: ast.expr, before: int) -> None:
        mapping = self._dict(node, before)
        if mapping is None:
            self._problem(
                node.lineno,
                "extras_require is computed at run time; declare it in pyproject.toml.",
            )
            return
        for key, value in mapping.items():
            group, marker = extra_group(key)
            self._requirements("extras_require", value, group, marker, before)

    # --- requirement lists -----------------------------------------------------------------

    def _requirements(
        self, field: str, node: ast.expr, group: str, marker: str | None, before: int
    ) -> None:
        files: list[Path] = []
        for text, line in self._strings(field, node, before, (), files):
            entry = text if marker is None else with_marker(text, marker)
            try:
                requirement = parse_requirement(
                    entry, group=group, source=self.reading.where(self.path, line)
                )
            except InvalidRequirementError as exc:
                self._problem(line, f"{exc}.")
                continue
            self.reading.requirements.append(requirement)
        for target in files:
            RequirementsReader(self.reading).read(target, group)

    def _strings(
        self,
        field: str,
        node: ast.expr,
        before: int,
        context: tuple[ast.AST, ...],
        files: list[Path],
    ) -> list[tuple[str, int]]:
        """The literal strings `node` stands for, with their lines. What is computed is a
        problem, unless it reads a requirements file (added to `files`)."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            lines = node.value.splitlines()
            return [(t.strip(), node.lineno + i) for i, t in enumerate(lines) if t.strip()]
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            found: list[tuple[str, int]] = []
            for element in node.elts:
                value = element.value if isinstance(element, ast.Starred) else element
                if isinstance(value, ast.Constant | ast.Name | ast.List | ast.Tuple | ast.BinOp):
                    found += self._strings(field, value, before, context, files)
                else:
                    self._problem(element.lineno, f"an entry of {field} is computed at run time.")
            return found
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self._strings(field, node.left, before, context, files)
            return left + self._strings(field, node.right, before, context, files)
        if isinstance(node, ast.Name):
            return self._name(field, node, before, files)
        if not self._reads_file(field, node, context, files):
            self._computed(field, node.lineno)
        return []

    def _name(
        self, field: str, node: ast.Name, before: int, files: list[Path]
    ) -> list[tuple[str, int]]:
        bindings = [b for b in self.bindings.get(node.id, []) if b.line < before]
        starts = [i for i, b in enumerate(bindings) if b.replaces]
        if not starts:
            self._computed(field, node.lineno)
            return []
        found: list[tuple[str, int]] = []
        for binding in bindings[starts[-1] :]:
            if binding.conditional:
                self._problem(
                    binding.line,
                    f"{field} depends on a condition here; read as if the condition held.",
                )
            found += self._strings(field, binding.value, binding.line, binding.context, files)
        return found

    def _computed(self, field: str, line: int) -> None:
        self._problem(line, f"{field} is computed at run time; declare it in pyproject.toml.")

    def _last_assignment(self, name: str, before: int) -> _Binding | None:
        replacing = [b for b in self.bindings.get(name, []) if b.replaces and b.line < before]
        return replacing[-1] if replacing else None

    # --- reading a requirements file --------------------------------------------------------

    def _reads_file(
        self, field: str, node: ast.expr, context: tuple[ast.AST, ...], files: list[Path]
    ) -> bool:
        """True when `node` is computed from reading files named by literals that look like
        requirements files; those are added to `files` (or a problem says they are missing).
        The functions of this module that `node` calls, and the module-level names bound to
        literals it uses, are looked into too."""
        scope: list[ast.AST] = [node, *context]
        for part in scope:  # grows: the functions those functions call are looked into too
            for inner in ast.walk(part):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name):
                    function = self.functions.get(inner.func.id)
                    if function is not None and function not in scope:
                        scope.append(function)
        if not any(isinstance(n, ast.Call) for part in scope for n in ast.walk(part)):
            return False
        for part in list(scope):
            for inner in ast.walk(part):
                if isinstance(inner, ast.Name):
                    bound = self._last_assignment(inner.id, getattr(node, "lineno", 0) + 1)
                    if bound is not None and isinstance(bound.value, ast.Constant):
                        scope.append(bound.value)
        names = self._file_names(scope)
        folders = self._folders(scope)
        for name in names:
            found = [f / name for f in folders if (f / name).is_file()]
            target = self.path.parent / name
            if target.is_file() or len(found) == 1:
                target = target if target.is_file() else found[0]
                if target not in files:
                    files.append(target)
            else:
                self._problem(node.lineno, f"{field} reads {name}, which does not exist.")
        return bool(names)

    def _folders(self, scope: list[ast.AST]) -> list[Path]:
        """Folders named by literals in `scope`: `reqs("base.txt")` may read
        `join(here, "requirements", name)`."""
        literals = {
            n.value
            for part in scope
            for n in ast.walk(part)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.strip()
        }
        base = self.path.parent
        relative = [t for t in sorted(literals) if "\n" not in t and not Path(t).is_absolute()]
        return [base / text for text in relative if (base / text).is_dir()]

    def _file_names(self, scope: list[ast.AST]) -> list[str]:
        """Literal file names in `scope`, joined to the literal folders before them
        (`os.path.join(here, "requirements", "base.txt")` -> `requirements/base.txt`)."""
        names: list[str] = []
        for part in scope:
            for node in ast.walk(part):
                parts = _literal_path_parts(node)
                if parts and parts[-1].endswith(_REQUIREMENT_FILE_SUFFIXES):
                    name = "/".join(parts)
                    if name not in names:
                        names.append(name)
        # A name found inside a longer path already found is the same file.
        return [n for n in names if not any(o != n and o.endswith("/" + n) for o in names)]

    # --- module-level bindings --------------------------------------------------------------

    def _collect(
        self, body: list[ast.stmt], *, conditional: bool, context: tuple[ast.AST, ...]
    ) -> None:
        for statement in body:
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        self._bind(
                            target.id, statement.value, statement, True, conditional, context
                        )
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                if isinstance(statement.target, ast.Name):
                    self._bind(
                        statement.target.id, statement.value, statement, True, conditional, context
                    )
            elif isinstance(statement, ast.AugAssign) and isinstance(statement.op, ast.Add):
                if isinstance(statement.target, ast.Name):
                    self._bind(
                        statement.target.id, statement.value, statement, False, conditional, context
                    )
            elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
                self._collect_call(statement.value, statement, conditional, context)
            elif isinstance(statement, ast.If):
                self._collect(statement.body, conditional=True, context=context)
                self._collect(statement.orelse, conditional=True, context=context)
            elif isinstance(statement, ast.With):
                items = tuple(item.context_expr for item in statement.items)
                self._collect(statement.body, conditional=conditional, context=context + items)
            elif isinstance(statement, ast.Try):
                for block in (statement.body, statement.orelse, statement.finalbody):
                    self._collect(block, conditional=conditional, context=context)

    def _collect_call(
        self, call: ast.Call, statement: ast.stmt, conditional: bool, context: tuple[ast.AST, ...]
    ) -> None:
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.attr in ("append", "extend")
            and len(call.args) == 1
        ):
            value = call.args[0]
            if func.attr == "append":
                value = ast.List(elts=[value], ctx=ast.Load(), lineno=value.lineno)
            self._bind(func.value.id, value, statement, False, conditional, context)

    def _bind(
        self,
        name: str,
        value: ast.expr,
        statement: ast.stmt,
        replaces: bool,
        conditional: bool,
        context: tuple[ast.AST, ...],
    ) -> None:
        binding = _Binding(value, statement.lineno, replaces, conditional, context)
        self.bindings.setdefault(name, []).append(binding)

    def _problem(self, line: int, sentence: str) -> None:
        self.reading.problem(self.path, line, sentence)


def _is_setup_call(node: ast.AST) -> TypeGuard[ast.Call]:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return name == "setup"


def _literal_path_parts(node: ast.AST) -> list[str] | None:
    """The literal parts of a path expression: `"a.txt"`, `join(x, "req", "a.txt")`,
    `Path(x) / "req" / "a.txt"`; None when it has no literal file part."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
        return [text] if text and "\n" not in text and " " not in text else None
    if isinstance(node, ast.Call):
        literal = [
            a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        return literal if len(literal) > 1 else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        left = _literal_path_parts(node.left) or []
        right = _literal_path_parts(node.right) or []
        return (left + right) or None
    return None
