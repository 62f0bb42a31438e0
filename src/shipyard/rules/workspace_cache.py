"""Loading the workspace model for `check`, remembered between runs.

Loading parses every member's pyproject, a measurable part of a warm run in a workspace of
hundreds of members. The model depends only on the root pyproject and the members' pyprojects,
so it is kept (pickled, under `.shipyard/cache/`) keyed by their paths and stats.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from dataclasses import fields
from pathlib import Path

from shipyard import __version__
from shipyard.workspace import Member, Workspace, find_root, load_workspace
from shipyard.workspace.load import member_directories, read_toml, workspace_table

CACHE_FILE = ".shipyard/cache/workspace.pickle"


def load_workspace_cached(start: Path, *, enabled: bool = True) -> Workspace:
    root = find_root(start)
    if root is None or not enabled:
        return load_workspace(start, strict=False)
    file = root / CACHE_FILE
    # A pickle an older shipyard wrote may name a class or module this one no longer has.
    stale = (AttributeError, ImportError, pickle.PickleError, EOFError, ValueError, TypeError)
    with contextlib.suppress(OSError, *stale):
        stored_key, workspace = pickle.loads(file.read_bytes())  # our own file, never shared
        if isinstance(workspace, Workspace) and stored_key == _key(root, workspace):
            return workspace
    workspace = load_workspace(start, strict=False)
    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            pickle.dump((_key(root, workspace), workspace), out)
        os.replace(temporary, file)
    return workspace


def _key(root: Path, workspace: Workspace) -> str:
    """Whatever `load_workspace` reads: the root pyproject and each candidate member's; for a
    member whose pyproject declares no dependencies, the files they were read from and the
    member folder itself (its mtime changes when a requirements file or setup.py appears)."""
    table = workspace_table(read_toml(root / "pyproject.toml"))
    table = table if isinstance(table, dict) else {}
    globs = [g for g in (table.get("members"), table.get("exclude")) if isinstance(g, list)]
    patterns = [str(p) for g in globs for p in g]
    # Every directory a pattern matches, excluded or not: an exclusion can be lifted.
    candidates = member_directories(root, patterns, [])
    stamps = [_stamp(root / "pyproject.toml")]
    stamps += [_stamp(directory / "pyproject.toml") for directory in candidates]
    for member in workspace.members:
        if member.sources or not member.dependencies:
            # Its dependencies come, or could come, from other files: a new requirements
            # file changes the folder's (or requirements/'s) mtime.
            folder = root / member.path
            stamps += [_stamp(folder), _stamp(folder / "requirements")]
            stamps += [_stamp(root / source) for source in member.sources]
    # The model's shape too: a newer shipyard may add fields an old pickle lacks.
    shape = (
        __version__,
        tuple(f.name for f in fields(Workspace)),
        tuple(f.name for f in fields(Member)),
    )
    return repr((shape, str(root), stamps))


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), 0, -1)
    return (str(path), stat.st_mtime_ns, stat.st_size)
