"""`--fix` for SY104: the missing distribution lands in the member's own pyproject, formatted as
it was, and the workspace is re-locked with the real uv (which needs the package index)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from shipyard.cli.check import check_command
from shipyard.errors import ShipyardError
from shipyard.rules.finding import AddDependency, Finding
from shipyard.rules.fix import apply_fixes, fixes_of
from tests.rules.conftest import run

needs_uv = pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not on PATH")

ROOT = """\
[project]
name = "fx"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = []

[tool.uv.workspace]
members = ["services/*", "libs/*"]
"""
API = """\
[project]
name = "api"
version = "0.1.0"
requires-python = ">=3.11"
# Runtime dependencies only.
dependencies = [
    "fastapi>=0.110",  # the web framework
]

[tool.shipyard]
kind = "service"
"""
COMMON = """\
[project]
name = "common"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = []

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[tool.shipyard]
kind = "lib"
"""
CODE = """\
import fastapi
import httpx
import yaml
from common import contracts

APP = fastapi.FastAPI(), httpx, yaml, contracts
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def installed(root: Path, name: str, version: str) -> None:
    """A distribution in the workspace's .venv, as far as its metadata tells."""
    site = root / ".venv" / "lib" / "python3.11" / "site-packages"
    info = site / f"{name}-{version}.dist-info"
    write(info / "METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    write(info / "top_level.txt", f"{name}\n")
    write(site / name / "__init__.py", "")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "fx"
    write(root / "pyproject.toml", ROOT)
    write(root / "services" / "api" / "pyproject.toml", API)
    write(root / "services" / "api" / "src" / "api" / "__init__.py", "")
    write(root / "services" / "api" / "src" / "api" / "main.py", CODE)
    write(root / "services" / "api" / "tests" / "test_main.py", "import respx\n")
    write(root / "libs" / "common" / "pyproject.toml", COMMON)
    write(root / "libs" / "common" / "src" / "common" / "__init__.py", "")
    write(root / "libs" / "common" / "src" / "common" / "contracts.py", "VERSION = 1\n")
    installed(root, "httpx", "0.28.1")
    return root


def cli(root: Path, *args: str) -> tuple[int, str]:
    app = typer.Typer()
    app.command()(check_command)
    app.command("unused")(lambda: None)
    result = CliRunner().invoke(app, ["check-command", str(root), *args])
    if isinstance(result.exception, ShipyardError):
        return 2, result.exception.message
    return result.exit_code, result.output


def test_each_runtime_finding_carries_one_safe_fix(workspace: Path) -> None:
    fixes = fixes_of(run(workspace, "SY104"))
    assert [(f.member, f.requirement, f.workspace) for f in fixes] == [
        ("services/api", "common", True),
        ("services/api", "httpx>=0.28", False),
        ("services/api", "pyyaml", False),
    ]  # respx, imported by a test only, is left to the team: no fix


@needs_uv
def test_fix_declares_the_dependencies_keeps_the_format_and_relocks(workspace: Path) -> None:
    code, output = cli(workspace, "--select", "SY104,SY204", "--fix")
    assert "Fixed: added httpx>=0.28 to services/api/pyproject.toml" in output
    assert (workspace / "services" / "api" / "pyproject.toml").read_text() == API.replace(
        '    "fastapi>=0.110",  # the web framework\n',
        '    "common",\n    "fastapi>=0.110",  # the web framework\n'
        '    "httpx>=0.28",\n    "pyyaml",\n',
    ) + "\n[tool.uv.sources]\ncommon = {workspace = true}\n"
    lock = (workspace / "uv.lock").read_text()
    assert 'name = "pyyaml"' in lock
    assert 'name = "httpx"' in lock
    # Only the test's import remains, and the lock is up to date.
    assert code == 1
    assert output.count(" SY104 ") == 1
    assert "respx" in output
    assert "SY204" not in output


@needs_uv
def test_a_failing_lock_puts_every_pyproject_back(workspace: Path) -> None:
    installed(workspace, "httpx", "999.1")  # no such release: `uv lock` cannot resolve
    before = (workspace / "services" / "api" / "pyproject.toml").read_text()
    with pytest.raises(ShipyardError, match="uv lock"):
        apply_fixes(workspace, fixes_of(run(workspace, "SY104")))
    assert (workspace / "services" / "api" / "pyproject.toml").read_text() == before
    assert not (workspace / "uv.lock").exists()


def test_nothing_is_written_without_a_safe_fix(workspace: Path) -> None:
    calls: list[Path] = []
    main = workspace / "services" / "api" / "src" / "api" / "main.py"
    main.write_text("import fastapi\n")
    assert apply_fixes(workspace, fixes_of(run(workspace, "SY104")), calls.append) == []
    assert calls == []


def test_a_pyproject_with_dynamic_dependencies_is_left_alone(workspace: Path) -> None:
    pyproject = workspace / "services" / "api" / "pyproject.toml"
    pyproject.write_text(
        textwrap.dedent("""\
        [project]
        name = "api"
        version = "0.1.0"
        dynamic = ["dependencies"]
        """)
    )
    fixes = fixes_of(run(workspace, "SY104"))
    assert fixes
    assert apply_fixes(workspace, fixes, lambda root: None) == []


def test_build_tools_are_never_declared_as_runtime_dependencies(workspace: Path) -> None:
    api = workspace / "services" / "api"
    # Runtime code that needs setuptools, and a build script that imports build tools.
    write(api / "src" / "api" / "resources.py", "import pkg_resources\n")
    write(api / "setup.py", "import setuptools\nfrom Cython.Build import cythonize\n")
    findings = run(workspace, "SY104")
    runtime = [f for f in findings if f.path.endswith("resources.py")]
    assert [f.fix for f in runtime] == [None]
    assert "setuptools, a build tool" in runtime[0].message
    build = [f for f in findings if f.path.endswith("setup.py")]
    assert [f.message.split(" is ")[0] for f in build] == ["Cython"]  # setuptools is the default
    assert "pkg_resources" not in str(fixes_of(findings))


def test_fixes_for_build_tools_are_dropped_whatever_carries_them() -> None:
    def finding(requirement: str) -> Finding:
        fix = AddDependency("services/api", requirement)
        return Finding("services/api/src/api/x.py", 1, 1, "SY104", "m", fix=fix)

    wanted = [finding("setuptools>=68"), finding("Cython"), finding("httpx>=0.28")]
    assert [f.requirement for f in fixes_of(wanted)] == ["httpx>=0.28"]


def test_a_setup_module_that_is_no_build_script_is_runtime_code(workspace: Path) -> None:
    write(workspace / "services" / "api" / "src" / "api" / "logs" / "setup.py", "import yaml\n")
    (found,) = [f for f in run(workspace, "SY104") if f.path.endswith("logs/setup.py")]
    assert "[build-system]" not in found.message
    assert found.fix is not None
