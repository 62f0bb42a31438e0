"""The templates compose: every block the map documents takes a child's content, a variant
replaces, adds and leaves out files, and the typed contexts render the templates of earlier
versions (what `shipyard upgrade` renders)."""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from shipyard.scaffold.context import (
    DjangoAppContext,
    DjangoCoreContext,
    TemplateContext,
    compose_context,
    k8s_context,
    k8s_root_context,
    lib_context,
    scenario_context,
    service_context,
    task_context,
    worker_context,
    workspace_context,
)
from shipyard.scaffold.examples import ITEMS_FILES
from shipyard.scaffold.render import TEMPLATES, Variant, environment, render_file, render_tree
from shipyard.workspace import Member, Role, Runtime, Scenario, Workspace

REPOSITORY = Path(__file__).parents[2]
# The templates as they were before they composed: the first version `upgrade` must render.
BEFORE_BLOCKS = "177b45f"

COMMON = Member("common", Role.LIB, Path("libs/common"), ("structlog",))
CATALOG = Member("catalog", Role.SERVICE, Path("services/catalog"), ("common",), port=8001)
ORDERS = Member(
    "order-events", Role.SERVICE, Path("services/order_events"), ("common",), 8002, ("catalog",)
)
ALONE = Member("alone", Role.SERVICE, Path("services/alone"), (), port=8003)
WORKER = Member(
    "worker", Role.WORKER, Path("services/worker"), ("common", "celery"), runtime=Runtime.CELERY
)
SCENARIO = Scenario("orders-catalog", ("order-events", "catalog"))
WORKSPACE = Workspace(
    Path("/nowhere"),
    "acme",
    ("libs/*", "services/*"),
    (COMMON, CATALOG, ORDERS, ALONE, WORKER),
    scenarios=(SCENARIO,),
)


def context_for(template: str) -> TemplateContext:
    """The context today's code renders `template` with (today's layout or an older one)."""
    top, name = template.split("/", 1)[0], template.rsplit("/", 1)[-1]
    if "postgres-init" in name or (
        top == "files" and name in ("Dockerfile.jinja", "logs.py.jinja")
    ):
        return service_context(WORKSPACE, ORDERS)
    if name == "compose.yaml.jinja":
        return compose_context(WORKSPACE)
    if name == "integration.Dockerfile.jinja":
        return scenario_context(WORKSPACE, SCENARIO)
    if top == "k8s":
        if template.count("/") == 1:
            return k8s_root_context(WORKSPACE)
        return k8s_context(WORKSPACE, ORDERS if "/service/" in template else WORKER)
    return {
        "workspace": workspace_context("acme"),
        "service": service_context(WORKSPACE, ORDERS),
        "service-flask": service_context(WORKSPACE, replace(ORDERS, runtime=Runtime.FLASK)),
        "partials": service_context(WORKSPACE, ORDERS),
        "worker": worker_context(WORKSPACE, WORKER),
        "lib": lib_context(WORKSPACE, COMMON),
        "lib-tasks": lib_context(WORKSPACE, COMMON),
        "tasks": lib_context(WORKSPACE, COMMON),
        "tasks_tests": lib_context(WORKSPACE, COMMON),
        "task": task_context(WORKSPACE, COMMON, "send_webhook"),
        "scenario": scenario_context(WORKSPACE, SCENARIO),
        "django": DJANGO_APP if template.startswith("django/app/") else DJANGO_CORE,
    }[top]


DJANGO_CORE = DjangoCoreContext(
    core="apps.core", label="core", config_class="CoreConfig", folder="apps/core"
)
DJANGO_APP = DjangoAppContext(
    name="projects",
    app="apps.projects",
    core="apps.core",
    model="Project",
    model_var="project",
    model_words="project",
    table="projects_project",
    config_class="ProjectsConfig",
    owner_type="int",
    folder="apps/projects",
    url_prefix="api/projects/",
)


def templates_in(root: Path) -> list[str]:
    """Every template file a tree renders (plain files are copied, macros imported)."""
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*.jinja")
        if "examples" not in path.relative_to(root).parts and path.name != "macros.jinja"
    )


def documented_blocks() -> dict[str, set[str]]:
    """The extension points templates/README.md lists: template -> its blocks."""
    text = (REPOSITORY / "src/shipyard/scaffold/templates/README.md").read_text()
    rows = re.findall(r"^\| `([^`]+\.jinja)` \| (.+) \|$", text, re.MULTILINE)
    return {template: set(re.findall(r"`(\w+)`", blocks)) for template, blocks in rows}


def defined_blocks() -> dict[str, set[str]]:
    """The blocks of every base template (one that extends no other)."""
    found = {}
    loader = environment().loader
    assert loader is not None
    for template in templates_in(Path(str(TEMPLATES))):
        tree = environment().parse(loader.get_source(environment(), template)[0])
        blocks = {block.name for block in tree.find_all(nodes.Block)}
        if blocks and tree.find(nodes.Extends) is None:
            found[template] = blocks
    return found


def test_the_map_lists_every_extension_point() -> None:
    assert documented_blocks() == defined_blocks()


@pytest.mark.parametrize(
    ("template", "block"),
    sorted((t, b) for t, blocks in documented_blocks().items() for b in blocks),
)
def test_a_child_fills_each_extension_point(template: str, block: str) -> None:
    child = f'{{% extends "{template}" %}}{{% block {block} %}}# FILLED-IN{{% endblock %}}'
    context = context_for(template)

    rendered = environment().from_string(child).render(context.variables())

    assert "# FILLED-IN" in rendered
    assert "# FILLED-IN" not in render_file(template, context)


@pytest.mark.parametrize("template", templates_in(Path(str(TEMPLATES))))
def test_every_template_renders_with_its_context(template: str) -> None:
    assert render_file(template, context_for(template)) is not None


def test_a_service_has_its_own_logs_module_only_without_a_lib() -> None:
    with_lib = render_tree("service", CATALOG.path, service_context(WORKSPACE, CATALOG))
    alone = render_tree("service", ALONE.path, service_context(WORKSPACE, ALONE))

    assert Path("services/catalog/src/catalog/logs.py") not in {f.path for f in with_lib}
    assert Path("services/alone/src/alone/logs.py") in {f.path for f in alone}
    assert Path("services/catalog/Dockerfile") in {f.path for f in with_lib}


def test_a_variant_replaces_adds_and_leaves_out_files() -> None:
    context = service_context(WORKSPACE, CATALOG)
    base = {f.path: f.content for f in render_tree("service", CATALOG.path, context)}
    variant = Variant("examples/shop/services/catalog", leaves_out=ITEMS_FILES)
    shop = {f.path: f.content for f in render_tree("service", CATALOG.path, context, variant)}
    api = Path("services/catalog/src/catalog/api.py")

    assert "/api/v1/products" in shop[api]
    # What the variant does not replace of api.py is the base's, to the letter.
    operations = re.search(r'@router.get\("/health".*?CONTENT_TYPE_LATEST\)\n', base[api], re.S)
    assert operations is not None
    assert operations[0] in shop[api]
    assert Path("services/catalog/tests/unit/test_product_service.py") in set(shop) - set(base)
    assert {CATALOG.path / item for item in ITEMS_FILES} == set(base) - set(shop)
    assert (
        shop[Path("services/catalog/src/catalog/db.py")]
        == base[Path("services/catalog/src/catalog/db.py")]
    )


def test_a_variant_leaving_out_what_the_base_has_not_is_refused() -> None:
    variant = Variant("examples/shop/services/catalog", leaves_out=("src/catalog/gone.py",))

    with pytest.raises(ValueError, match=r"gone\.py"):
        render_tree("service", CATALOG.path, service_context(WORKSPACE, CATALOG), variant)


def test_the_context_keeps_the_variable_names_templates_use() -> None:
    service = service_context(WORKSPACE, ORDERS).variables()

    assert service["name"] == "order_events"  # the import name, as `__name__` in paths
    assert service["path"] == "services/order_events"
    assert service["env_prefix"] == "ORDER_EVENTS_"
    assert (service["lib"], service["log_module"], service["port"]) == (
        "common",
        "common.logs",
        8002,
    )
    assert [m.name for m in service["calls"]] == ["catalog"]
    assert service["members"] == ("libs/common", "services/order_events")
    assert (service["workspace"], service["workspace_slug"], service["kind"]) == (
        "acme",
        "acme",
        "service",
    )
    assert {"python", "uv_version"} <= set(service)


def old_templates(tmp_path: Path, revision: str) -> Path:
    archive = subprocess.run(
        ["git", "archive", revision, "src/shipyard/scaffold/templates"],
        cwd=REPOSITORY,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        pytest.skip(f"revision {revision} is not in this clone's history (a shallow clone?)")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(tmp_path, filter="data")
    return tmp_path / "src/shipyard/scaffold/templates"


def test_todays_contexts_render_the_templates_of_before_they_composed(tmp_path: Path) -> None:
    root = old_templates(tmp_path, BEFORE_BLOCKS)
    old = jinja2.Environment(
        loader=jinja2.FileSystemLoader(root),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    rendered = {
        template: old.get_template(template).render(context_for(template).variables())
        for template in templates_in(root)
    }

    assert len(rendered) > 75
    assert (
        "from order_events.config import Settings" in rendered["service/src/__name__/main.py.jinja"]
    )
    assert "CATALOG_URL" in rendered["k8s/service/configmap.yaml.jinja"]
    assert "COPY libs/common libs/common" in rendered["files/Dockerfile.jinja"]
