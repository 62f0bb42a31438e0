"""What the end-to-end tests share: the shop example, `shipyard up` as a process, and the
figures they measure (printed at the end of the run, never asserted)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import shipyard_ok, unavailable

MEASURED: dict[str, str] = {}
READY = "ready (Ctrl-C stops everything)"
MAKE_TIMEOUT = 900


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if MEASURED:
        terminalreporter.section("measured by the end-to-end tests")
        for name, value in MEASURED.items():
            terminalreporter.write_line(f"{name}: {value}")


def make(root: Path, *targets: str, env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(
            ["make", *targets],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, **(env or {})},
            timeout=MAKE_TIMEOUT,  # a hung generated test must fail, not eat the CI budget
        )
    except subprocess.TimeoutExpired as expired:
        raw = expired.stdout or ""
        output = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
        pytest.fail(
            f"`make {' '.join(targets)}` still running after {MAKE_TIMEOUT} s:\n{output[-4000:]}"
        )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    return output


def uv_sync(root: Path, *args: str) -> None:
    if shutil.which("uv") is None:
        unavailable("uv is not on PATH; `make test` installs it")
    sync = subprocess.run(["uv", "sync", *args], cwd=root, capture_output=True, text=True)
    assert sync.returncode == 0, sync.stderr


@pytest.fixture(scope="session")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`shipyard new shop --example shop`, installed with `uv sync`, as the README says."""
    base = tmp_path_factory.mktemp("example")
    started = time.monotonic()
    shipyard_ok("new", "shop", "--example", "shop", cwd=base)
    MEASURED["new --example shop (uv lock, git init)"] = f"{time.monotonic() - started:.1f} s"
    uv_sync(base / "shop")
    return base / "shop"


@dataclass
class Up:
    process: subprocess.Popen[str]
    log: Path
    started: float = field(default_factory=time.monotonic)

    def output(self) -> str:
        return self.log.read_text()

    def wait_for(self, text: str, timeout: float = 120) -> float:
        """Seconds from the start of `up` until it printed `text`."""
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"`shipyard up` never printed {text!r}:\n{self.output()[-4000:]}")
            time.sleep(0.2)
        return time.monotonic() - self.started

    def urls(self) -> dict[str, str]:
        """The URL `up` printed for each service."""
        return dict(re.findall(r"^  ([a-z0-9-]+) +(http://\S+)", self.output(), re.MULTILINE))

    def descendants(self) -> set[int]:
        """Every process started by `up`: its children and their process groups."""
        children = {pid for pid, parent, _ in processes() if parent == self.process.pid}
        return {pid for pid, _, group in processes() if group in children} | children


def processes() -> list[tuple[int, int, int]]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                found.append((int(entry.name), int(fields[1]), int(fields[2])))
    return found


def alive(pids: set[int]) -> set[int]:
    return {pid for pid, _, _ in processes() if pid in pids}


Start = Callable[..., Up]


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Start]:
    started: list[Up] = []

    def run(workspace: Path, *args: str, env: dict[str, str] | None = None) -> Up:
        log = tmp_path / f"up-{len(started)}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "shipyard", "up", *args],
            cwd=workspace,
            env={**os.environ, "COLUMNS": "200", **(env or {})},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        up = Up(process, log)
        started.append(up)
        return up

    yield run
    for up in started:  # after a failed test: stop it the way a user would, then make sure
        if up.process.poll() is None:
            leftovers = up.descendants()
            up.process.send_signal(signal.SIGTERM)
            try:
                up.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                up.process.kill()
                up.process.wait()
            for pid in alive(leftovers):
                os.kill(pid, signal.SIGKILL)


def stop(up: Up) -> set[int]:
    """SIGTERM `up` as a process manager would; return the processes it had started."""
    pids = up.descendants()
    up.process.send_signal(signal.SIGTERM)
    assert up.process.wait(timeout=60) == 0, up.output()[-3000:]
    return pids


def psql(*args: str, check: bool = True) -> str:
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", *args]
    return subprocess.run(command, check=check, capture_output=True, text=True).stdout


def rss_kib(pids: set[int]) -> int:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def run_journey(workspace: Path, up: Up) -> str:
    """The workspace's own tests/e2e against what `up` started; none may skip."""
    urls = up.urls()
    output = make(
        workspace, "test-e2e", env={"CATALOG_URL": urls["catalog"], "ORDERS_URL": urls["orders"]}
    )
    assert re.search(r"\b2 passed\b", output), output[-3000:]
    assert not re.search(r"\d+ skipped", output), output[-3000:]
    return output
