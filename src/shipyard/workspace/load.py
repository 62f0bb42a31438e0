"""Read a uv workspace from disk into the model."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from shipyard.errors import ShipyardError
from shipyard.workspace.model import Kind, Member, Scenario, Workspace, canonical_name

PYPROJECT = "pyproject.toml"
LIB_DIRECTORIES = {"libs", "lib", "packages"}
SERVICE_DIRECTORIES = {"services", "service"}
WEB_FRAMEWORKS = {
    "aiohttp", "django", "falcon", "fastapi", "flask", "litestar", "quart", "sanic", "starlette",
}  # fmt: skip
TASK_QUEUES = {"arq", "celery", "dramatiq", "huey", "rq", "taskiq"}


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ShipyardError(f"{path} is not valid TOML: {exc}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ShipyardError(f"Cannot read {path}: {exc}.") from None


def is_workspace_root(directory: Path) -> bool:
    """True if `directory` holds a pyproject.toml with a `[tool.uv.workspace]` table."""
    pyproject = directory / PYPROJECT
    if not pyproject.is_file():
        return False
    return "workspace" in read_toml(pyproject).get("tool", {}).get("uv", {})


def find_root(start: Path) -> Path | None:
    """The nearest directory at or above `start` that is a uv workspace root."""
    start = start.resolve()
    for directory in (start, *start.parents):
        if is_workspace_root(directory):
            return directory
    return None


def load_workspace(start: Path) -> Workspace:
    root = find_root(start)
    if root is None:
        raise ShipyardError(
            f"{start} is not inside a uv workspace (no pyproject.toml with [tool.uv.workspace] "
            "here or above); run `shipyard new PATH` first."
        )
    data = read_toml(root / PYPROJECT)
    table = data["tool"]["uv"]["workspace"]
    globs = _string_list(table.get("members", []), root / PYPROJECT, "tool.uv.workspace.members")
    excludes = _string_list(table.get("exclude", []), root / PYPROJECT, "tool.uv.workspace.exclude")
    excluded = {p for pattern in excludes for p in root.glob(pattern)}
    member_dirs = sorted(
        {p for pattern in globs for p in root.glob(pattern) if p.is_dir() and p not in excluded}
    )
    members = tuple(_load_member(root, d) for d in member_dirs)
    _check_calls(members, root)
    name = data.get("project", {}).get("name") or root.name
    line_length = data.get("tool", {}).get("ruff", {}).get("line-length", 100)
    return Workspace(
        root=root,
        name=str(name),
        member_globs=tuple(globs),
        members=members,
        line_length=int(line_length),
        scenarios=_scenarios(data, members, root / PYPROJECT),
    )


def _scenarios(
    data: dict[str, Any], members: tuple[Member, ...], path: Path
) -> tuple[Scenario, ...]:
    table = data.get("tool", {}).get("shipyard", {}).get("scenarios", {})
    known = {m.name for m in members}
    scenarios = []
    for name, listed in sorted(table.items()):
        names = _string_list(listed, path, f"tool.shipyard.scenarios.{name}")
        unknown = sorted({canonical_name(n) for n in names} - known)
        if unknown:
            raise ShipyardError(
                f"{path}: scenario {name!r} names {', '.join(unknown)}, not a member."
            )
        scenarios.append(Scenario(name, tuple(canonical_name(n) for n in names)))
    return tuple(scenarios)


def _load_member(root: Path, directory: Path) -> Member:
    pyproject = directory / PYPROJECT
    if not pyproject.is_file():
        raise ShipyardError(
            f"Workspace member {directory.relative_to(root)} has no pyproject.toml; "
            "add one or exclude it in [tool.uv.workspace]."
        )
    data = read_toml(pyproject)
    project = data.get("project", {})
    if "name" not in project:
        raise ShipyardError(f"{pyproject} has no [project] name.")
    shipyard = data.get("tool", {}).get("shipyard", {})
    dependencies = _dependency_names(project.get("dependencies", []), pyproject)
    kind_text = shipyard.get("kind") or _infer_kind(directory, dependencies)
    try:
        kind = Kind(kind_text)
    except ValueError:
        kinds = ", ".join(k.value for k in Kind)
        raise ShipyardError(
            f"{pyproject} has [tool.shipyard] kind = {kind_text!r}; expected one of {kinds}."
        ) from None
    port = shipyard.get("port")
    return Member(
        name=canonical_name(project["name"]),
        kind=kind,
        path=directory.relative_to(root),
        dependencies=dependencies,
        port=int(port) if port is not None else None,
        calls=tuple(
            canonical_name(n)
            for n in _string_list(shipyard.get("calls", []), pyproject, "tool.shipyard.calls")
        ),
    )


def _check_calls(members: tuple[Member, ...], root: Path) -> None:
    services = {m.name for m in members if m.kind is Kind.SERVICE}
    for member in members:
        unknown = sorted(set(member.calls) - services)
        if unknown:
            raise ShipyardError(
                f"{root / member.path / PYPROJECT}: [tool.shipyard] calls "
                f"{', '.join(unknown)}, not a service of this workspace."
            )


def _infer_kind(directory: Path, dependencies: tuple[str, ...]) -> str:
    """Members without `[tool.shipyard] kind`: the folder says it when it is `libs/` or
    `services/`; elsewhere (`apps/`, `tools/`...) what the member is made of decides: a web
    framework or a Dockerfile makes a service, a task queue a worker, anything else (a CLI,
    a package) a lib."""
    folder = directory.parent.name
    if folder in LIB_DIRECTORIES:
        return Kind.LIB.value
    if folder in SERVICE_DIRECTORIES:
        return Kind.SERVICE.value
    declared = set(dependencies)
    if declared & WEB_FRAMEWORKS or (directory / "Dockerfile").is_file():
        return Kind.SERVICE.value
    if declared & TASK_QUEUES:
        return Kind.WORKER.value
    return Kind.LIB.value


def _dependency_names(requirements: list[str], pyproject: Path) -> tuple[str, ...]:
    # Imported here: a cached `shipyard check` never parses requirements (packaging is ~40 ms).
    from packaging.requirements import InvalidRequirement, Requirement

    names = []
    for text in requirements:
        try:
            names.append(canonical_name(Requirement(text).name))
        except InvalidRequirement as exc:
            raise ShipyardError(f"{pyproject} has an invalid dependency {text!r}: {exc}.") from None
    return tuple(names)


def _string_list(value: object, path: Path, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ShipyardError(f"{path}: {key} must be a list of strings.")
    return value
