"""What `up` starts, and with which environment: a pure function of the workspace."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from shipyard.errors import ShipyardError
from shipyard.run.commands import Readiness, start_of
from shipyard.workspace import PYPROJECT, Member, Role, Workspace, read_toml

STATE_DIR = Path(".shipyard/run")
MAX_PORT = 65535


@dataclass(frozen=True)
class Step:
    """A command that must succeed before the processes start (a migration)."""

    name: str
    command: tuple[str, ...]
    env: Mapping[str, str] = field(repr=False)
    directory: Path = Path()


@dataclass(frozen=True)
class Process:
    name: str
    command: tuple[str, ...]
    env: Mapping[str, str] = field(repr=False)
    port: int | None = None
    """Services listen here."""
    directory: Path = Path()
    readiness: Readiness = Readiness.HTTP
    marker: str = ""
    """For `Readiness.LOG`: the line fragment that says it is ready."""
    docs: str = ""
    """The path of its API docs, if it has some."""


@dataclass(frozen=True)
class UpPlan:
    steps: tuple[Step, ...]
    processes: tuple[Process, ...]
    embedded: tuple[str, ...]
    """The variables `up` filled in because nothing configured them."""


def plan_up(
    workspace: Workspace, names: Sequence[str], environ: Mapping[str, str], port_offset: int = 0
) -> UpPlan:
    members = _select(workspace, names)
    bin_dir = workspace.root / ".venv" / "bin"
    if not bin_dir.is_dir():
        raise ShipyardError(f"{workspace.root} has no .venv yet; run `uv sync` there first.")
    for member in members:
        if member.command is None:  # a declared command runs from the member's own folder
            _check_installed(workspace, member)
    ports = local_ports(workspace, port_offset)
    state = workspace.root / STATE_DIR
    shared, embedded = _embedded_defaults(environ, state)
    shared["PATH"] = f"{bin_dir}:{shared.get('PATH', '')}"
    steps, processes = [], []
    for member in members:
        env = dict(shared)
        port = ports.get(member.name)
        if member.role is Role.SERVICE:
            prefix = member.env_prefix
            env["PORT"] = str(port)
            for called in workspace.called_by(member):
                env.setdefault(f"{called.env_prefix}URL", f"http://127.0.0.1:{ports[called.name]}")
            if "DATABASE_URL" not in env and f"{prefix}DATABASE_URL" not in env:
                env[f"{prefix}DATABASE_URL"] = (
                    f"sqlite+aiosqlite:///{state / member.import_name}.db"
                )
                embedded.append(f"{prefix}DATABASE_URL")
        start = start_of(workspace, member, port, bin_dir)
        if start.migrate is not None:
            steps.append(Step(f"{member.name} migrations", start.migrate, env, start.directory))
        processes.append(
            Process(
                member.name,
                start.command,
                env,
                port,
                start.directory,
                start.readiness,
                start.marker,
                start.docs,
            )
        )
    return UpPlan(tuple(steps), tuple(processes), tuple(sorted(set(embedded))))


def local_ports(workspace: Workspace, offset: int = 0) -> dict[str, int]:
    """Each service's local port: its own `port`, else the next one after every declared port
    (so two services without one never share 8000), plus `offset`."""
    declared = {m.port for m in workspace.services if m.port is not None}
    free = max(declared, default=8000) + 1
    ports = {}
    for member in workspace.services:
        port = member.port
        if port is None:
            port, free = free, free + 1
        ports[member.name] = port + offset
        if not 1 <= port + offset <= MAX_PORT:
            raise ShipyardError(
                f"--port-offset {offset} puts {member.name} on port {port + offset}, "
                f"outside 1-{MAX_PORT}."
            )
    return ports


def _select(workspace: Workspace, names: Sequence[str]) -> list[Member]:
    runnable = list(workspace.deployed)
    if not names:
        if not runnable:
            raise ShipyardError("This workspace has no service or worker to start yet.")
        return runnable
    chosen = []
    for name in names:
        member = workspace.member(name)
        if member is None or not member.deployed:
            known = ", ".join(m.name for m in runnable) or "none"
            raise ShipyardError(f"{name!r} is not a service or worker here (they are: {known}).")
        chosen.append(member)
    return list(dict.fromkeys(chosen))


def _check_installed(workspace: Workspace, member: Member) -> None:
    """A member missing from the venv would fail with an import traceback in its migration."""
    venv = workspace.root / ".venv"
    installed = any(venv.glob(f"lib/python3*/site-packages/{member.import_name}-*.dist-info"))
    pyproject = workspace.root / member.path / PYPROJECT
    if not installed and "build-system" not in read_toml(pyproject):
        # `uv sync` never installs a project without a build system: saying so helps.
        raise ShipyardError(
            f"{member.name} has no [build-system] in {pyproject}, so `uv sync` does not "
            "install it and shipyard can't import it from the workspace; add a build system, "
            "or set `command` under [tool.shipyard] (run from its folder, {port} replaced)."
        )
    if not installed:
        raise ShipyardError(
            f"{member.name} is not installed in {venv}; run `uv sync` "
            "(`uv sync --all-packages` where the root does not depend on every member)."
        )


def _embedded_defaults(environ: Mapping[str, str], state: Path) -> tuple[dict[str, str], list[str]]:
    """The environment with a server-free default for whatever is not configured: a SQLite
    broker (kombu's SQLAlchemy transport) and SQLite task state, shared by all processes."""
    env = dict(environ)
    defaults = {
        "ENV": "development",
        "BROKER_URL": f"sqla+sqlite:///{state / 'broker.sqlite'}",
        "TASKS_STATE_URL": f"sqlite:///{state / 'tasks.sqlite'}",
    }
    embedded = [name for name in defaults if name not in env]
    for name in embedded:
        env[name] = defaults[name]
    return env, [n for n in embedded if n != "ENV"]
