"""Every member's declared dependencies, translated to PEP 621: runtime ones to the member's
pyproject, test and tool ones to the root's dev group, exact pins to the root's
`[tool.uv] constraint-dependencies` so that `uv lock` keeps the versions installed before.

One workspace installs one version of each distribution: where members pinned different
versions, the highest is kept and the change is listed."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from packaging.version import InvalidVersion, Version

from shipyard.adopt.model import Found, Note
from shipyard.workspace.declared import DeclaredDependencies, Requirement
from shipyard.workspace.declared.model import MAIN

# Distributions that test or check code and never run in production.
TOOLS = frozenset(
    {"pytest", "coverage", "mock", "black", "flake8", "isort", "mypy", "ruff", "pylint",
     "pre-commit", "tox", "nox", "factory-boy", "freezegun", "responses", "hypothesis",
     "ipython", "ipdb", "pdbpp", "bandit", "autopep8", "yapf", "pyflakes", "pycodestyle",
     "pydocstyle", "requests-mock", "fakeredis", "moto", "testcontainers", "model-bakery",
     "django-debug-toolbar", "pip-tools", "codecov", "pytest-runner", "vcrpy", "time-machine"}
)  # fmt: skip
TOOL_PREFIXES = ("pytest-", "flake8-", "types-", "mypy-")
PRODUCTION_GROUPS = frozenset({"prod", "production", "deploy", "deployment", "server", "heroku"})
DEV_GROUPS = frozenset({"dev", "test", "tests", "testing", "lint", "linting", "typing", "check"})
PIN = re.compile(r"^===?([^,*]+)$")
# Backports of standard-library modules to Python 2: on the workspace's Python they shadow
# the module or do not build at all.
BACKPORTS = frozenset(
    {"wsgiref", "argparse", "uuid", "enum34", "futures", "pathlib", "asyncio", "typing",
     "dataclasses", "contextvars", "importlib", "ordereddict", "unittest2", "configparser"}
)  # fmt: skip


@dataclass(frozen=True)
class MemberDependencies:
    runtime: tuple[str, ...]
    """PEP 508 strings for `[project] dependencies`."""
    extras: dict[str, tuple[str, ...]]
    """`[project.optional-dependencies]` that are not test or tool extras."""
    workspace: tuple[str, ...] = ()
    """Members it depends on (`[tool.uv.sources] NAME = { workspace = true }`)."""


@dataclass(frozen=True)
class Translation:
    members: dict[str, MemberDependencies]
    dev: tuple[str, ...]
    """The root's `[dependency-groups] dev`."""
    groups: dict[str, tuple[str, ...]]
    """Other root groups (`docs`...)."""
    constraints: tuple[str, ...]
    """`name==version`, the old pins, for `[tool.uv] constraint-dependencies`."""
    changes: tuple[Note, ...] = field(default=())
    """Every requirement that is not carried over as written, and why."""


def translate(
    members: tuple[Found, ...],
    root_declared: DeclaredDependencies | None,
    uses: dict[str, tuple[str, ...]],
    locked: dict[str, dict[str, str]],
    imported: dict[str, set[str]] | None = None,
) -> Translation:
    """`uses`: member -> the libs its code imports; `locked`: member (`.` for the root's
    tools) -> name -> version read from its lock file (poetry.lock, Pipfile.lock, uv.lock),
    pins too; `imported`: member -> the top-level names its code that is not a test imports
    (a tool it imports stays runtime)."""
    pins: dict[str, list[tuple[Version | str, str]]] = defaultdict(list)
    changes: list[Note] = []
    dev: dict[str, None] = {}
    groups: dict[str, dict[str, None]] = defaultdict(dict)
    translated: dict[str, MemberDependencies] = {}
    member_folders = {m.old.as_posix(): m.name for m in members}
    for member in members:
        runtime: dict[str, None] = {}
        extras: dict[str, dict[str, None]] = defaultdict(dict)
        workspace = list(uses.get(member.name, ()))
        declared = member.declared
        if declared is not None:
            for requirement in declared.requirements:
                where = f"{member.old.as_posix()}/{requirement.source}".removeprefix("./")
                if requirement.name in BACKPORTS:
                    changes.append(
                        Note(
                            where,
                            f"{requirement.name} backports a standard-library "
                            "module to old Pythons: left out.",
                        )
                    )
                    continue
                local = _local_member(requirement, member, member_folders)
                if local is not None:
                    workspace.append(local)
                    continue
                text = _pep508(requirement, where, pins, changes)
                if text is None:
                    continue
                bucket = _bucket(requirement)
                used = (imported or {}).get(member.name, set())
                if (
                    bucket == MAIN
                    and _is_tool(requirement.name)
                    and _import_name(requirement.name) in used
                ):
                    changes.append(
                        Note(
                            where,
                            f"{requirement.name} is a tool, but code that is not a test imports "
                            "it: kept a runtime dependency.",
                        )
                    )
                elif bucket == MAIN and _is_tool(requirement.name):
                    changes.append(
                        Note(
                            where,
                            f"{requirement.name} is a test or tool dependency: "
                            "moved to the root dev group.",
                        )
                    )
                    bucket = "dev"
                if bucket == MAIN:
                    runtime[text] = None
                elif bucket == "dev":
                    dev[text] = None
                elif bucket.startswith("extra:"):
                    extras[bucket.removeprefix("extra:")][text] = None
                else:
                    groups[bucket][text] = None
            for name, specifier in declared.constraints.items():
                if name not in BACKPORTS:
                    _pin(name, specifier, member.old.as_posix(), pins)
        for name, version in locked.get(member.name, {}).items():
            _pin(name, f"=={version}", f"{member.old.as_posix()} (lock)", pins)
        translated[member.name] = MemberDependencies(
            runtime=tuple(runtime),
            extras={k: tuple(v) for k, v in extras.items()},
            workspace=tuple(sorted(set(workspace) - {member.name})),
        )
    if root_declared is not None:
        for requirement in root_declared.requirements:
            text = _pep508(requirement, requirement.source, pins, changes)
            if text is not None:
                dev[text] = None
        for name, specifier in root_declared.constraints.items():
            _pin(name, specifier, ".", pins)
        for name, version in locked.get(".", {}).items():
            _pin(name, f"=={version}", ". (lock)", pins)
    constraints = _constraints(pins, changes)
    return Translation(
        members=translated,
        dev=tuple(sorted(dev)),
        groups={k: tuple(sorted(v)) for k, v in sorted(groups.items())},
        constraints=constraints,
        changes=tuple(changes),
    )


def _bucket(requirement: Requirement) -> str:
    group = requirement.group
    if group == MAIN:
        return MAIN
    plain = group.removeprefix("extra:")
    if plain in DEV_GROUPS:
        return "dev"
    if plain in PRODUCTION_GROUPS:
        return MAIN  # what the service runs with in production belongs in its image
    return group


def _import_name(name: str) -> str:
    return name.replace("-", "_").replace(".", "_")


def _is_tool(name: str) -> bool:
    return name in TOOLS or name.startswith(TOOL_PREFIXES)


def _local_member(requirement: Requirement, member: Found, folders: dict[str, str]) -> str | None:
    """The member a local-path requirement (`-e ../common`, `{ path = "../lib" }`) names."""
    url = requirement.url
    if url is None or ("://" in url and not url.startswith("file:")):
        return None
    location = url.removeprefix("file://").removeprefix("file:")
    target = Path(member.old / location)
    normal = Path(*[p for p in target.parts if p != "."])
    parts: list[str] = []
    for part in normal.parts:
        if part == ".." and parts:
            parts.pop()
        else:
            parts.append(part)
    return folders.get("/".join(parts) or ".")


def _pep508(
    requirement: Requirement,
    where: str,
    pins: dict[str, list[tuple[Version | str, str]]],
    changes: list[Note],
) -> str | None:
    """The requirement as PEP 508 text; an exact pin becomes a lower bound here and a
    constraint at the root."""
    extras = f"[{','.join(requirement.extras)}]" if requirement.extras else ""
    marker = f"; {requirement.marker}" if requirement.marker else ""
    if requirement.url is not None:
        if "://" not in requirement.url and not requirement.url.startswith(("git+", "hg+")):
            changes.append(
                Note(
                    where,
                    f"{requirement.name} comes from the local path "
                    f"{requirement.url}, which is no member: left out, "
                    "declare it by hand.",
                )
            )
            return None
        return f"{requirement.name}{extras} @ {requirement.url}{marker}"
    specifier = requirement.specifier
    pinned = PIN.match(specifier)
    if pinned:
        _pin(requirement.name, specifier, where, pins)
        specifier = f">={pinned[1]}"
    return f"{requirement.name}{extras}{specifier}{marker}"


def _pin(
    name: str, specifier: str, where: str, pins: dict[str, list[tuple[Version | str, str]]]
) -> None:
    pinned = PIN.match(specifier)
    if not pinned:
        return
    try:
        pins[name].append((Version(pinned[1]), where))
    except InvalidVersion:
        pins[name].append((pinned[1], where))


def _constraints(
    pins: dict[str, list[tuple[Version | str, str]]], changes: list[Note]
) -> tuple[str, ...]:
    constraints = []
    for name in sorted(pins):
        found = pins[name]
        versions = {str(v) for v, _ in found}
        comparable = [v for v, _ in found if isinstance(v, Version)]
        chosen = str(max(comparable)) if comparable else sorted(versions)[0]
        if len(versions) > 1:
            listed = ", ".join(f"{v} ({w})" for v, w in sorted(found, key=lambda p: str(p[0])))
            changes.append(
                Note(name, f"pinned to {listed}; one workspace installs one version: {chosen}.")
            )
        constraints.append(f"{name}=={chosen}")
    return tuple(constraints)
