"""Workspace and Member: plain values built from disk by `load`, never by hand-parsing elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# PEP 503, as packaging.utils.canonicalize_name: written out because importing packaging
# costs about 20 ms, and `shipyard check` runs on every save (tests/rules checks they agree).
_SEPARATORS = re.compile(r"[-_.]+")


def canonical_name(name: str) -> str:
    """`Order_Events` and `order.events` are both the distribution `order-events`."""
    return _SEPARATORS.sub("-", name).lower()


class Kind(StrEnum):
    SERVICE = "service"
    WORKER = "worker"
    LIB = "lib"

    @property
    def directory(self) -> str:
        """Where shipyard puts new members of this kind, relative to the workspace root."""
        return "libs" if self is Kind.LIB else "services"


@dataclass(frozen=True)
class Member:
    name: str
    """Distribution name, as in the member's `[project] name`."""
    kind: Kind
    path: Path
    """Relative to the workspace root."""
    dependencies: tuple[str, ...]
    """Normalized distribution names from `[project] dependencies`."""
    port: int | None = None
    """The local port a service listens on in compose and `up`."""
    calls: tuple[str, ...] = ()
    """`[tool.shipyard] calls`: the services this one sends HTTP requests to. Each gets its
    base URL as `NAME_URL` in `up`, compose and Kubernetes."""

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

    def member(self, name: str) -> Member | None:
        """The member whose distribution name is `name` (`order_events` finds `order-events`)."""
        wanted = canonical_name(name)
        return next((m for m in self.members if m.name == wanted), None)

    def of_kind(self, kind: Kind) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.kind is kind)

    @property
    def services(self) -> tuple[Member, ...]:
        return self.of_kind(Kind.SERVICE)

    @property
    def libs(self) -> tuple[Member, ...]:
        return self.of_kind(Kind.LIB)

    def called_by(self, member: Member) -> tuple[Member, ...]:
        """The services `member` calls, as members (load checked that they exist)."""
        return tuple(m for m in self.services if m.name in member.calls)

    def next_port(self, first: int = 8001) -> int:
        used = {m.port for m in self.members if m.port is not None}
        return max(used, default=first - 1) + 1
