"""Plans for `shipyard add service|lib`: the member's files plus the shared files it touches."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from shipyard.changes.files import FilePlan, PlannedFile
from shipyard.errors import ShipyardError
from shipyard.scaffold.context import lib_context, service_context
from shipyard.scaffold.frameworks import Framework
from shipyard.scaffold.k8s import plan_k8s
from shipyard.scaffold.python_format import format_python
from shipyard.scaffold.render import Variant, render_file, render_tree
from shipyard.scaffold.shared_files import (
    compose_update,
    kustomization_update,
    root_pyproject_with,
)
from shipyard.scaffold.template_record import record_template
from shipyard.workspace import (
    Member,
    Role,
    Runtime,
    Workspace,
    canonical_name,
    validate_member_name,
)

LOCK = Path("uv.lock")
# What each framework lays over templates/service/.
FRAMEWORK_LAYERS: dict[Framework, tuple[Variant, ...]] = {
    Framework.FASTAPI: (),
    Framework.FLASK: (
        Variant(
            "service-flask",
            # Schemathesis tests an OpenAPI document, which only the FastAPI service has.
            leaves_out=("tests/integration/test_api_properties.py",),
            # The FastAPI service's business logic and HTTP tests, made synchronous.
            made_sync=(
                "src/__name__/service.py",
                "tests/conftest.py",
                "tests/unit/test_item_service.py",
                "tests/integration/conftest.py",
                "tests/integration/test_items_api.py",
                "tests/integration/test_migrations.py",
                "tests/integration/test_operations.py",
            ),
        ),
    ),
}
# A service's property-based API test needs these; a workspace made before it had them.
SERVICE_DEV_DEPENDENCIES = ("hypothesis>=6.100", "schemathesis>=4")


def member_plan(workspace: Workspace, files: list[PlannedFile]) -> FilePlan:
    """The plan of an `add`: Python formatted to the workspace's line length; uv.lock guarded
    because `uv lock` runs after the files are written."""
    formatted = format_python(files, workspace)
    return FilePlan(workspace.root, tuple(formatted), guarded=(LOCK,))


def plan_add_lib(workspace: Workspace, name: str) -> FilePlan:
    member = new_member(workspace, name, Role.LIB, dependencies=("structlog",))
    files = render_tree("lib", member.path, lib_context(workspace, member))
    files.append(root_pyproject_with(workspace, member))
    files = record_template(files, workspace.root, member.path, "lib")
    return member_plan(workspace, files)


def plan_add_service(
    workspace: Workspace,
    name: str,
    lib: str | None,
    calls: tuple[str, ...] = (),
    variant: Variant | None = None,
    framework: Framework = Framework.FASTAPI,
) -> FilePlan:
    """`variant`: an example's files laid over the service template (see `Variant`)."""
    shared = shared_lib(workspace, lib)
    called = _called_services(workspace, calls)
    member = new_member(
        workspace,
        name,
        Role.SERVICE,
        dependencies=(shared.name,) if shared else (),
        port=workspace.next_port(),
        calls=tuple(m.name for m in called),
        runtime=framework.runtime,
    )
    context = service_context(workspace, member)
    layers = (*FRAMEWORK_LAYERS[framework], *([variant] if variant else []))
    files = render_tree("service", member.path, context, *layers)
    files.append(
        PlannedFile(
            Path("deploy/compose/postgres-init") / f"{member.import_name}.sql",
            render_file("compose/postgres-init.sql.jinja", context),
        )
    )
    files += deployable_shared_files(workspace, member, dev=SERVICE_DEV_DEPENDENCIES)
    if variant is None:  # an example's service is its own code, not the template's to upgrade
        options = {"lib": shared.name if shared else None, "calls": list(member.calls) or None}
        files = record_template(
            files,
            workspace.root,
            member.path,
            "service",
            **options,
            port=member.port,
            framework=framework.value,
        )
    return member_plan(workspace, files)


def deployable_shared_files(
    workspace: Workspace, member: Member, dev: tuple[str, ...] = ()
) -> list[PlannedFile]:
    """What a new service or worker changes beyond its own folder: the root pyproject,
    compose.yaml, and its Kubernetes manifests with the root kustomization."""
    after = replace(workspace, members=(*workspace.members, member))
    return [
        root_pyproject_with(workspace, member, dev=dev),
        compose_update(workspace, after),
        *plan_k8s(workspace, member),
        kustomization_update(workspace, after),
    ]


def new_member(
    workspace: Workspace,
    name: str,
    role: Role,
    dependencies: tuple[str, ...],
    port: int | None = None,
    calls: tuple[str, ...] = (),
    runtime: Runtime | None = None,
) -> Member:
    validate_member_name(name, workspace)
    if canonical_name(name) == canonical_name(workspace.name):
        raise ShipyardError(f"The name {name!r} is the workspace's own project name.")
    path = Path(role.directory) / name
    return Member(
        name=canonical_name(name),
        role=role,
        runtime=runtime or {Role.SERVICE: Runtime.FASTAPI, Role.WORKER: Runtime.CELERY}.get(role),
        path=path,
        dependencies=dependencies,
        port=port,
        calls=calls,
    )


def _called_services(workspace: Workspace, names: tuple[str, ...]) -> tuple[Member, ...]:
    called: dict[str, Member] = {}
    for name in names:
        member = workspace.member(name)
        if member is None or member.role is not Role.SERVICE:
            known = ", ".join(m.name for m in workspace.services) or "none yet"
            raise ShipyardError(
                f"--calls names {name!r}, which is not a service here (services: {known})."
            )
        called[member.name] = member
    return tuple(called.values())


def shared_lib(workspace: Workspace, lib: str | None) -> Member | None:
    """The library a new service depends on: the one named, else the first there is."""
    if lib is None:
        return workspace.libs[0] if workspace.libs else None
    member = workspace.member(lib)
    if member is None or member.role is not Role.LIB:
        known = ", ".join(m.name for m in workspace.libs) or "none yet"
        raise ShipyardError(f"There is no lib named {lib!r} in this workspace (libs: {known}).")
    return member
