"""Legacy repositories for `shipyard adopt`: a fixture of tests/fixtures/adopt made a git
repository with one commit, in the test's own folder."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "fixtures" / "adopt"
LEGACY = (
    "flask_trio", "piptools_common", "fastapi_src_alembic", "setuppy_service", "poetry_two_level",
)  # fmt: skip


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def make_repository(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    git(target, "init", "--quiet")
    git(target, "add", "--all")
    git(target, "commit", "--quiet", "-m", "legacy")
    return target


@pytest.fixture
def legacy(tmp_path: Path) -> Callable[[str], Path]:
    """`legacy("flask_trio")`: that repository, committed, at tmp_path/flask_trio."""

    def make(name: str) -> Path:
        return make_repository(FIXTURES / name, tmp_path / name)

    return make


def state(root: Path) -> tuple[str, str, dict[str, bytes | None]]:
    """HEAD, `git status`, and every file (but .git and shipyard's own .shipyard/)."""
    files = {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
        if not {".git", ".shipyard"} & set(p.relative_to(root).parts)
    }
    return git(root, "rev-parse", "HEAD"), git(root, "status", "--porcelain"), files
