"""A new directory appears whole or not at all: it is built in a hidden staging directory and
published at the end; a failure or a signal before that leaves the target as it was."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from shipyard.changes.signals import critical, hold, release
from shipyard.errors import ShipyardError

PREFIX = ".shipyard-new-"


@contextlib.contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """Yield an empty staging directory; when the block ends without error, its content
    becomes `target`. An existing (empty) `target` is kept, with its mode, owner, group and
    setgid bit: the staging directory is made inside it, so new files inherit its group, and
    its entries are moved up one by one."""
    target = target.absolute()
    existing = target.is_dir()
    created = (
        [] if existing else [d for d in (target.parent, *target.parent.parents) if not d.exists()]
    )
    try:
        for directory in reversed(created):
            directory.mkdir()
        staging = Path(tempfile.mkdtemp(prefix=PREFIX, dir=target if existing else target.parent))
    except OSError as exc:
        _remove(created)
        raise ShipyardError(
            f"Cannot write {target}: {exc.strerror}; nothing was changed."
        ) from None
    try:
        yield staging
        hold()  # signals wait while it is published: it appears whole or not at all
    except BaseException:
        _clean(staging, created)
        raise
    try:
        if existing:
            _move_entries(staging, target)
        else:
            _publish(staging, target)
    except BaseException:
        _clean(staging, created)
        release()
        raise
    release(complete=True)


def _clean(staging: Path, created: list[Path]) -> None:
    with critical():
        shutil.rmtree(staging, ignore_errors=True)
        _remove(created)


def _publish(staging: Path, target: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp made it private
    try:
        os.rename(staging, target)
    except OSError as exc:
        raise ShipyardError(
            f"Cannot create {target}: {exc.strerror} (was it created meanwhile?); "
            "nothing was changed."
        ) from None


def _move_entries(staging: Path, target: Path) -> None:
    moved: list[str] = []
    try:
        for entry in sorted(os.listdir(staging)):
            if os.path.lexists(target / entry):
                raise ShipyardError(
                    f"{target / entry} appeared while the workspace was being created; "
                    "nothing was changed."
                )
            os.rename(staging / entry, target / entry)
            moved.append(entry)
        staging.rmdir()
    except BaseException:
        for entry in reversed(moved):
            with contextlib.suppress(OSError):
                os.rename(target / entry, staging / entry)
        raise


def _remove(created: list[Path]) -> None:
    for directory in created:
        with contextlib.suppress(OSError):
            shutil.rmtree(directory)
