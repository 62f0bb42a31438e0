"""One writer at a time per workspace: `.shipyard/lock`, held with flock(2) so that a process
that dies (even by SIGKILL) releases it with no stale lock to clean up."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from shipyard.errors import ShipyardError

LOCK_FILE = Path(".shipyard/lock")
WAIT_SECONDS = 120.0
POLL_SECONDS = 0.1


@contextlib.contextmanager
def workspace_lock(root: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the workspace's lock; wait (saying so on stderr) while another command has it."""
    path = root / LOCK_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _ignore_in_git(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise ShipyardError(f"Cannot create the workspace lock {path}: {exc.strerror}.") from None
    try:
        _acquire(fd, path, wait)
        # Who holds it, for the message of the next command that waits.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {' '.join(sys.argv[1:])}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def _acquire(fd: int, path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _holder(fd)
        if time.monotonic() >= deadline:
            raise ShipyardError(
                f"Another shipyard command ({holder}) is still changing this workspace after "
                f"{wait:.0f} s; try again once it has finished."
            )
        if not told:
            print(f"Waiting for another shipyard command ({holder}) to finish…", file=sys.stderr)
            told = True
        time.sleep(POLL_SECONDS)


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, UnicodeDecodeError):
        text = os.pread(fd, 200, 0).decode().strip()
        pid, _, command = text.partition(" ")
        if pid:
            return f"pid {pid}: shipyard {command}".strip()
    return "another process"


def _ignore_in_git(directory: Path) -> None:
    gitignore = directory / ".gitignore"
    if not gitignore.exists():
        with contextlib.suppress(OSError):
            gitignore.write_text("# Created by shipyard: local state, never commit it.\n*\n")
