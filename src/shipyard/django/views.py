"""Business logic in views, found syntactically: what each view method (or function view)
does itself that a service layer should do instead.

A heuristic, whose measured precision its docs page (SY506) states. An ORM write is
`X.objects...create/update/delete/...`, `bulk_*`, `*_or_create`, or `.save()` / `.delete()`
on anything but a serializer, a form or `self`; a side effect is sending mail, a
notification (a function named `notify...`/`send_notification...`, or a call on a module
named `notifications`), a Celery task (`.delay`, `.apply_async`), an HTTP write
(`requests.post`...) or a signal sent by hand (`.send(sender=...)`). The framework's own way
of saving (`serializer.save()` in `perform_create`, `form.save()`) is not logic.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import NamedTuple

from shipyard.django.syntax import dotted, keyword

# Calls that write through the ORM. `create`, `update` and `delete` only count on a queryset
# (`X.objects...`): on anything else they are too common a name (`dict.update`).
ORM_ONLY_ON_QUERYSET = frozenset({"create", "update"})
ORM_WRITES = frozenset(
    {"save", "delete", "create", "update", "bulk_create", "bulk_update", "get_or_create",
     "update_or_create"}
)  # fmt: skip
QUERYSET_STEPS = frozenset(
    {"objects", "filter", "exclude", "all", "get_queryset", "select_related",
     "prefetch_related", "order_by", "select_for_update", "using"}
)  # fmt: skip
# Receivers whose save() is the framework's own way (a DRF serializer, a Django form,
# a serializer called validator as in some projects).
FRAMEWORK_SAVERS = ("serializer", "form", "formset", "session", "validator")
MAIL = frozenset({"send_mail", "send_mass_mail", "mail_admins", "mail_managers"})
HTTP_WRITES = frozenset({"post", "put", "patch", "delete"})
HTTP_CLIENTS = frozenset({"requests", "httpx"})
TASK_CALLS = frozenset({"delay", "apply_async"})
NOTIFYING = ("notify", "notif", "send_notif", "push_notif")
SENDING = ("send", "notify", "push", "create", "emit", "publish")
VIEW_BASE_ENDINGS = ("View", "ViewSet", "ViewSetMixin")
VIEW_MODULES = ("views", "view", "api", "apis", "viewsets")


class ViewLogic(NamedTuple):
    """A view (a method of a View/ViewSet class, or a function view) and what it does itself."""

    name: str
    """`ProjectViewSet.perform_create`, or the function's name."""
    line: int
    col: int
    writes: tuple[str, ...]
    """ORM writes as written: `Membership.objects.create`, `project.save`."""
    effects: tuple[str, ...]
    """Side effects: `send_mail`, `notify_members`, `send_welcome.delay`."""
    calls: tuple[str, ...]
    """Every other call's dotted text: calls into other apps are found from these."""


def is_view_module(path: str) -> bool:
    parts = path.removesuffix(".py").split("/")
    return any(p in VIEW_MODULES for p in parts[-2:])


def views(tree: ast.Module, *, function_views: bool) -> Iterator[ViewLogic]:
    """The logic of each view of a module; `function_views`: functions taking `request` are
    views too (only in view modules: elsewhere they are helpers)."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and any(_is_view_base(b) for b in node.bases):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    found = _logic(f"{node.name}.{item.name}", item)
                    if found is not None:
                        yield found
        elif (
            function_views
            and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.args.args
            and node.args.args[0].arg == "request"
        ):
            found = _logic(node.name, node)
            if found is not None:
                yield found


def _is_view_base(base: ast.expr) -> bool:
    name = dotted(base) or ""
    return name.rpartition(".")[2].endswith(VIEW_BASE_ENDINGS)


def _logic(name: str, function: ast.FunctionDef | ast.AsyncFunctionDef) -> ViewLogic | None:
    writes: list[str] = []
    effects: list[str] = []
    calls: list[str] = []
    savers = _framework_savers(function)
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        chain = _chain(node.func)
        if not chain:
            continue
        text = ".".join(chain)
        if _is_orm_write(chain, savers):
            writes.append(text)
        elif _is_effect(chain, node):
            effects.append(text)
        else:
            calls.append(text)
    if not (writes or effects or calls):
        return None
    unique = dict.fromkeys
    return ViewLogic(
        name,
        function.lineno,
        function.col_offset + 1,
        tuple(unique(writes)),
        tuple(unique(effects)),
        tuple(unique(calls)),
    )


def _chain(func: ast.expr) -> list[str]:
    """`Membership.objects.filter(x=1).update` -> [Membership, objects, filter, update]: the
    names along a call chain (a call's own arguments left out)."""
    parts: list[str] = []
    node = func
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        else:
            return []
    return list(reversed(parts))


def _framework_savers(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Local names bound to a form or serializer: `f = FeedForm(request.POST)`."""
    found: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            made = _chain(node.value.func)
            if made and _is_framework_saver(made[-1]):
                found.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return found


def _is_framework_saver(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith(FRAMEWORK_SAVERS) or "serializer" in lowered or "form" in lowered


def _is_orm_write(chain: list[str], savers: set[str]) -> bool:
    method = chain[-1]
    if method not in ORM_WRITES or len(chain) < 2:
        return False
    receiver = chain[:-1]
    if any(step in QUERYSET_STEPS for step in receiver):
        return True
    if method in ORM_ONLY_ON_QUERYSET:
        return False
    if receiver == ["self"] or receiver[0] == "super" or receiver[0] in savers:
        return False
    return not (_is_framework_saver(receiver[-1]) or "serializer" in receiver[0].lower())


def _is_effect(chain: list[str], call: ast.Call) -> bool:
    last = chain[-1]
    if last in MAIL or last in TASK_CALLS or last == "send_robust":
        return True
    # `notify_members(...)`, `send_notifications(...)`, `notifications.push(...)`; not
    # `Notification.objects.get`, `attach_notify_policies(queryset)`, `notifications.get_x()`.
    if last.lower().startswith(NOTIFYING):
        return True
    if len(chain) == 2 and "notif" in chain[0] and last.lower().startswith(SENDING):
        return True
    if len(chain) == 2 and chain[0] in HTTP_CLIENTS and last in HTTP_WRITES:
        return True
    if "EmailMessage" in chain or "EmailMultiAlternatives" in chain:
        return last == "send"
    # A signal sent by hand: `order_placed.send(sender=...)`.
    return last == "send" and keyword(call, "sender") is not None
