"""A FilePlan says what to write; `apply` writes all of it or, on any failure or signal, none
of it."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from shipyard.changes.signals import critical, hold, release
from shipyard.errors import ShipyardError


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    OVERWRITE = "overwrite"
    UNCHANGED = "unchanged"
    DELETE = "delete"


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    """Relative to the plan's root."""
    content: str
    managed: bool = False
    """A shared file shipyard keeps up to date (root pyproject, compose): updating is expected."""


@dataclass(frozen=True)
class FilePlan:
    root: Path
    files: tuple[PlannedFile, ...]
    guarded: tuple[Path, ...] = field(default=())
    """Paths a follow-up step (`uv lock`, `git init`) may write: restored too on rollback."""
    deleted: tuple[Path, ...] = field(default=())
    """Files to remove (`upgrade`: files a newer template no longer has); restored on rollback."""

    def action(self, planned: PlannedFile) -> Action:
        target = self.root / planned.path
        if not target.exists():
            return Action.CREATE
        if target.is_file() and _read(target) == planned.content:
            return Action.UNCHANGED
        return Action.UPDATE if planned.managed else Action.OVERWRITE

    def conflicts(self) -> list[Path]:
        return [f.path for f in self.files if self.action(f) is Action.OVERWRITE]


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def read_if_present(path: Path) -> str | None:
    """A file's text, None when it does not exist; any other failure is the user's to fix."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ShipyardError(f"Cannot read {path}: {exc}.") from None


def apply(
    plan: FilePlan,
    *,
    force: bool = False,
    then: Callable[[], None] | None = None,
    whole: bool = False,
) -> None:
    """Write every planned file, then run `then`; if anything fails, restore the previous state.

    Each file is written to a temporary sibling and renamed into place, so no file is ever seen
    half-written; a failure part-way (or in `then`) removes what was created and puts back what
    was replaced. `whole`: this plan is the whole change, so once it is written a signal no
    longer rolls it back (see `signals.commit`).
    """
    # Each file's action is read from disk once, before anything is written.
    actions = [plan.action(f) for f in plan.files]
    conflicts = [f.path for f, a in zip(plan.files, actions, strict=True) if a is Action.OVERWRITE]
    if conflicts and not force:
        listed = ", ".join(str(p) for p in conflicts[:5])
        more = f" and {len(conflicts) - 5} more" if len(conflicts) > 5 else ""
        raise ShipyardError(f"Would overwrite {listed}{more}; rerun with --force to replace them.")
    journal = _Journal()
    try:
        with critical():
            for guarded in plan.guarded:
                journal.remember(plan.root / guarded)
        for planned, action in zip(plan.files, actions, strict=True):
            if action is not Action.UNCHANGED:
                # A signal waits until the file is in place and recorded: the journal
                # always knows what to undo.
                with critical():
                    journal.write(plan.root / planned.path, planned.content)
        for path in plan.deleted:
            with critical():
                journal.delete(plan.root / path)
        if then is not None:
            then()
        # From here signals wait: one arriving now must not be taken for a failure.
        hold()
    except BaseException as exc:
        with critical():
            journal.rollback()
        if isinstance(exc, OSError):
            where = exc.filename or plan.root
            reason = exc.strerror or str(exc)
            raise ShipyardError(f"Cannot write {where}: {reason}; nothing was changed.") from None
        raise
    release(complete=whole)


class _Journal:
    """What `apply` changed, so that it can be undone in reverse order."""

    def __init__(self) -> None:
        self._created_dirs: list[Path] = []
        self._previous: dict[Path, tuple[bytes, int] | None] = {}

    def remember(self, path: Path) -> None:
        """Note a path's content and mode before it changes; a directory only as present."""
        if path not in self._previous and not path.is_dir():
            if path.is_file():
                self._previous[path] = (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
            else:
                self._previous[path] = None

    def write(self, path: Path, content: str) -> None:
        self._make_parents(path.parent)
        self.remember(path)
        previous = self._previous.get(path)
        # A replaced file keeps its mode (an executable script stays executable).
        _replace(path, content.encode("utf-8"), previous[1] if previous else 0o644)

    def delete(self, path: Path) -> None:
        self.remember(path)
        path.unlink(missing_ok=True)

    def _make_parents(self, directory: Path) -> None:
        missing = [d for d in (directory, *directory.parents) if not d.exists()]
        for d in reversed(missing):
            d.mkdir()
            self._created_dirs.append(d)

    def rollback(self) -> None:
        for path, previous in reversed(self._previous.items()):
            with contextlib.suppress(OSError):
                if previous is not None:
                    _replace(path, *previous)
                elif path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink(missing_ok=True)
        # These did not exist before `apply`, so everything under them is its own doing.
        for directory in reversed(self._created_dirs):
            shutil.rmtree(directory, ignore_errors=True)


def _replace(path: Path, content: bytes, mode: int) -> None:
    """Write a temporary sibling and rename it over `path`: never seen half-written."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def describe(plan: FilePlan) -> list[tuple[Action, Path]]:
    """What applying the plan would do to each file, in plan order, deletions last."""
    written = [(plan.action(f), f.path) for f in plan.files]
    return written + [(Action.DELETE, p) for p in plan.deleted if (plan.root / p).exists()]
