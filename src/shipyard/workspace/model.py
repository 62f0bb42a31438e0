"""Workspace and Member: plain values built from disk by `load`, never by hand-parsing elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from shipyard.workspace.paths import join

# PEP 503, as packaging.utils.canonicalize_name: written out because importing packaging
# costs about 20 ms, and `shipyard check` runs on every save (tests/rules checks they agree).
_SEPARATORS = re.compile(r"[-_.]+")


def canonical_name(name: str) -> str:
    """`Order_Events` and `order.events` are both the distribution `order-events`."""
    return _SEPARATORS.sub("-", name).lower()


class Role(StrEnum):
    """What a member is to the architecture: the boundary rules ask this, and only this."""

    SERVICE = "service"
    WORKER = "worker"
    LIB = "lib"

    @property
    def directory(self) -> str:
        """Where shipyard puts new members of this role, relative to the workspace root."""
        return "libs" if self is Role.LIB else "services"

    @property
    def deployed(self) -> bool:
        """Services and workers run as processes, have images and manifests; libs do not."""
        return self is not Role.LIB


class Runtime(StrEnum):
    """How a member starts: `up`, `build`, compose and Kubernetes ask this, never the role."""

    FASTAPI = "fastapi"
    FLASK = "flask"
    DJANGO = "django"
    CELERY = "celery"
    DRAMATIQ = "dramatiq"
    RQ = "rq"
    ARQ = "arq"
    TASKIQ = "taskiq"
    COMMAND = "command"
    """Whatever `[tool.shipyard] command` says."""


@dataclass(frozen=True)
class Member:
    name: str
    """Distribution name, as in the member's `[project] name`."""
    role: Role
    path: Path
    """Relative to the workspace root."""
    dependencies: tuple[str, ...]
    """Normalized distribution names from `[project] dependencies`."""
    port: int | None = None
    """The local port a service listens on in compose and `up`."""
    calls: tuple[str, ...] = ()
    """`[tool.shipyard] calls`: the services this one sends HTTP requests to. Each gets its
    base URL as `NAME_URL` in `up`, compose and Kubernetes."""
    runtime: Runtime | None = None
    """Declared, or inferred when the dependencies leave no doubt; None when unknown."""
    command: str | None = None
    """`[tool.shipyard] command`: how to start it, `{port}` standing for its port."""
    development: tuple[str, ...] = ()
    """Test and tool dependencies read from files other than the pyproject (requirements-
    dev.txt, Poetry groups...); the pyproject's own groups are read by the rules."""
    sources: tuple[str, ...] = ()
    """Root-relative files besides its pyproject that its dependencies were read from."""
    export_requirements: bool = False
    """`[tool.shipyard] export-requirements`: its `requirements.txt` is kept exported from
    uv.lock (its runtime closure, pinned, with hashes) for installs without uv."""

    @property
    def deployed(self) -> bool:
        return self.role.deployed

    @property
    def folder(self) -> str:
        """Root-relative, with forward slashes; "" when the member is the workspace root."""
        posix = self.path.as_posix()
        return "" if posix == "." else posix

    def file(self, name: str) -> str:
        """The root-relative path of `name` in the member's folder."""
        return join(self.folder, name)

    @property
    def import_name(self) -> str:
        return self.name.replace("-", "_")

    @property
    def env_prefix(self) -> str:
        """`ORDER_EVENTS_`: the prefix of this member's settings, and of `ORDER_EVENTS_URL`."""
        return f"{self.import_name.upper()}_"


@dataclass(frozen=True)
class Scenario:
    """An integration scenario: the members it runs together in compose, under one profile."""

    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Workspace:
    root: Path
    name: str
    member_globs: tuple[str, ...]
    members: tuple[Member, ...]
    line_length: int = 100
    """`[tool.ruff] line-length` of the root pyproject: generated code is formatted to it."""
    scenarios: tuple[Scenario, ...] = ()
    """`[tool.shipyard.scenarios]`: name = [member, ...]."""
    problems: tuple[Problem, ...] = ()
    """What could not be read (only when loaded leniently, for `check`)."""

    def member(self, name: str) -> Member | None:
        """The member whose distribution name is `name` (`order_events` finds `order-events`)."""
        wanted = canonical_name(name)
        return next((m for m in self.members if m.name == wanted), None)

    def of_role(self, role: Role) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.role is role)

    @property
    def services(self) -> tuple[Member, ...]:
        return self.of_role(Role.SERVICE)

    @property
    def libs(self) -> tuple[Member, ...]:
        return self.of_role(Role.LIB)

    @property
    def deployed(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.deployed)

    def called_by(self, member: Member) -> tuple[Member, ...]:
        """The services `member` calls, as members (load checked that they exist)."""
        return tuple(m for m in self.services if m.name in member.calls)

    def next_port(self, first: int = 8001) -> int:
        used = {m.port for m in self.members if m.port is not None}
        return max(used, default=first - 1) + 1


@dataclass(frozen=True)
class Problem:
    """A piece of configuration that could not be read: where, and one sentence saying why."""

    path: Path
    """Relative to the workspace root."""
    message: str
