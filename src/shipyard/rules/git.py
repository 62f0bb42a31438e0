"""The files git tracks: the one fact about version control the rules need."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def tracked_files(root: Path) -> list[str] | None:
    """Root-relative paths of tracked files, or None outside a git repository or without git."""
    git = shutil.which("git")
    if git is None:
        return None
    result = subprocess.run(
        [git, "-C", str(root), "ls-files", "-z", "--full-name", "--", "."],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        return None
    prefix = subprocess.run(
        [git, "-C", str(root), "rev-parse", "--show-prefix"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    names = result.stdout.decode("utf-8", errors="replace").split("\0")
    return [n.removeprefix(prefix) for n in names if n]
