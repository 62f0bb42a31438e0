"""The external programs shipyard drives (uv, git), each failure told in one sentence."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from shipyard.errors import ShipyardError


def run(command: list[str], cwd: Path, what: str) -> None:
    executable = shutil.which(command[0])
    if executable is None:
        raise ShipyardError(f"{command[0]} is not on PATH; it is needed to {what}.")
    result = subprocess.run(
        [executable, *command[1:]], cwd=cwd, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        reason = lines[-1].strip() if lines else f"exit code {result.returncode}"
        raise ShipyardError(f"Could not {what}: `{' '.join(command)}` failed: {reason}")


def uv_lock(root: Path) -> None:
    run(["uv", "lock"], root, "lock the workspace (use --no-lock to skip)")


def git_init(root: Path) -> None:
    run(["git", "init", "--quiet"], root, "create the git repository (use --no-git to skip)")
