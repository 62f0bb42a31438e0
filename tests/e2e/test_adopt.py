"""`shipyard adopt` end to end on each legacy repository: its tests run before (from its old
dependency files) and after (in the workspace, locked with the old pins), `make test-all`
passes, `shipyard check` reports only what adopt leaves for a person (docs/adopt.md explains
each), and a signal while `uv lock` runs leaves the repository as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.adopt.conftest import LEGACY, git, legacy, state  # noqa: F401 (the fixture)
from tests.conftest import run_shipyard
from tests.e2e.conftest import MEASURED, make

pytestmark = pytest.mark.e2e

# What adopt fixes and must never leave: syntax, configuration, sys.path hacks it could
# resolve, a stale lock, root or single-stage images, shell-form commands.
NEVER_LEFT = {"SY001", "SY002", "SY103", "SY204", "SY301", "SY302", "SY306", "SY307"}
# What adopt leaves, each explained in docs/adopt.md: routes outside api.py (SY201, SY202)
# and a pinned but never imported distribution (SY105) are the code's own; shared code
# has no tests of its own (SY203).
EXPLAINED = {
    "flask_trio": {"SY201", "SY202", "SY105"},
    "piptools_common": {"SY203"},
    "fastapi_src_alembic": {"SY201", "SY202"},
    "setuppy_service": set(),
    "poetry_two_level": set(),
}


@pytest.mark.parametrize("name", LEGACY)
def test_adopt_verifies_and_checks(legacy: Callable[[str], Path], name: str) -> None:  # noqa: F811
    root = legacy(name)
    result = run_shipyard("adopt", "--verify", cwd=root)
    assert result.code == 0, f"{result.stdout}\n{result.stderr}"
    assert "Adoption verified" in result.stdout
    assert "did not run" not in result.stdout
    passed = [line for line in result.stdout.splitlines() if " passed, " in line]
    MEASURED[f"adopt {name}"] = "; ".join(" ".join(p.split()) for p in passed)
    make(root, "test-all")
    checked = run_shipyard("check", "--no-cache", "--format", "json", cwd=root)
    codes = {f["code"] for f in json.loads(checked.stdout)}
    assert not codes & NEVER_LEFT, checked.stdout
    assert codes <= EXPLAINED[name], checked.stdout


def test_a_signal_while_uv_lock_runs_puts_everything_back(
    legacy: Callable[[str], Path],  # noqa: F811
) -> None:
    root = legacy("flask_trio")
    before = state(root)
    process = subprocess.Popen(
        [sys.executable, "-m", "shipyard", "adopt"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    while not (line := process.stderr.readline()).startswith("adopt: uv lock"):
        assert line, "adopt ended before running uv lock"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert state(root) == before


def _django_service(name: str, with_config: bool) -> dict[str, str]:
    """A Django service whose app is a package `project` with a model and its migration:
    adopt renames it after the service."""
    files = {
        f"{name}/requirements.txt": "django>=4.2,<6\n",
        f"{name}/manage.py": (
            "import os\nimport sys\n\n"
            'if __name__ == "__main__":\n'
            '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")\n'
            "    from django.core.management import execute_from_command_line\n\n"
            "    execute_from_command_line(sys.argv)\n"
        ),
        f"{name}/project/__init__.py": "",
        f"{name}/project/settings.py": (
            "import os\n\n"
            'SECRET_KEY = "not-a-secret"\n'
            'INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "project"]\n'
            'SQLITE = "django.db.backends.sqlite3"\n'
            'DATABASES = {"default": {"ENGINE": SQLITE, "NAME": os.environ["DB_PATH"]}}\n'
            'DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"\n'
            "USE_TZ = True\n"
        ),
        f"{name}/project/models.py": (
            "from django.db import models\n\n\n"
            "class Item(models.Model):\n    title = models.CharField(max_length=40)\n"
        ),
        f"{name}/project/migrations/__init__.py": "",
        f"{name}/project/migrations/0001_initial.py": (
            "from django.db import migrations, models\n\n\n"
            "class Migration(migrations.Migration):\n"
            "    initial = True\n    dependencies = []\n"
            "    operations = [\n        migrations.CreateModel(\n"
            '            name="Item",\n            fields=[\n'
            '                ("id", models.BigAutoField(auto_created=True, primary_key=True, '
            'serialize=False, verbose_name="ID")),\n'
            '                ("title", models.CharField(max_length=40)),\n'
            "            ],\n        ),\n    ]\n"
        ),
    }
    if with_config:
        files[f"{name}/project/apps.py"] = (
            "from django.apps import AppConfig\n\n\n"
            'class ProjectConfig(AppConfig):\n    name = "project"\n'
        )
    return files


def test_renamed_django_apps_keep_their_tables_and_migration_history(tmp_path: Path) -> None:
    """`project` becomes `users` (no AppConfig) and `orders` (one): Django still finds the
    migrations applied before the adoption, and wants no new ones."""
    root = tmp_path / "fleet"
    for path, text in {
        **_django_service("users", False),
        **_django_service("orders", True),
    }.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    git(root, "init", "--quiet")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "legacy")
    # Not shipyard's own virtualenv: each run uses its own.
    outside = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    old = tmp_path / "old"
    subprocess.run(["uv", "venv", "--quiet", str(old)], check=True)
    subprocess.run(
        ["uv", "pip", "install", "--quiet", "--python", str(old / "bin" / "python"),
         "django>=4.2,<6"],
        check=True,
    )  # fmt: skip
    for name in ("users", "orders"):
        env = {**outside, "DB_PATH": str(tmp_path / f"{name}.sqlite3")}
        migrated = subprocess.run(
            [str(old / "bin" / "python"), "manage.py", "migrate"],
            cwd=root / name, capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        assert migrated.returncode == 0, migrated.stderr
    result = run_shipyard("adopt", cwd=root)
    assert result.code == 0, result.stderr
    sync = subprocess.run(
        ["uv", "sync", "--all-packages"], cwd=root, capture_output=True, text=True
    )
    assert sync.returncode == 0, sync.stderr
    for name in ("users", "orders"):
        env = {**outside, "DB_PATH": str(tmp_path / f"{name}.sqlite3")}

        def manage(*args: str, name: str = name, env: dict[str, str] = env) -> str:
            done = subprocess.run(
                ["uv", "run", "--frozen", "python", "manage.py", *args],
                cwd=root / "services" / name, capture_output=True, text=True, env=env,
                check=False,
            )  # fmt: skip
            assert done.returncode == 0, (
                f"{name}: manage.py {' '.join(args)}\n{done.stdout}{done.stderr}"
            )
            return done.stdout

        manage("migrate", "--check")
        manage("makemigrations", "--check", "--dry-run")
        assert "project\n [X] 0001_initial" in manage("showmigrations", "project")
