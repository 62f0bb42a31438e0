"""Helpers shared by shipyard's own tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest


def unavailable(reason: str) -> NoReturn:
    """A server or tool a test needs is missing: skip and say why, but fail under CI (`CI`
    set), which must run every tier."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run this test)", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str


def run_shipyard(*args: str, cwd: Path) -> Result:
    """The real command line, in a child process, as a user runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "shipyard", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    return Result(done.returncode, done.stdout, done.stderr)


def shipyard_ok(*args: str, cwd: Path) -> Result:
    """`run_shipyard` for steps that must succeed: a failure shows what shipyard said."""
    result = run_shipyard(*args, cwd=cwd)
    assert result.code == 0, f"shipyard {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every path under `root` with its content (None for directories), but shipyard's own
    local state (`.shipyard/`: the workspace lock, caches), which git ignores too."""
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
        if ".shipyard" not in p.relative_to(root).parts
    }


@contextmanager
def read_only(directory: Path) -> Iterator[None]:
    """Make `directory` unwritable, even for root (which ignores permission bits)."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a directory read-only")
        subprocess.run(["chattr", "+i", str(directory)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(directory)], check=True)
    else:
        mode = directory.stat().st_mode
        directory.chmod(0o500)
        try:
            yield
        finally:
            directory.chmod(mode)


@pytest.fixture(scope="session")
def generated_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with a lib and a service, generated once without the network."""
    base = tmp_path_factory.mktemp("generated")
    root = base / "acme"
    for args in (
        ("new", str(root), "--no-lock", "--no-git"),
        ("add", "lib", "common", "--no-lock"),
        ("add", "service", "catalog", "--no-lock"),
    ):
        result = run_shipyard(*args, cwd=root if args[0] == "add" else base)
        assert result.code == 0, result.stderr
    return root


@pytest.fixture
def workspace(generated_workspace: Path, tmp_path: Path) -> Path:
    """A private copy of the generated workspace, at `tmp_path / "acme"`."""
    return Path(shutil.copytree(generated_workspace, tmp_path / "acme"))
