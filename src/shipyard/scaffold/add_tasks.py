"""Plans for `shipyard add worker|task`: task contracts live in a lib, workers run them."""

from __future__ import annotations

from shipyard.changes.files import FilePlan, PlannedFile
from shipyard.errors import ShipyardError
from shipyard.scaffold.add_member import (
    deployable_shared_files,
    member_plan,
    new_member,
    shared_lib,
)
from shipyard.scaffold.context import lib_context, task_context, worker_context
from shipyard.scaffold.render import render_file, render_tree
from shipyard.scaffold.shared_files import member_pyproject_with, root_pyproject_with
from shipyard.scaffold.template_record import record_tasks, record_template
from shipyard.workspace import Member, Role, Workspace, validate_member_name

# What a lib needs once it holds task contracts and their machinery.
TASK_DEPENDENCIES = (
    "celery[redis]>=5.5",
    # 5.7: the first to honour unacked_restore_interval (see tasks/app.py).
    "kombu>=5.7",
    "pydantic>=2.10",
    "pydantic-settings>=2.7",
    "redis>=5",
    # The outbox runs in services' async sessions.
    "sqlalchemy[asyncio]>=2.0.36",
)

# Names whose task files would replace files the tasks package generates for itself.
# (tests/unit/test_names.py checks this against the templates.)
GENERATED_TASK_FILES = {"machinery": "tests/unit/test_task_machinery.py"}

# Celery ships no type hints: these stubs let mypy --strict check code that uses it. The
# outbox's tests run on SQLite through aiosqlite.
TASK_DEV_DEPENDENCIES = ("aiosqlite>=0.20", "celery-types>=0.26")


def plan_add_worker(workspace: Workspace, name: str, lib: str | None) -> FilePlan:
    tasks_lib = _tasks_lib(workspace, lib)
    member = new_member(
        workspace, name, Role.WORKER, dependencies=(tasks_lib.name, "celery", "pydantic")
    )
    files = render_tree("worker", member.path, worker_context(workspace, member))
    files += _tasks_package(workspace, tasks_lib)
    files += deployable_shared_files(workspace, member, dev=TASK_DEV_DEPENDENCIES)
    files = record_template(files, workspace.root, member.path, "worker", lib=tasks_lib.name)
    files = record_tasks(files, workspace.root, tasks_lib.path)
    return member_plan(workspace, files)


def plan_add_task(workspace: Workspace, name: str, lib: str | None) -> FilePlan:
    validate_member_name(name)
    if name in GENERATED_TASK_FILES:
        raise ShipyardError(
            f"The task name {name!r} is taken by the tasks package's own "
            f"{GENERATED_TASK_FILES[name]}; choose another."
        )
    tasks_lib = _tasks_lib(workspace, lib)
    package = tasks_lib.path / "src" / tasks_lib.import_name / "tasks"
    context = task_context(workspace, tasks_lib, name)
    files = _tasks_package(workspace, tasks_lib)
    files.append(root_pyproject_with(workspace, None, dev=TASK_DEV_DEPENDENCIES))
    for template, target in (
        ("contract", package / "contracts" / f"{name}.py"),
        ("handler", package / "handlers" / f"{name}.py"),
        ("test", tasks_lib.path / "tests" / "unit" / f"test_task_{name}.py"),
    ):
        if (workspace.root / target).exists():
            raise ShipyardError(f"The task {name!r} already exists: {target}.")
        files.append(PlannedFile(target, render_file(f"task/{template}.py.jinja", context)))
    files = record_tasks(files, workspace.root, tasks_lib.path, name)
    return member_plan(workspace, files)


def _tasks_lib(workspace: Workspace, lib: str | None) -> Member:
    member = shared_lib(workspace, lib)
    if member is None:
        raise ShipyardError(
            "Task contracts live in a lib and this workspace has none; "
            "run `shipyard add lib common` first."
        )
    if not (workspace.root / member.path / "src" / member.import_name / "logs.py").is_file():
        raise ShipyardError(
            f"The lib {member.name!r} was not made by shipyard (it has no logs module); "
            "choose another with --lib."
        )
    return member


def _tasks_package(workspace: Workspace, lib: Member) -> list[PlannedFile]:
    """The lib's `tasks` package, its tests and dependencies: planned once, on first use."""
    package = lib.path / "src" / lib.import_name / "tasks"
    if (workspace.root / package / "__init__.py").is_file():
        return []
    files = render_tree("lib-tasks", lib.path, lib_context(workspace, lib))
    files.append(member_pyproject_with(workspace, lib, TASK_DEPENDENCIES))
    return files
