"""What one app's tests reached in other apps, from what its test run recorded (module names
and SQL table names): "independently testable", measured rather than assumed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from shipyard.errors import ShipyardError
from shipyard.rules.context import CheckContext
from shipyard.rules.families.django.analysis import Analysis, AppInfo, analyse
from shipyard.workspace import Member


class Reach(NamedTuple):
    modules: dict[str, list[str]]
    """Other app -> its modules the tests imported (or hold names from)."""
    tables: dict[str, list[str]]
    """Other app -> its tables the tests' SQL touched."""

    @property
    def alone(self) -> bool:
        return not self.modules and not self.tables


class AppUnderTest(NamedTuple):
    member: Member
    app: AppInfo
    analysis: Analysis


def find_app(context: CheckContext, name: str) -> AppUnderTest:
    """The app called `name` (label or module) in the workspace's Django members."""
    known = []
    for member in context.workspace.members:
        analysis = analyse(context, member)
        for app in analysis.apps:
            if name in (app.label, app.module):
                return AppUnderTest(member, app, analysis)
            known.append(app.module)
    if not known:
        raise ShipyardError(
            f"{context.root} has no Django project (no manage.py, settings or apps.py)."
        )
    raise ShipyardError(
        f"No Django app is named {name!r}; the apps are: {', '.join(sorted(known))}."
    )


def reach_of(
    context: CheckContext,
    tested: AppUnderTest,
    modules: Iterable[str],
    tables: Iterable[str],
) -> Reach:
    index = context.index
    apps = {app.module: app for app in tested.analysis.apps}
    by_module: dict[str, list[str]] = {}
    for module in sorted(set(modules)):
        owner = index.app_named(tested.member, module)
        if owner is not None and owner.module != tested.app.module and owner.module in apps:
            by_module.setdefault(owner.module, []).append(module)
    owners = {m.table.lower(): m.app for m in tested.analysis.models if m.table}
    labels = sorted(apps.values(), key=lambda a: -len(a.label))
    by_table: dict[str, list[str]] = {}
    for table in sorted({t.lower() for t in tables}):
        holder = owners.get(table) or next(
            (a.module for a in labels if table.startswith(a.label.lower() + "_")), None
        )
        if holder is not None and holder != tested.app.module:
            by_table.setdefault(holder, []).append(table)
    return Reach(by_module, by_table)
