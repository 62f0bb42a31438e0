"""What `up` starts, and with which environment: a pure function of the workspace."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from shipyard.errors import ShipyardError
from shipyard.workspace import Member, Role, Workspace

STATE_DIR = Path(".shipyard/run")


@dataclass(frozen=True)
class Step:
    """A command that must succeed before the processes start (a migration)."""

    name: str
    command: tuple[str, ...]
    env: Mapping[str, str] = field(repr=False)


@dataclass(frozen=True)
class Process:
    name: str
    command: tuple[str, ...]
    env: Mapping[str, str] = field(repr=False)
    port: int | None = None
    """Services listen here and are ready when GET /ready answers 200."""


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
    state = workspace.root / STATE_DIR
    shared, embedded = _embedded_defaults(environ, state)
    steps, processes = [], []

    def local_port(member: Member) -> int:
        return (member.port or 8000) + port_offset

    for member in members:
        env = dict(shared)
        if member.role is Role.SERVICE:
            prefix = member.env_prefix
            for called in workspace.called_by(member):
                env.setdefault(f"{called.env_prefix}URL", f"http://127.0.0.1:{local_port(called)}")
            if "DATABASE_URL" not in env and f"{prefix}DATABASE_URL" not in env:
                env[f"{prefix}DATABASE_URL"] = (
                    f"sqlite+aiosqlite:///{state / member.import_name}.db"
                )
                embedded.append(f"{prefix}DATABASE_URL")
            alembic_ini = workspace.root / member.path / "alembic.ini"
            if alembic_ini.is_file():
                migrate = (str(bin_dir / "alembic"), "-c", str(alembic_ini), "upgrade", "head")
                steps.append(Step(f"{member.name} migrations", migrate, env))
            port = local_port(member)
            app = f"{member.import_name}.main:create_app"
            serve = [str(bin_dir / "uvicorn"), app, "--factory", "--host", "127.0.0.1"]
            serve += ["--port", str(port), "--no-access-log"]
            processes.append(Process(member.name, tuple(serve), env, port))
        else:
            work = [str(bin_dir / "celery"), "-A", f"{member.import_name}.main", "worker"]
            work += ["--hostname", f"{member.name}@%h", "--without-gossip", "--without-mingle"]
            work += ["--loglevel", "INFO"]  # Celery says "ready." at INFO: `up` waits for it
            processes.append(Process(member.name, tuple(work), env))
    return UpPlan(tuple(steps), tuple(processes), tuple(sorted(set(embedded))))


def _select(workspace: Workspace, names: Sequence[str]) -> list[Member]:
    runnable = [m for m in workspace.members if m.role is not Role.LIB]
    if not names:
        if not runnable:
            raise ShipyardError("This workspace has no service or worker to start yet.")
        return runnable
    chosen = []
    for name in names:
        member = workspace.member(name)
        if member is None or member.role is Role.LIB:
            known = ", ".join(m.name for m in runnable) or "none"
            raise ShipyardError(f"{name!r} is not a service or worker here (they are: {known}).")
        chosen.append(member)
    return chosen


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
