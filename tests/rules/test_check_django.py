"""Django projects in `check`: apps found statically, imported from where manage.py is, and
their import cycles (SY501). The coupling rules (SY502-SY506) have test_check_django_coupling."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from shipyard.django import DjangoApp, detect
from shipyard.django.appconfig import app_configs
from shipyard.django.settings import installed_apps, settings_module
from shipyard.graph import ImportGraph, ModuleIndex, RawImport, is_test_path
from shipyard.workspace import Member, Role, Workspace
from tests.rules.conftest import expectations, located, run


def test_fixture_findings_are_exactly_the_marked_ones(
    fixture_copy: Callable[[str], Path],
) -> None:
    root = fixture_copy("django")
    assert located(run(root, "SY1", "SY501")) == expectations(root)


def test_warm_run_reports_the_same_as_cold(fixture_copy: Callable[[str], Path]) -> None:
    root = fixture_copy("django")
    cold = run(root, "SY1", "SY501")
    assert run(root, "SY1", "SY501") == cold


def test_a_changed_settings_module_is_seen_by_a_warm_run(
    fixture_copy: Callable[[str], Path],
) -> None:
    root = fixture_copy("django")
    run(root, "SY1", "SY501")
    # `ovens` stops being an installed app on the path: its imports are third-party again.
    web = root / "services/kitchen/web"
    base = web / "kitchen_site/settings/base.py"
    base.write_text(base.read_text().replace('INSTALLED_APPS.append("ovens")\n', ""))
    # Same files, other contents: only the stamps of Django's files can tell the cache.
    (web / "apps/ovens/apps.py").write_text("# no AppConfig here any more\n")
    kitchen = "services/kitchen/"
    found = {
        (path, f.code)
        for f in run(root, "SY1", "SY501")
        if f.path.startswith(kitchen)
        for path, _, _ in f.locations
    }
    assert found == {
        (kitchen + "web/kitchen_site/pantry/models.py", "SY104"),
        (kitchen + "tests/test_pantry.py", "SY104"),
        (kitchen + "web/kitchen_site/settings/base.py", "SY103"),
    }


def tree(source: str) -> ast.Module:
    return ast.parse(source)


def test_installed_apps_from_literals_concatenations_and_growth() -> None:
    source = (
        "import os\n"
        "BASE = ['django.contrib.auth']\n"
        "LOCAL = ('blog', 'shop.apps.ShopConfig')\n"
        "INSTALLED_APPS = BASE + list(LOCAL) + [*EXTRA, 'people']\n"
        "INSTALLED_APPS += ('cart',)\n"
        "if os.environ.get('DEBUG'):\n"
        "    INSTALLED_APPS.append('debug_toolbar')\n"
        "else:\n"
        "    INSTALLED_APPS.insert(0, 'whitenoise')\n"
        "INSTALLED_APPS.extend(['blog', 'orders'])\n"
        "OTHER = ['not_an_app']\n"
    )
    assert installed_apps(tree(source)) == [
        "django.contrib.auth",
        "blog",
        "shop.apps.ShopConfig",
        "people",
        "cart",
        "debug_toolbar",
        "whitenoise",
        "orders",
    ]


def test_a_module_without_installed_apps_has_none() -> None:
    assert installed_apps(tree("from .base import *\nDEBUG = True\n")) == []
    assert installed_apps(tree("INSTALLED_APPS = get_apps()\n")) == []


def test_settings_module_named_by_manage_py() -> None:
    source = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings.dev')\n"
    assert settings_module(tree(source)) == "site.settings.dev"
    assert settings_module(tree("import os\n")) is None


def test_app_configs_and_their_names() -> None:
    source = (
        "from django.apps import AppConfig, apps\n"
        "class BlogConfig(AppConfig):\n    name = 'site.blog'\n"
        "class Shared(apps.AppConfig):\n    label = 'shared'\n"
        "class Child(BaseAppConfig):\n    name: str = 'child'\n"
        "class NotOne(object):\n    name = 'nope'\n"
    )
    assert [(c.class_name, c.name) for c in app_configs(tree(source))] == [
        ("BlogConfig", "site.blog"),
        ("Shared", None),
        ("Child", "child"),
    ]


FILES = {
    "m/web/manage.py": "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
    "m/web/site/__init__.py": "",
    "m/web/site/settings.py": "INSTALLED_APPS = ['django.contrib.admin', 'blog', "
    "'shop.apps.ShopConfig', 'extra', 'sorl.thumbnail']\n",
    "m/web/blog/__init__.py": "",
    "m/web/blog/views.py": "from ..shop import x\nfrom blog import models\n"
    "from shop.models import y\n",
    "m/web/shop/__init__.py": "",
    "m/web/shop/apps.py": "class ShopConfig(AppConfig):\n    name = 'shop'\n",
    "m/web/shop/models.py": "from blog.views import x\n",
    "m/web/shop/tests.py": "from blog import views\n",
    "m/plugins/extra/__init__.py": "",
    "m/plugins/extra/models.py": "",
}


def test_detect_finds_roots_apps_and_the_project_package() -> None:
    project = detect("m", "m", FILES, FILES.get)
    assert project is not None
    # `extra` is only found under m/plugins/: the settings must put that folder on the path.
    assert project.roots == ("m/plugins", "m/web")
    assert project.apps == (
        DjangoApp("extra", "m/plugins/extra"),
        DjangoApp("blog", "m/web/blog"),
        DjangoApp("shop", "m/web/shop"),
    )
    assert project.package == "m/web/site"


def test_settings_named_by_manage_py_anywhere() -> None:
    files = {
        "m/manage.py": "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.django.base')\n",
        "m/config/__init__.py": "",
        "m/config/django/__init__.py": "",
        "m/config/django/base.py": "INSTALLED_APPS = ['rest_framework', 'shop']\n",
        "m/shop/__init__.py": "",
        "m/shop/models.py": "",
    }
    project = detect("m", "m", files, files.get)
    assert project is not None
    assert project.apps == (DjangoApp("shop", "m/shop"),)
    assert project.package == "m/config"


def test_a_member_without_django_has_no_project() -> None:
    files = {"m/src/m/__init__.py": "", "m/src/m/settings.py": "DEBUG = True\n"}
    assert detect("m", "m/src", files, files.get) is None


def test_apps_are_modules_of_their_member_and_edges_between_them() -> None:
    member = Member("m", Role.SERVICE, Path("m"), ("django",))
    index = ModuleIndex(Workspace(Path("/w"), "w", (), (member,)), FILES, read=FILES.get)
    assert index.module_name("m/web/blog/views.py") == ("blog.views", False)
    assert index.module_name("m/plugins/extra/models.py") == ("extra.models", False)
    assert index.owner("shop.models") is member
    assert index.owner("extra") is member
    assert index.owner("sorl.thumbnail") is None
    raw = {
        path: [RawImport(*i) for i in _imports(text)]
        for path, text in FILES.items()
        if path.endswith(".py")
    }
    graph = ImportGraph(index, lambda path: raw[path], raw)
    edges = {key: (found.path, found.module) for key, found in graph.app_edges(member).items()}
    # `..shop` from the top-level `blog` is Python's ImportError, not an edge; neither is
    # blog importing blog, nor what tests import. (tests/fixtures/check/django has a relative
    # import between apps of a project package.)
    assert edges == {
        ("blog", "shop"): ("m/web/blog/views.py", "shop.models"),
        ("shop", "blog"): ("m/web/shop/models.py", "blog.views"),
    }
    # Named after no package: the project's package (the settings' one) is its main package.
    assert index.main_package(member, FILES) == "m/web/site"
    rebuilt = ModuleIndex(index.workspace, FILES, index.state())
    assert rebuilt.apps_of(member) == index.apps_of(member)
    assert rebuilt.module_name("m/web/blog/views.py") == ("blog.views", False)


def _imports(text: str) -> list[tuple[str, int, int, int, bool, bool, bool]]:
    from shipyard.graph import extract_imports

    return [tuple(i) for i in extract_imports(ast.parse(text), text)]  # type: ignore[misc]


def test_django_test_modules_are_test_code() -> None:
    assert is_test_path("site/blog/tests.py")
    assert is_test_path("site/blog/tests_views.py")
    assert not is_test_path("site/blog/testing.py")


def test_a_django_member_has_its_package_tests_and_readme(
    fixture_copy: Callable[[str], Path],
) -> None:
    root = fixture_copy("django")
    found = sorted(f.message for f in run(root, "SY203"))
    # bakery: the project package, Django's tests.py and a lower-case readme.md all count.
    assert found == [
        "service kitchen has no Dockerfile",
        "service kitchen has no README.md",
    ]
