"""Runs the plan: migrations first, then every process in a process group of its own, with
prefixed logs; stops them all with SIGTERM, then SIGKILL after a grace period."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from shipyard.run.commands import Readiness
from shipyard.run.plan import Process, Step

TAIL = 30
STARTED_AFTER = 1.0
"""Seconds a process without a readiness signal must stay up to count as started."""


class StartError(Exception):
    def __init__(self, name: str, reason: str, tail: Iterable[str]) -> None:
        super().__init__(f"{name} {reason}")
        self.name = name
        self.reason = reason
        self.tail = list(tail)


@dataclass
class Running:
    process: Process
    popen: subprocess.Popen[str]
    lines: deque[str] = field(default_factory=lambda: deque(maxlen=TAIL))
    ready: threading.Event = field(default_factory=threading.Event)
    pump: threading.Thread | None = None


class Supervisor:
    def __init__(self, root: Path, emit: Callable[[str, str], None], grace: float = 10) -> None:
        self.root = root
        self.emit = emit
        """Receives (process name, log line) from the pump threads."""
        self.grace = grace
        self.running: list[Running] = []

    def run_steps(self, steps: Sequence[Step], timeout: float = 120) -> None:
        """Run every step at once (each service migrates its own database); the first step
        that failed, in plan order, is reported."""
        with ThreadPoolExecutor(max_workers=max(1, len(steps))) as pool:
            results = list(pool.map(lambda step: self._run(step, timeout), steps))
        for step, done in zip(steps, results, strict=True):
            if done.returncode != 0:
                lines = (done.stdout + done.stderr).splitlines()
                # A warning far above the traceback often says why (Alembic: "Revision 0001
                # referenced from ... is not present", then a bare KeyError).
                warnings = [line for line in lines[:-TAIL] if "Warning: " in line]
                reason = f"failed with exit code {done.returncode}"
                raise StartError(step.name, reason, warnings + lines[-TAIL:])

    def _run(self, step: Step, timeout: float) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            step.command,
            cwd=step.directory if step.directory.parts else self.root,
            env=dict(step.env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def start(self, process: Process) -> Running:
        # Through the guard: if `up` dies, even by SIGKILL, the process and its children end.
        guard = [sys.executable, "-m", "shipyard.run.guard", str(os.getpid()), str(self.grace)]
        popen = subprocess.Popen(
            [*guard, "--", *process.command],
            cwd=process.directory if process.directory.parts else self.root,
            env=dict(process.env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            start_new_session=True,  # its own group: the final SIGKILL reaches its children too
        )
        running = Running(process, popen)
        running.pump = threading.Thread(target=self._pump, args=(running,), daemon=True)
        running.pump.start()
        self.running.append(running)
        return running

    def _pump(self, running: Running) -> None:
        assert running.popen.stdout is not None
        for line in running.popen.stdout:
            line = line.rstrip("\n")
            running.lines.append(line)
            if running.process.marker and running.process.marker in line:
                running.ready.set()
            self.emit(running.process.name, line)

    def wait_ready(self, running: Running, timeout: float) -> None:
        started = time.monotonic()
        deadline = started + timeout
        while time.monotonic() < deadline:
            if running.popen.poll() is not None:
                if running.pump is not None:
                    running.pump.join(timeout=2)
                code = running.popen.returncode
                raise StartError(running.process.name, f"exited with code {code}", running.lines)
            if self._ready(running, started):
                return
            time.sleep(0.2)
        raise StartError(
            running.process.name, f"was not ready after {timeout:.0f} s", running.lines
        )

    def _ready(self, running: Running, started: float) -> bool:
        process = running.process
        if process.readiness is Readiness.LOG:
            return running.ready.is_set()
        if process.readiness is Readiness.HTTP and process.port is not None:
            return _answers(process.port)
        return time.monotonic() - started >= STARTED_AFTER

    def first_exited(self) -> Running | None:
        return next((r for r in self.running if r.popen.poll() is not None), None)

    def stop_all(self) -> None:
        # Like systemd's KillMode=mixed: SIGTERM to each main process only, so a Celery worker
        # shuts its pool down itself (signalled directly, pool processes die mid-handshake and
        # the worker then hangs until the SIGKILL); SIGKILL to the whole group at the end.
        for running in self.running:
            with contextlib.suppress(ProcessLookupError):
                running.popen.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for running in self.running:
            with contextlib.suppress(subprocess.TimeoutExpired):
                running.popen.wait(timeout=max(0.0, deadline - time.monotonic()))
            # Whatever is left in the group (a worker's pool processes too) is killed.
            _signal_group(running.popen, signal.SIGKILL)
            running.popen.wait()
            if running.pump is not None:
                running.pump.join(timeout=2)
        self.running.clear()


def _answers(port: int) -> bool:
    """GET /ready says 200; a 404 or 405 means the service has no such route but serves."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2) as response:
            return bool(response.status == 200)
    except urllib.error.HTTPError as error:
        return error.code in (404, 405)
    except (urllib.error.URLError, OSError):
        return False


def _signal_group(popen: subprocess.Popen[str], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(popen.pid, sig)
