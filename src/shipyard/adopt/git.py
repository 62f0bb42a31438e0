"""The git commands adopt runs. Each runs in its own session: a Ctrl-C typed in the terminal
reaches shipyard alone, which lets the command in progress finish before it rolls back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from shipyard.errors import ShipyardError


def git(root: Path, *args: str, check: bool = True) -> str:
    executable = shutil.which("git")
    if executable is None:
        raise ShipyardError("git is not on PATH; adopt needs it to move files with history.")
    done = subprocess.run(
        [executable, *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        start_new_session=True,
    )
    if check and done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        reason = lines[-1].strip() if lines else f"exit code {done.returncode}"
        raise ShipyardError(f"`git {' '.join(args)}` failed: {reason}")
    return done.stdout


def require_clean_repository(root: Path) -> None:
    """Refuse a folder that is not the top of a git repository, or whose tree is dirty."""
    if shutil.which("git") is None:
        raise ShipyardError("git is not on PATH; adopt needs it to move files with history.")
    top = git(root, "rev-parse", "--show-toplevel", check=False).strip()
    if not top:
        raise ShipyardError(
            f"{root} is not a git repository; adopt moves files with git so that their history "
            "follows (run `git init` and commit first)."
        )
    if Path(top).resolve() != root.resolve():
        raise ShipyardError(
            f"{root} is inside the git repository at {top}; run adopt at the repository's top."
        )
    if not git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip():
        raise ShipyardError(f"{root} has no commit yet; commit the project before adopting it.")
    if git(root, "status", "--porcelain", "--untracked-files=normal").strip():
        raise ShipyardError(
            f"{root} has uncommitted changes or untracked files; commit or stash them first, "
            "so that the adoption is one change you can review."
        )


def tracked_files(root: Path) -> list[str]:
    """Every tracked file, relative and POSIX-style, sorted."""
    listed = git(root, "ls-files", "-z").split("\0")
    return sorted(f for f in listed if f)


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()
