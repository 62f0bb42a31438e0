"""Run one Django app's tests alone, in the project's own environment, with a pytest plugin
(`pytest_reach.py`) that records what they reached: modules and tables of other apps."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from shipyard.errors import ShipyardError

PLUGIN = Path(__file__).with_name("pytest_reach.py")
PLUGIN_NAME = "shipyard_reach"


class TestRun(NamedTuple):
    exit_code: int
    modules: tuple[str, ...] | None
    """What the tests reached; None when pytest ended before writing it (a crash)."""
    tables: tuple[str, ...] | None


def interpreter(root: Path) -> Path:
    """The workspace's virtualenv's Python: the one with the project's dependencies."""
    for candidate in (root / ".venv/bin/python", root / ".venv/Scripts/python.exe"):
        if candidate.exists():
            return candidate
    raise ShipyardError(f"{root} has no .venv; run `uv sync` there first.")


def run_tests(python: Path, cwd: Path, target: str, extra: Sequence[str] = ()) -> TestRun:
    """pytest on `target` (a folder, relative to `cwd`), its output passed through."""
    with tempfile.TemporaryDirectory(prefix="shipyard-test-") as folder:
        # The plugin alone on the path: the folder it lives in holds modules named like a
        # project's own (`views`, `settings`).
        shutil.copyfile(PLUGIN, Path(folder) / f"{PLUGIN_NAME}.py")
        report = Path(folder) / "reach.json"
        path = os.pathsep.join(p for p in (folder, os.environ.get("PYTHONPATH", "")) if p)
        env = {**os.environ, "PYTHONPATH": path, "SHIPYARD_REACH_FILE": str(report)}
        command = [str(python), "-m", "pytest", "-p", PLUGIN_NAME, target, *extra]
        try:
            done = subprocess.run(command, cwd=cwd, env=env, check=False)
        except OSError as exc:
            raise ShipyardError(f"Cannot run {python}: {exc.strerror or exc}.") from None
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return TestRun(done.returncode, None, None)
    return TestRun(done.returncode, tuple(data["modules"]), tuple(data["tables"]))
