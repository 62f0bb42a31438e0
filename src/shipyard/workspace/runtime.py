"""What a member is and how it starts, when its `[tool.shipyard]` does not say: inferred only
where what it is made of leaves no doubt."""

from __future__ import annotations

from pathlib import Path

from shipyard.workspace.model import Role, Runtime

LIB_DIRECTORIES = {"libs", "lib", "packages"}
SERVICE_DIRECTORIES = {"services", "service"}
# Distribution -> the runtime it makes a member; web frameworks without a runtime of their
# own (Starlette, Quart, aiohttp...) still make a service, started by a declared command.
WEB_RUNTIMES = {"fastapi": Runtime.FASTAPI, "flask": Runtime.FLASK, "django": Runtime.DJANGO}
WEB_FRAMEWORKS = {
    *WEB_RUNTIMES, "aiohttp", "falcon", "litestar", "quart", "sanic", "starlette",
}  # fmt: skip
QUEUE_RUNTIMES = {
    "celery": Runtime.CELERY,
    "dramatiq": Runtime.DRAMATIQ,
    "rq": Runtime.RQ,
    "arq": Runtime.ARQ,
    "taskiq": Runtime.TASKIQ,
}
TASK_QUEUES = {*QUEUE_RUNTIMES, "huey"}


def infer_role(directory: Path, dependencies: tuple[str, ...], relative: Path) -> Role:
    """The folder says it when it is `libs/` or `services/`; elsewhere (`apps/`, `tools/`, the
    root itself) what the member is made of decides: a web framework or a Dockerfile makes a
    service, a task queue a worker, anything else (a CLI, a package) a lib."""
    folder = relative.parent.name if relative.parts else ""
    if folder in LIB_DIRECTORIES:
        return Role.LIB
    if folder in SERVICE_DIRECTORIES:
        return Role.SERVICE
    declared = set(dependencies)
    if declared & WEB_FRAMEWORKS or (directory / "Dockerfile").is_file():
        return Role.SERVICE
    if declared & TASK_QUEUES:
        return Role.WORKER
    return Role.LIB


def infer_runtime(role: Role, dependencies: tuple[str, ...]) -> Runtime | None:
    """The one runtime the dependencies allow for this role, or None when there are none or
    several (a service declaring both Flask and FastAPI says nothing certain)."""
    table = {Role.SERVICE: WEB_RUNTIMES, Role.WORKER: QUEUE_RUNTIMES}.get(role)
    if table is None:
        return None
    found = {table[d] for d in dependencies if d in table}
    return found.pop() if len(found) == 1 else None
