"""The product itself: generate a workspace, install it with uv, and run its own gates.

These tests need the package index (for `uv lock` and `uv sync`) and take a minute or two.
The PostgreSQL tier runs when the server answers; under CI a missing server fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import shipyard_ok, unavailable
from tests.e2e.conftest import make

pytestmark = pytest.mark.e2e

POSTGRES_URL = os.environ.get(
    "SHIPYARD_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def postgres_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def require_postgres() -> None:
    if not postgres_available():
        unavailable("PostgreSQL is not reachable on 127.0.0.1:5432")


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """new + two services + a lib + uv sync, as the README tells a user.

    catalog comes before the lib (so it carries its own logging module) and orders after it
    (so it depends on the lib): both shapes of a service are generated and tested.
    """
    if shutil.which("uv") is None:
        unavailable("uv is not on PATH; `make test` installs it")
    base = tmp_path_factory.mktemp("e2e")
    root = base / "acme"
    steps = [
        (("new", str(root)), base),
        (("add", "service", "catalog"), root),
        (("add", "lib", "common"), root),
        (("add", "service", "orders"), root),
    ]
    for args, cwd in steps:
        shipyard_ok(*args, cwd=cwd)
    sync = subprocess.run(["uv", "sync"], cwd=root, capture_output=True, text=True, check=False)
    assert sync.returncode == 0, sync.stderr
    return root


def test_services_use_the_lib_only_when_there_was_one(acme: Path) -> None:
    catalog_main = (acme / "services/catalog/src/catalog/main.py").read_text()
    orders_main = (acme / "services/orders/src/orders/main.py").read_text()

    assert "from catalog.logs import configure_logging" in catalog_main
    assert "from common.logs import configure_logging" in orders_main
    assert not (acme / "services/orders/src/orders/logs.py").exists()


def test_lint_typecheck_lock_and_architecture_pass(acme: Path) -> None:
    # The generated Makefile runs the `shipyard` on PATH; use this checkout's.
    output = make(acme, "check", env={"SHIPYARD": str(Path(sys.executable).parent / "shipyard")})

    assert "All checks passed!" in output
    assert "All checks passed! (" in output  # shipyard check's own summary
    assert output.count("Success: no issues found") == 3  # common, catalog, orders


def test_every_generated_test_passes_with_coverage(acme: Path) -> None:
    output = make(acme, "test-all")

    coverages = [float(c) for c in re.findall(r"Total coverage: ([\d.]+)%", output)]
    assert len(coverages) == 3, output[-3000:]
    assert min(coverages) >= 90
    assert " failed" not in output


def test_integration_tier_on_real_postgresql(acme: Path) -> None:
    require_postgres()

    output = make(acme, "test-service", env={"TEST_DATABASE_URL": POSTGRES_URL})

    # Per service: 8 items API, 2 migrations, 8 operations and 7 property-based (one per
    # operation); none skipped, the one that needs PostgreSQL included.
    assert output.count("25 passed") == 2, output[-3000:]
    assert not re.search(r"\d+ skipped", output), output[-3000:]


def test_one_service_can_be_tested_alone(acme: Path) -> None:
    output = make(acme, "test-unit", "SERVICE=orders")

    assert "services/orders/tests/unit" in output
    assert "services/catalog" not in output


def test_the_workspace_is_a_git_repository_with_nothing_to_hide(acme: Path) -> None:
    status = subprocess.run(
        ["git", "status", "--porcelain", "--ignored"], cwd=acme, capture_output=True, text=True
    ).stdout

    assert (acme / ".git").is_dir()
    ignored = {line[3:] for line in status.splitlines() if line.startswith("!!")}
    assert ".venv/" in ignored


def test_yaml_files_parse_and_pre_commit_accepts_its_config(acme: Path) -> None:
    # PyYAML comes with pre-commit, a dev tool of the generated workspace.
    files = [".pre-commit-config.yaml", ".github/workflows/ci.yml", "compose.yaml"]
    files += [str(p.relative_to(acme)) for p in acme.glob("services/*/compose.dev.yaml")]
    script = "import sys, yaml\nfor f in sys.argv[1:]: yaml.safe_load(open(f))"
    for command in (
        ["uv", "run", "--frozen", "python", "-c", script, *files],
        ["uv", "run", "--frozen", "pre-commit", "validate-config"],
    ):
        done = subprocess.run(command, cwd=acme, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr


def test_no_sys_path_hacks_and_routes_only_in_api(acme: Path) -> None:
    sources = list(acme.glob("services/*/src/**/*.py")) + list(acme.glob("libs/*/src/**/*.py"))
    assert sources
    for path in sources:
        text = path.read_text()
        assert "sys.path" not in text, path
        if path.name != "api.py":
            assert not re.search(r"@\w+\.(get|post|put|patch|delete)\(", text), path
