"""Name rules for workspaces and members: one clear sentence for each way a name can be wrong."""

from __future__ import annotations

import keyword
import re
import sys

from shipyard.errors import ShipyardError
from shipyard.workspace.load import locked_distributions
from shipyard.workspace.model import Workspace, canonical_name

# Longer names would push generated lines past the line length even after formatting.
MAX_LENGTH = 30
WORKSPACE_MAX_LENGTH = 60
MEMBER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# PEP 508 names; a workspace root is never imported, so dashes and dots are fine there.
WORKSPACE_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")

# Import names a member must not shadow: the generated code, its tests and its tools import
# these (a workspace's uv.lock and its members' dependencies add their own, see `_taken`).
RESERVED = frozenset(
    {
        "aiosqlite", "alembic", "amqp", "anyio", "asyncpg", "billiard", "blinker", "celery",
        "click", "conftest", "fastapi", "flask", "greenlet", "gunicorn", "h11", "httpcore",
        "httpx", "idna", "itsdangerous", "jinja2", "kombu", "mako", "markupsafe", "migrations",
        "mypy", "prometheus_client", "psycopg", "pydantic", "pydantic_core", "pydantic_settings",
        "pytest", "redis", "ruff", "shipyard", "sniffio", "sqlalchemy", "src", "starlette",
        "structlog", "test", "tests", "typing_extensions", "uv", "uvicorn", "vine", "werkzeug",
    }
)  # fmt: skip


def validate_member_name(name: str, workspace: Workspace | None = None) -> str:
    """Return `name` if it can be a member's distribution and import name, else raise."""
    if not name:
        raise ShipyardError("The name is empty; give a lowercase Python identifier like `catalog`.")
    if len(name) > MAX_LENGTH:
        raise ShipyardError(f"The name {name!r} is longer than {MAX_LENGTH} characters.")
    if not MEMBER_NAME.match(name):
        hint = re.sub(r"[^a-z0-9_]", "_", name.lower()).lstrip("_0123456789") or "catalog"
        raise ShipyardError(
            f"The name {name!r} must be a lowercase Python identifier "
            f"(letters, digits and underscores, starting with a letter), for example {hint!r}."
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise ShipyardError(f"The name {name!r} is a Python keyword.")
    if name in sys.stdlib_module_names:
        raise ShipyardError(f"The name {name!r} would shadow the standard library module {name}.")
    if name.endswith("_"):
        raise ShipyardError(
            f"The name {name!r} ends with '_': its distribution name would end with '-', "
            f"which no package index accepts; try {name.rstrip('_')!r}."
        )
    if name in RESERVED:
        raise ShipyardError(
            f"The name {name!r} is reserved: it would shadow a package the workspace depends on."
        )
    if workspace is not None and (existing := workspace.member(name)) is not None:
        raise ShipyardError(
            f"The workspace already has a {existing.role} named {name!r} at {existing.path}."
        )
    if workspace is not None and name in _taken(workspace):
        raise ShipyardError(
            f"The name {name!r} would shadow the distribution {name} that this workspace "
            "installs (it is in uv.lock or a member's dependencies); choose another."
        )
    return name


def _taken(workspace: Workspace) -> set[str]:
    """Import names of the distributions the workspace installs besides its own members."""
    names = {d for m in workspace.members for d in m.dependencies}
    names |= locked_distributions(workspace.root)
    names -= {m.name for m in workspace.members} | {canonical_name(workspace.name)}
    return {canonical_name(n).replace("-", "_") for n in names}


def validate_workspace_name(name: str) -> str:
    """The root project's name: uv refuses a workspace whose root is named like one of its
    dependencies (`shipyard new fastapi`)."""
    if not WORKSPACE_NAME.match(name):
        raise ShipyardError(
            f"The workspace name {name!r} is not a valid project name "
            "(letters, digits, '.', '_' and '-', starting and ending with a letter or digit)."
        )
    if len(name) > WORKSPACE_MAX_LENGTH:
        raise ShipyardError(
            f"The workspace name {name!r} is longer than {WORKSPACE_MAX_LENGTH} characters."
        )
    if canonical_name(name).replace("-", "_") in RESERVED:
        raise ShipyardError(
            f"The workspace name {name!r} is the name of a package its members depend on; "
            "give it another with --name."
        )
    return name
