"""Defects `shipyard adopt` had on real repositories, each on the smallest repository that
showed it, built here file by file."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from shipyard.adopt.git import tracked_files
from shipyard.adopt.plan import Plan, make_plan
from shipyard.adopt.verify import _install_commands
from tests.adopt.conftest import git
from tests.conftest import run_shipyard, shipyard_ok


def repository(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git(root, "init", "--quiet")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "legacy")
    return root


def plan_of(root: Path) -> Plan:
    return make_plan(root, tracked_files(root))


def content(plan: Plan, path: str) -> str:
    return next(f.content for f in plan.files if f.path == Path(path))


def test_the_workspace_is_not_named_like_the_root_application(tmp_path: Path) -> None:
    root = repository(tmp_path / "shop", {
        "requirements.txt": "django\n",
        "shop/__init__.py": "",
        "shop/settings.py": "DEBUG = False\n",
        "manage.py": "print('manage')\n",
    })  # fmt: skip
    plan = plan_of(root)
    assert [m.name for m in plan.analysis.members] == ["shop"]
    workspace = tomllib.loads(content(plan, "pyproject.toml"))
    assert workspace["project"]["name"] != "shop"


DJANGO_SHOP = {
    "requirements.txt": "django==4.2.11\n",
    "manage.py": (
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")\n'
    ),
    "site_conf/__init__.py": "",
    "site_conf/settings.py": (
        'INSTALLED_APPS = ["django.contrib.contenttypes", "orders", "docs", "project"]\n'
        'ROOT_URLCONF = "site_conf.urls"\n'
    ),
    "site_conf/urls.py": "urlpatterns = []\n",
    "orders/__init__.py": "",
    "orders/apps.py": (
        "from django.apps import AppConfig\n\n\nclass OrdersConfig(AppConfig):\n"
        '    name = "orders"\n'
    ),
    "orders/models.py": "from django.db import models\n",
    "docs/__init__.py": "",
    "docs/apps.py": (
        'from django.apps import AppConfig\n\n\nclass DocsConfig(AppConfig):\n    name = "docs"\n'
    ),
    "docs/models.py": "from orders.models import models\n",
}


def test_django_apps_are_renamed_by_their_bare_names_and_keep_their_labels(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path / "shop", DJANGO_SHOP)
    plan = plan_of(root)
    shop = next(m for m in plan.analysis.members if m.name == "shop")
    assert {c.name for c in shop.code} == {"docs", "orders", "site_conf"}
    settings = content(plan, "services/shop/src/shop/site_conf/settings.py")
    assert '"shop.orders", "shop.docs"' in settings
    orders = content(plan, "services/shop/src/shop/orders/apps.py")
    assert 'name = "shop.orders"\n' in orders
    # The label is the last part of the name: unchanged, nothing added.
    assert "label" not in orders
    docs = content(plan, "services/shop/src/shop/docs/apps.py")
    assert 'name = "shop.docs"\n' in docs
    assert "from shop.orders.models import models" in content(
        plan, "services/shop/src/shop/docs/models.py"
    )


def test_a_renamed_django_app_keeps_its_old_label(tmp_path: Path) -> None:
    root = repository(tmp_path / "users", {
        "users/requirements.txt": "django\n",
        "users/Dockerfile": "FROM python:3.11\n",
        "users/project/__init__.py": "",
        "users/project/apps.py": (
            "from django.apps import AppConfig\n\n\nclass ProjectConfig(AppConfig):\n"
            '    name = "project"\n    verbose_name = "Users"\n'
        ),
        "users/project/settings.py": 'INSTALLED_APPS = ["project.apps.ProjectConfig"]\n',
        "orders/requirements.txt": "django\n",
        "orders/Dockerfile": "FROM python:3.11\n",
        "orders/project/__init__.py": "",
        "orders/project/settings.py": 'INSTALLED_APPS = ["project"]\n',
        "billing/requirements.txt": "django\n",
        "billing/Dockerfile": "FROM python:3.11\n",
        "billing/project/__init__.py": "",
        "billing/project/apps.py": "READY = True\n",
        "billing/project/settings.py": 'INSTALLED_APPS = ["project"]\n',
    })  # fmt: skip
    plan = plan_of(root)
    apps = content(plan, "services/users/src/users/apps.py")
    assert '    name = "users"\n    label = "project"\n    verbose_name' in apps
    settings = content(plan, "services/users/src/users/settings.py")
    assert '"users.apps.ProjectConfig"' in settings
    # No AppConfig: one is written, and INSTALLED_APPS names it.
    orders = content(plan, "services/orders/src/orders/apps.py")
    assert '    name = "orders"\n    label = "project"\n' in orders
    assert "class ProjectConfig(AppConfig):" in orders
    assert Path("services/orders/src/orders/apps.py") in plan.generated
    settings = content(plan, "services/orders/src/orders/settings.py")
    assert '["orders.apps.ProjectConfig"]' in settings
    # An apps.py of its own without an AppConfig: not overwritten, said.
    assert '["billing"]' in content(plan, "services/billing/src/billing/settings.py")
    note = next(n for n in plan.notes if n.where == "billing/project/apps.py")
    assert 'add one with `label = "project"`' in note.message
    assert [n.where for n in plan.notes if "apps.py" in n.where] == ["billing/project/apps.py"]


def test_a_module_named_setup_py_is_code_not_a_declaration(tmp_path: Path) -> None:
    root = repository(tmp_path / "cfg", {
        "requirements.txt": "django\n",
        "app/__init__.py": "",
        "app/urls.py": "urlpatterns = []\n",
        "config/__init__.py": "",
        "config/base.py": (
            "from config.settings.toolbar.setup import show_toolbar\n"
            'ROOT_URLCONF = "app.urls"\n'
        ),
        "config/settings/__init__.py": "",
        "config/settings/toolbar/__init__.py": "",
        "config/settings/toolbar/settings.py": "ENABLED = False\n",
        "config/settings/toolbar/setup.py": (
            "import django\nfrom .settings import ENABLED\n\n\ndef show_toolbar():\n"
            "    django.setup()\n    return ENABLED\n"
        ),
    })  # fmt: skip
    plan = plan_of(root)
    assert [m.name for m in plan.analysis.members] == ["cfg"]
    assert {c.name for c in plan.analysis.members[0].code} == {"app", "config"}
    assert Path("services/cfg/src/cfg/config/settings/toolbar/setup.py") not in plan.removed
    assert not any(p.name == "setup.py" for p in plan.removed)
    base = content(plan, "services/cfg/src/cfg/config/base.py")
    assert "from cfg.config.settings.toolbar.setup import show_toolbar" in base


def test_the_root_application_keeps_its_package_and_members_shadow_no_distribution(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path / "tool", {
        "setup.py": (
            "from setuptools import setup\n"
            'setup(name="tool", packages=["tool"], install_requires=["django-debug-toolbar"])\n'
        ),
        "tool/__init__.py": "",
        "tool/cli.py": "def main():\n    return 0\n",
        "extras/packaging/Dockerfile": "FROM python:3.11\nRUN python build.py\n",
        "extras/packaging/build.py": "import tool\nprint(tool)\n",
        "extras/debug_toolbar/Dockerfile": "FROM python:3.11\n",
        "extras/debug_toolbar/run.py": "print(1)\n",
    })  # fmt: skip
    plan = plan_of(root)
    members = {m.name: m for m in plan.analysis.members}
    assert sorted(members) == ["debug-toolbar-service", "packaging-service", "tool"]
    assert [c.name for c in members["tool"].code] == ["tool"]
    assert not any(m.shared for m in members.values())
    packaging = tomllib.loads(content(plan, "services/packaging-service/pyproject.toml"))
    assert "tool" in packaging["project"]["dependencies"]
    assert packaging["tool"]["uv"]["sources"]["tool"] == {"workspace": True}


def test_a_node_service_beside_python_ones_is_no_member_and_no_workspace_glob_takes_it(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path / "fleet", {
        "services/api/requirements.txt": "fastapi\n",
        "services/api/app/__init__.py": "",
        "services/api/app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        "services/web/Dockerfile": 'FROM node:20\nCMD ["node", "server.js"]\n',
        "services/web/server.js": "console.log(1)\n",
        "services/web/tools/minify.py": "print('minify')\n",
    })  # fmt: skip
    plan = plan_of(root)
    assert [m.name for m in plan.analysis.members] == ["api"]
    assert any(n.where == "services/web" for n in plan.notes)
    workspace = tomllib.loads(content(plan, "pyproject.toml"))["tool"]["uv"]["workspace"]
    assert workspace["exclude"] == ["services/web"]


def test_make_test_all_runs_tests_inside_packages_and_fails_for_tests_that_no_longer_run(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path / "duo", {
        "inside/requirements.txt": "pytest\n",
        "inside/Dockerfile": "FROM python:3.11\n",
        "inside/inside/__init__.py": "",
        "inside/inside/tests/__init__.py": "",
        "inside/inside/tests/test_one.py": "def test_one():\n    assert 1 + 1 == 2\n",
        # Django's convention, that pytest does not collect: it ran with `manage.py test`
        # before, and nothing runs it now.
        "legacy/requirements.txt": "pytest\n",
        "legacy/Dockerfile": "FROM python:3.11\n",
        "legacy/legacy/__init__.py": "",
        "legacy/legacy/tests.py": "def test_two():\n    assert True\n",
        # Django's runner finds no test in a package that moved: it says so, and exits 0.
        "legacy/manage.py": "print('Ran 0 tests in 0.000s')\n",
        "bare/requirements.txt": "pytest\n",
        "bare/Dockerfile": "FROM python:3.11\n",
        "bare/bare/__init__.py": "",
    })  # fmt: skip
    assert shipyard_ok("adopt", "--no-lock", cwd=root)
    # `uv run --no-sync python` is this interpreter (it has pytest): the recipe is what is tested.
    uv = tmp_path / "uv"
    uv.write_text(f'#!/bin/sh\nshift 3\nexec {sys.executable} "$@"\n')
    uv.chmod(0o755)
    done = subprocess.run(
        ["make", "test-all", f"UV={uv}"], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode != 0
    assert "1 passed" in done.stdout
    assert "services/legacy: no test ran, but it had tests before the adoption" in done.stdout
    assert "services/bare: no tests" in done.stdout
    inside_only = subprocess.run(
        ["make", "test-all", f"UV={uv}", "SERVICE=inside"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert inside_only.returncode == 0, inside_only.stdout + inside_only.stderr


def test_compose_environment_builds_and_the_web_command_follow_the_adoption(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path / "shop", {
        "requirements.txt": "django\ncelery\n",
        "config/__init__.py": "",
        "config/settings.py": "DEBUG = False\n",
        "config/celery.py": "app = None\n",
        "manage.py": "print('manage')\n",
        "Dockerfile": "FROM python:3.11\nCOPY . /app\n",
        "frontend/package.json": "{}\n",
        "frontend/Dockerfile": "FROM node:20\n",
        "docker-compose.yml": (
            "services:\n"
            "  web:\n    build: .\n    command: gunicorn config.wsgi\n    ports: ['8000:8000']\n"
            "    environment:\n      DJANGO_SETTINGS_MODULE: config.settings\n"
            "  worker:\n    build: .\n    command: celery -A config.celery worker\n"
            "    environment:\n      - DJANGO_SETTINGS_MODULE=config.settings\n"
            "  beat:\n    build: .\n    command: celery -A config.celery beat\n"
            "  ui:\n    build: ./frontend\n"
        ),
    })  # fmt: skip
    plan = plan_of(root)
    compose = yaml.safe_load(content(plan, "compose.yaml"))["services"]
    assert compose["web"]["environment"]["DJANGO_SETTINGS_MODULE"] == "shop.settings"
    assert compose["worker"]["environment"] == ["DJANGO_SETTINGS_MODULE=shop.settings"]
    assert compose["ui"]["build"] == "./services/shop/frontend"
    dockerfile = content(plan, "services/shop/Dockerfile")
    assert "gunicorn" in dockerfile.split("CMD", 1)[1]
    assert any(n.message.startswith("`worker`, `beat` also build shop") for n in plan.notes)


def test_the_python_the_repository_asks_for_is_the_workspace_s(tmp_path: Path) -> None:
    root = repository(tmp_path / "shop", {
        "requirements.txt": "flask\n",
        "runtime.txt": "python-3.13.1\n",
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n",
        "shop/__init__.py": "",
    })  # fmt: skip
    plan = plan_of(root)
    assert ">=3.13" in content(plan, "services/shop/pyproject.toml")
    assert 'requires-python = ">=3.13"' in content(plan, "pyproject.toml")
    assert "python:3.13-slim" in content(plan, "services/shop/Dockerfile")
    note = next(n for n in plan.notes if "asks for Python 3.13" in n.message)
    assert "runtime.txt (3.13)" in note.message


def test_a_file_that_imports_renamed_code_but_does_not_parse_stops_the_adoption(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path / "shop", {
        "requirements.txt": "flask\n",
        "orders/__init__.py": "",
        "orders/models.py": "ORDER = 1\n",
        "orders/report.py": "from orders.models import ORDER\n\nx = f'{ORDER:'\n",
        "site_conf/__init__.py": "",
    })  # fmt: skip
    result = run_shipyard("adopt", "--no-lock", cwd=root)
    assert result.code == 2
    assert "orders/report.py imports `orders`" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert git(root, "status", "--porcelain") == ""


def test_tools_the_code_imports_stay_runtime_and_exported_pins_with_urls_are_pins(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path / "shop", {
        "requirements.txt": "django\ncelery\ncoverage\npytest\n",
        "requirements-docker.txt": (
            "django==4.2.11\ncelery==5.3.6\n"
            "vendored @ https://files.example.com/vendored-1.0.tar.gz\n"
        ),
        "manage.py": "import coverage\nprint(coverage)\n",
        "shop/__init__.py": "",
        "shop/tests/test_a.py": "import pytest\n",
    })  # fmt: skip
    plan = plan_of(root)
    shop = tomllib.loads(content(plan, "services/shop/pyproject.toml"))
    runtime = shop["project"]["dependencies"]
    assert "coverage" in runtime
    assert not any(r.startswith("pytest") for r in runtime)
    workspace = tomllib.loads(content(plan, "pyproject.toml"))
    assert "django==4.2.11" in workspace["tool"]["uv"]["constraint-dependencies"]
    assert not any("vendored" in r for r in runtime)
    assert "docker" not in workspace["dependency-groups"]


def test_paths_built_from_dunder_file_in_moved_code_follow_the_data(tmp_path: Path) -> None:
    root = repository(tmp_path / "shop", {
        "requirements.txt": "django\n",
        "config/__init__.py": "",
        "config/settings.py": (
            "from pathlib import Path\n\n"
            "BASE_DIR = Path(__file__).resolve().parent.parent\n"
            'DATA = BASE_DIR / "data"\n'
        ),
        "data/prices.csv": "a,b\n",
    })  # fmt: skip
    plan = plan_of(root)
    # data/ went to services/shop/, the settings three folders deeper: BASE_DIR climbs one more.
    settings = content(plan, "services/shop/src/shop/settings.py")
    assert "BASE_DIR = Path(__file__).resolve().parent.parent.parent\n" in settings
    note = next(n for n in plan.notes if n.where == "config/settings.py:4")
    assert "now at services/shop/data" in note.message


def test_locking_for_a_python_this_machine_lacks_is_refused_before_any_change(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path / "shop", {
        "requirements.txt": "flask\n",
        ".python-version": "3.99\n",
        "shop/__init__.py": "",
    })  # fmt: skip
    result = run_shipyard("adopt", cwd=root)
    assert result.code == 2
    assert "asks for Python 3.99" in result.stderr
    assert "Traceback" not in result.stderr
    assert git(root, "status", "--porcelain") == ""


def test_verify_installs_the_files_of_a_requirements_folder(tmp_path: Path) -> None:
    root = repository(tmp_path / "shop", {
        "requirements/base.txt": "django==4.2.11\n",
        "requirements/local.txt": "-r base.txt\npytest==8.0.0\n",
        "shop/__init__.py": "",
    })  # fmt: skip
    plan = plan_of(root)
    # The pyproject replaces them: none is left in the member.
    assert set(plan.removed) == {
        Path("services/shop/requirements/base.txt"),
        Path("services/shop/requirements/local.txt"),
    }
    member = plan.analysis.members[0]
    python = tmp_path / "venv" / "bin" / "python"
    commands = _install_commands(root, root, member, tmp_path, python)
    installed = [c[c.index("-r") :] for c in commands if "-r" in c]
    assert installed == [["-r", str(root / "requirements/base.txt"), "-r",
                          str(root / "requirements/local.txt")]]  # fmt: skip


def test_member_names_depend_on_the_repository_not_on_what_is_installed_beside_shipyard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repository(tmp_path / "fleet", {
        # `yaml` is PyYAML's import name (declared here); `certifi` is only pinned (requests
        # installs it); `iniconfig` comes with pytest, which every adopted workspace's dev
        # group installs; `orders` and `jinja2` (installed beside shipyard) are nobody's here.
        "yaml/requirements.in": "pyyaml\nrequests\n",
        "yaml/requirements.txt": "pyyaml==6.0.1\nrequests==2.31.0\ncertifi==2024.2.2\n",
        "yaml/Dockerfile": "FROM python:3.11\n",
        "yaml/run.py": "print(1)\n",
        "orders/Dockerfile": "FROM python:3.11\n",
        "orders/run.py": "print(1)\n",
        "jinja2/Dockerfile": "FROM python:3.11\n",
        "jinja2/run.py": "print(1)\n",
        "iniconfig/Dockerfile": "FROM python:3.11\n",
        "iniconfig/run.py": "print(1)\n",
        "certifi/Dockerfile": "FROM python:3.11\n",
        "certifi/run.py": "print(1)\n",
    })  # fmt: skip
    # A distribution installed beside shipyard that provides `orders`.
    site = tmp_path / "site"
    info = site / "shadow-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shadow\nVersion: 1.0\n")
    (info / "top_level.txt").write_text("orders\n")
    monkeypatch.syspath_prepend(str(site))
    names = sorted(m.name for m in plan_of(root).analysis.members)
    assert names == [
        "certifi-service", "iniconfig-service", "jinja2", "orders", "yaml-service",
    ]  # fmt: skip


UV_LOCK = """version = 1
requires-python = ">=3.11"

[[package]]
name = "colorama"
version = "0.4.6"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "flask"
version = "3.0.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "colorama", marker = "sys_platform == 'win32'" },
    { name = "werkzeug" },
]

[[package]]
name = "shop"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "flask" }]

[[package]]
name = "vendored"
version = "1.0"
source = { git = "https://example.com/vendored.git#0123abcd" }

[[package]]
name = "werkzeug"
version = "3.0.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "werkzeug"
version = "2.3.8"
source = { registry = "https://pypi.org/simple" }
resolution-markers = ["python_full_version < '3.12'"]
"""


def test_the_old_uv_lock_of_a_root_application_is_pins_not_a_second_lock(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path / "shop", {
        "pyproject.toml": (
            '[project]\nname = "shop"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
            'dependencies = ["flask"]\n'
        ),
        "uv.lock": UV_LOCK,
        "shop/__init__.py": "",
    })  # fmt: skip
    plan = plan_of(root)
    workspace = tomllib.loads(content(plan, "pyproject.toml"))
    constraints = workspace["tool"]["uv"]["constraint-dependencies"]
    # One version of each registry package; the project itself, a git source and a package
    # locked at two versions (one per Python) are no pins.
    assert constraints == ["colorama==0.4.6", "flask==3.0.0"]
    assert shipyard_ok("adopt", "--no-lock", cwd=root)
    tracked = set(git(root, "ls-files").split())
    assert "services/shop/pyproject.toml" in tracked
    assert not [f for f in tracked if f.endswith("uv.lock")]


def test_what_a_member_s_old_lock_pinned_is_checked_against_the_new_lock(
    tmp_path: Path,
) -> None:
    from shipyard.adopt.dropped import dropped

    root = repository(tmp_path / "fleet", {
        "api/pyproject.toml": '[project]\nname = "api"\nversion = "1"\ndependencies = ["flask"]\n',
        "api/uv.lock": UV_LOCK,
        "api/Dockerfile": "FROM python:3.11\n",
        "api/api/__init__.py": "",
        "jobs/requirements.txt": "celery\n",
        "jobs/jobs/__init__.py": "",
    })  # fmt: skip
    plan = plan_of(root)
    assert shipyard_ok("adopt", "--no-lock", cwd=root)
    assert not (root / "services/api/uv.lock").exists()
    # A workspace lock whose resolution no longer needs flask, which api's old lock pinned
    # (and lacks colorama, which it installed on Windows only).
    names = ["api", "celery", "jobs", "werkzeug"]
    (root / "uv.lock").write_text("".join(f'[[package]]\nname = "{n}"\n\n' for n in names))
    assert dropped(root, plan) == {"api": {"flask": "3.0.0"}}


def test_a_subpackage_with_a_dependency_file_is_code_of_the_package_that_holds_it(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path / "store", {
        "requirements.txt": "django\n",
        "manage.py": "print('manage')\n",
        "shop/__init__.py": "",
        "shop/settings.py": "DEBUG = False\n",
        # Imported as shop.reports: a part of shop, whatever files it holds.
        "shop/reports/__init__.py": "",
        "shop/reports/requirements.txt": "openpyxl\n",
        "shop/reports/build.py": "from shop.settings import DEBUG\n",
    })  # fmt: skip
    plan = plan_of(root)
    assert [m.name for m in plan.analysis.members] == ["store"]
    store = plan.analysis.members[0]
    assert [c.name for c in store.code] == ["shop"]
    assert store.declared is not None
    assert [r.name for r in store.declared.requirements] == ["django"]
    note = next(n for n in plan.notes if n.where == "shop/reports")
    assert "part of `shop`" in note.message
    assert "from store.settings import DEBUG" in content(
        plan, "services/store/src/store/reports/build.py"
    )


def test_a_member_inside_a_folder_of_the_root_application_s_code_leaves_the_rest_to_it(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path / "store", {
        "requirements.txt": "django\n",
        "shop/__init__.py": "",
        "shop/settings.py": 'INSTALLED_APPS = ["backend.blog"]\n',
        # `backend` is no package: a folder of Django apps beside a worker built on its own.
        "backend/blog/__init__.py": "",
        "backend/blog/models.py": "from shop.settings import INSTALLED_APPS\n",
        "backend/worker/Dockerfile": 'FROM python:3.11\nCMD ["python", "run.py"]\n',
        "backend/worker/requirements.txt": "celery\n",
        "backend/worker/run.py": "print('work')\n",
    })  # fmt: skip
    plan = plan_of(root)
    members = {m.name: m for m in plan.analysis.members}
    assert sorted(members) == ["store", "worker"]
    assert sorted(c.name for c in members["store"].code) == ["backend", "shop"]
    assert shipyard_ok("adopt", "--no-lock", cwd=root)
    tracked = set(git(root, "ls-files").split())
    assert "services/store/src/store/backend/blog/models.py" in tracked
    assert "services/worker/src/worker/__init__.py" in tracked or any(
        f.startswith("services/worker/src/worker/") for f in tracked
    )
    assert not any(f.startswith("backend/") for f in tracked)
    settings = (root / "services/store/src/store/shop/settings.py").read_text()
    assert '"store.backend.blog"' in settings


def test_the_uv_lock_of_a_two_level_root_is_pins_too(tmp_path: Path) -> None:
    root = repository(tmp_path / "fleet", {
        "pyproject.toml": '[project]\nname = "tools"\nversion = "1"\ndependencies = ["flask"]\n',
        "uv.lock": UV_LOCK,
        "api/requirements.txt": "fastapi\n",
        "api/api/__init__.py": "",
    })  # fmt: skip
    plan = plan_of(root)
    assert plan.analysis.root_declared is not None
    workspace = tomllib.loads(content(plan, "pyproject.toml"))
    assert workspace["tool"]["uv"]["constraint-dependencies"] == [
        "colorama==0.4.6", "flask==3.0.0",
    ]  # fmt: skip
    assert Path("uv.lock") in plan.removed
