"""An integration scenario runs in compose: `make test-integration SCENARIO=...` for real.

One workspace (lib `common`, services `catalog` and `orders`, worker `worker`, scenario
`orders-catalog` over all three) is generated for the module; its Makefile target brings the
scenario's profile up with the machine's compose, runs the scenario's tests in the test-runner
service against real PostgreSQL and Redis containers, and takes everything down again.

Compose, in order of preference:
- `$SHIPYARD_COMPOSE` (a command line; `scripts/container-engine.sh` records one in its env file
  when asked to install Docker Compose v2), talking to Docker, or to Podman through a
  `podman system service` this module starts on a socket of its own;
- `docker compose`, with Docker;
- `podman-compose`, with Podman 4.6 or later: older Podman cannot wait for a healthy container,
  so podman-compose skips every `condition: service_healthy` (Debian bookworm has 4.3).
Podman runs healthchecks from systemd timers; where no systemd runs (containers, sandboxes)
this module runs them itself at each container's interval, as those timers would.
"""

from __future__ import annotations

import json
import shlex
import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import shipyard_ok as shipyard
from tests.conftest import unavailable as unusable

from .conftest import MEASURED, Engine

pytestmark = pytest.mark.containers

SCENARIO = "orders-catalog"
SCENARIO_DIR = "orders_catalog"
SERVICES = ("catalog", "orders")
INFRASTRUCTURE_IMAGES = ("docker.io/library/postgres:17-alpine", "docker.io/library/redis:7-alpine")
SETUP_HINT = "run `bash scripts/container-engine.sh` as root"
# Labels by which compose implementations mark a project's containers.
PROJECT_LABELS = ("com.docker.compose.project", "io.podman.compose.project")
# Host ports the compose file may publish, as variables it may read (see the module's report).
PORT_VARIABLES = ("POSTGRES_PORT", "REDIS_PORT", "CATALOG_PORT", "ORDERS_PORT", "WORKER_PORT")
RUN_TIMEOUT = 1200


@dataclass(frozen=True)
class Compose:
    """The compose command line `make` gets as COMPOSE, and the environment it runs in."""

    command: list[str]
    env: dict[str, str]
    label: str

    def make(self, workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["make", *args, f"COMPOSE={shlex.join(self.command)}"],
            cwd=workspace,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )


@dataclass(frozen=True)
class Workspace:
    path: Path
    project: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def version_tuple(text: str) -> tuple[int, ...]:
    digits = text.strip().lstrip("v").split("-")[0].split(".")
    return tuple(int(part) for part in digits if part.isdigit())


class PodmanService:
    """`podman system service` on a socket of this module's, for a Docker-API client."""

    def __init__(self, engine: Engine, directory: Path) -> None:
        self.socket = directory / "podman.sock"
        self.process = subprocess.Popen(
            ["podman", "system", "service", "--time=0", f"unix://{self.socket}"],
            env=engine.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while not self.socket.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                unusable("`podman system service` did not open its socket")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class HealthcheckRunner:
    """Runs the healthchecks of one compose project's containers at their intervals.

    Podman schedules healthchecks with systemd timers; without systemd nothing runs them and a
    container never becomes healthy. This does what the timers would, only for this project.
    """

    def __init__(self, engine: Engine, project: str) -> None:
        self.engine = engine
        self.project = project
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self) -> None:
        last_run: dict[str, float] = {}
        intervals: dict[str, float] = {}
        while not self.stopping.wait(1):
            try:
                self.run_due_healthchecks(last_run, intervals)
            except (OSError, subprocess.SubprocessError):
                continue  # a container removed meanwhile, a slow engine: the next pass retries

    def run_due_healthchecks(self, last_run: dict[str, float], intervals: dict[str, float]) -> None:
        for container in self.running():
            if container not in intervals:
                intervals[container] = self.interval(container)
            interval = intervals[container]
            if interval and time.monotonic() - last_run.get(container, 0) >= interval:
                last_run[container] = time.monotonic()
                self.engine("healthcheck", "run", container, check=False, timeout=60)

    def running(self) -> list[str]:
        ids: list[str] = []
        for label in PROJECT_LABELS:
            done = self.engine(
                "ps", "--quiet", "--filter", f"label={label}={self.project}", check=False
            )
            ids += done.stdout.split()
        return ids

    def interval(self, container: str) -> float:
        done = self.engine(
            "inspect", "--format", "{{json .Config.Healthcheck}}", container, check=False
        )
        try:
            healthcheck = json.loads(done.stdout or "null")
        except json.JSONDecodeError:
            return 0
        if not healthcheck or not healthcheck.get("Test") or healthcheck["Test"][0] == "NONE":
            return 0
        return float(healthcheck.get("Interval") or 30e9) / 1e9

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=90)


def systemd_runs() -> bool:
    return Path("/run/systemd/system").is_dir()


@pytest.fixture(scope="module")
def stand_ins(engine: Engine) -> None:
    for image in INFRASTRUCTURE_IMAGES:
        if engine("image", "inspect", image, check=False).returncode != 0:
            unusable(
                f"{engine.name} has no {image} image and no registry may be reachable: pull it, "
                f"or {SETUP_HINT} (it builds a stand-in)"
            )


@pytest.fixture(scope="module")
def compose(
    engine: Engine, stand_ins: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Compose]:
    if shutil.which("make") is None:
        unusable("make is not installed")
    # Host ports the compose file publishes: free ones, so a local PostgreSQL doesn't clash.
    ports = {name: str(free_port()) for name in PORT_VARIABLES}
    env = {**engine.env, **ports, "NO_COLOR": "1"}
    service: PodmanService | None = None
    configured = env.get("SHIPYARD_COMPOSE", "").strip()
    if configured:
        command = shlex.split(configured)
        if engine.name == "podman":
            service = PodmanService(engine, tmp_path_factory.mktemp("podman-service"))
            # No buildx here: compose's own builder, through the engine's build API.
            env |= {
                "DOCKER_HOST": f"unix://{service.socket}",
                "DOCKER_BUILDKIT": "0",
                "COMPOSE_BAKE": "false",
            }
        label = f"{command[-1]} ({engine.name})"
    elif engine.name == "docker":
        if engine("compose", "version", check=False).returncode != 0:
            unusable("`docker compose` is not available (install the compose plugin)")
        command, label = ["docker", "compose"], "docker compose"
    else:
        version = engine("version", "--format", "{{.Client.Version}}").stdout.strip()
        if version_tuple(version) < (4, 6):
            unusable(
                f"podman {version} cannot wait for a healthy container (4.6 can), so "
                "podman-compose would skip `condition: service_healthy`; set SHIPYARD_COMPOSE "
                "to a Docker Compose v2 (`SHIPYARD_COMPOSE_V2=1 bash scripts/container-engine.sh` "
                "installs one)"
            )
        found = shutil.which("podman-compose")
        if found is None:
            unusable("podman-compose is not installed (it is a dev dependency)")
        command, label = [found], "podman-compose"
    try:
        yield Compose(command, env, label)
    finally:
        if service is not None:
            service.stop()


@pytest.fixture(scope="module")
def workspace(
    engine: Engine, compose: Compose, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Workspace]:
    path = tmp_path_factory.mktemp("compose") / "acme"
    started = time.monotonic()
    shipyard("new", str(path), "--no-git", cwd=path.parent)
    shipyard("add", "lib", "common", cwd=path)
    for name in SERVICES:
        shipyard("add", "service", name, cwd=path)
    shipyard("add", "worker", "worker", cwd=path)
    shipyard("add", "scenario", SCENARIO, "--members", ",".join((*SERVICES, "worker")), cwd=path)
    MEASURED["generate the scenario workspace"] = f"{time.monotonic() - started:.1f} s"
    # A project name of its own: runs side by side never share containers, networks or volumes.
    project = f"shipyard-test-{uuid.uuid4().hex[:10]}"
    yield Workspace(path, project)
    # The test runner's image is named after the project (the members' after the workspace).
    images = engine("images", "--format", "{{.Repository}}:{{.Tag}}", check=False).stdout
    for image in images.split():
        if project in image:
            engine("rmi", "--force", image, check=False)


def run_scenario(
    engine: Engine, compose: Compose, workspace: Workspace
) -> subprocess.CompletedProcess[str]:
    # `-p` comes before the subcommand in every implementation and wins over `name:`.
    project = Compose([*compose.command, "-p", workspace.project], compose.env, compose.label)
    runner = None
    if engine.name == "podman" and not systemd_runs():
        runner = HealthcheckRunner(engine, workspace.project)
    try:
        return project.make(workspace.path, "test-integration", f"SCENARIO={SCENARIO}")
    finally:
        if runner is not None:
            runner.stop()


def project_containers(engine: Engine, project: str) -> list[str]:
    names: list[str] = []
    for label in PROJECT_LABELS:
        done = engine(
            "ps", "--all", "--format", "{{.Names}}", "--filter", f"label={label}={project}"
        )
        names += done.stdout.split()
    return names


def cleanup(engine: Engine, workspace: Workspace) -> None:
    """What a failed `down` may have left: containers, then the project's network and volumes."""
    for name in project_containers(engine, workspace.project):
        engine("rm", "--force", name, check=False)
    for label in PROJECT_LABELS:
        selected = f"label={label}={workspace.project}"
        engine("network", "prune", "--force", "--filter", selected, check=False)
        engine("volume", "prune", "--force", "--filter", selected, check=False)


def output(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n{done.stdout[-6000:]}\n{done.stderr[-6000:]}"


def test_scenario_passes_and_down_leaves_nothing_running(
    engine: Engine, compose: Compose, workspace: Workspace
) -> None:
    started = time.monotonic()
    try:
        done = run_scenario(engine, compose, workspace)
        MEASURED[f"scenario {SCENARIO} with {compose.label} (build as cached)"] = (
            f"{time.monotonic() - started:.1f} s"
        )
        assert done.returncode == 0, output(done)
        # The scenario's own tests ran in the test runner and passed.
        assert "4 passed" in done.stdout, output(done)
        assert project_containers(engine, workspace.project) == []
    finally:
        cleanup(engine, workspace)


def test_a_failing_scenario_test_fails_the_target(
    engine: Engine, compose: Compose, workspace: Workspace
) -> None:
    failing = workspace.path / "tests" / "integration" / SCENARIO_DIR / "test_fails_on_purpose.py"
    failing.write_text("def test_fails_on_purpose() -> None:\n    assert 1 == 2\n")
    started = time.monotonic()
    try:
        done = run_scenario(engine, compose, workspace)
        MEASURED[f"failing scenario {SCENARIO} with {compose.label}"] = (
            f"{time.monotonic() - started:.1f} s"
        )
        assert done.returncode != 0, output(done)
        assert "1 failed, 4 passed" in done.stdout, output(done)
        assert project_containers(engine, workspace.project) == []
    finally:
        failing.unlink()
        cleanup(engine, workspace)
