"""SY201, SY202: every route of a service lives in its `api.py` (or an `api/` package).

One place to read a service's HTTP surface: reviewers, docs and security checks know where to
look. Recognised: FastAPI/Starlette apps and `APIRouter` (decorators, `add_api_route`...),
Starlette's `Route`/`WebSocketRoute` lists, Flask/Quart apps and `Blueprint`. Registering a
router (`include_router`, `register_blueprint`, `Mount`) is composition, not a route: an app
factory does it. Django's URL confs are Django's own convention: a Django service is not asked
for an api.py. Tests are exempt: they build throwaway apps.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from shipyard.graph import is_test_path
from shipyard.rules.context import CheckContext
from shipyard.rules.finding import Finding, Severity
from shipyard.rules.registry import REGISTRY
from shipyard.rules.source import SourceFile
from shipyard.workspace import Member, Role, paths

ROUTE_OUTSIDE_API = REGISTRY.rule(
    "SY201", "route-outside-api", Severity.ERROR,
    "A route or router is defined outside the service's api.py.",
)  # fmt: skip
MISSING_API = REGISTRY.rule(
    "SY202", "missing-api-module", Severity.ERROR, "A service has no api.py."
)

APPS = frozenset({"FastAPI", "Starlette", "Flask", "Quart"})
WEB_FRAMEWORKS = frozenset({"fastapi", "starlette", "flask", "quart"})
"""Distributions (normalized) whose apps and routers SY201 recognises."""
WEB_MODULES = frozenset({"fastapi", "starlette", "flask", "quart"})
APP_FRAMEWORKS = frozenset({"fastapi", "flask", "quart"})
"""Frameworks whose use makes a member a web service whatever else it uses. Starlette alone
does not when the member is a Django one: Django's ASGI stacks use Starlette's middleware."""
STARLETTE_ROUTES = frozenset({"Route", "WebSocketRoute"})
ROUTERS = frozenset({"APIRouter", "Blueprint"})
ROUTE_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route", "route",
     "websocket", "websocket_route", "add_api_route", "add_route", "add_api_websocket_route",
     "add_websocket_route", "add_url_rule"}
)  # fmt: skip


def is_api_module(path: str) -> bool:
    parts = path.split("/")
    return parts[-1] == "api.py" or "api" in parts[:-1]


def _applies(path: str) -> bool:
    return path.endswith(".py") and not is_api_module(path) and not is_test_path(path)


def _type_name(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _web_objects(tree: ast.Module) -> set[str]:
    """Names bound to an app or router: assigned from a constructor, or annotated as one."""
    names: set[str] = set()
    kinds = APPS | ROUTERS
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign | ast.AnnAssign)
            and isinstance(node.value, ast.Call)
            and _type_name(node.value.func) in kinds
        ):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        if isinstance(node, ast.AnnAssign) and _type_name(node.annotation) in kinds:
            if isinstance(node.target, ast.Name):
                names.add(node.target.id)
        elif isinstance(node, ast.arg) and _type_name(node.annotation) in kinds:
            names.add(node.arg)
    return names


def _starlette_routes(tree: ast.Module) -> set[str]:
    """Local names of `starlette.routing.Route`/`WebSocketRoute` (a `Route` of one's own is not
    one); `routing.Route` and `starlette.routing.Route` are recognised by their attribute."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "starlette.routing":
            names.update(a.asname or a.name for a in node.names if a.name in STARLETTE_ROUTES)
    return names


def _is_starlette_route(func: ast.expr, names: set[str]) -> bool:
    if isinstance(func, ast.Name):
        return func.id in names
    return (
        isinstance(func, ast.Attribute)
        and func.attr in STARLETTE_ROUTES
        and isinstance(func.value, ast.Name | ast.Attribute)
        and _type_name(func.value) == "routing"
    )


@REGISTRY.file_check(ROUTE_OUTSIDE_API, applies=_applies)
def check_routes(source: SourceFile) -> Iterator[Finding]:
    tree = source.tree
    if tree is None or not any(k in source.text for k in (*APPS, *ROUTERS, *STARLETTE_ROUTES)):
        return
    objects = _web_objects(tree)
    starlette = "starlette" in source.text
    route_names = _starlette_routes(tree) if starlette else set()
    routeless = _routeless_routers(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        kind = _type_name(node.func)
        if kind in ROUTERS:
            if id(node) in routeless:
                continue
            message = f"{kind} created outside api.py; define the service's routes in its api.py"
        elif starlette and _is_starlette_route(node.func, route_names):
            message = f"{kind}() created outside api.py; list the service's routes in its api.py"
        elif _is_route(node.func, objects):
            message = f"route registered with .{kind}() outside api.py; move it to api.py"
        else:
            continue
        yield ROUTE_OUTSIDE_API.finding(source.path, node.lineno, node.col_offset + 1, message)


def _routeless_routers(tree: ast.Module) -> set[int]:
    """Router constructions (their Call nodes) whose router this file uses, and never for a
    route: a Flask blueprint of CLI commands or error handlers serves no URL. A router this file
    does not use at all may get its routes elsewhere: it is not in the set."""
    created: dict[str, int] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and _type_name(node.value.func) in ROUTERS
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    created[target.id] = id(node.value)
    if not created:
        return set()
    uses: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in created:
            uses.setdefault(owner.id, set()).add(node.attr)
    return {
        call
        for name, call in created.items()
        if uses.get(name) and not uses[name] & (ROUTE_METHODS | {"router"})
    }


def _is_route(func: ast.expr, objects: set[str]) -> bool:
    if not (isinstance(func, ast.Attribute) and func.attr in ROUTE_METHODS):
        return False
    owner = func.value
    if isinstance(owner, ast.Attribute) and owner.attr == "router":  # app.router.add_route(...)
        owner = owner.value
    return isinstance(owner, ast.Name) and owner.id in objects


@REGISTRY.member_check(MISSING_API)
def check_api_module(context: CheckContext, member: Member) -> Iterator[Finding]:
    if member.role is not Role.SERVICE:
        return
    framework = _web_framework(context, member)
    if framework is None:
        return
    package = context.index.main_package(member, context.files)
    if package is None:
        return  # no package at all: SY203 says so
    # An `api/` folder of route modules, with or without __init__.py, is the api module.
    if f"{package}/api.py" in context.files or any(
        path.startswith(f"{package}/api/") for path in context.graph.files_of(member)
    ):
        return
    message = (
        f"{framework} service {member.name} has no {package}/api.py; every route belongs there"
    )
    yield MISSING_API.finding(member.file("pyproject.toml"), 1, 1, message)


NAMES = {"fastapi": "FastAPI", "flask": "Flask", "quart": "Quart", "starlette": "Starlette"}


def _web_framework(context: CheckContext, member: Member) -> str | None:
    """The web framework a service declares or imports (FastAPI, Flask, Quart, Starlette), or
    None: a command-line tool or a script that a workspace puts next to the services has no
    routes to gather, and a Django service keeps its routes in its URL confs."""
    declared = set(member.dependencies)
    apps = sorted(APP_FRAMEWORKS & declared)
    if apps:
        return NAMES[apps[0]]  # the usual case, decided without reading an import
    used = declared & {"starlette", "django"}
    for path in context.graph.files_of(member):
        if is_test_path(paths.relative(path, member.folder)):
            continue
        for found in context.graph.imports_of(path):
            if found.top in APP_FRAMEWORKS:
                return NAMES[found.top]
            if found.top in ("starlette", "django"):
                used.add(found.top)
    return NAMES["starlette"] if "starlette" in used and "django" not in used else None
