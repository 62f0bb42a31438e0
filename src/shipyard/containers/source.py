"""What a build plan needs from disk: each member's version, and the commit being built."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from shipyard.errors import ShipyardError
from shipyard.workspace import Member
from shipyard.workspace.load import PYPROJECT, read_toml


def member_version(root: Path, member: Member) -> str:
    """`[project] version` of the member's pyproject."""
    pyproject = root / member.path / PYPROJECT
    version = read_toml(pyproject).get("project", {}).get("version")
    if not isinstance(version, str) or not version:
        raise ShipyardError(
            f"{pyproject.relative_to(root)} has no static [project] version, "
            "which `shipyard build` uses as the image tag."
        )
    return version


def git_short_sha(root: Path) -> str | None:
    """HEAD's short sha, or None outside a git repository or before its first commit."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run(
            [git, "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    sha = done.stdout.strip()
    return sha if done.returncode == 0 and sha else None
