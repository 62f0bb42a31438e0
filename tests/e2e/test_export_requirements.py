"""`export-requirements` end to end: a generated workspace keeps each exporting member's
requirements.txt in step with uv.lock, and pip alone (no uv) installs a service from it, in a
fresh virtualenv, from exactly the files the documented Dockerfile copies.

Needs the package index: `uv lock` resolves, pip downloads.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_shipyard, shipyard_ok, unavailable
from tests.e2e.conftest import MEASURED

pytestmark = pytest.mark.e2e

PIP_TIMEOUT = 900


def run(command: list[str], cwd: Path) -> str:
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, timeout=PIP_TIMEOUT
    )
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    return done.stdout


def header_commands(requirements: Path) -> list[list[str]]:
    """The install commands the file's header gives, as argument lists."""
    found = re.findall(r"^#   (pip install .*)$", requirements.read_text(), re.M)
    return [line.split() for line in found]


def test_exports_follow_the_lock_and_pip_alone_installs_the_service(tmp_path: Path) -> None:
    if shutil.which("uv") is None:
        unavailable("uv is not on PATH; `make test` installs it")
    root = tmp_path / "acme"
    shipyard_ok("new", str(root), cwd=tmp_path)
    shipyard_ok("add", "lib", "common", cwd=root)
    shipyard_ok("add", "service", "catalog", "--export-requirements", cwd=root)
    shipyard_ok("add", "worker", "jobs", "--export-requirements", cwd=root)
    exports = [root / "services" / name / "requirements.txt" for name in ("catalog", "jobs")]
    assert all(path.is_file() for path in exports)
    clean = run_shipyard("check", cwd=root)
    assert clean.code == 0, clean.stdout

    # The lib narrows a dependency; the lock follows, the exports do not yet.
    lib = root / "libs" / "common" / "pyproject.toml"
    lib.write_text(lib.read_text().replace('"structlog>=24.4"', '"structlog>=24.4,<25"'))
    run(["uv", "lock"], root)
    stale = run_shipyard("check", "--select", "SY205", cwd=root)
    assert stale.code == 1
    assert re.findall(
        r"^(\S+):1:1: SY205 .*\(structlog [0-9.]+ -> 24\.[0-9.]+\)", stale.stdout, re.M
    ) == [
        "services/catalog/requirements.txt",
        "services/jobs/requirements.txt",
    ], stale.stdout

    fixed = run_shipyard("check", "--fix", cwd=root)
    assert fixed.code == 0, fixed.stdout + fixed.stderr
    assert "Fixed: wrote services/catalog/requirements.txt from uv.lock" in fixed.stdout
    assert "Fixed: wrote services/jobs/requirements.txt from uv.lock" in fixed.stdout
    assert run_shipyard("check", cwd=root).code == 0

    # What the Dockerfile in docs/rules/SY205.md copies, and nothing else: no uv, no lock.
    context = tmp_path / "context"
    (context / "services").mkdir(parents=True)
    shutil.copytree(root / "libs", context / "libs")
    shutil.copytree(root / "services" / "catalog", context / "services" / "catalog")
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    pip = [str(venv / "bin" / "python"), "-m", "pip"]
    commands = header_commands(context / "services" / "catalog" / "requirements.txt")
    assert commands == [
        ["pip", "install", "--require-hashes", "-r", "services/catalog/requirements.txt"],
        ["pip", "install", "--no-deps", "./libs/common", "./services/catalog"],
    ]
    started = time.monotonic()
    for command in commands:
        run([*pip, *command[1:], "--no-cache-dir", "--quiet"], context)
    MEASURED["pip install of catalog's export (2 commands, no cache)"] = (
        f"{time.monotonic() - started:.0f} s"
    )
    run([*pip, "check"], context)
    versions = run([*pip, "list", "--format", "freeze"], context)
    assert re.search(r"^structlog==24\.", versions, re.M), versions
    app = "from catalog.main import create_app; print(type(create_app()).__name__)"
    assert run([str(venv / "bin" / "python"), "-c", app], tmp_path).strip() == "FastAPI"
