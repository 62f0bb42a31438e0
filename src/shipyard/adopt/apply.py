"""Apply a plan to the repository, all of it or none of it.

Moves are `git mv` (history follows); each is recorded before it runs, and the rollback
moves back whatever moved. Removed files are kept in memory until the end. Rewritten and
generated files go through `shipyard.changes.apply` (atomic writes, journaled). The git index
and HEAD are restored byte for byte. Every step runs in a critical section: a Ctrl-C or
SIGTERM is delivered between steps, and unwinds through the rollback."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from shipyard import tools
from shipyard.adopt.dropped import add_dropped, dropped
from shipyard.adopt.git import git
from shipyard.adopt.plan import REPORT, Plan
from shipyard.adopt.report import render_plan
from shipyard.changes import FilePlan, PlannedFile, apply, critical
from shipyard.errors import ShipyardError

LOCK = Path("uv.lock")
COMMIT_MESSAGE = "Adopt the repository into a shipyard workspace (shipyard adopt)"


class _Journal:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.index = Path(git(root, "rev-parse", "--git-path", "index").strip())
        if not self.index.is_absolute():
            self.index = root / self.index
        self.saved_index = self.index.read_bytes() if self.index.is_file() else None
        self.head = git(root, "rev-parse", "HEAD").strip()
        self.done: list[tuple[str, Path, Path | bytes | None, int]] = []

    def mkdirs(self, directory: Path) -> None:
        missing = [d for d in (directory, *directory.parents) if not d.exists()]
        for folder in reversed(missing):
            self.done.append(("mkdir", folder, None, 0))
            folder.mkdir()

    def move(self, old: Path, new: Path) -> None:
        self.mkdirs((self.root / new).parent)
        self.done.append(("move", self.root / old, self.root / new, 0))
        git(self.root, "mv", "--", old.as_posix(), new.as_posix())

    def remove(self, path: Path) -> None:
        target = self.root / path
        content = target.read_bytes()
        mode = stat.S_IMODE(target.stat().st_mode)
        self.done.append(("remove", target, content, mode))
        target.unlink()

    def rollback(self) -> None:
        for kind, path, other, mode in reversed(self.done):
            with contextlib.suppress(OSError):
                if kind == "move" and isinstance(other, Path):
                    if os.path.lexists(other) and not os.path.lexists(path):
                        os.rename(other, path)
                elif kind == "remove" and isinstance(other, bytes):
                    if not path.exists():
                        path.write_bytes(other)
                        os.chmod(path, mode)
                elif kind == "mkdir":
                    _remove_empty(path)
        if git(self.root, "rev-parse", "HEAD", check=False).strip() != self.head:
            git(self.root, "update-ref", "HEAD", self.head, check=False)
        if self.saved_index is not None:
            self.index.write_bytes(self.saved_index)


def _remove_empty(directory: Path) -> None:
    """A folder adopt made, now empty but for caches Python may have written meanwhile."""
    for leftover in sorted(directory.rglob("*"), reverse=True):
        if (leftover.is_dir() and leftover.name == "__pycache__") or leftover.suffix == ".pyc":
            with contextlib.suppress(OSError):
                leftover.unlink() if leftover.is_file() else leftover.rmdir()
    directory.rmdir()


def _require_python(version: str) -> None:
    """`uv lock` for a Python this machine lacks would try to download one, and fail
    obscurely where there is no network: say so before anything changes."""
    if shutil.which("uv") is None:
        return  # `uv lock` says so itself, after the moves it is the last step of
    found = subprocess.run(
        ["uv", "python", "find", "--no-python-downloads", version],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if found.returncode != 0:
        raise ShipyardError(
            f"The repository asks for Python {version} (docs/adoption.md's notes say where) "
            f"and none is installed here: install it (`uv python install {version}`), or "
            "adopt with --no-lock."
        )


def apply_plan(
    root: Path,
    plan: Plan,
    *,
    lock: bool,
    commit: bool,
    progress: Callable[[str], None] = lambda step: None,
) -> None:
    """Run the plan; on any failure or signal put everything back, then re-raise.
    `progress` hears of each step before it runs."""
    if lock:
        _require_python(plan.python)
    with critical():
        journal = _Journal(root)
    try:
        for move in plan.moves:
            progress(f"git mv {move.old.as_posix()} {move.new.as_posix()}")
            with critical():
                journal.move(move.old, move.new)
        for path in plan.removed:
            progress(f"remove {path.as_posix()}")
            with critical():
                journal.remove(path)
        files = (*plan.files, PlannedFile(REPORT, render_plan(plan)))
        progress(f"write {len(files)} files")

        def then() -> None:
            if lock:
                progress("uv lock")
                tools.uv_lock(root)
                missing = dropped(root, plan)
                if missing:
                    # Written over files this apply wrote: its journal restores them.
                    with critical():
                        notes = add_dropped(root, plan, missing)
                        report = replace(plan, notes=(*plan.notes, *notes))
                        (root / REPORT).write_text(render_plan(report), encoding="utf-8")
                    progress("uv lock (with what was installed before)")
                    tools.uv_lock(root)
            progress("git add")
            with critical():
                git(root, "add", "--all", "--", ".")
                if commit:
                    git(root, "commit", "--quiet", "--no-verify", "-m", COMMIT_MESSAGE)

        apply(FilePlan(root, files, guarded=(LOCK,)), force=True, then=then)
    except BaseException:
        with critical():
            journal.rollback()
        raise
