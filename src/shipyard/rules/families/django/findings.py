"""The findings of SY502-SY506 from a member's analysis (`families.django.analysis`)."""

from __future__ import annotations

from collections.abc import Iterator

from shipyard.rules.context import CheckContext
from shipyard.rules.families.django.analysis import AppInfo, Coupling, Kind, LogicInView, analyse
from shipyard.rules.families.django.config import django_config
from shipyard.rules.families.django.coupling import (
    CROSS_APP_SIGNAL,
    INTERNAL_IMPORT,
    LOGIC_IN_VIEW,
    MODEL_REFERENCE,
    TEST_IMPORTS_MODELS,
)
from shipyard.rules.finding import Finding
from shipyard.rules.registry import Rule
from shipyard.workspace import Member


def coupling_findings(context: CheckContext, member: Member) -> Iterator[Finding]:
    analysis = analyse(context, member)
    if not analysis.apps:
        return
    config = django_config(context.pyproject(None))
    apps = {app.module: app for app in analysis.apps}
    for coupling in analysis.couplings:
        found = _finding(coupling, apps)
        if found is not None:
            rule, message = found
            severity = config.severity_of(rule.code, rule.severity)
            yield Finding(coupling.path, coupling.line, coupling.col, rule.code, message, severity)
    severity = config.severity_of(LOGIC_IN_VIEW.code, LOGIC_IN_VIEW.severity)
    for view in analysis.views:
        yield Finding(view.path, view.line, view.col, LOGIC_IN_VIEW.code, _logic(view), severity)


def _finding(coupling: Coupling, apps: dict[str, AppInfo]) -> tuple[Rule, str] | None:
    if coupling.allowed:
        return None
    source, target = coupling.source, apps[coupling.target]
    kind = Kind(coupling.kind)
    if kind is Kind.IMPORT:
        interface = ", ".join(f"{target.module}.{part}" for part in target.interface) or "none"
        return INTERNAL_IMPORT, (
            f"app {source} imports {coupling.detail}, internal to app {target.module} "
            f"(its interface: {interface})"
        )
    if kind is Kind.TEST_IMPORT:
        if not _is_models(coupling.detail, target):
            return None
        return TEST_IMPORTS_MODELS, (
            f"tests of app {source} import {coupling.detail} of app {target.module}; "
            "build the data they need with fixtures of their own"
        )
    model = coupling.detail.rpartition(".")[2]
    if kind is Kind.STRING_REF:
        return MODEL_REFERENCE, (
            f'app {source} references "{target.label}.{model}", a model of app '
            f"{target.module}, by string"
        )
    if kind is Kind.GET_MODEL:
        return MODEL_REFERENCE, (
            f'app {source} calls apps.get_model("{target.label}", "{model}"), a model of app '
            f"{target.module}"
        )
    if kind is Kind.SIGNAL:
        return CROSS_APP_SIGNAL, (
            f"app {source} receives {coupling.detail} of app {target.module}; subscribe to an "
            f"event {target.module} publishes in its interface instead"
        )
    return None  # class references and AUTH_USER_MODEL: the import, or Django's own way


def _is_models(module: str, app: AppInfo) -> bool:
    rest = module[len(app.module) + 1 :]
    return rest == "models" or rest.startswith("models.")


def _logic(view: LogicInView) -> str:
    parts = []
    if view.writes:
        parts.append(f"writes through the ORM ({', '.join(view.writes)})")
    if view.effects:
        parts.append(f"has side effects ({', '.join(view.effects)})")
    if view.calls_out:
        parts.append(f"calls other apps' services ({', '.join(view.calls_out)})")
    return f"view {view.name} {' and '.join(parts)}: move that into a service of its app"
