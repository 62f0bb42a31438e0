"""Service boundaries of each Django app, computed from the code: what it owns (models and
their tables), what it needs from the other apps and who needs it, by kind of coupling, and
how far it is from extraction (the couplings that do not go through an interface)."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from shipyard.rules.context import CheckContext
from shipyard.rules.families.django.analysis import (
    Analysis,
    AppInfo,
    Coupling,
    Kind,
    LogicInView,
    OwnedModel,
    analyse,
)
from shipyard.workspace import Member

# Each column of the counts: its key, its title, and how one and several read in a summary.
COLUMNS = (
    ("imports", "Imports of internals", "import of internals", "imports of internals"),
    ("interface", "Imports of its interface", "interface import", "interface imports"),
    ("foreign keys", "Foreign keys", "foreign key", "foreign keys"),
    ("get_model", "get_model", "get_model", "get_model"),
    ("signals", "Signal receivers", "signal receiver", "signal receivers"),
    ("tests", "Test imports of internals", "test import", "test imports"),
)


class Dependency(NamedTuple):
    """The couplings between two apps, one way."""

    source: str
    target: str
    couplings: tuple[Coupling, ...]

    def counts(self) -> Counter[str]:
        found: Counter[str] = Counter()
        for coupling in self.couplings:
            column = _column(coupling)
            if column is not None:
                found[column] += 1
        return found

    @property
    def blocking(self) -> int:
        """Couplings that must go before the apps can be split: all but interface imports
        (tests counted apart)."""
        return sum(1 for c in self.couplings if _blocks(c))


class AppBoundary(NamedTuple):
    app: AppInfo
    models: tuple[OwnedModel, ...]
    depends_on: tuple[Dependency, ...]
    used_by: tuple[Dependency, ...]
    views: tuple[LogicInView, ...]
    """Views holding business logic (SY506): to move into services first."""

    @property
    def tables(self) -> list[str]:
        return [m.table for m in self.models if m.table is not None]

    @property
    def blocking_out(self) -> int:
        return sum(d.blocking for d in self.depends_on)

    @property
    def blocking_in(self) -> int:
        return sum(d.blocking for d in self.used_by)

    @property
    def test_couplings(self) -> int:
        everything = (*self.depends_on, *self.used_by)
        return sum(1 for d in everything for c in d.couplings if _column(c) == "tests")

    @property
    def readiness(self) -> str:
        out, into = self.blocking_out, self.blocking_in
        if out == into == 0:
            return "ready: only its interface crosses its boundary"
        return f"needs work: {out} non-interface dependencies out, {into} in"


class ProjectBoundaries(NamedTuple):
    member: Member
    apps: tuple[AppBoundary, ...]
    user_model: str | None


def compute_boundaries(context: CheckContext) -> list[ProjectBoundaries]:
    """Every Django member's apps, in the workspace's order."""
    found = []
    for member in context.workspace.members:
        analysis = analyse(context, member)
        if analysis.apps:
            found.append(ProjectBoundaries(member, _apps(analysis), analysis.user_model))
    return found


def _apps(analysis: Analysis) -> tuple[AppBoundary, ...]:
    pairs: dict[tuple[str, str], list[Coupling]] = {}
    for coupling in analysis.couplings:
        pairs.setdefault((coupling.source, coupling.target), []).append(coupling)
    dependencies = [Dependency(s, t, tuple(found)) for (s, t), found in sorted(pairs.items())]
    return tuple(
        AppBoundary(
            app,
            tuple(m for m in analysis.models if m.app == app.module),
            tuple(d for d in dependencies if d.source == app.module),
            tuple(d for d in dependencies if d.target == app.module),
            tuple(v for v in analysis.views if v.app == app.module),
        )
        for app in analysis.apps
    )


def _column(coupling: Coupling) -> str | None:
    """None for tests importing another app's interface: nothing to move."""
    kind = Kind(coupling.kind)
    if kind is Kind.TEST_IMPORT:
        return None if coupling.allowed else "tests"
    if kind is Kind.IMPORT:
        return "interface" if coupling.allowed else "imports"
    if kind in (Kind.STRING_REF, Kind.CLASS_REF, Kind.USER_MODEL):
        return "foreign keys"
    if kind is Kind.GET_MODEL:
        return "get_model"
    return "interface" if coupling.allowed else "signals"


def _blocks(coupling: Coupling) -> bool:
    return not coupling.allowed and coupling.kind != Kind.TEST_IMPORT


def summary(dependency: Dependency) -> str:
    """`2 imports of internals, 1 foreign key`: the counts of a dependency in words."""
    counts = dependency.counts()
    return ", ".join(
        f"{counts[key]} {one if counts[key] == 1 else several}"
        for key, _, one, several in COLUMNS
        if counts[key]
    )
