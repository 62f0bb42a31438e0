"""The fixture monolith grown the way the README says: `add core`, `uv sync`, `add app notes`,
contracts from the users and projects serializers. What shipyard wrote passes ruff, mypy
--strict with django-stubs and its tests, and the project's own tests still pass, on
PostgreSQL, the Schemathesis test of the new app's API among them (and a view that fails fails
it); `check` finds nothing new; `test --app` runs the new app alone; a serializer that drops a
field fails its contract test."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ruff.__main__ import find_ruff_bin

from tests.conftest import Result, run_shipyard, shipyard_ok, snapshot, unavailable
from tests.e2e.conftest import MEASURED, uv_sync
from tests.e2e.test_generated_workspace import require_postgres

pytestmark = pytest.mark.e2e

FIXTURE = Path(__file__).parents[1] / "fixtures" / "django_monolith"
GENERATED = ("core", "notes", "users/contracts", "projects/contracts",
             "users/tests/test_serializer_contracts.py",
             "projects/tests/test_serializer_contracts.py")  # fmt: skip
# What the generated code is held to, beyond the project's own ruff rules.
STRICT_RULES = "E,F,W,I,B,UP,SIM,RUF,N,PT"


def project_env(**more: str) -> dict[str, str]:
    """The monolith's settings read their secret (and database) from the environment."""
    return {**os.environ, "DJANGO_SECRET_KEY": "e2e-" + "k" * 40, "NO_COLOR": "1", **more}


def shipyard(*args: str, cwd: Path) -> Result:
    done = subprocess.run(
        [sys.executable, "-m", "shipyard", *args],
        cwd=cwd, capture_output=True, text=True, check=False, env=project_env(),
    )  # fmt: skip
    assert done.returncode == 0, f"shipyard {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return Result(done.returncode, done.stdout, done.stderr)


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, env=project_env(**env)
    )


def findings(root: Path) -> set[tuple[str, str]]:
    result = run_shipyard("check", "--format", "json", cwd=root)
    return {(f["path"], f["code"]) for f in json.loads(result.stdout)}


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("uv") is None:
        unavailable("uv is not on PATH; `make test` installs it")
    caches = shutil.ignore_patterns(".ruff_cache", "__pycache__", ".venv")
    root = Path(
        shutil.copytree(FIXTURE, tmp_path_factory.mktemp("grow") / "monolith", ignore=caches)
    )
    uv_sync(root, "--all-packages")
    MEASURED["django: check findings before add core"] = str(len(findings(root)))
    shipyard("add", "core", cwd=root)
    uv_sync(root, "--all-packages")  # the stubs and pydantic add core declared
    shipyard("add", "app", "notes", cwd=root)
    for app in ("users", "projects"):
        shipyard("contracts", "from-serializers", app, cwd=root)
    return root


def test_the_generated_code_passes_the_project_s_ruff_and_a_stricter_one(grown: Path) -> None:
    backend = grown / "backend"
    ruff = find_ruff_bin()
    for command in (
        [ruff, "check", "--no-cache", "."],
        [ruff, "format", "--check", "--no-cache", "."],
        [ruff, "check", "--no-cache", "--select", STRICT_RULES, *GENERATED],
    ):
        done = run([str(c) for c in command], backend)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_generated_code_passes_mypy_strict_with_django_stubs(grown: Path) -> None:
    # The project's own modules are not strictly typed: mypy reads them, reports only ours.
    done = run(
        ["uv", "run", "--frozen", "mypy", "--strict", "--follow-imports=silent", *GENERATED],
        grown / "backend",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_the_project_s_tests_and_the_generated_ones_pass_on_postgresql(grown: Path) -> None:
    require_postgres()
    name = f"grown_{secrets.token_hex(4)}"
    done = run(["uv", "run", "--frozen", "pytest", "-q", "-p", "no:cacheprovider"],
               grown / "backend", DB_NAME=name)  # fmt: skip
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
    summary = done.stdout.strip().splitlines()[-1]
    MEASURED["django: the grown monolith's tests"] = summary
    passed = int(summary.split(" passed")[0].split()[-1])
    # the project's, core's, notes' (6 of them Schemathesis'), the serializer contracts
    assert passed >= 4 + 51 + 24 + 8


def api_properties(grown: Path) -> subprocess.CompletedProcess[str]:
    return run(["uv", "run", "--frozen", "pytest", "-p", "no:cacheprovider",
                "notes/tests/test_api_properties.py"],
               grown / "backend", DB_NAME=f"p_{secrets.token_hex(4)}")  # fmt: skip


def test_the_api_property_test_runs_every_operation_and_passes(grown: Path) -> None:
    require_postgres()
    started = time.monotonic()
    done = api_properties(grown)
    MEASURED["django: notes' Schemathesis test (6 operations)"] = (
        f"{time.monotonic() - started:.1f}s"
    )
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
    # One test an operation (Schemathesis names them only when they fail): list, create, read,
    # replace, change, delete.
    assert " 6 passed in " in done.stdout
    assert "skipped" not in done.stdout


def test_a_view_that_fails_fails_the_api_property_test(grown: Path) -> None:
    require_postgres()
    views = grown / "backend/notes/api/views.py"
    kept = views.read_text()
    destroy = "    def perform_destroy(self, instance: Note) -> None:\n"
    assert destroy in kept
    views.write_text(kept.replace(destroy, destroy + "        raise RuntimeError('a bug')\n"))
    try:
        done = api_properties(grown)
    finally:
        views.write_text(kept)
    assert done.returncode == 1, done.stdout[-3000:]
    assert "1 failed, 5 passed" in done.stdout
    assert "_ test_api[DELETE /api/notes/{id}/] _" in done.stdout
    assert "Server error" in done.stdout
    assert "RuntimeError: a bug" in done.stdout


def test_check_finds_nothing_new(grown: Path) -> None:
    pristine = Path(shutil.copytree(FIXTURE, grown.parent / "pristine"))
    new = findings(grown) - findings(pristine)

    assert new == set()


def test_the_new_app_s_tests_run_alone(grown: Path) -> None:
    require_postgres()
    command = [sys.executable, "-m", "shipyard", "test", "--app", "notes", "--", "-q"]
    done = run([*command, "-p", "no:cacheprovider"], grown, DB_NAME=f"a_{secrets.token_hex(4)}")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "24 passed" in done.stdout
    # It uses core (everyone's interface) and the user model; the monolith's own signal then
    # writes projects' tables whenever a user is made.
    assert "  core: imports core.api, core.auth, core.contracts, core.events, core.exceptions" in (
        done.stdout
    )


def test_boundaries_already_wrote_the_new_app_s_readme(grown: Path) -> None:
    before = (grown / "backend/notes/README.md").read_text()

    result = shipyard_ok("boundaries", "notes", cwd=grown)

    assert "unchanged backend/notes/README.md" in result.stdout
    assert (grown / "backend/notes/README.md").read_text() == before


def test_a_serializer_that_drops_a_field_fails_its_contract_test(grown: Path) -> None:
    serializers = grown / "backend/projects/serializers.py"
    kept = serializers.read_text()
    serializers.write_text(kept.replace('fields = ("id", "name", "owner", "created")',
                                        'fields = ("id", "name", "owner")'))  # fmt: skip
    try:
        done = run(["uv", "run", "--frozen", "pytest", "-q", "-p", "no:cacheprovider",
                    "projects/tests/test_serializer_contracts.py"], grown / "backend")  # fmt: skip
    finally:
        serializers.write_text(kept)
    assert done.returncode == 1, done.stdout
    assert "AssertionError: assert ['created is gone'] == []" in done.stdout
    assert "1 failed, 3 passed" in done.stdout


def test_from_serializers_again_changes_nothing(grown: Path) -> None:
    before = snapshot(grown / "backend/users")

    result = shipyard("contracts", "from-serializers", "users", cwd=grown)

    assert "4 contracts from the serializers of users." in result.stdout
    assert snapshot(grown / "backend/users") == before


def test_a_project_that_is_no_uv_workspace_gets_core_too(tmp_path: Path) -> None:
    backend = Path(shutil.copytree(FIXTURE / "backend", tmp_path / "backend"))

    result = shipyard_ok("add", "core", "--no-lock", cwd=backend / "users")

    assert "core is core (module core): beside the project's apps in . (projects, users)" in (
        result.stdout
    )
    assert (backend / "core" / "services.py").is_file()
    assert '"core",\n]' in (backend / "config/settings.py").read_text()
    assert "[tool.shipyard.check.django.apps.core]" in (backend / "pyproject.toml").read_text()
