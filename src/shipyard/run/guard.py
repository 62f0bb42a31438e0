"""Runs one command of `up` and makes sure it ends with `up`, even when `up` is killed with
SIGKILL or crashes: the kernel sends this guard SIGTERM when its parent dies (Linux's
PR_SET_PDEATHSIG), and the guard then stops the command and everything it started (its
process group) as `up` would have: SIGTERM to the command, SIGKILL to the group after the
grace period. Its exit code is the command's.

    python -m shipyard.run.guard PARENT_PID GRACE -- COMMAND...
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
from types import FrameType

PR_SET_PDEATHSIG = 1


def main(argv: list[str]) -> int:
    parent, grace, command = int(argv[0]), float(argv[1]), argv[3:]
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        return 1
    child = subprocess.Popen(command)  # same process group: the guard leads it
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        if stopping.is_set():
            return
        stopping.set()
        _send(child, signal.SIGTERM)
        threading.Thread(target=_kill_group_after, args=(child, grace), daemon=True).start()

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)
    code = child.wait()
    if stopping.is_set():
        _kill_group()  # whatever the command left behind
    return code if code >= 0 else 128 - code


def _die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")


def _send(child: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        child.send_signal(sig)


def _kill_group_after(child: subprocess.Popen[bytes], grace: float) -> None:
    try:
        child.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        _kill_group()


def _kill_group() -> None:
    """SIGKILL to the whole group, the guard included: once stopping, no exit code matters."""
    os.killpg(os.getpgrp(), signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
