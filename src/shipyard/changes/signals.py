"""SIGTERM and SIGHUP end a change the way Ctrl-C does: an exception that unwinds through the
rollback. Inside a critical section (a file replaced and recorded in the journal, a rollback)
a signal waits until the section ends, so the journal never misses what was done."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from shipyard.errors import Interrupted

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class _State:
    depth = 0
    pending: int | None = None
    complete = False


def _handler(signum: int, frame: FrameType | None) -> None:
    if _State.depth:
        _State.pending = _State.pending or signum
        return
    raise Interrupted(signum, _State.complete)


@contextmanager
def interruptible() -> Iterator[None]:
    """Within this block SIGINT, SIGTERM and SIGHUP raise `Interrupted` (main thread only)."""
    previous = {s: signal.getsignal(s) for s in SIGNALS}
    _State.complete = False
    for s in SIGNALS:
        signal.signal(s, _handler)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def hold() -> None:
    """Signals wait from now until the matching `release`."""
    _State.depth += 1


def release(*, complete: bool = False) -> None:
    """End what `hold` began; `complete`: the change is whole now, so a signal (one that waited,
    or any later one) says so instead of claiming a rollback. A waiting signal is raised."""
    _State.depth -= 1
    _State.complete = _State.complete or complete
    if _State.depth == 0 and _State.pending is not None:
        signum, _State.pending = _State.pending, None
        raise Interrupted(signum, _State.complete)


@contextmanager
def critical(*, completes: bool = False) -> Iterator[None]:
    """Signals arriving inside are delivered when the outermost critical section ends;
    `completes`: the block is the step that makes the change whole (a rename)."""
    hold()
    try:
        yield
    except BaseException:
        release()
        raise
    release(complete=completes)
