"""Which member owns a file, a module name, and each top-level package (src and flat layouts)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from shipyard.workspace import Member, Workspace

IndexState = tuple[dict[str, str], dict[str, str]]
"""Source root per member name, and owning member name per top-level package prefix."""

TEST_DIRECTORIES = frozenset({"tests", "test"})
# In a flat layout these sit next to the package and are never part of it.
NOT_PACKAGES = frozenset(
    {"tests", "test", "migrations", "docs", "scripts", "examples", "bench", "benchmarks",
     "conftest", "setup", "noxfile", "tasks"}
)  # fmt: skip


@cache
def is_test_path(path: str) -> bool:
    parts = path.split("/")
    name = parts[-1]
    return (
        any(p in TEST_DIRECTORIES for p in parts[:-1])
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


class ModuleIndex:
    """Built once per run from the workspace and the list of files on disk."""

    def __init__(
        self, workspace: Workspace, files: Iterable[str], state: IndexState | None = None
    ) -> None:
        """`state` is what `state()` returned for the same workspace and Python files: reusing it
        skips the pass over every file."""
        self.workspace = workspace
        self._by_path = {m.path.as_posix(): m for m in workspace.members}
        self._by_name = {m.name: m for m in workspace.members}
        self._member_of: dict[str, Member | None] = {}
        if state is not None:
            self._roots = dict(state[0])
            self.owned = {prefix: self._by_name[name] for prefix, name in state[1].items()}
            return
        grouped: dict[str, list[str]] = {m.name: [] for m in workspace.members}
        for path in sorted(files):
            member = self.member_of(path)
            if member is not None and path.endswith(".py"):
                grouped[member.name].append(path)
        self._roots = {m.name: self._source_root(m, grouped[m.name]) for m in workspace.members}
        self.owned = {}
        for member in workspace.members:
            python = set(grouped[member.name])
            for prefix in sorted(self._owned_prefixes(member, python)):
                self.owned.setdefault(prefix, member)

    def state(self) -> IndexState:
        """Plain values (cacheable) from which the same index can be rebuilt."""
        return self._roots, {prefix: member.name for prefix, member in self.owned.items()}

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
        self._member_of[directory] = found
        return found

    def source_root(self, member: Member) -> str:
        return self._roots[member.name]

    def module_name(self, path: str) -> tuple[str, bool]:
        """The dotted module a file defines, and whether it is a package's `__init__`."""
        member = self.member_of(path)
        relative = path
        if member is not None:
            root = self._roots[member.name]
            base = root if path.startswith(root + "/") else member.path.as_posix()
            relative = path[len(base) + 1 :]
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

    def packages_of(self, member: Member) -> set[str]:
        return {prefix for prefix, owner in self.owned.items() if owner is member}

    def _source_root(self, member: Member, python: list[str]) -> str:
        src = member.path.as_posix() + "/src/"
        return src[:-1] if any(f.startswith(src) for f in python) else member.path.as_posix()

    def _owned_prefixes(self, member: Member, python: set[str]) -> set[str]:
        root = self._roots[member.name]
        flat = root == member.path.as_posix()
        owned = {member.import_name}
        for path in python:
            if not path.startswith(root + "/"):
                continue
            parts = path[len(root) + 1 :].split("/")
            if flat and (parts[0].removesuffix(".py") in NOT_PACKAGES or len(parts) == 1):
                continue  # a flat layout's loose modules are scripts, not its package
            owned.add(_package_prefix(root, parts, python))
        return owned


def _package_prefix(root: str, parts: list[str], python: set[str]) -> str:
    """Descend through namespace directories (no `__init__.py`) to the first real package."""
    for depth in range(1, len(parts)):
        directory = "/".join([root, *parts[:depth]])
        if f"{directory}/__init__.py" in python:
            return ".".join(parts[:depth])
    return ".".join(parts).removesuffix(".py").removesuffix(".__init__")
