"""Where a Django project's parts are, found statically from a directory inside it: `manage.py`,
the settings module it names (and the modules that one star-imports), ROOT_URLCONF, the local
apps, and the folder new apps belong in. A uv workspace is not needed: `manage.py` and a
settings module are enough."""

from __future__ import annotations

import ast
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from shipyard.django.detect import DjangoApp, detect
from shipyard.django.settings import installed_apps, settings_module
from shipyard.errors import ShipyardError
from shipyard.workspace import find_root

MANAGE = "manage.py"
DEFAULT_CORE = "core"
CORE_MARK = "shipyard add core"
"""Written in the docstring of the core package `add core` makes."""
# Folders never searched for manage.py or read for apps: environments, caches, front-ends.
SKIPPED = frozenset(
    {"__pycache__", "node_modules", ".venv", "venv", "env", ".tox", ".nox", "site-packages",
     "build", "dist", ".git", ".mypy_cache", ".ruff_cache", ".pytest_cache", "static", "media"}
)  # fmt: skip
SEARCH_DEPTH = 3
STAR_IMPORT_DEPTH = 3


@dataclass(frozen=True)
class AppHome:
    """Where new apps go: a folder (root-relative) and the module prefix of apps in it."""

    folder: str
    prefix: str
    """`""` when apps import as `blog`; `"apps."` when they import as `apps.blog`."""
    reason: str
    """Why this folder, in a sentence for the user."""

    def folder_of(self, name: str) -> str:
        return _join(self.folder, name)

    def module_of(self, name: str) -> str:
        return f"{self.prefix}{name}"


@dataclass(frozen=True)
class ProjectLayout:
    root: Path
    """Absolute: the uv workspace root when there is one, else the folder of manage.py."""
    base: str
    """Root-relative folder of manage.py: on `sys.path` when the project runs (`""`: root)."""
    settings_module: str
    settings_files: tuple[str, ...]
    """Root-relative: the settings module's file, then the modules it star-imports."""
    urlconf_file: str | None
    installed: tuple[str, ...]
    """INSTALLED_APPS entries, as every settings file above writes them."""
    apps: tuple[DjangoApp, ...]
    """The project's own apps."""
    uv_workspace: bool

    @property
    def settings_file(self) -> str:
        return self.settings_files[0]

    def read(self, relative: str) -> str:
        try:
            return (self.root / relative).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ShipyardError(f"Cannot read {self.root / relative}: {exc}.") from None

    def module_file(self, module: str) -> str | None:
        """The root-relative file of a module importable from `base`, if there is one."""
        path = _join(self.base, module.replace(".", "/"))
        for candidate in (f"{path}.py", f"{path}/__init__.py"):
            if (self.root / candidate).is_file():
                return candidate
        return None

    def app_labelled(self, label: str) -> DjangoApp | None:
        return next((a for a in self.apps if a.module.rpartition(".")[2] == label), None)

    def core_app(self) -> DjangoApp | None:
        """The shared kernel `shipyard add core` made (labelled `core` unless named otherwise),
        known by what its package's docstring says."""
        for app in self.apps:
            try:
                text = (self.root / app.folder / "__init__.py").read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if CORE_MARK in text:
                return app
        return None

    def app_home(self) -> AppHome:
        """Beside the project's apps, in the folder most of them share; `apps/` under the
        folder of manage.py when the project has none."""
        homes: Counter[tuple[str, str]] = Counter()
        for app in self.apps:
            parent = _parent(app.folder)
            inside = not self.base or parent == self.base or parent.startswith(self.base + "/")
            if inside:
                homes[
                    (parent, app.module.rpartition(".")[0] + "." if "." in app.module else "")
                ] += 1
        if not homes:
            return AppHome(
                _join(self.base, "apps"), "apps.", "the project has no app of its own yet"
            )
        (folder, prefix), _ = sorted(homes.items(), key=lambda item: (-item[1], item[0]))[0]
        beside = sorted(a.module for a in self.apps if _parent(a.folder) == folder)
        shown = folder or "."
        return AppHome(
            folder, prefix, f"beside the project's apps in {shown} ({', '.join(beside)})"
        )


def locate(start: Path) -> ProjectLayout:
    """The Django project `start` is in (or, when it holds several, the one below it)."""
    start = start.resolve()
    if not start.is_dir():
        raise ShipyardError(f"{start} is not a directory.")
    workspace = find_root(start)
    manage = _manage_above(start, workspace) or _manage_below(start)
    root = workspace if workspace is not None and manage.is_relative_to(workspace) else manage
    base = manage.relative_to(root).as_posix()
    base = "" if base == "." else base
    return _Reader(root, base, workspace is not None and root == workspace).layout()


def _manage_above(start: Path, workspace: Path | None) -> Path | None:
    for directory in (start, *start.parents):
        if (directory / MANAGE).is_file():
            return directory
        if directory == workspace:
            return None
    return None


def _manage_below(start: Path) -> Path:
    found = sorted(p.parent for p in _files_below(start, MANAGE, SEARCH_DEPTH))
    if not found:
        raise ShipyardError(f"No Django project here: no {MANAGE} in {start} or around it.")
    if len(found) > 1:
        listed = ", ".join(str(p.relative_to(start) / MANAGE) for p in found[:4])
        raise ShipyardError(
            f"{start} holds several Django projects ({listed}); run from inside the one to change."
        )
    return found[0]


def _files_below(top: Path, name: str, depth: int) -> list[Path]:
    found = []
    for directory, folders, files in os.walk(top):
        level = len(Path(directory).relative_to(top).parts)
        folders[:] = [f for f in folders if f not in SKIPPED and not f.startswith(".")]
        if level >= depth:
            folders[:] = []
        if name in files:
            found.append(Path(directory) / name)
    return found


class _Reader:
    def __init__(self, root: Path, base: str, uv_workspace: bool) -> None:
        self.root = root
        self.base = base
        self.uv_workspace = uv_workspace

    def layout(self) -> ProjectLayout:
        manage = _join(self.base, MANAGE)
        named = settings_module(self._tree(manage))
        if named is None:
            raise ShipyardError(
                f"{manage} does not name a settings module "
                '(os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)).'
            )
        first = self._module_file(named)
        if first is None:
            raise ShipyardError(
                f"{manage} names the settings module {named}, which is not in {self.base or '.'}."
            )
        files = self._chain(named, first)
        trees = {path: self._tree(path) for path in files}
        installed = [entry for path in reversed(files) for entry in installed_apps(trees[path])]
        urlconf = _last_string(trees, files, "ROOT_URLCONF")
        python = [str(p.relative_to(self.root).as_posix()) for p in self._python_files()]
        project = detect(self.base, self.base, python, self._text)
        return ProjectLayout(
            root=self.root,
            base=self.base,
            settings_module=named,
            settings_files=tuple(files),
            urlconf_file=self._module_file(urlconf) if urlconf else None,
            installed=tuple(dict.fromkeys(installed)),
            apps=project.apps if project is not None else (),
            uv_workspace=self.uv_workspace,
        )

    def _chain(self, module: str, path: str) -> list[str]:
        """The settings file, then every module it star-imports (theirs too, a few deep)."""
        files = [path]
        waiting = [(module, path, 0)]
        while waiting:
            name, file, depth = waiting.pop(0)
            if depth >= STAR_IMPORT_DEPTH:
                continue
            package = name if file.endswith("__init__.py") else name.rpartition(".")[0]
            for imported in _star_imports(self._tree(file), package):
                found = self._module_file(imported)
                if found is not None and found not in files:
                    files.append(found)
                    waiting.append((imported, found, depth + 1))
        return files

    def _module_file(self, module: str) -> str | None:
        path = _join(self.base, module.replace(".", "/"))
        for candidate in (f"{path}.py", f"{path}/__init__.py"):
            if (self.root / candidate).is_file():
                return candidate
        return None

    def _python_files(self) -> list[Path]:
        top = self.root / self.base
        found = []
        for directory, folders, files in os.walk(top):
            folders[:] = sorted(f for f in folders if f not in SKIPPED and not f.startswith("."))
            found += [Path(directory) / f for f in files if f.endswith(".py")]
        return found

    def _text(self, relative: str) -> str | None:
        try:
            return (self.root / relative).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def _tree(self, relative: str) -> ast.Module:
        text = self._text(relative)
        if text is None:
            raise ShipyardError(f"Cannot read {self.root / relative}.")
        try:
            return ast.parse(text)
        except SyntaxError as exc:
            raise ShipyardError(
                f"{relative} does not parse: {exc.msg} (line {exc.lineno})."
            ) from None


def _star_imports(tree: ast.Module, package: str) -> list[str]:
    found = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            if node.level == 0 and node.module:
                found.append(node.module)
            elif node.level:
                parts = package.split(".") if package else []
                if node.level - 1 > len(parts):
                    continue
                head = parts[: len(parts) - (node.level - 1)]
                found.append(".".join([*head, *([node.module] if node.module else [])]))
    return found


def _last_string(trees: dict[str, ast.Module], files: list[str], name: str) -> str | None:
    """The value a module-level `NAME = "..."` last gives it: star-imported modules first, the
    settings module itself last (its assignments win)."""
    value = None
    for path in reversed(files):
        for node in trees[path].body:
            if not isinstance(node, ast.Assign):
                continue
            named = any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            if named and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                value = node.value.value
    return value


def _parent(path: str) -> str:
    return path.rpartition("/")[0]


def _join(base: str, path: str) -> str:
    return str(PurePosixPath(base, path)) if base else path
