"""The external programs shipyard drives (uv, git), each failure told in one sentence."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from shipyard.errors import ShipyardError


def run(command: list[str], cwd: Path, what: str) -> str:
    """Run `command` in `cwd`; its standard output, or one sentence saying why it failed."""
    executable = shutil.which(command[0])
    if executable is None:
        raise ShipyardError(f"{command[0]} is not on PATH; it is needed to {what}.")
    result = subprocess.run(
        [executable, *command[1:]], cwd=cwd, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        reason = _reason(result.stderr or result.stdout) or f"exit code {result.returncode}"
        raise ShipyardError(f"Could not {what}: `{' '.join(command)}` failed: {reason}")
    return result.stdout


def _reason(output: str) -> str:
    """What a program said went wrong: uv's last `error:` with its causes (hints follow it and
    say less), else the last line."""
    lines = [line.strip() for line in output.splitlines()]
    errors = [i for i, line in enumerate(lines) if line.lower().startswith("error:")]
    if not errors:
        return next((line for line in reversed(lines) if line), "")
    said = []
    for line in lines[errors[-1] :]:
        if not line:
            break
        said.append(line)
    return " ".join(said)


def uv_lock(root: Path) -> None:
    run(["uv", "lock"], root, "lock the workspace (use --no-lock to skip)")


def uv_export(root: Path, package: str) -> str:
    """`package`'s runtime closure as uv.lock pins it, in requirements format with hashes: no
    dependency group, workspace members as plain paths from the root. Read from the lock
    alone (frozen, offline): never a resolution, never the network."""
    command = ["uv", "export", "--package", package, "--frozen", "--offline", "--quiet"]
    command += [
        "--no-default-groups",
        "--no-editable",
        "--no-header",
        "--format",
        "requirements.txt",
    ]
    return run(command, root, f"export the requirements of {package} from uv.lock")


def git_init(root: Path) -> None:
    run(["git", "init", "--quiet"], root, "create the git repository (use --no-git to skip)")
