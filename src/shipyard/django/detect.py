"""Find a member's Django project statically: where its code is importable from, and its apps.

A Django project puts the folder of `manage.py` on `sys.path`, so its apps import as `blog`,
wherever that folder sits in the member. Apps are the local entries of INSTALLED_APPS (an app
module, or the dotted path of an AppConfig) and every `apps.py` defining an AppConfig subclass.
An AppConfig's `name` also tells where imports start: `apps/blog/apps.py` with `name = "blog"`
means `apps/` is on the path (settings that insert it are common).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from shipyard.django.appconfig import AppConfigClass, app_configs
from shipyard.django.settings import installed_apps, settings_module

Reader = Callable[[str], "str | None"]
"""Root-relative path -> the file's text, or None when it cannot be read."""

ENTRY_POINTS = frozenset({"manage.py", "wsgi.py", "asgi.py"})
# Every file `is_django_file` can accept ends with one of these (or lies under `settings`).
_DECIDING_SUFFIXES = (*ENTRY_POINTS, "apps.py", "settings.py")
APP_MARKERS = ("__init__.py", "apps.py", "models.py")


@dataclass(frozen=True)
class DjangoApp:
    module: str
    """The app's dotted module, as INSTALLED_APPS names it: `blog`, `bakery.breads`."""
    folder: str
    """Root-relative."""


@dataclass(frozen=True)
class DjangoProject:
    roots: tuple[str, ...]
    """Folders on `sys.path` when the project runs (root-relative, deepest first)."""
    apps: tuple[DjangoApp, ...]
    """The member's own apps, by folder."""
    package: str | None
    """The folder of the project package (the one holding the settings module)."""


def is_django_file(path: str) -> bool:
    """Files whose content decides what `detect` finds: a change to one must rebuild it."""
    # Asked of every Python file on every run: the cheap test first.
    if "settings" not in path and not path.endswith(_DECIDING_SUFFIXES):
        return False
    directory, _, name = path.rpartition("/")
    return (
        name in ENTRY_POINTS
        or name in {"apps.py", "settings.py"}
        or (directory.rpartition("/")[2] == "settings" and name.endswith(".py"))
    )


def detect(
    folder: str, source_root: str, python: Iterable[str], read: Reader
) -> DjangoProject | None:
    """The Django project of the member at `folder` (whose code otherwise imports from
    `source_root`), from its Python files; None when it has none."""
    return _Detection(folder, source_root, sorted(python), read).project()


class _Detection:
    def __init__(self, folder: str, source_root: str, python: list[str], read: Reader) -> None:
        self.folder = folder
        self.source_root = source_root
        self.python = python
        self.files = set(python)
        self._read = read
        self._texts: dict[str, str | None] = {}
        self.roots: list[str] = []

    def project(self) -> DjangoProject | None:
        manages = [p for p in self.python if _name(p) == "manage.py"]
        configs = {p: c for p in self.python if _name(p) == "apps.py" if (c := self._configs(p))}
        self.roots = [_parent(p) for p in manages]
        for path, found in configs.items():
            for config in found:
                if config.name:
                    self._add_root(_parent(path), config.name)
        settings = self._settings_files(manages)
        entries = [e for path in settings for e in self._installed(path)]
        if not (manages or configs or entries):
            return None
        apps: dict[str, DjangoApp] = {}
        for entry in dict.fromkeys(entries):
            app = self._resolve(entry, configs, depth=0)
            if app is not None:
                apps.setdefault(app.folder, app)
        for path, found in configs.items():
            folder = _parent(path)
            named = next((c.name for c in found if c.name), None)
            apps.setdefault(folder, DjangoApp(named or self._module_of(folder), folder))
        return DjangoProject(
            self._extra_roots(), tuple(apps[f] for f in sorted(apps)), self._package(settings)
        )

    @cached_property
    def bases(self) -> list[str]:
        """Where imports start, deepest first: a file's module is named from the deepest."""
        found = [*self.roots, self.source_root, self.folder]
        return sorted(dict.fromkeys(found), key=lambda b: (-b.count("/") - bool(b), b))

    def _base_of(self, path: str) -> str:
        return next((b for b in self.bases if not b or path.startswith(b + "/")), "")

    def _extra_roots(self) -> tuple[str, ...]:
        extra = {r for r in self.roots if r not in (self.source_root, self.folder)}
        return tuple(sorted(extra, key=lambda r: (-r.count("/"), r)))

    def _add_root(self, folder: str, module: str) -> None:
        """`folder` holds `module`: the folder above its first part is on the path."""
        suffix = module.replace(".", "/")
        if folder == suffix:
            root = ""
        elif folder.endswith("/" + suffix):
            root = folder[: -len(suffix) - 1]
        else:
            return
        inside = root == self.folder or not self.folder or root.startswith(self.folder + "/")
        if inside and root not in self.roots:
            self.roots.append(root)
            self.__dict__.pop("bases", None)

    def _settings_files(self, manages: list[str]) -> list[str]:
        found = [p for p in self.python if _is_settings_path(p)]
        for path in [*manages, *(p for p in self.python if _name(p) in {"wsgi.py", "asgi.py"})]:
            tree = self._tree(path)
            named = settings_module(tree) if tree else None
            if named is None:
                continue
            for base in self.bases:
                found += [f for f in _module_files(base, named) if f in self.files]
        return list(dict.fromkeys(found))

    def _installed(self, path: str) -> list[str]:
        text = self.read(path)
        if text is None or "INSTALLED_APPS" not in text:
            return []
        tree = self._tree(path)
        return installed_apps(tree) if tree else []

    def _configs(self, path: str) -> list[AppConfigClass]:
        text = self.read(path)
        if text is None or "AppConfig" not in text:
            return []
        tree = self._tree(path)
        return app_configs(tree) if tree else []

    def _resolve(
        self, entry: str, configs: dict[str, list[AppConfigClass]], depth: int
    ) -> DjangoApp | None:
        """The local app an INSTALLED_APPS entry names, if it is local."""
        path = entry.replace(".", "/")
        for base in self.bases:
            folder = _join(base, path)
            if self._is_app_folder(folder):
                return DjangoApp(entry, folder)
        module, _, class_name = entry.rpartition(".")
        for base in self.bases:
            file = _join(base, module.replace(".", "/")) + ".py"
            if file not in self.files:
                continue
            config = next((c for c in configs.get(file, []) if c.class_name == class_name), None)
            if config is not None and config.name and config.name != entry and depth < 2:
                return self._resolve(config.name, configs, depth + 1)
            return DjangoApp(module.rpartition(".")[0] or module, _parent(file))
        # An app folder elsewhere in the member: its parent is put on the path by the settings.
        matches = [f for f in self._app_folders if f.endswith("/" + path)]
        if len(matches) == 1:
            self._add_root(matches[0], entry)
            return DjangoApp(entry, matches[0])
        return None

    @cached_property
    def _app_folders(self) -> list[str]:
        return sorted({_parent(p) for p in self.python if _name(p) in APP_MARKERS})

    def _is_app_folder(self, folder: str) -> bool:
        return any(f"{folder}/{marker}" in self.files for marker in APP_MARKERS)

    def _module_of(self, folder: str) -> str:
        base = self._base_of(folder)
        return (folder[len(base) + 1 :] if base else folder).replace("/", ".")

    def _package(self, settings: list[str]) -> str | None:
        """The top-level package holding the (first) settings module."""
        for path in settings:
            base = self._base_of(path)
            relative = path[len(base) + 1 :] if base else path
            folder = _join(base, relative.split("/")[0])
            if "/" in relative and f"{folder}/__init__.py" in self.files:
                return folder
        return None

    def read(self, path: str) -> str | None:
        if path not in self._texts:
            self._texts[path] = self._read(path)
        return self._texts[path]

    def _tree(self, path: str) -> ast.Module | None:
        text = self.read(path)
        if text is None:
            return None
        try:
            return ast.parse(text)
        except (SyntaxError, ValueError):
            return None


def _is_settings_path(path: str) -> bool:
    directory, _, name = path.rpartition("/")
    return name == "settings.py" or (
        directory.rpartition("/")[2] == "settings" and name.endswith(".py")
    )


def _module_files(base: str, module: str) -> list[str]:
    path = _join(base, module.replace(".", "/"))
    return [f"{path}.py", f"{path}/__init__.py"]


def _name(path: str) -> str:
    return path.rpartition("/")[2]


def _parent(path: str) -> str:
    return path.rpartition("/")[0]


def _join(base: str, path: str) -> str:
    return f"{base}/{path}" if base else path
