"""Read a uv workspace from disk into the model.

Every value read from a pyproject is checked for its type and range: a wrong one is a
`Problem` naming the file, the key and what is expected. Commands that write or run load
strictly (the first problem is raised as one sentence); `check` loads leniently and reports
the problems as findings next to everything else it finds.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from shipyard.errors import ShipyardError
from shipyard.workspace.model import (
    Member,
    Problem,
    Role,
    Runtime,
    Scenario,
    Workspace,
    canonical_name,
)
from shipyard.workspace.runtime import infer_role, infer_runtime

PYPROJECT = "pyproject.toml"
MAX_PORT = 65535


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ShipyardError(f"{path} is not valid TOML: {exc}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ShipyardError(f"Cannot read {path}: {exc}.") from None


def locked_distributions(root: Path) -> set[str]:
    """Canonical names of every package in the workspace's uv.lock; none when it is missing or
    does not parse (a broken lock is `check`'s to report: SY204)."""
    try:
        packages = tomllib.loads((root / "uv.lock").read_text(encoding="utf-8")).get("package", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return set()
    return {canonical_name(str(p["name"])) for p in packages if isinstance(p, dict) and "name" in p}


def workspace_table(data: dict[str, Any]) -> object:
    """`[tool.uv.workspace]`, or None; whatever type it has (a malformed one is a problem)."""
    tool = data.get("tool")
    uv = tool.get("uv") if isinstance(tool, dict) else None
    return uv.get("workspace") if isinstance(uv, dict) else None


def is_workspace_root(directory: Path) -> bool:
    """True if `directory` holds a pyproject.toml with a `[tool.uv.workspace]` table."""
    pyproject = directory / PYPROJECT
    if not pyproject.is_file():
        return False
    return workspace_table(read_toml(pyproject)) is not None


def find_root(start: Path) -> Path | None:
    """The nearest directory at or above `start` that is a uv workspace root."""
    start = start.resolve()
    for directory in (start, *start.parents):
        if is_workspace_root(directory):
            return directory
    return None


def member_directories(root: Path, members: list[str], excludes: list[str]) -> list[Path]:
    """What uv's member globs match: directories, `.` being the root itself, minus excludes."""
    excluded = {p for pattern in excludes for p in _glob(root, pattern)}
    found = {p for pattern in members for p in _glob(root, pattern)}
    return sorted(p for p in found if p.is_dir() and p not in excluded)


def _glob(root: Path, pattern: str) -> list[Path]:
    pattern = pattern.strip().removeprefix("./").rstrip("/")
    if pattern in ("", "."):
        return [root]
    try:
        return list(root.glob(pattern))
    except (ValueError, IndexError, NotImplementedError):  # absolute or otherwise unusable
        return []


def load_workspace(start: Path, *, strict: bool = True) -> Workspace:
    """The workspace at or above `start`. Strict: the first problem is raised; lenient:
    problems are collected in `Workspace.problems` and the bad values left out."""
    root = find_root(start)
    if root is None:
        raise ShipyardError(
            f"{start} is not inside a uv workspace (no pyproject.toml with [tool.uv.workspace] "
            "here or above); run `shipyard new PATH` first."
        )
    return _Loader(root, strict).load()


class _Loader:
    def __init__(self, root: Path, strict: bool) -> None:
        self.root = root
        self.strict = strict
        self.problems: list[Problem] = []

    def problem(self, path: Path, message: str) -> None:
        """`message` says what is wrong with `path`; the file's name is put in front of it."""
        relative = path.relative_to(self.root)
        if self.strict:
            raise ShipyardError(f"{path}: {message}")
        self.problems.append(Problem(relative, message))

    def load(self) -> Workspace:
        pyproject = self.root / PYPROJECT
        data = read_toml(pyproject)
        table = workspace_table(data)
        if not isinstance(table, dict):
            self.problem(pyproject, "[tool.uv.workspace] must be a table.")
            table = {}
        globs = self.strings(table, "members", pyproject, "tool.uv.workspace.members")
        excludes = self.strings(table, "exclude", pyproject, "tool.uv.workspace.exclude")
        for pattern in globs:
            if not any(c in pattern for c in "*?[") and not _glob(self.root, pattern):
                self.problem(
                    pyproject,
                    f"tool.uv.workspace.members lists {pattern!r}, which does not exist.",
                )
        members = []
        for directory in member_directories(self.root, globs, excludes):
            member = self.member(directory)
            if member is not None:
                members.append(member)
        checked = self.checked(tuple(members))
        project = data.get("project")
        name = project.get("name") if isinstance(project, dict) else None
        return Workspace(
            root=self.root,
            name=name if isinstance(name, str) and name else self.root.name,
            member_globs=tuple(globs),
            members=checked,
            line_length=self.line_length(data, pyproject),
            scenarios=self.scenarios(data, checked, pyproject),
            problems=tuple(self.problems),
        )

    def member(self, directory: Path) -> Member | None:
        pyproject = directory / PYPROJECT
        relative = directory.relative_to(self.root)
        if not pyproject.is_file():
            self.problem(
                self.root / PYPROJECT,
                f"workspace member {relative.as_posix()} has no pyproject.toml; "
                "add one or exclude it in [tool.uv.workspace].",
            )
            return None
        try:
            data = read_toml(pyproject)
        except ShipyardError as error:
            if self.strict:
                raise
            self.problems.append(Problem(pyproject.relative_to(self.root), error.message))
            return None
        project = self.table(data, "project", pyproject, "[project]")
        name = project.get("name")
        if name is None:
            self.problem(pyproject, "it has no [project] name.")
            return None
        if not isinstance(name, str) or not name.strip():
            self.problem(pyproject, f"[project] name must be a string, not {name!r}.")
            return None
        tool = self.table(data, "tool", pyproject, "[tool]")
        shipyard = self.table(tool, "shipyard", pyproject, "[tool.shipyard]")
        dependencies = self.dependency_names(project, pyproject)
        development: tuple[str, ...] = ()
        sources: tuple[str, ...] = ()
        if not dependencies and not project.get("dependencies"):
            # Not in [project]: Poetry, setup.py, setup.cfg, a Pipfile or requirements files.
            dependencies, development, sources = self.declared_elsewhere(directory)
        role = self.role(shipyard, pyproject) or infer_role(directory, dependencies, relative)
        return Member(
            name=canonical_name(name),
            role=role,
            path=relative,
            dependencies=dependencies,
            port=self.port(shipyard, pyproject),
            calls=tuple(
                canonical_name(n)
                for n in self.strings(shipyard, "calls", pyproject, "[tool.shipyard] calls")
            ),
            runtime=self.runtime(shipyard, pyproject) or infer_runtime(role, dependencies),
            command=self.command(shipyard, pyproject),
            development=development,
            sources=sources,
            export_requirements=self.flag(shipyard, "export-requirements", pyproject),
        )

    def role(self, shipyard: dict[str, Any], pyproject: Path) -> Role | None:
        # `kind` is what shipyard wrote before role and runtime were two fields.
        key = "role" if "role" in shipyard else "kind"
        value = shipyard.get(key)
        if value is None:
            return None
        try:
            return Role(value)
        except ValueError:
            roles = ", ".join(r.value for r in Role)
            self.problem(pyproject, f"[tool.shipyard] {key} = {value!r}; expected one of {roles}.")
            return None

    def runtime(self, shipyard: dict[str, Any], pyproject: Path) -> Runtime | None:
        value = shipyard.get("runtime")
        if value is None:
            return Runtime.COMMAND if "command" in shipyard else None
        try:
            return Runtime(value)
        except ValueError:
            runtimes = ", ".join(r.value for r in Runtime)
            self.problem(
                pyproject, f"[tool.shipyard] runtime = {value!r}; expected one of {runtimes}."
            )
            return None

    def command(self, shipyard: dict[str, Any], pyproject: Path) -> str | None:
        value = shipyard.get("command")
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(
                pyproject,
                f"[tool.shipyard] command must be a command line as a string, not {value!r}.",
            )
            return None
        return value

    def flag(self, shipyard: dict[str, Any], key: str, pyproject: Path) -> bool:
        value = shipyard.get(key, False)
        if not isinstance(value, bool):
            self.problem(pyproject, f"[tool.shipyard] {key} must be true or false, not {value!r}.")
            return False
        return value

    def port(self, shipyard: dict[str, Any], pyproject: Path) -> int | None:
        value = shipyard.get("port")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PORT:
            self.problem(
                pyproject,
                f"[tool.shipyard] port must be a whole number from 1 to {MAX_PORT}, not {value!r}.",
            )
            return None
        return value

    def dependency_names(self, project: dict[str, Any], pyproject: Path) -> tuple[str, ...]:
        # Imported here: a cached `shipyard check` never parses requirements (packaging ~40 ms).
        from packaging.requirements import InvalidRequirement, Requirement

        names = []
        for text in self.strings(project, "dependencies", pyproject, "[project] dependencies"):
            try:
                names.append(canonical_name(Requirement(text).name))
            except InvalidRequirement as exc:
                self.problem(pyproject, f"it has an invalid dependency {text!r}: {exc}.")
        return tuple(names)

    def declared_elsewhere(
        self, directory: Path
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(runtime names, other names, files read) from whatever the folder declares in."""
        from shipyard.workspace.declared import read_declared, runtime_names

        declared = read_declared(directory)
        runtime = runtime_names(declared)
        others = {r.name for r in declared.requirements} - runtime
        files = {p.relative_to(self.root).as_posix() for p in declared.sources}
        files.discard((directory / PYPROJECT).relative_to(self.root).as_posix())
        return tuple(sorted(runtime)), tuple(sorted(others)), tuple(sorted(files))

    def checked(self, members: tuple[Member, ...]) -> tuple[Member, ...]:
        """Across members: names and ports unique, calls naming services."""
        kept: dict[str, Member] = {}
        for member in members:
            if member.name in kept:
                self.problem(
                    self.root / member.path / PYPROJECT,
                    f"[project] name {member.name!r} is also the name of "
                    f"{kept[member.name].path.as_posix()}.",
                )
                continue
            kept[member.name] = member
        ports: dict[int, Member] = {}
        for member in kept.values():
            if member.port is None:
                continue
            if member.port in ports:
                self.problem(
                    self.root / member.path / PYPROJECT,
                    f"[tool.shipyard] port {member.port} is also the port of "
                    f"{ports[member.port].path.as_posix()}; give each service its own.",
                )
            ports.setdefault(member.port, member)
        services = {m.name for m in kept.values() if m.role is Role.SERVICE}
        result = []
        for member in kept.values():
            unknown = sorted(set(member.calls) - services)
            if unknown:
                self.problem(
                    self.root / member.path / PYPROJECT,
                    f"[tool.shipyard] calls {', '.join(unknown)}, not a service of this workspace.",
                )
                member = replace(member, calls=tuple(c for c in member.calls if c not in unknown))
            result.append(member)
        return tuple(result)

    def scenarios(
        self, data: dict[str, Any], members: tuple[Member, ...], path: Path
    ) -> tuple[Scenario, ...]:
        tool = self.table(data, "tool", path, "[tool]")
        shipyard = self.table(tool, "shipyard", path, "[tool.shipyard]")
        table = self.table(shipyard, "scenarios", path, "[tool.shipyard.scenarios]")
        known = {m.name for m in members}
        scenarios = []
        for name, _ in sorted(table.items()):
            names = self.strings(table, name, path, f"tool.shipyard.scenarios.{name}")
            unknown = sorted({canonical_name(n) for n in names} - known)
            if unknown:
                self.problem(path, f"scenario {name!r} names {', '.join(unknown)}, not a member.")
                continue
            scenarios.append(Scenario(name, tuple(canonical_name(n) for n in names)))
        return tuple(scenarios)

    def line_length(self, data: dict[str, Any], path: Path) -> int:
        tool = self.table(data, "tool", path, "[tool]")
        ruff = self.table(tool, "ruff", path, "[tool.ruff]")
        value = ruff.get("line-length", 100)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.problem(path, f"[tool.ruff] line-length must be a positive number, not {value!r}.")
            return 100
        return value

    def table(self, data: dict[str, Any], key: str, path: Path, shown: str) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.problem(path, f"{shown} must be a table, not {value!r}.")
            return {}
        return value

    def strings(self, data: dict[str, Any], key: str, path: Path, shown: str) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(
                path, f'{shown} must be a list of strings, like ["a", "b"], not {value!r}.'
            )
            return []
        return value
