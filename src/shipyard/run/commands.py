"""How each runtime starts locally: the command line, where it runs, how `up` knows it is
ready, and what must run first (migrations). A member whose start can't be known for certain
is refused with one sentence saying what to declare."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from shipyard.errors import ShipyardError
from shipyard.workspace import Member, Role, Runtime, Workspace, entrypoints

HOST = "127.0.0.1"
CELERY_READY = " ready."  # what `celery worker` logs once it consumes
GUNICORN = "gunicorn"
GUNICORN_SETTINGS = "gunicorn_conf"


class Readiness(StrEnum):
    HTTP = "http"
    """GET /ready answers 200 (or 404: a service with no readiness route is up once it serves)."""
    LOG = "log"
    """The marker appears in its output (Celery's "ready.")."""
    STARTED = "started"
    """Still running a moment after start: all a command without a signal of its own gives."""


@dataclass(frozen=True)
class Start:
    command: tuple[str, ...]
    directory: Path
    """Where it runs: the workspace root (members are installed, so they import from
    anywhere, and relative paths mean what they meant before); a declared command runs
    from the member's folder."""
    readiness: Readiness
    marker: str = ""
    migrate: tuple[str, ...] | None = None
    """Run first, from the same directory, with the same environment."""
    docs: str = ""
    """The path of its API docs, where it has some (FastAPI's `/docs`)."""


def start_of(workspace: Workspace, member: Member, port: int | None, bin_dir: Path) -> Start:
    """How `up` starts `member` (a service or worker) on `port`, with `bin_dir` the venv's."""
    folder = workspace.root / member.path
    where = member.file("pyproject.toml")
    if member.command is not None:
        return _declared(member, folder, port, where)
    runtime = member.runtime
    if runtime is None:
        raise ShipyardError(
            f"{member.role} {member.name}: shipyard can't tell how to start it (no runtime "
            f"declared or inferred from its dependencies); set `runtime` or `command` under "
            f"[tool.shipyard] in {where}."
        )
    if member.role is Role.SERVICE and runtime in _WORKER_RUNTIMES:
        raise ShipyardError(
            f'service {member.name} has the worker runtime {runtime}; set `role = "worker"` '
            f"or a `command` under [tool.shipyard] in {where}."
        )
    starter = _STARTERS.get(runtime)
    if starter is None:
        raise ShipyardError(
            f"{member.role} {member.name} runs on {runtime}, which has no command shipyard can "
            f"infer; set `command` under [tool.shipyard] in {where} ({{port}} is replaced)."
        )
    start = starter(member, folder, port, bin_dir, workspace.root)
    if start is None:
        raise ShipyardError(
            f"{member.role} {member.name} ({runtime}): {_MISSING[runtime]} was not found in "
            f"its source; set `command` under [tool.shipyard] in {where} "
            "({port} is replaced by its port)."
        )
    return start


def _declared(member: Member, folder: Path, port: int | None, where: str) -> Start:
    assert member.command is not None
    try:
        words = [w.replace("{port}", str(port or "")) for w in shlex.split(member.command)]
    except ValueError as exc:
        raise ShipyardError(f"{where}: [tool.shipyard] command can't be parsed: {exc}.") from None
    readiness = Readiness.HTTP if member.role is Role.SERVICE else Readiness.STARTED
    return Start(tuple(words), folder, readiness)


def _fastapi(
    member: Member, folder: Path, port: int | None, bin_dir: Path, root: Path
) -> Start | None:
    entry = entrypoints.find_app(folder, member.import_name, ("FastAPI", "Starlette"))
    if entry is None:
        return None
    command = [str(bin_dir / "uvicorn"), entry.target, *(["--factory"] if entry.factory else [])]
    command += ["--host", HOST, "--port", str(port), "--no-access-log"]
    migrate = _alembic(folder, bin_dir)
    return Start(tuple(command), _where(entry, root), Readiness.HTTP, migrate=migrate, docs="/docs")


def _flask(
    member: Member, folder: Path, port: int | None, bin_dir: Path, root: Path
) -> Start | None:
    entry = entrypoints.find_app(folder, member.import_name, ("Flask",))
    if entry is None:
        return None
    # `module:create_app()` calls the factory, for gunicorn and `flask --app` alike.
    target = f"{entry.target}()" if entry.factory else entry.target
    if GUNICORN in member.dependencies:
        command = _gunicorn(entry, target, port, bin_dir)
    else:  # the development server, without reloader or debugger
        command = (str(bin_dir / "flask"), "--app", target, "run", "--host", HOST)
        command += ("--port", str(port))
    return Start(command, _where(entry, root), Readiness.HTTP, migrate=_alembic(folder, bin_dir))


def _gunicorn(
    entry: entrypoints.EntryPoint, target: str, port: int | None, bin_dir: Path
) -> tuple[str, ...]:
    """The server its image runs, with its settings (a `gunicorn_conf` module beside the app,
    as generated services have) but one worker: production's code path, started in a moment."""
    command = [str(bin_dir / "gunicorn")]
    package, _, _ = entry.module.rpartition(".")
    settings = f"{package}.{GUNICORN_SETTINGS}" if package else GUNICORN_SETTINGS
    if (entry.directory / Path(*settings.split("."))).with_suffix(".py").is_file():
        command += ["--config", f"python:{settings}"]
    command += ["--bind", f"{HOST}:{port}", "--workers", "1", target]
    return tuple(command)


def _django(
    member: Member, folder: Path, port: int | None, bin_dir: Path, root: Path
) -> Start | None:
    manage = entrypoints.find_manage_py(folder)
    if manage is None:
        return None
    python = str(bin_dir / "python")
    serve = (python, str(manage), "runserver", f"{HOST}:{port}", "--noreload")
    migrate = (python, str(manage), "migrate", "--noinput")
    return Start(serve, root, Readiness.HTTP, migrate=migrate)


def _celery(
    member: Member, folder: Path, port: int | None, bin_dir: Path, root: Path
) -> Start | None:
    # `celery -A module` itself looks for `app` or `celery` in the module.
    entry = entrypoints.find_instance(
        folder, member.import_name, ("Celery",), library="celery", names=("app", "celery")
    )
    if entry is None:
        return None
    command = [str(bin_dir / "celery"), "-A", entry.target, "worker"]
    command += ["--hostname", f"{member.name}@%h", "--without-gossip", "--without-mingle"]
    command += ["--loglevel", "INFO"]  # Celery says "ready." at INFO: `up` waits for it
    return Start(tuple(command), _where(entry, root), Readiness.LOG, marker=CELERY_READY)


def _dramatiq(
    member: Member, folder: Path, port: int | None, bin_dir: Path, root: Path
) -> Start | None:
    modules = entrypoints.find_decorated_modules(folder, member.import_name, "actor")
    if not modules:
        return None
    command = (str(bin_dir / "dramatiq"), *modules, "--processes", "1")
    return Start(command, root, Readiness.STARTED)


def _arq(member: Member, folder: Path, port: int | None, bin_dir: Path, root: Path) -> Start | None:
    entry = entrypoints.find_class(folder, member.import_name, "WorkerSettings")
    if entry is None:
        return None
    command = (str(bin_dir / "arq"), f"{entry.module}.{entry.attribute}")
    return Start(command, _where(entry, root), Readiness.STARTED)


def _taskiq(
    member: Member, folder: Path, port: int | None, bin_dir: Path, root: Path
) -> Start | None:
    classes = ("ListQueueBroker", "AioPikaBroker", "NatsBroker", "InMemoryBroker", "ZeroMQBroker")
    entry = entrypoints.find_instance(folder, member.import_name, classes)
    if entry is None:
        return None
    command = (str(bin_dir / "taskiq"), "worker", entry.target)
    return Start(command, _where(entry, root), Readiness.STARTED)


def _where(entry: entrypoints.EntryPoint, root: Path) -> Path:
    """The root for an installed package; a loose module's own folder, which it imports from."""
    return root if entry.packaged else entry.directory


def _alembic(folder: Path, bin_dir: Path) -> tuple[str, ...] | None:
    ini = folder / "alembic.ini"
    return (str(bin_dir / "alembic"), "-c", str(ini), "upgrade", "head") if ini.is_file() else None


_STARTERS = {
    Runtime.FASTAPI: _fastapi,
    Runtime.FLASK: _flask,
    Runtime.DJANGO: _django,
    Runtime.CELERY: _celery,
    Runtime.DRAMATIQ: _dramatiq,
    Runtime.ARQ: _arq,
    Runtime.TASKIQ: _taskiq,
}
_MISSING = {
    Runtime.FASTAPI: "an app factory (create_app) or an `app = FastAPI()`",
    Runtime.FLASK: "an app factory (create_app) or an `app = Flask(__name__)`",
    Runtime.DJANGO: "manage.py",
    Runtime.CELERY: "a Celery app (`app = Celery(...)`)",
    Runtime.DRAMATIQ: "a module with @dramatiq.actor functions",
    Runtime.ARQ: "a WorkerSettings class",
    Runtime.TASKIQ: "a Taskiq broker (`broker = ...Broker(...)`)",
}
_WORKER_RUNTIMES = {Runtime.CELERY, Runtime.DRAMATIQ, Runtime.RQ, Runtime.ARQ, Runtime.TASKIQ}
