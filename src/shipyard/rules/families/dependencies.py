"""SY104, SY105: imported = declared, in the member's own pyproject.

uv installs the whole workspace into one environment, so a package declared by a sibling imports
fine locally and breaks only in the member's own image. Optional imports (`try/except
ImportError`) and `TYPE_CHECKING` imports are not runtime dependencies.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Container, Iterator
from enum import Enum

from shipyard.graph import ResolvedImport, is_test_path
from shipyard.rules.context import CheckContext
from shipyard.rules.distributions import KNOWN
from shipyard.rules.families.boundaries import violated_rule
from shipyard.rules.families.declared import (
    build_allowed,
    is_build_script,
    is_build_tool,
    runtime_allowed,
    test_allowed,
)
from shipyard.rules.finding import AddDependency, Finding, Location, Severity
from shipyard.rules.registry import REGISTRY
from shipyard.workspace import Member, paths

UNDECLARED = REGISTRY.rule(
    "SY104", "undeclared-dependency", Severity.ERROR,
    "A member imports a package its own pyproject does not declare.",
)  # fmt: skip
UNUSED = REGISTRY.rule(
    "SY105", "unused-dependency", Severity.WARNING,
    "A member declares a dependency it never imports.",
)  # fmt: skip

STDLIB = frozenset(sys.stdlib_module_names) | {"__future__", "__main__"}
# Used without being imported: servers started from the command line, database drivers named in
# URLs, plugins and optional backends that other packages load, type stubs.
IMPLICIT = frozenset(
    {"uvicorn", "gunicorn", "hypercorn", "granian", "daphne", "asyncpg", "aiosqlite", "psycopg",
     "psycopg-binary", "psycopg2", "psycopg2-binary", "pymysql", "aiomysql", "mysqlclient",
     "oracledb", "python-multipart", "email-validator", "uvloop", "httptools", "watchfiles",
     "greenlet", "setuptools", "wheel", "pip", "gevent", "eventlet", "tzdata", "certifi",
     "cryptography", "bcrypt", "argon2-cffi", "orjson", "ujson"}
)  # fmt: skip


@REGISTRY.member_check(UNDECLARED)
def check_undeclared(context: CheckContext, member: Member) -> Iterator[Finding]:
    """One finding per missing declaration, at the first place that imports it (by path, then
    line), listing the others: one forgotten line in a pyproject is one thing to fix."""
    graph = context.graph
    allowed = {
        Role.RUNTIME: runtime_allowed(context, member),
        Role.TEST: test_allowed(context, member),
        Role.BUILD: build_allowed(context, member),
    }
    locals_ = _LocalNames(context, member)
    fine: set[tuple[Role, str]] = set()  # verdicts that hold in every file of the member
    # By name, and by the table it is missing from: [build-system] requires, or dependencies.
    missing: dict[tuple[str, bool], list[tuple[Location, Role, ResolvedImport, str]]] = {}
    for path in graph.files_of(member):
        role = _role(path, context.files)
        seen: set[str] = set()
        for found in graph.imports_of(path):
            # Namespace packages: one top-level name, several members.
            top = found.target.name if found.target else found.top
            if found.type_checking or found.optional or top in seen or (role, top) in fine:
                continue
            seen.add(top)
            if found.target is member or top in STDLIB:
                continue
            message = _problem(context, member, found, role, allowed[role], locals_)
            if message:
                if not context.suppressed(path, found.line, UNDECLARED.code):
                    location = (found.path, found.line, found.col)
                    key = (top, role is Role.BUILD)
                    missing.setdefault(key, []).append((location, role, found, message))
            elif found.target is not None or top in locals_.names or top not in locals_.near(path):
                fine.add((role, top))
    for places in missing.values():
        places.sort(key=lambda place: place[0])
        location, _, _, message = places[0]
        # A fix when runtime code needs it; tests and build scripts are left to the team.
        runtime = next((found for _, role, found, _ in places if role is Role.RUNTIME), None)
        fix = _fix(context, member, runtime) if runtime else None
        finding = UNDECLARED.finding(*location, message, fix)
        yield finding.at([place[0] for place in places])


class Role(Enum):
    """What a file is, which decides what it may import."""

    RUNTIME = "runtime"
    TEST = "test"
    BUILD = "build"


def _role(path: str, files: Container[str]) -> Role:
    if is_build_script(path, files):
        return Role.BUILD
    return Role.TEST if is_test_path(path) else Role.RUNTIME


def _problem(
    context: CheckContext,
    member: Member,
    found: ResolvedImport,
    role: Role,
    allowed: set[str],
    locals_: _LocalNames,
) -> str | None:
    target = found.target
    where = member.file("pyproject.toml")
    if role is Role.BUILD:
        where = f"[build-system] requires of {where}"
    if target is not None:
        if target is member or target.name in allowed or violated_rule(member, target):
            return None  # boundary violations are reported once, by SY101/SY102
        return f"{found.module} comes from workspace member {target.name}, not declared in {where}"
    top = found.top
    if top in STDLIB or locals_.has(found.path, top):
        return None
    if context.distributions.provided_by(top, allowed):
        return None
    candidates = sorted(set(KNOWN.get(top, ())) | context.distributions.installed.get(top, set()))
    hint = f" (provided by {' or '.join(candidates)})" if candidates else ""
    if role is Role.RUNTIME and candidates and all(map(is_build_tool, candidates)):
        hint = f" (provided by {' or '.join(candidates)}, a build tool the image may not have)"
    beside = locals_.beside_in_package(found.path, top)
    if beside and beside != found.path:
        hint += f"; {beside} in this package is `from . import {top}`, not `import {top}`"
    return f"{top} is imported but not declared in {where}{hint}"


def _fix(context: CheckContext, member: Member, found: ResolvedImport) -> AddDependency | None:
    """Declaring what runtime code imports is safe when exactly one distribution provides it.
    Tests are left alone: which dependency group they belong in is the team's call."""
    folder = member.path.as_posix()  # as `--fix` joins it to the root
    if found.target is not None:
        return AddDependency(folder, found.target.name, workspace=True)
    requirement = context.distributions.requirement_for(found.top)
    if requirement is None or is_build_tool(requirement):
        return None
    return AddDependency(folder, requirement)


class _LocalNames:
    """Top-level names importable from the member's own folders: its packages, `tests`,
    `conftest`, and a script's sibling modules (a script's directory is on sys.path).

    A module of a package is no script: in Python 3 its `import quart` is the top-level
    `quart`, whatever `quart.py` sits beside it (that one is `from . import quart`)."""

    def __init__(self, context: CheckContext, member: Member) -> None:
        self.index = context.index
        self.files = context.graph.files_of(member)
        self._files = set(self.files)
        self._packages = {f.rpartition("/")[0] for f in self.files if f.endswith("/__init__.py")}
        bases = {member.folder, context.index.source_root(member)}
        self._cache: dict[str, set[str]] = {}
        self.names = {n for base in bases for n in self._children(base)}

    def has(self, path: str, top: str) -> bool:
        return top in self.names or top in self.near(path)

    def near(self, path: str) -> set[str]:
        """Modules beside `path`, when it is a script (its folder is not a package)."""
        directory = path.rpartition("/")[0]
        return set() if directory in self._packages else self._children(directory)

    def beside_in_package(self, path: str, top: str) -> str | None:
        """The module named `top` next to `path` when both are in a package: what a reader may
        take `import top` for, and what Python 3 does not import."""
        directory = path.rpartition("/")[0]
        if directory not in self._packages or top not in self._children(directory):
            return None
        module = f"{directory}/{top}.py"
        return module if module in self._files else f"{directory}/{top}/"

    def _children(self, directory: str) -> set[str]:
        if directory not in self._cache:
            self._cache[directory] = {
                paths.relative(f, directory).split("/")[0].removesuffix(".py")
                for f in self.files
                if paths.under(f, directory)
            }
        return self._cache[directory]


@REGISTRY.member_check(UNUSED)
def check_unused(context: CheckContext, member: Member) -> Iterator[Finding]:
    imported = {i.top for i in context.graph.of_member(member)}
    imported |= {i.module for i in context.graph.of_member(member)}
    unused = [
        name
        for name in member.dependencies
        if name not in IMPLICIT
        and not name.startswith("types-")
        and not name.endswith("-stubs")
        and not (_import_names(context, name, installed=False) & imported)
        and not (_import_names(context, name) & imported)
    ]
    if not unused:
        return
    text = _member_text(context, member)
    pyproject = member.file("pyproject.toml")
    declared = context.read(pyproject) or ""
    for name in unused:
        if any(n.lower() in text for n in (name, *_import_names(context, name))):
            continue  # named in a Dockerfile, a config file or a URL: used by name
        line, col = _declaration(declared, name)
        message = f"{name} is declared in {pyproject} but never imported"
        yield UNUSED.finding(pyproject, line, col, message)


def _import_names(context: CheckContext, distribution: str, *, installed: bool = True) -> set[str]:
    member = context.workspace.member(distribution)
    if member is not None:
        return context.index.packages_of(member) | {member.import_name}
    return context.distributions.import_names(distribution, installed=installed)


def _member_text(context: CheckContext, member: Member) -> str:
    skip = {member.file("pyproject.toml"), member.file("uv.lock")}
    parts = [
        context.read(path) or ""
        for path in sorted(context.files)
        if paths.under(path, member.folder) and path not in skip
    ]
    return "\n".join(parts).lower()


def _declaration(text: str, name: str) -> tuple[int, int]:
    pattern = re.compile(r"[\"']" + r"[-_.]".join(map(re.escape, re.split(r"[-_.]", name))), re.I)
    for number, line in enumerate(text.splitlines(), start=1):
        match = pattern.search(line)
        if match:
            return number, match.start() + 2
    return 1, 1
