"""`add core` and `add app` on a copy of the fixture monolith, through the real command line.
The project's environment is a stand-in interpreter (`.venv/bin/python`, a shell script) that
answers the probe and plays `manage.py makemigrations`: writing the migration, failing, or
signalling shipyard while it runs. The e2e tests run the real one."""

from __future__ import annotations

import shutil
import stat
import tomllib
from pathlib import Path

import pytest

from shipyard.django.layout import locate
from shipyard.errors import ShipyardError
from shipyard.scaffold.django_app import class_name, plan_add_app, singular
from shipyard.scaffold.django_core import plan_add_core
from tests.conftest import run_shipyard, shipyard_ok, snapshot

FIXTURE = Path(__file__).parents[1] / "fixtures" / "django_monolith"
# The project's interpreter: `python PROBE REQUEST RESULT` or `python manage.py makemigrations
# LABEL --no-input`, behaving as SHIPYARD_FAKE_MIGRATIONS says.
FAKE_PYTHON = """#!/bin/sh
if [ "$2" = "makemigrations" ]; then
    case "$SHIPYARD_FAKE_MIGRATIONS" in
        fail) echo "django.db.utils.OperationalError: the database is gone" >&2; exit 1 ;;
        signal) kill -TERM "$PPID"; sleep 5; exit 0 ;;
    esac
    printf 'from django.db import migrations\\n' > "$3/migrations/0001_initial.py"
    exit 0
fi
printf '{"kind": "int"}' > "$3"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = Path(shutil.copytree(FIXTURE, tmp_path / "monolith"))
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(python.stat().st_mode | stat.S_IXUSR)
    return root


@pytest.fixture
def with_core(project: Path) -> Path:
    shipyard_ok("add", "core", "--no-lock", cwd=project)
    return project


def test_add_core_writes_the_kernel_beside_the_apps_and_registers_it(project: Path) -> None:
    result = shipyard_ok("add", "core", "--no-lock", cwd=project)

    assert "core is backend/core (module core): beside the project's apps in backend" in (
        result.stdout
    )
    core = project / "backend" / "core"
    expected = ["api", "auth", "contracts", "events", "exceptions", "models", "openapi",
                "pagination", "permissions", "serializers", "services", "testing",
                "transactions", "validators"]  # fmt: skip
    assert all((core / f"{name}.py").is_file() for name in expected)
    assert (core / "tests" / "test_services.py").is_file()
    settings = (project / "backend/config/settings.py").read_text()
    assert '    "projects.apps.ProjectsConfig",\n    "core",\n]' in settings
    backend = tomllib.loads((project / "backend/pyproject.toml").read_text())
    assert {"pydantic>=2.7", "drf-spectacular>=0.27"} <= set(backend["project"]["dependencies"])
    dev = set(backend["dependency-groups"]["dev"])
    assert {"django-stubs[compatible-mypy]>=5.1", "hypothesis>=6.100", "schemathesis>=4"} <= dev
    assert backend["tool"]["django-stubs"] == {"django_settings_module": "config.settings"}
    root = tomllib.loads((project / "pyproject.toml").read_text())
    assert root["tool"]["shipyard"]["check"]["django"]["apps"]["core"] == {"interface": ["*"]}


def test_add_core_twice_changes_nothing(with_core: Path) -> None:
    before = snapshot(with_core)

    again = shipyard_ok("add", "core", "--no-lock", cwd=with_core)

    assert snapshot(with_core) == before
    assert "create" not in again.stdout
    assert "update" not in again.stdout


def test_add_app_writes_registers_and_migrates(with_core: Path) -> None:
    result = shipyard_ok("add", "app", "invoices", cwd=with_core)

    app = with_core / "backend" / "invoices"
    assert "its API is at /api/invoices/" in result.stdout
    assert "class Invoice(UUIDModel" in (app / "models" / "invoices.py").read_text()
    assert (
        "class InvoiceService(BaseService[Invoice])"
        in (app / "services" / "invoices.py").read_text()
    )
    assert "owner: int" in (app / "contracts" / "v1" / "schemas.py").read_text()
    assert (app / "migrations" / "0001_initial.py").is_file()
    urls = (with_core / "backend/config/urls.py").read_text()
    assert 'path("api/invoices/", include("invoices.api.urls")),\n]' in urls
    assert (
        '    "core",\n    "invoices",\n]' in (with_core / "backend/config/settings.py").read_text()
    )
    readme = (app / "README.md").read_text()
    assert "- Extraction readiness: ready: only its interface crosses its boundary" in readme


@pytest.mark.parametrize(
    ("mode", "code", "said"),
    [
        ("fail", 2, "`manage.py makemigrations invoices` failed: django.db.utils.Operational"),
        ("signal", 143, "interrupted by SIGTERM; nothing was changed"),
    ],
)
def test_a_failure_or_a_signal_while_migrating_leaves_the_project_as_it_was(
    with_core: Path, monkeypatch: pytest.MonkeyPatch, mode: str, code: int, said: str
) -> None:
    before = snapshot(with_core)
    monkeypatch.setenv("SHIPYARD_FAKE_MIGRATIONS", mode)

    result = run_shipyard("add", "app", "invoices", cwd=with_core)

    assert result.code == code, result.stdout + result.stderr
    assert said in result.stderr
    assert snapshot(with_core) == before


def test_dry_run_shows_the_plan_and_writes_nothing(with_core: Path) -> None:
    before = snapshot(with_core)

    result = shipyard_ok("add", "app", "invoices", "--dry-run", cwd=with_core)

    assert "create    backend/invoices/api/views.py" in result.stdout
    assert "update    backend/config/urls.py" in result.stdout
    assert snapshot(with_core) == before


@pytest.mark.parametrize(
    ("name", "model", "message"),
    [
        ("Invoices", None, "'Invoices' is not a valid app name: use lowercase letters"),
        ("json", None, "An app named 'json' would shadow the module json; pick another."),
        ("users", None, "This project has an app labelled users already: backend/users."),
        ("accounts", "User", "A model named User would clash with a name the generated code"),
        ("services", None, "A model named Service would clash with a name the generated code"),
        ("items", "item", "'item' is not a model class name: use CamelCase, e.g. Invoice."),
    ],
)
def test_bad_names_are_refused_before_the_project_is_asked_anything(
    with_core: Path, name: str, model: str | None, message: str
) -> None:
    asked = []

    with pytest.raises(ShipyardError) as raised:
        plan_add_app(locate(with_core), name, model, lambda: asked.append(1) or "int")

    assert raised.value.message.startswith(message)
    assert asked == []


def test_a_bad_name_is_one_sentence_and_exit_2(with_core: Path) -> None:
    before = snapshot(with_core)

    result = run_shipyard("add", "app", "json", cwd=with_core)

    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: An app named 'json' would shadow the module json; pick another.\n"
    )
    assert snapshot(with_core) == before


@pytest.mark.parametrize(
    ("name", "model"),
    [("projects", "Project"), ("categories", "Category"), ("addresses", "Address"),
     ("status", "Status"), ("blog_posts", "BlogPost"), ("boxes", "Box")],
)  # fmt: skip
def test_the_model_is_the_app_in_the_singular(name: str, model: str) -> None:
    assert class_name(singular(name)) == model


def test_add_app_before_add_core_says_so(project: Path) -> None:
    result = run_shipyard("add", "app", "invoices", cwd=project)

    assert result.code == 2
    assert result.stderr == (
        "error: This project has no core app yet: run `shipyard add core` first.\n"
    )


def test_add_core_needs_django_rest_framework(project: Path) -> None:
    settings = project / "backend/config/settings.py"
    settings.write_text(settings.read_text().replace('    "rest_framework",\n', ""))

    result = run_shipyard("add", "core", "--no-lock", cwd=project)

    assert result.code == 2
    assert "shipyard's core is built on Django REST framework" in result.stderr


def test_a_core_package_shipyard_did_not_make_is_not_replaced(project: Path) -> None:
    (project / "backend/core").mkdir()
    (project / "backend/core/__init__.py").write_text('"""Our own core."""\n')
    (project / "backend/core/models.py").write_text("")

    with pytest.raises(ShipyardError, match="backend/core is a package shipyard did not make"):
        plan_add_core(locate(project))


def test_a_core_app_shipyard_did_not_make_is_not_replaced(project: Path) -> None:
    (project / "backend/kernel").mkdir()
    (project / "backend/kernel/__init__.py").write_text("")
    (project / "backend/kernel/apps.py").write_text(
        'from django.apps import AppConfig\n\nclass C(AppConfig):\n    name = "core"\n'
    )

    with pytest.raises(ShipyardError, match="is an app labelled core that shipyard did not"):
        plan_add_core(locate(project))


def test_outside_a_django_project_it_says_so(tmp_path: Path) -> None:
    result = run_shipyard("add", "core", cwd=tmp_path)

    assert result.code == 2
    assert (
        result.stderr
        == f"error: No Django project here: no manage.py in {tmp_path} or around it.\n"
    )
