"""Where a member's application object is, found by reading its source (never importing it):
an app factory, an app object, a Celery app, Dramatiq actors, a Django `manage.py`."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

# Modules an application usually lives in, in the order they are tried, relative to the
# member's package (`<pkg>/main.py`) and then to the member's folder (`app.py`).
APP_MODULES = ("main", "app", "application", "__init__", "wsgi", "asgi", "server", "api")
WORKER_MODULES = ("main", "worker", "celery", "celery_app", "tasks", "app", "__init__")
FACTORIES = ("create_app", "make_app")


@dataclass(frozen=True)
class EntryPoint:
    module: str
    """Dotted, importable from `directory`."""
    attribute: str
    factory: bool = False
    directory: Path = Path()
    """Where to run from so that `module` imports (the member's folder or its `src/`)."""
    packaged: bool = True
    """In the member's package, which `uv sync` installs: it imports from anywhere. A loose
    module (`app.py` beside the pyproject) imports only from `directory`."""

    @property
    def target(self) -> str:
        return f"{self.module}:{self.attribute}"


def find_app(member_dir: Path, import_name: str, classes: tuple[str, ...]) -> EntryPoint | None:
    """A `create_app()`/`make_app()` factory, else a module-level `NAME = <class>(...)` where
    the class is one of `classes` (`FastAPI`, `Flask`...)."""
    for module, path, base in _candidates(member_dir, import_name, APP_MODULES):
        tree = _parse(path)
        if tree is None:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in FACTORIES:
                return EntryPoint(
                    module, node.name, True, base, _packaged(base, member_dir, module)
                )
        assigned = _assigned_instance(tree, classes)
        if assigned is not None:
            return EntryPoint(module, assigned, False, base, _packaged(base, member_dir, module))
    return None


def find_instance(
    member_dir: Path,
    import_name: str,
    classes: tuple[str, ...],
    library: str | None = None,
    names: tuple[str, ...] = (),
) -> EntryPoint | None:
    """A module-level `NAME = <class>(...)` (a Celery app, a Taskiq broker); or, in a module
    that imports `library`, a module-level assignment to one of `names` (`app = make()`)."""
    for module, path, base in _candidates(member_dir, import_name, WORKER_MODULES):
        tree = _parse(path)
        if tree is None:
            continue
        assigned = _assigned_instance(tree, classes)
        if assigned is None and library is not None and _imports(tree, library):
            assigned = next((n for n in _assigned_names(tree) if n in names), None)
        if assigned is not None:
            return EntryPoint(module, assigned, False, base, _packaged(base, member_dir, module))
    return None


def find_class(member_dir: Path, import_name: str, name: str) -> EntryPoint | None:
    """A module-level class called `name` (arq's `WorkerSettings`)."""
    for module, path, base in _candidates(member_dir, import_name, WORKER_MODULES):
        tree = _parse(path)
        if tree is not None and any(
            isinstance(n, ast.ClassDef) and n.name == name for n in tree.body
        ):
            return EntryPoint(module, name, False, base, _packaged(base, member_dir, module))
    return None


def find_decorated_modules(member_dir: Path, import_name: str, decorator: str) -> list[str]:
    """Every module of the member's package with a function decorated `@<decorator>` or
    `@x.<decorator>` (Dramatiq actors): what the worker must import."""
    found = []
    for base, package in _package_roots(member_dir, import_name):
        for path in sorted(package.rglob("*.py")):
            tree = _parse(path)
            if tree is not None and _decorates(tree, decorator):
                found.append(_dotted(path, base))
        if found:
            return found
    return found


def find_manage_py(member_dir: Path) -> Path | None:
    """Django's `manage.py`: at the member's root, or one level down (`src/`, `project/`)."""
    for candidate in (member_dir / "manage.py", *sorted(member_dir.glob("*/manage.py"))):
        if candidate.is_file():
            return candidate
    return None


def _candidates(
    member_dir: Path, import_name: str, names: tuple[str, ...]
) -> list[tuple[str, Path, Path]]:
    """(dotted module, file, directory to import from) in the order they are tried."""
    found = []
    for base, package in _package_roots(member_dir, import_name):
        for name in names:
            path = package / f"{name}.py"
            if path.is_file():
                found.append((_dotted(path, base), path, base))
    for name in names:
        path = member_dir / f"{name}.py"
        if name != "__init__" and path.is_file():
            found.append((name, path, member_dir))
    return found


def _packaged(base: Path, member_dir: Path, module: str) -> bool:
    return "." in module or base != member_dir or (member_dir / module / "__init__.py").is_file()


def _package_roots(member_dir: Path, import_name: str) -> list[tuple[Path, Path]]:
    """(import base, package folder) for `src/<pkg>` and `<pkg>`."""
    roots = []
    for base in (member_dir / "src", member_dir):
        package = base / import_name
        if (package / "__init__.py").is_file():
            roots.append((base, package))
    return roots


def _dotted(path: Path, base: Path) -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _parse(path: Path) -> ast.Module | None:
    try:
        return ast.parse(path.read_bytes(), str(path))
    except (SyntaxError, ValueError, OSError):
        return None


def _assigned_instance(tree: ast.Module, classes: tuple[str, ...]) -> str | None:
    for node in tree.body:
        value: ast.expr | None
        if isinstance(node, ast.Assign):
            value, targets = node.value, node.targets
        elif isinstance(node, ast.AnnAssign):
            value, targets = node.value, [node.target]
        else:
            continue
        if not isinstance(value, ast.Call) or _callee(value.func) not in classes:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                return target.id
    return None


def _assigned_names(tree: ast.Module) -> list[str]:
    return [
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]


def _imports(tree: ast.Module, library: str) -> bool:
    for node in tree.body:
        if isinstance(node, ast.Import) and any(
            a.name.partition(".")[0] == library for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").partition(".")[0] == library:
            return True
    return False


def _callee(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _decorates(tree: ast.Module, decorator: str) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for found in node.decorator_list:
                call = found.func if isinstance(found, ast.Call) else found
                if _callee(call) == decorator:
                    return True
    return False
