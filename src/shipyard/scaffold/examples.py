"""`shipyard new PATH --example shop`: a whole workspace built by the same plans as
`shipyard add`. The example's services are variants of the service template (child templates
in templates/examples/<name>/services/ that fill its blocks); its own lib code, tests and
README section come last."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from shipyard import tools
from shipyard.changes.files import FilePlan, PlannedFile, apply
from shipyard.changes.staging import staged_directory
from shipyard.errors import ShipyardError
from shipyard.scaffold.add_member import member_plan, plan_add_lib, plan_add_service
from shipyard.scaffold.add_tasks import plan_add_worker
from shipyard.scaffold.context import workspace_context
from shipyard.scaffold.new_workspace import check_target, plan_new_workspace
from shipyard.scaffold.render import Variant, render_file, render_tree
from shipyard.scaffold.shared_files import member_pyproject_with
from shipyard.workspace import Workspace, load_workspace

# The files of the service template's `items` resource, which the example's resources replace.
ITEMS_FILES = (
    "migrations/versions/0001_create_items.py",
    "tests/unit/test_item_service.py",
    "tests/integration/test_items_api.py",
)

AddStep = Callable[[Workspace], FilePlan]


@dataclass(frozen=True)
class GeneratedClient:
    """A typed client an example's service uses, generated from the provider's snapshot that
    the example ships (`contracts client CONSUMER --of PROVIDER --only OPERATIONS`)."""

    consumer: str
    provider: str
    operations: tuple[str, ...]


# Generates one client into the workspace. The command line passes it in: the scaffold does not
# know the contracts code, only that the example's clients come from it.
ClientGenerator = Callable[[Workspace, GeneratedClient], None]


def _shop_service(name: str) -> Variant:
    return Variant(f"examples/shop/services/{name}", leaves_out=ITEMS_FILES)


SHOP_MEMBERS: tuple[AddStep, ...] = (
    lambda ws: plan_add_lib(ws, "common"),
    lambda ws: plan_add_service(ws, "catalog", "common", variant=_shop_service("catalog")),
    lambda ws: plan_add_service(
        ws, "orders", "common", calls=("catalog",), variant=_shop_service("orders")
    ),
    lambda ws: plan_add_worker(ws, "worker", "common"),
)


SHOP_CLIENTS = (
    GeneratedClient("orders", "catalog", ("POST /api/v1/products/{product_id}/reservations",)),
)


def create_example(
    example: str,
    root: Path,
    name: str | None,
    *,
    lock: bool,
    git: bool,
    generate_client: ClientGenerator,
) -> list[Path]:
    """Build the example in a staging directory and publish it at the end, so a failure or a
    signal part-way leaves nothing behind. Returns the files written."""
    if example not in EXAMPLES:
        raise ShipyardError(
            f"There is no example {example!r}; choose one of: {', '.join(EXAMPLES)}."
        )
    members, add_code, clients = EXAMPLES[example]
    workspace_name = check_target(root, name)
    with staged_directory(root) as staging:
        apply(plan_new_workspace(staging, workspace_name))
        for step in members:
            apply(step(load_workspace(staging)))
        add_code(load_workspace(staging))
        for client in clients:
            generate_client(load_workspace(staging), client)
        if lock:
            tools.uv_lock(staging)
        if git:
            tools.git_init(staging)
        written = sorted(
            p.relative_to(staging)
            for p in staging.rglob("*")
            if p.is_file() and ".git" not in p.relative_to(staging).parts
        )
    return written


def _add_shop_code(workspace: Workspace) -> None:
    context = workspace_context(workspace.name)
    files = [
        planned
        for tree in ("libs", "tests")
        for planned in render_tree(f"examples/shop/{tree}", Path(tree), context)
    ]
    common = workspace.member("common")
    assert common is not None  # added by SHOP_MEMBERS
    files.append(member_pyproject_with(workspace, common, ("httpx>=0.28",)))
    # The workspace's README with the example's section filled in.
    readme = render_file("examples/shop/README.md.jinja", context)
    files.append(PlannedFile(Path("README.md"), readme))
    gitignore = (workspace.root / ".gitignore").read_text(encoding="utf-8")
    outbox = "\n# The worker's notifications (OUTBOX_DIR)\n/outbox/\n"
    files.append(PlannedFile(Path(".gitignore"), gitignore + outbox))
    apply(member_plan(workspace, files), force=True)


# Each example: the `add` steps that make its members, its own code on top, then the clients
# generated from the snapshots it ships.
EXAMPLES: dict[
    str, tuple[tuple[AddStep, ...], Callable[[Workspace], None], tuple[GeneratedClient, ...]]
] = {
    "shop": (SHOP_MEMBERS, _add_shop_code, SHOP_CLIENTS),
}
