"""The acceptance test: a workspace shipyard generates has no findings at all.

Generated without the network (`--no-lock`), so the lock rule (SY204) is left out here; with a
lock, `uv lock` writes exactly what SY204 compares against.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shipyard.rules import Finding
from tests.rules.conftest import run


def shipyard(*args: str, cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "shipyard", *args], cwd=cwd, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("check-generated")
    root = base / "acme"
    shipyard("new", str(root), "--no-lock", "--no-git", cwd=base)
    for kind, name in (
        ("service", "catalog"),
        ("lib", "common"),
        ("service", "orders"),
        ("worker", "worker"),
        ("task", "send_webhook"),
    ):
        shipyard("add", kind, name, "--no-lock", cwd=root)
    return root


@pytest.fixture
def acme(generated: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(generated, tmp_path / "acme"))


def report(findings: list[Finding]) -> list[str]:
    return [f"{f.path}:{f.line}:{f.col}: {f.code} {f.message}" for f in findings]


def test_generated_workspace_has_no_findings(acme: Path) -> None:
    assert report(run(acme, "ALL", ignore=("SY204",))) == []


def test_planted_violations_in_a_generated_workspace_are_found(acme: Path) -> None:
    service = acme / "services" / "orders" / "src" / "orders" / "service.py"
    service.write_text(service.read_text() + "\nfrom catalog.service import ItemService\n")
    test = acme / "services" / "orders" / "tests" / "unit" / "test_item_service.py"
    test.write_text("import sys\n\nsys.path.insert(0, 'src')\n" + test.read_text())
    codes = {f.code for f in run(acme, "SY101", "SY103")}
    assert codes == {"SY101", "SY103"}
