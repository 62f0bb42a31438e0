"""Walk the workspace once: every file rules may look at, with the stat the cache keys on."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

# Never part of the project's source: tools' caches, virtualenvs, build output, VCS metadata.
PRUNED = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", ".mypy_cache", ".ruff_cache",
     ".pytest_cache", ".shipyard", "__pycache__", "node_modules", "build", "dist", ".eggs",
     "htmlcov", "site-packages"}
)  # fmt: skip

Stamp = tuple[int, int]
"""(mtime in nanoseconds, size): what the per-file cache is keyed on, as ruff's is."""


def walk(root: Path, excluded: Callable[[str], bool] | None = None) -> dict[str, Stamp]:
    """Every file under `root` not pruned or `excluded`, by relative POSIX path."""
    found: dict[str, Stamp] = {}
    pending = [(str(root), "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue  # unreadable directory: nothing we can check there
        for entry in entries:
            relative = prefix + entry.name
            if excluded is not None and excluded(relative):
                continue
            if entry.is_dir(follow_symlinks=False):
                if _is_source_dir(entry):
                    pending.append((entry.path, relative + "/"))
            elif entry.is_file(follow_symlinks=False):
                stat = entry.stat(follow_symlinks=False)
                found[relative] = (stat.st_mtime_ns, stat.st_size)
    return found


def _is_source_dir(entry: os.DirEntry[str]) -> bool:
    if entry.name in PRUNED or entry.name.endswith(".egg-info"):
        return False
    return not os.path.exists(os.path.join(entry.path, "pyvenv.cfg"))  # a virtualenv by any name
