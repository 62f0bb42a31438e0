"""The life of `shipyard up`: migrations, start, wait until ready, watch, stop everything.

It decides; the command line renders: whatever happens is told to `Events`."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from types import FrameType
from typing import Protocol

from shipyard.run.plan import UpPlan
from shipyard.run.supervisor import StartError, Supervisor

POLL_SECONDS = 0.2


class Events(Protocol):
    def log(self, name: str, line: str) -> None: ...
    def migrating(self, names: list[str]) -> None: ...
    def ready(self, plan: UpPlan) -> None: ...
    def failed(self, failure: StartError) -> None: ...
    def stopping(self) -> None: ...
    def stopped(self) -> None: ...


def run_up(plan: UpPlan, root: Path, events: Events, *, timeout: float, grace: float) -> int:
    """Run until Ctrl-C or SIGTERM (exit code 0) or until a process fails (1). Every process
    is stopped before this returns; if `up` itself dies, the guards stop them."""
    supervisor = Supervisor(root, events.log, grace=grace)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if plan.steps:
            events.migrating([step.name for step in plan.steps])
            supervisor.run_steps(plan.steps)
        for process in plan.processes:
            supervisor.start(process)
        for running in supervisor.running:
            supervisor.wait_ready(running, timeout)
        events.ready(plan)
        while (exited := supervisor.first_exited()) is None:
            time.sleep(POLL_SECONDS)
        code = exited.popen.returncode
        raise StartError(exited.process.name, f"exited with code {code}", exited.lines)
    except StartError as failure:
        supervisor.stop_all()
        events.failed(failure)
        return 1
    except KeyboardInterrupt:
        events.stopping()
        return 0
    finally:
        supervisor.stop_all()
        signal.signal(signal.SIGTERM, previous)
        events.stopped()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
