"""How the apps of a Django member are coupled: every import, model reference, `get_model` and
signal that crosses from one app to another (and whether it goes through the target's
interface), the views holding business logic, and the models (tables) each app owns.

Shared by the SY502-SY506 rules and `shipyard boundaries`. Imports come from the import graph;
the rest from each file's facts (`shipyard.django.facts`). Migrations are left out: Django
writes them, and they follow the models.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import NamedTuple

from shipyard.django import DjangoApp
from shipyard.django.appconfig import app_configs
from shipyard.django.facts import FileFacts, ModelRef, SignalHookup, is_model_base
from shipyard.django.migrations import MigratedModel, ModelOperation, is_migration, replay
from shipyard.django.views import ViewLogic
from shipyard.graph import absolute_module, is_test_path
from shipyard.rules.context import CheckContext
from shipyard.rules.families.django.config import DjangoConfig, django_config
from shipyard.rules.families.django.facts import file_facts
from shipyard.workspace import Member

Resolver = Callable[[str], str]
"""A dotted name as written in a file -> the absolute dotted name it refers to."""


class Kind(StrEnum):
    IMPORT = "import"
    """Runtime code imports a module of another app."""
    TEST_IMPORT = "test-import"
    """Test code does."""
    STRING_REF = "string-ref"
    """`ForeignKey("users.User")`: data coupling the import graph misses."""
    CLASS_REF = "class-ref"
    """`ForeignKey(User)`, `User` imported from another app (the import is reported itself)."""
    USER_MODEL = "user-model"
    """`ForeignKey(settings.AUTH_USER_MODEL)`: Django's way, still a foreign key to move."""
    GET_MODEL = "get-model"
    SIGNAL = "signal"
    """A receiver of another app's model's signal, or of a signal another app defines."""


SERVICE_MODULES = frozenset({"services", "service", "tasks"})


class Coupling(NamedTuple):
    kind: str
    source: str
    """The app module coupled from."""
    target: str
    """The app module coupled to."""
    path: str
    line: int
    col: int
    detail: str
    """What is used: `users.models`, `users.User`, `post_save of users.models.User`."""
    allowed: bool
    """Through the target's declared interface (its `contracts` package by default)."""


class AppInfo(NamedTuple):
    module: str
    label: str
    folder: str
    interface: tuple[str, ...]
    """Submodules other apps may use (relative to the app)."""


class OwnedModel(NamedTuple):
    app: str
    name: str
    table: str | None
    """None for abstract and proxy models, which have no table of their own."""
    path: str
    line: int


class LogicInView(NamedTuple):
    app: str
    path: str
    line: int
    col: int
    name: str
    writes: tuple[str, ...]
    effects: tuple[str, ...]
    calls_out: tuple[str, ...]
    """Calls into other apps' internals, resolved: `users.services.notify_members`."""


class Analysis(NamedTuple):
    apps: tuple[AppInfo, ...]
    couplings: tuple[Coupling, ...]
    models: tuple[OwnedModel, ...]
    views: tuple[LogicInView, ...]
    user_model: str | None
    """AUTH_USER_MODEL as the settings write it (`users.User`), when they do."""


NOTHING = Analysis((), (), (), (), None)


def analyse(context: CheckContext, member: Member) -> Analysis:
    apps = context.index.apps_of(member)
    if not apps:
        return NOTHING
    return _Analyser(context, member, django_config(context.pyproject(None)), apps).run()


def through_interface(module: str, app: AppInfo) -> bool:
    """Whether `module` (inside `app`) is part of the app's interface; `*` makes all of it
    (a shared kernel such as `core`)."""
    rest = module[len(app.module) + 1 :]
    return any(part == "*" or rest == part or rest.startswith(part + ".") for part in app.interface)


class _Analyser:
    def __init__(
        self,
        context: CheckContext,
        member: Member,
        config: DjangoConfig,
        django: tuple[DjangoApp, ...],
    ) -> None:
        self.context = context
        self.member = member
        self.index = context.index
        self.config = config
        self.django = django
        self.couplings: list[Coupling] = []
        self.views: list[LogicInView] = []

    def run(self) -> Analysis:
        graph = self.context.graph
        files = [p for p in graph.files_of(self.member) if not is_migration(p)]
        migrations = [p for p in graph.files_of(self.member) if is_migration(p)]
        modules = {app.module for app in self.django}
        # `from users import models` names the app package: its names tell what is taken.
        needed = [
            (p, any(i.module in modules and not i.dynamic for i in graph.imports_of(p)))
            for p in files
        ]
        needed += [(p, False) for p in migrations]
        self.facts = file_facts(self.context, self.member, needed)
        self.apps = {app.module: self._info(app) for app in self.django}
        self.by_label = {info.label: info for info in self.apps.values()}
        self.user_model = next(
            (f.user_model for f in self.facts.values() if f.user_model is not None), None
        )
        owners: list[tuple[AppInfo, str, FileFacts]] = []
        for path in files:
            app = self.index.app_of(path)
            if app is None or app.module not in self.apps:
                continue
            source = self.apps[app.module]
            self._imports(path, source)
            facts = self.facts.get(path)
            if facts is not None and not is_test_path(path):
                self._references(path, source, facts)
                owners.append((source, path, facts))
        migrated = self._migrations(migrations)
        models = [
            model
            for info in self.apps.values()
            for model in _owned(info, owners, migrated.get(info.module))
        ]
        return Analysis(
            tuple(self.apps[m] for m in sorted(self.apps)),
            tuple(sorted(set(self.couplings))),
            tuple(sorted(models)),
            tuple(sorted(self.views)),
            self.user_model,
        )

    def _migrations(self, paths: list[str]) -> dict[str, list[tuple[str, ModelOperation]]]:
        """Each app's model operations, in migration order (file names: 0001_ before 0002_)."""
        found: dict[str, list[tuple[str, ModelOperation]]] = {}
        for path in paths:
            app = self.index.app_of(path)
            facts = self.facts.get(path)
            if app is not None and app.module in self.apps and facts is not None:
                found.setdefault(app.module, []).extend((path, o) for o in facts.migrations)
        return found

    def _info(self, app: DjangoApp) -> AppInfo:
        label = app.module.rpartition(".")[2]
        text = self.context.read(f"{app.folder}/apps.py")
        if text is not None and "AppConfig" in text:
            try:
                configs = app_configs(ast.parse(text))
            except (SyntaxError, ValueError):
                configs = []
            mine = [c for c in configs if c.name in (None, app.module)] or configs
            label = next((c.label for c in mine if c.label), label)
        return AppInfo(app.module, label, app.folder, self.config.interface_of(app.module, label))

    def _target(self, module: str) -> AppInfo | None:
        app = self.index.app_named(self.member, module) if module else None
        return self.apps.get(app.module) if app is not None else None

    def _add(
        self,
        kind: Kind,
        source: AppInfo,
        target: AppInfo,
        where: tuple[str, int, int],
        detail: str,
        *,
        allowed: bool = False,
    ) -> None:
        if target is not source:
            coupling = Coupling(kind.value, source.module, target.module, *where, detail, allowed)
            self.couplings.append(coupling)

    def _imports(self, path: str, source: AppInfo) -> None:
        kind = Kind.TEST_IMPORT if is_test_path(path) else Kind.IMPORT
        facts = self.facts.get(path)
        names = {(line, col): taken for line, col, taken in facts.import_names} if facts else {}
        for found in self.context.graph.imports_of(path):
            if found.target is not self.member:
                continue
            target = self._target(found.module)
            if target is None or target is source:
                continue
            taken = names.get((found.line, found.col), ()) if found.module == target.module else ()
            for module in [f"{found.module}.{name}" for name in taken] or [found.module]:
                where = (path, found.line, found.col)
                allowed = through_interface(module, target)
                self._add(kind, source, target, where, module, allowed=allowed)

    def _references(self, path: str, source: AppInfo, facts: FileFacts) -> None:
        resolve = _resolver(self.index.module_name(path), facts)
        for ref in facts.model_refs:
            self._model_ref(path, source, ref, resolve)
        for call in facts.get_models:
            if (target := self.by_label.get(call.label)) is not None:
                where = (path, call.line, call.col)
                self._add(Kind.GET_MODEL, source, target, where, f"{target.module}.{call.model}")
        for hookup in facts.signals:
            self._signal(path, source, hookup, resolve)
        for view in facts.views:
            self._view(path, source, view, resolve)

    def _model_ref(self, path: str, source: AppInfo, ref: ModelRef, resolve: Resolver) -> None:
        where = (path, ref.line, ref.col)
        if ref.string:
            label, dot, model = ref.target.rpartition(".")
            if dot and (target := self.by_label.get(label)) is not None:
                self._add(Kind.STRING_REF, source, target, where, f"{target.module}.{model}")
        elif ref.target.endswith("AUTH_USER_MODEL"):
            label, _, model = (self.user_model or "").rpartition(".")
            if (target := self.by_label.get(label)) is not None:
                self._add(Kind.USER_MODEL, source, target, where, f"{target.module}.{model}")
        elif (target := self._target(absolute := resolve(ref.target))) is not None:
            self._add(Kind.CLASS_REF, source, target, where, absolute)

    def _signal(self, path: str, source: AppInfo, hookup: SignalHookup, resolve: Resolver) -> None:
        where = (path, hookup.line, hookup.col)
        signal = resolve(hookup.signal)
        owner = self._target(signal)
        if owner is not None:
            allowed = through_interface(signal, owner)
            self._add(Kind.SIGNAL, source, owner, where, signal, allowed=allowed)
        if not hookup.sender:
            return
        if hookup.string:
            label, _, model = hookup.sender.rpartition(".")
            target = self.by_label.get(label)
            sender = f"{target.module}.{model}" if target is not None else ""
        else:
            sender = resolve(hookup.sender)
            target = self._target(sender)
        if target is not None:
            short = signal.rpartition(".")[2]
            # A sender in the target's interface (an event class of its contracts) is what
            # an app publishing events offers: receiving it is no coupling to remove.
            allowed = not hookup.string and through_interface(sender, target)
            self._add(Kind.SIGNAL, source, target, where, f"{short} of {sender}", allowed=allowed)

    def _view(self, path: str, source: AppInfo, view: ViewLogic, resolve: Resolver) -> None:
        calls_out = []
        for call in view.calls:
            absolute = resolve(call)
            target = self._target(absolute)
            # Writes through another app's service layer or tasks; reading its models or
            # calling its helpers is the import's coupling (SY502), not logic.
            if target in (None, source) or through_interface(absolute, target):
                continue
            if absolute[len(target.module) + 1 :].partition(".")[0] in SERVICE_MODULES:
                calls_out.append(absolute)
        # Calling another app's services alone is coupling (SY502 reports the import), not
        # logic: measured, it flagged pure helpers (markdown rendering, a photo URL).
        if view.writes or view.effects:
            self.views.append(
                LogicInView(
                    source.module, path, view.line, view.col, view.name,
                    view.writes, view.effects, tuple(calls_out),
                )
            )  # fmt: skip


def _resolver(module: tuple[str, bool], facts: FileFacts) -> Resolver:
    name, package = module
    bound = {local: (level, target) for local, level, target in facts.bindings}

    def resolve(text: str) -> str:
        root, dot, rest = text.partition(".")
        if root not in bound:
            return f"{name}.{text}"  # defined in this module
        level, target = bound[root]
        absolute = absolute_module(target, level, name, package)
        return f"{absolute}.{rest}" if dot and absolute else absolute

    return resolve


def _owned(
    app: AppInfo,
    owners: list[tuple[AppInfo, str, FileFacts]],
    migrations: list[tuple[str, ModelOperation]] | None,
) -> Iterator[OwnedModel]:
    """The app's models: classes of its models modules that derive from a model, and, when it
    has migrations, the tables they create (which then decide what has a table: a class
    named like a model that no migration creates has none)."""
    found = {m.name.lower(): m for m in _code_models(owners) if m.app == app.module}
    if migrations is None:
        yield from found.values()
        return
    tables = replay(migrations)
    for key, model in found.items():
        migrated = tables.get(key)
        yield model._replace(table=_table(app, migrated) if migrated else None)
    for key, migrated in tables.items():
        if key not in found:
            table = _table(app, migrated)
            yield OwnedModel(app.module, migrated.name, table, migrated.path, migrated.line)


def _table(app: AppInfo, model: MigratedModel) -> str | None:
    if model.proxy:
        return None
    return model.table or f"{app.label}_{model.name.lower()}"


def _code_models(owners: list[tuple[AppInfo, str, FileFacts]]) -> Iterator[OwnedModel]:
    """Classes of models modules deriving from a model: Django's, a well-known abstract one,
    or another class found here (by name: a mixin of one app serves the models of all)."""
    classes = [(app, path, c) for app, path, facts in owners for c in facts.models]
    models = {c.name for _, _, c in classes if any(is_model_base(b) for b in c.bases)}
    grown = True
    while grown:
        before = len(models)
        models |= {c.name for _, _, c in classes if any(_last(b) in models for b in c.bases)}
        grown = len(models) != before
    for app, path, c in classes:
        if c.name in models:
            own = not (c.abstract or c.proxy)
            table = (c.db_table or f"{app.label}_{c.name.lower()}") if own else None
            yield OwnedModel(app.module, c.name, table, path, c.line)


def _last(dotted: str) -> str:
    return dotted.rpartition(".")[2]
