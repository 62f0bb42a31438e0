"""A Django monolith (tests/fixtures/django_monolith: Django, DRF, simplejwt, `users` and
`projects` coupled in every way shipyard looks for), installed with uv: its own tests pass on
PostgreSQL, `test --app` runs one app's tests and says what they reached in the other,
`check` finds each planted coupling, `boundaries` writes the READMEs and the extraction guide
and a second run changes nothing."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import run_shipyard, shipyard_ok
from tests.e2e.conftest import psql, uv_sync
from tests.e2e.test_generated_workspace import require_postgres
from tests.rules.conftest import expectations

pytestmark = pytest.mark.e2e

FIXTURE = Path(__file__).parents[1] / "fixtures" / "django_monolith"


def sources(root: Path) -> dict[str, bytes]:
    """Every file but the virtualenv's and shipyard's own state."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {".venv", ".shipyard"} & set(p.relative_to(root).parts)
    }


@pytest.fixture(scope="module")
def monolith(tmp_path_factory: pytest.TempPathFactory) -> Path:
    caches = shutil.ignore_patterns(".ruff_cache", "__pycache__", ".venv")
    target = tmp_path_factory.mktemp("django") / "monolith"
    root = Path(shutil.copytree(FIXTURE, target, ignore=caches))
    uv_sync(root, "--all-packages")
    return root


def test_its_own_tests_pass_on_postgresql(monolith: Path) -> None:
    require_postgres()
    name = f"monolith_{secrets.token_hex(4)}"  # pytest-django creates and drops test_<name>
    env = {**os.environ, "DJANGO_SECRET_KEY": secrets.token_urlsafe(40), "DB_NAME": name}
    done = subprocess.run(
        ["uv", "run", "--frozen", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=monolith / "backend",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "4 passed" in done.stdout
    assert f"test_{name}" not in psql("-lqt")


def test_each_app_tests_alone_and_says_what_it_reached(monolith: Path) -> None:
    require_postgres()
    name = f"monolith_{secrets.token_hex(4)}"
    env = {**os.environ, "DJANGO_SECRET_KEY": secrets.token_urlsafe(40), "DB_NAME": name}
    command = [sys.executable, "-m", "shipyard", "test", "--app", "users", "--require-alone"]
    done = subprocess.run(
        [*command, "--", "-q", "-p", "no:cacheprovider"],
        cwd=monolith, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    # Its tests pass, but they import projects' models and the signal writes its tables.
    assert "2 passed" in done.stdout, done.stdout[-3000:] + done.stderr[-2000:]
    assert done.stdout.splitlines()[-2:] == [
        "shipyard: the tests of users reached other apps:",
        "  projects: imports projects.models; tables projects_membership, projects_project",
    ]
    assert done.returncode == 1  # --require-alone


def test_check_finds_each_planted_coupling(monolith: Path) -> None:
    result = run_shipyard("check", "--select", "SY5", "--format", "json", cwd=monolith)
    assert result.code == 1, result.stderr
    found = Counter((f["path"], f["line"], f["code"]) for f in json.loads(result.stdout))
    assert found == expectations(monolith)
    assert set(c for _, _, c in found) == {"SY502", "SY503", "SY504", "SY505", "SY506"}


def test_boundaries_writes_once(monolith: Path) -> None:
    first = shipyard_ok("boundaries", cwd=monolith)
    assert "create    backend/users/README.md" in first.stdout
    assert "users: needs work: 0 non-interface dependencies out, 5 in" in first.stdout
    written = sources(monolith)
    readme = (monolith / "backend/users/README.md").read_text()
    assert "| `User` | `users_user` |" in readme
    guide = (monolith / "docs/MICROSERVICES_EXTRACTION.md").read_text()
    assert '  projects -->|"2 imports of internals, 2 foreign keys, 1 signal receiver' in guide

    again = shipyard_ok("boundaries", cwd=monolith)

    assert again.stdout.count("unchanged") == 3
    assert sources(monolith) == written
