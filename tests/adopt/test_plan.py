"""The plan of each legacy repository, computed without writing: members, moves, renames,
dependencies, the files rewritten, and what is left for a person."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

from shipyard.adopt.git import tracked_files
from shipyard.adopt.plan import Plan, make_plan
from shipyard.workspace import Role, Runtime

Legacy = Callable[[str], Path]


def plan_of(root: Path) -> Plan:
    return make_plan(root, tracked_files(root))


def content(plan: Plan, path: str) -> str:
    return next(f.content for f in plan.files if f.path == Path(path))


def moves(plan: Plan) -> list[tuple[str, str]]:
    return [(m.old.as_posix(), m.new.as_posix()) for m in plan.moves]


def test_three_flask_services_with_one_package_name(legacy: Legacy) -> None:
    plan = plan_of(legacy("flask_trio"))
    members = {m.name: m for m in plan.analysis.members}
    assert sorted(members) == ["billing", "orders", "users"]
    assert {(m.role, m.runtime) for m in members.values()} == {(Role.SERVICE, Runtime.FLASK)}
    assert ("users", "services/users") in moves(plan)
    assert ("services/users/project", "services/users/src/users") in moves(plan)
    assert ("docker-compose.yml", "compose.yaml") in moves(plan)
    renames = {(r.member, r.old, r.new) for r in plan.layout.renames}
    assert renames == {(n, "project", n) for n in ("billing", "orders", "users")}
    tests = content(plan, "services/orders/tests/test_views.py")
    assert '@mock.patch("orders.views.fetch_rate"' in tests
    assert 'mock.patch("orders.clients.requests.get")' in tests
    assert "from orders.models import STORE" in tests
    assert Path("services/users/requirements.txt") in plan.removed


def test_pins_become_constraints_and_the_highest_one_wins(legacy: Legacy) -> None:
    plan = plan_of(legacy("flask_trio"))
    root = tomllib.loads(content(plan, "pyproject.toml"))
    assert root["tool"]["uv"]["constraint-dependencies"] == [
        "flask==2.3.2", "gunicorn==20.1.0", "pytest==7.2.2", "requests==2.28.2", "werkzeug==2.3.6",
    ]  # fmt: skip
    assert root["dependency-groups"]["dev"] == ["pytest>=7.2.2"]
    assert root["tool"]["uv"]["workspace"]["members"] == ["services/*", "libs/*"]
    users = tomllib.loads(content(plan, "services/users/pyproject.toml"))
    assert users["project"]["dependencies"] == [
        "flask>=2.2.2", "werkzeug>=2.2.2", "gunicorn>=20.1.0", "requests>=2.28.2",
    ]  # fmt: skip
    flask = next(n for n in plan.notes if n.where == "flask")
    assert "2.2.2 (users/requirements.txt:1)" in flask.message
    assert flask.message.endswith("one workspace installs one version: 2.3.2.")


def test_the_old_dockerfile_command_and_packages_carry_over(legacy: Legacy) -> None:
    plan = plan_of(legacy("flask_trio"))
    dockerfile = content(plan, "services/billing/Dockerfile")
    command = '["gunicorn", "--bind", "0.0.0.0:5000", "--workers", "2", "billing:create_app()"]'
    assert f"CMD {command}" in dockerfile
    assert "apt-get install -y --no-install-recommends curl" in dockerfile
    assert "USER app" in dockerfile
    assert dockerfile.count("FROM ") == 2
    assert "ENV BILLING_STORE=memory" in dockerfile
    compose = content(plan, "compose.yaml")
    assert "dockerfile: services/billing/Dockerfile" in compose
    assert "version" not in compose.split("services:")[0]


def test_shared_code_on_sys_path_becomes_a_lib(legacy: Legacy) -> None:
    plan = plan_of(legacy("piptools_common"))
    common = next(m for m in plan.analysis.members if m.name == "common")
    assert common.role is Role.LIB
    assert common.shared
    assert ("common", "libs/common/src/common") in moves(plan)
    payments = tomllib.loads(content(plan, "services/payments/pyproject.toml"))
    assert payments["project"]["dependencies"] == ["attrs>=22", "common"]
    assert payments["tool"]["uv"]["sources"] == {"common": {"workspace": True}}
    domain = content(plan, "services/payments/src/payments/domain.py")
    assert "sys.path" not in domain
    assert "import sys" not in domain
    assert "from common.money import format_cents, to_cents" in domain
    conftest = content(plan, "services/payments/tests/conftest.py")
    assert "sys.path" not in conftest
    root = tomllib.loads(content(plan, "pyproject.toml"))
    # pip-tools: the .in files declare, the .txt files pin (transitive pins too).
    assert "attrs==22.2.0" in root["tool"]["uv"]["constraint-dependencies"]
    assert "pluggy==1.0.0" in root["tool"]["uv"]["constraint-dependencies"]
    assert any("PYTHONPATH" in n.message for n in plan.notes)


def test_a_root_application_moves_whole_into_services(legacy: Legacy) -> None:
    plan = plan_of(legacy("fastapi_src_alembic"))
    assert ("src", "services/todo-api/src") in moves(plan)
    assert ("services/todo-api/src/todo", "services/todo-api/src/todo_api") in moves(plan)
    assert ("alembic.ini", "services/todo-api/alembic.ini") in moves(plan)
    assert not any(old.startswith(("README", ".gitignore")) for old, _ in moves(plan))
    env = content(plan, "services/todo-api/migrations/env.py")
    assert "from todo_api.models import Base" in env
    member = tomllib.loads(content(plan, "services/todo-api/pyproject.toml"))
    assert member["tool"]["pytest"]["ini_options"]["addopts"] == (
        "--cov=todo_api --cov-report=term-missing"
    )
    assert "setuptools" not in member["tool"]
    assert 'uvicorn[standard]>=0.21.1; sys_platform != "win32"' in member["project"]["dependencies"]
    assert '"todo_api.main:app"' in content(plan, "services/todo-api/Dockerfile")


def test_modules_beside_the_package_are_gathered_into_it(legacy: Legacy) -> None:
    plan = plan_of(legacy("setuppy_service"))
    assert ("services/inventory/wsgi.py", "services/inventory/src/inventory/wsgi.py") in moves(plan)
    assert Path("services/inventory/setup.py") in plan.removed
    tests = content(plan, "services/inventory/tests/test_stock.py")
    assert "import inventory.wsgi as wsgi" in tests
    assert "--cov=inventory --cov=inventory.wsgi" in content(plan, "services/inventory/tox.ini")
    member = tomllib.loads(content(plan, "services/inventory/pyproject.toml"))
    assert member["project"]["dependencies"] == ["click>=8.0,<9", "tabulate>=0.9.0"]
    root = tomllib.loads(content(plan, "pyproject.toml"))
    assert sorted(root["dependency-groups"]["dev"]) == ["pytest-cov", "pytest>=7,<8"]


def test_the_two_level_poetry_layout(legacy: Legacy) -> None:
    plan = plan_of(legacy("poetry_two_level"))
    assert plan.analysis.root_declared is not None
    assert sorted(m.name for m in plan.analysis.members) == ["auth", "catalog"]
    assert ("services/auth/app", "services/auth/src/auth") in moves(plan)
    auth = tomllib.loads(content(plan, "services/auth/pyproject.toml"))
    assert auth["project"]["dependencies"] == [
        "fastapi>=0.95.1,<0.96.0",
        "pydantic[email]>=1.10.7,<1.11.0",
        "uvicorn[standard]>=0.21.1,<0.22.0",
    ]
    assert auth["build-system"]["build-backend"] == "hatchling.build"
    assert "poetry" not in auth["tool"]
    root = tomllib.loads(content(plan, "pyproject.toml"))
    assert "black>=23.1,<24.0" in root["dependency-groups"]["dev"]
    assert "pytest>=7.3,<8.0" in root["dependency-groups"]["dev"]
    assert root["tool"]["black"] == {"line-length": 100}
    assert "poetry" not in root["tool"]
    tests = content(plan, "services/catalog/tests/test_api.py")
    assert "import catalog.core.store as store" in tests
    assert 'mock.patch("catalog.core.store.get"' in tests
    # The package's relative imports are left alone: it moved whole.
    assert Path("services/catalog/src/catalog/api/routes.py") not in {f.path for f in plan.files}


def test_what_only_a_pin_installed_before_is_declared_when_the_lock_lacks_it(
    legacy: Legacy,
) -> None:
    from shipyard.adopt.dropped import add_dropped, dropped
    from tests.conftest import run_shipyard

    root = legacy("piptools_common")
    plan = plan_of(root)
    assert run_shipyard("adopt", "--no-lock", cwd=root).code == 0
    # A lock whose resolution no longer needs pluggy (pinned by requirements-dev.txt).
    names = ["attrs", "common", "iniconfig", "invoices", "packaging", "payments", "pytest"]
    (root / "uv.lock").write_text("".join(f'[[package]]\nname = "{n}"\n\n' for n in names))
    missing = dropped(root, plan)
    assert missing == {"invoices": {"pluggy": "1.0.0"}, "payments": {"pluggy": "1.0.0"}}
    notes = add_dropped(root, plan, missing)
    assert len(notes) == 2
    payments = tomllib.loads((root / "services/payments/pyproject.toml").read_text())
    assert payments["project"]["dependencies"] == ["attrs>=22", "common", "pluggy>=1.0.0"]
