"""What templates see: one frozen dataclass per kind of thing rendered, built here from the
workspace model and nothing else. A template may use exactly its context's fields.

The field names are the templates' variable names, and templates of earlier shipyard versions
use them too (`shipyard upgrade` renders those): add fields, never rename or repurpose one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from typing import Any

from shipyard.errors import ShipyardError
from shipyard.workspace import Member, Role, Runtime, Scenario, Workspace
from shipyard.workspace.toolchain import PYTHON, UV_VERSION

# Any non-zero uid runs the images (see the pod securityContext in templates/k8s/macros.jinja);
# a fixed one outside the range of system users keeps it distinct from anything in the image.
POD_UID = 10001


@dataclass(frozen=True, kw_only=True)
class TemplateContext:
    def variables(self) -> dict[str, Any]:
        """The fields as Jinja variables (shallow: members stay `Member` values)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True, kw_only=True)
class WorkspaceContext(TemplateContext):
    workspace: str
    """The workspace's project name."""
    workspace_slug: str
    """The name as compose projects and image names allow it: [a-z0-9_-]."""
    python: str = PYTHON
    uv_version: str = UV_VERSION


@dataclass(frozen=True, kw_only=True)
class MemberContext(WorkspaceContext):
    name: str
    """The member's package name: its import name, distribution name and folder name."""
    path: str
    """Its folder, relative to the workspace root, with forward slashes."""
    env_prefix: str
    """`NAME_`: the prefix of its settings."""


@dataclass(frozen=True, kw_only=True)
class LibContext(MemberContext):
    lib: str
    """The lib's import name (what the tasks package and its tests import)."""


@dataclass(frozen=True, kw_only=True)
class TaskContext(LibContext):
    task: str
    """The task's module name, `send_webhook`."""
    task_class: str
    """Its contract class, `SendWebhook`."""


@dataclass(frozen=True, kw_only=True)
class DeployableContext(MemberContext):
    kind: str
    """`service` or `worker`: what the shared Dockerfile builds."""
    members: tuple[str, ...]
    """The folders its image copies: the libs it uses, then itself."""


@dataclass(frozen=True, kw_only=True)
class ServiceContext(DeployableContext):
    lib: str | None
    """The shared lib it depends on, if any."""
    log_module: str
    """Where `configure_logging` comes from: the lib's logs module, else its own."""
    port: int | None
    calls: tuple[Member, ...]
    """The services it calls: each gets a base URL setting and a line in `calls`."""
    framework: str
    """`fastapi` or `flask`: its `[tool.shipyard] runtime`, and the tree laid over `service/`."""


@dataclass(frozen=True, kw_only=True)
class WorkerContext(DeployableContext):
    lib: str
    """The lib whose tasks it runs."""


@dataclass(frozen=True, kw_only=True)
class ScenarioContext(WorkspaceContext):
    scenario: str
    member_names: str
    services: tuple[Member, ...]


@dataclass(frozen=True)
class ScenarioView:
    """A scenario as compose.yaml lists it."""

    name: str
    directory: str
    services: tuple[Member, ...]
    workers: tuple[Member, ...]


@dataclass(frozen=True, kw_only=True)
class ComposeContext(WorkspaceContext):
    services: tuple[Member, ...]
    calls: dict[str, tuple[Member, ...]]
    """Each service's name -> the services it calls."""
    broker: bool
    """Whether a worker exists: then services publish tasks and need the broker too."""
    workers: tuple[Member, ...]
    profiles: dict[str, str]
    """Each member's name -> its compose profiles, as a JSON list."""
    scenarios: tuple[ScenarioView, ...]


@dataclass(frozen=True, kw_only=True)
class K8sContext(WorkspaceContext):
    name: str
    kind: str
    env_prefix: str
    calls: dict[str, str]
    """`NAME_URL` -> the in-cluster base URL of each service it calls."""
    image: str
    uid: int


@dataclass(frozen=True, kw_only=True)
class K8sRootContext(TemplateContext):
    members: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class DjangoCoreContext(TemplateContext):
    """`add core` in a Django project (scaffold/django_core.py)."""

    core: str
    """The core app's module, `apps.core`."""
    label: str
    config_class: str
    folder: str
    """Its folder, relative to the project's base directory."""


@dataclass(frozen=True, kw_only=True)
class DjangoAppContext(TemplateContext):
    """`add app NAME` in a Django project (scaffold/django_app.py)."""

    name: str
    app: str
    """The app's module, `apps.projects`."""
    core: str
    model: str
    model_var: str
    model_words: str
    table: str
    config_class: str
    owner_type: str
    folder: str
    url_prefix: str


def workspace_context(workspace_name: str) -> WorkspaceContext:
    return WorkspaceContext(
        workspace=workspace_name,
        # Compose project and image names allow only lowercase letters, digits, '-' and '_'.
        workspace_slug=re.sub(r"[^a-z0-9_-]", "-", workspace_name.lower()),
    )


def _member_fields(workspace: Workspace, member: Member) -> dict[str, Any]:
    return {
        **workspace_context(workspace.name).variables(),
        "name": member.import_name,
        "path": member.path.as_posix(),
        "env_prefix": member.env_prefix,
    }


def used_libs(workspace: Workspace, member: Member) -> tuple[Member, ...]:
    """The workspace libs among `member`'s dependencies, in the order it lists them."""
    found = (workspace.member(name) for name in member.dependencies)
    return tuple(lib for lib in found if lib is not None and lib.role is Role.LIB)


def lib_context(workspace: Workspace, lib: Member) -> LibContext:
    return LibContext(**_member_fields(workspace, lib), lib=lib.import_name)


def task_context(workspace: Workspace, lib: Member, task: str) -> TaskContext:
    return TaskContext(
        **lib_context(workspace, lib).variables(),
        task=task,
        task_class="".join(part.capitalize() for part in task.split("_")),
    )


def service_context(workspace: Workspace, service: Member) -> ServiceContext:
    """`service` may be one `add` is about to write: only its libs and callees are looked up."""
    libs = used_libs(workspace, service)[:1]
    called = (workspace.member(name) for name in service.calls)
    return ServiceContext(
        **_member_fields(workspace, service),
        kind=Role.SERVICE.value,
        members=tuple(m.path.as_posix() for m in (*libs, service)),
        lib=libs[0].import_name if libs else None,
        log_module=f"{(libs[0] if libs else service).import_name}.logs",
        port=service.port,
        calls=tuple(m for m in called if m is not None),
        framework=(service.runtime or Runtime.FASTAPI).value,
    )


def worker_context(workspace: Workspace, worker: Member) -> WorkerContext:
    libs = used_libs(workspace, worker)[:1]
    if not libs:
        raise ShipyardError(f"The worker {worker.name!r} depends on no lib of this workspace.")
    return WorkerContext(
        **_member_fields(workspace, worker),
        kind=Role.WORKER.value,
        members=tuple(m.path.as_posix() for m in (*libs, worker)),
        lib=libs[0].import_name,
    )


def member_context(workspace: Workspace, member: Member) -> MemberContext:
    """The context of the member's own tree (`templates/<role>/`)."""
    if member.role is Role.SERVICE:
        return service_context(workspace, member)
    if member.role is Role.WORKER:
        return worker_context(workspace, member)
    return lib_context(workspace, member)


def scenario_directory(name: str) -> str:
    """tests/integration/<this>: a scenario's tests, named to import cleanly."""
    return name.replace("-", "_")


def scenario_context(workspace: Workspace, scenario: Scenario) -> ScenarioContext:
    chosen = [m for name in scenario.members if (m := workspace.member(name)) is not None]
    return ScenarioContext(
        **workspace_context(workspace.name).variables(),
        scenario=scenario.name,
        member_names=", ".join(scenario.members),
        services=tuple(m for m in chosen if m.role is Role.SERVICE),
    )


def compose_context(workspace: Workspace) -> ComposeContext:
    workers = workspace.of_role(Role.WORKER)
    return ComposeContext(
        **workspace_context(workspace.name).variables(),
        # Sorted like `load_workspace` sorts, so a freshly added member renders the same.
        services=tuple(sorted(workspace.services, key=lambda m: m.path)),
        calls={m.name: workspace.called_by(m) for m in workspace.services},
        broker=bool(workers),
        workers=tuple(sorted(workers, key=lambda m: m.path)),
        profiles={
            m.name: json.dumps(
                ["app", *(s.name for s in workspace.scenarios if m.name in s.members)]
            )
            for m in workspace.members
        },
        scenarios=tuple(_scenario_view(workspace, s) for s in workspace.scenarios),
    )


def _scenario_view(workspace: Workspace, scenario: Scenario) -> ScenarioView:
    members = [m for m in workspace.members if m.name in scenario.members]
    return ScenarioView(
        name=scenario.name,
        directory=scenario_directory(scenario.name),
        services=tuple(m for m in members if m.role is Role.SERVICE),
        workers=tuple(m for m in members if m.role is Role.WORKER),
    )


def k8s_context(workspace: Workspace, member: Member) -> K8sContext:
    base = workspace_context(workspace.name)
    return K8sContext(
        **base.variables(),
        # Canonical distribution names ([a-z0-9-]) are valid Kubernetes resource names.
        name=member.name,
        kind=member.role.value,
        env_prefix=member.env_prefix,
        # In-cluster base URLs of the services it calls (each Service listens on port 80).
        calls={f"{m.env_prefix}URL": f"http://{m.name}" for m in workspace.called_by(member)},
        image=f"{base.workspace_slug}/{member.name}",
        uid=POD_UID,
    )


def k8s_root_context(workspace: Workspace) -> K8sRootContext:
    return K8sRootContext(members=tuple(sorted(m.name for m in workspace.deployed)))
