"""Which member owns a file, a module name, and each top-level package (src and flat layouts)."""

from __future__ import annotations

from collections.abc import Container, Iterable
from functools import cache

from shipyard.django import DjangoApp, DjangoProject, detect
from shipyard.django.detect import Reader
from shipyard.workspace import Member, Workspace, paths

DjangoState = tuple[list[str], list[tuple[str, str]], str | None]
"""A member's Django project as plain values: extra roots, apps (module, folder), package."""
IndexState = tuple[dict[str, str], dict[str, str], dict[str, list[str]], dict[str, DjangoState]]
"""Source root per member name, owning member name per top-level package prefix, the package
prefixes each member's files define (a prefix several members define is shared: each member's
own copy wins for its own imports, as in its own image), and each Django member's project."""

TEST_DIRECTORIES = frozenset({"tests", "test"})
# `tests.py`: where Django's startapp puts an app's tests (its runner finds `test*.py`).
TEST_MODULES = frozenset({"conftest.py", "tests.py", "test.py"})
# In a flat layout these sit next to the package and are never part of it.
NOT_PACKAGES = frozenset(
    {"tests", "test", "migrations", "alembic", "docs", "scripts", "examples", "bench", "benchmarks",
     "conftest", "setup", "noxfile", "tasks"}
)  # fmt: skip


@cache
def is_test_path(path: str) -> bool:
    parts = path.split("/")
    name = parts[-1]
    return (
        any(p in TEST_DIRECTORIES for p in parts[:-1])
        or name.startswith(("test_", "tests_"))
        or name.endswith("_test.py")
        or name in TEST_MODULES
    )


class ModuleIndex:
    """Built once per run from the workspace and the list of files on disk."""

    def __init__(
        self,
        workspace: Workspace,
        files: Iterable[str],
        state: IndexState | None = None,
        read: Reader | None = None,
    ) -> None:
        """`state` is what `state()` returned for the same workspace and Python files: reusing it
        skips the pass over every file. `read` (root-relative path -> text) lets the index find
        Django projects, whose apps import from where `manage.py` is; without it, none is."""
        self.workspace = workspace
        self._by_path = {m.folder: m for m in workspace.members}
        self._by_name = {m.name: m for m in workspace.members}
        self._member_of: dict[str, Member | None] = {}
        if state is not None:
            self._roots = dict(state[0])
            self.owned = {prefix: self._by_name[name] for prefix, name in state[1].items()}
            self._packages = {name: list(found) for name, found in state[2].items()}
            self._django = {name: _project(found) for name, found in state[3].items()}
            self._index_apps()
            self.shared = _shared(self._packages)
            return
        grouped: dict[str, list[str]] = {m.name: [] for m in workspace.members}
        for path in sorted(files):
            member = self.member_of(path)
            if member is not None and path.endswith(".py"):
                grouped[member.name].append(path)
        self._roots = {m.name: self._source_root(m, grouped[m.name]) for m in workspace.members}
        self._django = {}
        if read is not None:
            for member in workspace.members:
                folder, root = member.folder, self._roots[member.name]
                project = detect(folder, root, grouped[member.name], read)
                if project is not None:
                    self._django[member.name] = project
        self._index_apps()
        self.owned = {}
        self._packages = {}
        for member in workspace.members:
            python = set(grouped[member.name])
            found = self._owned_prefixes(member, python)
            self._packages[member.name] = sorted(found)
            for prefix in sorted(found | {member.import_name}):
                self.owned.setdefault(prefix, member)
        self.shared = _shared(self._packages)

    def state(self) -> IndexState:
        """Plain values (cacheable) from which the same index can be rebuilt."""
        owned = {prefix: member.name for prefix, member in self.owned.items()}
        django = {name: _django_state(project) for name, project in self._django.items()}
        return self._roots, owned, self._packages, django

    def member_of(self, path: str) -> Member | None:
        """The member whose folder holds `path`; the deepest one when members nest."""
        directory = path.rpartition("/")[0]
        if directory in self._member_of:
            return self._member_of[directory]
        found = None
        probe = directory
        while probe:
            found = self._by_path.get(probe)
            if found is not None:
                break
            probe = probe.rpartition("/")[0]
        if found is None:
            found = self._by_path.get("")  # the root, when it is a member itself
        self._member_of[directory] = found
        return found

    def source_root(self, member: Member) -> str:
        return self._roots[member.name]

    def django_project(self, member: Member) -> DjangoProject | None:
        return self._django.get(member.name)

    def apps_of(self, member: Member) -> tuple[DjangoApp, ...]:
        project = self._django.get(member.name)
        return project.apps if project is not None else ()

    def app_of(self, path: str) -> DjangoApp | None:
        """The Django app whose folder holds `path` (the deepest, when apps nest)."""
        directory = path.rpartition("/")[0]
        while directory:
            app = self._app_folders.get(directory)
            if app is not None:
                return app
            directory = directory.rpartition("/")[0]
        return None

    def app_named(self, member: Member, module: str) -> DjangoApp | None:
        """The app of `member` that `module` lives in (longest app module prefix), if any."""
        apps = self._app_modules.get(member.name)
        while module and apps:
            app = apps.get(module)
            if app is not None:
                return app
            module = module.rpartition(".")[0]
        return None

    def module_name(self, path: str) -> tuple[str, bool]:
        """The dotted module a file defines, and whether it is a package's `__init__`."""
        member = self.member_of(path)
        relative = path
        if member is not None:
            relative = paths.relative(path, self._base_of(member, path))
        parts = relative.removesuffix(".py").split("/")
        package = parts[-1] == "__init__"
        if package:
            parts.pop()
        return ".".join(parts), package

    def owner(self, module: str) -> Member | None:
        """The member whose package `module` lives in (longest owned prefix), if any."""
        owned = self.owned
        while module:
            member = owned.get(module)
            if member is not None:
                return member
            module = module.rpartition(".")[0]
        return None

    def owner_from(
        self, module: str, importer: Member | None, owner: Member | None
    ) -> Member | None:
        """`owner` (what `owner(module)` gave), unless `module` lives under a package that
        several members define and `importer` is one of them: its own copy is what it imports."""
        if owner is None or importer is None or owner is importer or not self.shared:
            return owner
        probe = module
        while probe:
            sharing = self.shared.get(probe)
            if sharing is not None:
                return importer if importer.name in sharing else owner
            if self.owned.get(probe) is not None:
                return owner
            probe = probe.rpartition(".")[0]
        return owner

    def packages_of(self, member: Member) -> set[str]:
        """The top-level names only `member` provides (`src` is everyone's and no one's)."""
        return {p for p, owner in self.owned.items() if owner is member and p != "src"}

    def main_package(self, member: Member, files: Container[str] = ()) -> str | None:
        """The folder (root-relative) of the package a member is named after: `<root>/<name>`,
        a namespace split (`acme-orders` -> `acme/orders`), the member's only package, `src`
        itself when `src/__init__.py` makes it one, or a Django project's package (the one
        holding its settings) (`files`: the workspace's files)."""
        root = self._roots[member.name]
        project = self._django.get(member.name)
        found = [p for p in self._packages.get(member.name, []) if p != "src"]
        name = member.import_name
        dotted = name.replace("_", ".")
        candidates = [name, dotted] + [p for p in found if p.rpartition(".")[2] == name]
        chosen = next((c for c in candidates if c in found), None)
        if chosen is None and paths.join(root, "__init__.py") in files:
            return root
        if chosen is None and project is not None and project.package is not None:
            return project.package
        if chosen is None and len(found) == 1:
            chosen = found[0]
        if chosen is None:
            return None
        path = chosen.replace(".", "/")
        for base in project.roots if project is not None else ():
            if paths.join(base, f"{path}/__init__.py") in files:
                return paths.join(base, path)
        return paths.join(root, path)

    def _base_of(self, member: Member, path: str) -> str:
        """Where `path`'s module name starts: the deepest Django root holding it (the folder
        of manage.py, or one its settings put on the path), else the member's source root."""
        project = self._django.get(member.name)
        for root in project.roots if project is not None else ():
            if paths.under(path, root):
                return root
        root = self._roots[member.name]
        return root if paths.under(path, root) else member.folder

    def _index_apps(self) -> None:
        self._app_folders = {a.folder: a for p in self._django.values() for a in p.apps}
        self._app_modules = {
            name: {a.module: a for a in project.apps} for name, project in self._django.items()
        }

    def _source_root(self, member: Member, python: list[str]) -> str:
        src = member.file("src")
        return src if any(f.startswith(src + "/") for f in python) else member.folder

    def _owned_prefixes(self, member: Member, python: set[str]) -> set[str]:
        root = self._roots[member.name]
        folder = member.folder
        # Projects run from the member's folder (pytest's rootdir, a Dockerfile's WORKDIR) import
        # `src.x` as well: with or without `src/__init__.py`, `src` is then this member's.
        owned = set() if root == folder else {"src"}
        for path in python:
            base = self._base_of(member, path)
            if not paths.under(path, base) or base == folder != root:
                continue  # outside the source root: tests, scripts, migrations
            parts = paths.relative(path, base).split("/")
            # A flat layout's (or a Django root's) loose modules are scripts, not its package.
            flat = base != root or root == folder
            if flat and (parts[0].removesuffix(".py") in NOT_PACKAGES or len(parts) == 1):
                continue
            owned.add(_package_prefix(base, parts, python))
        # An installed app is a package, whatever its name (`docs`, `tests`) or shape.
        owned.update(app.module for app in self.apps_of(member))
        return owned


def _package_prefix(root: str, parts: list[str], python: set[str]) -> str:
    """Descend through namespace directories (no `__init__.py`) to the first real package."""
    for depth in range(1, len(parts)):
        directory = paths.join(root, "/".join(parts[:depth]))
        if f"{directory}/__init__.py" in python:
            return ".".join(parts[:depth])
    return ".".join(parts).removesuffix(".py").removesuffix(".__init__")


def _django_state(project: DjangoProject) -> DjangoState:
    apps = [(app.module, app.folder) for app in project.apps]
    return list(project.roots), apps, project.package


def _project(state: DjangoState) -> DjangoProject:
    apps = tuple(DjangoApp(module, folder) for module, folder in state[1])
    return DjangoProject(tuple(state[0]), apps, state[2])


def _shared(packages: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """Package prefixes that more than one member defines, with the members defining them."""
    seen: dict[str, set[str]] = {}
    for name, found in packages.items():
        for prefix in found:
            seen.setdefault(prefix, set()).add(name)
    return {prefix: frozenset(names) for prefix, names in seen.items() if len(names) > 1}
