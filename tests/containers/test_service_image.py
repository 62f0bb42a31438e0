"""A generated service's Dockerfile builds, and its image runs as it should.

One workspace (lib `common`, service `catalog`) is generated and built once for the module;
the image is then run against the machine's PostgreSQL and looked at from inside.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import shipyard_ok as shipyard

from .conftest import MEASURED, Engine, unusable

pytestmark = pytest.mark.containers

SERVICE = "catalog"
LIB = "common"
DOCKERFILE = f"services/{SERVICE}/Dockerfile"
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# Tools that belong in a developer's environment or the build stage, never in the runtime image.
BUILD_AND_DEV_TOOLS = ("gcc", "cc", "uv", "uvx", "pytest", "ruff", "mypy", "pre-commit")
DEV_DISTRIBUTIONS = {"pip", "uv", "pytest", "ruff", "mypy", "pre-commit", "coverage"}

# Runs inside the image (as its default user, with its PATH): what a reviewer would look for.
INSPECT = r"""
import importlib.metadata, importlib.util, json, os, shutil, sys
first_party = sys.argv[1:]
own = ["/app"] + [os.path.dirname(importlib.util.find_spec(n).origin) for n in first_party]
test_files, env_files = [], []
for top in own:
    for root, dirs, files in os.walk(top):
        if root.startswith("/app/.venv") and top == "/app":
            continue
        test_files += [os.path.join(root, d) for d in dirs if d == "tests"]
        test_files += [
            os.path.join(root, f) for f in files
            if f == "conftest.py" or (f.startswith("test_") and f.endswith(".py"))
        ]
for root, dirs, files in os.walk("/"):
    dirs[:] = [d for d in dirs if os.path.join(root, d) not in ("/proc", "/sys", "/dev")]
    env_files += [os.path.join(root, f) for f in files if f == ".env" or f.startswith(".env.")]
print(json.dumps({
    "uid": os.getuid(),
    "python": sys.executable,
    "packages": {n: importlib.util.find_spec(n).origin for n in first_party},
    "app": sorted(os.listdir("/app")),
    "writable": sorted(
        p for p in ("/app", "/app/.venv", "/app/migrations", "/app/data") if os.access(p, os.W_OK)
    ),
    "test_files": test_files,
    "env_files": env_files,
    "tools": {t: shutil.which(t) for t in TOOLS},
    "distributions": sorted(d.metadata["Name"].lower() for d in importlib.metadata.distributions()),
}))
"""


@dataclass(frozen=True)
class Built:
    workspace: Path
    tag: str


def unique_tag(what: str) -> str:
    return f"localhost/shipyard-test-{what}:{uuid.uuid4().hex[:12]}"


def seconds(value: float) -> str:
    return f"{value:.1f} s"


@pytest.fixture(scope="module")
def built(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    workspace = tmp_path_factory.mktemp("containers") / "acme"
    started = time.monotonic()
    shipyard("new", str(workspace), "--no-git", cwd=workspace.parent)
    shipyard("add", "lib", LIB, cwd=workspace)
    shipyard("add", "service", SERVICE, cwd=workspace)
    MEASURED["generate and lock the workspace"] = seconds(time.monotonic() - started)

    tag = unique_tag(SERVICE)
    _, took = engine.build(workspace, DOCKERFILE, tag)
    MEASURED[f"build {SERVICE} ({engine.name}, layer cache as found)"] = seconds(took)
    size = int(engine("image", "inspect", "--format", "{{.Size}}", tag).stdout.strip())
    MEASURED[f"{SERVICE} image size"] = f"{size / 1e6:.0f} MB"
    yield Built(workspace, tag)
    engine("rmi", "--force", tag, check=False)


@pytest.fixture(scope="module")
def inside(engine: Engine, built: Built) -> dict[str, object]:
    script = INSPECT.replace("TOOLS", repr(BUILD_AND_DEV_TOOLS))
    done = engine(
        "run", "--rm", "--network", "none", built.tag, "python", "-c", script, SERVICE, LIB
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_image_runs_as_a_non_root_user(
    engine: Engine, built: Built, inside: dict[str, object]
) -> None:
    user = engine("image", "inspect", "--format", "{{.Config.User}}", built.tag).stdout.strip()
    assert user == "app"
    assert inside["uid"] != 0


def test_image_holds_the_installed_service_and_no_sources_tests_or_secrets(
    inside: dict[str, object],
) -> None:
    assert inside["python"] == "/app/.venv/bin/python"
    packages = inside["packages"]
    assert isinstance(packages, dict)
    # Installed as regular packages in the venv, not editable links to a source tree.
    for name in (SERVICE, LIB):
        assert str(packages[name]).startswith("/app/.venv/lib/"), packages
    assert inside["app"] == [".venv", "alembic.ini", "data", "migrations"]
    # The service can't rewrite its own code; it may write only its data directory.
    assert inside["writable"] == ["/app/data"]
    assert inside["test_files"] == []
    assert inside["env_files"] == []


def test_image_has_no_compiler_nor_build_or_dev_tools(inside: dict[str, object]) -> None:
    tools = inside["tools"]
    assert isinstance(tools, dict)
    assert {name: path for name, path in tools.items() if path} == {}
    distributions = inside["distributions"]
    assert isinstance(distributions, list)
    assert DEV_DISTRIBUTIONS.isdisjoint(distributions)


def test_image_declares_a_healthcheck(engine: Engine, built: Built) -> None:
    healthcheck = json.loads(
        engine("image", "inspect", "--format", "{{json .Config.Healthcheck}}", built.tag).stdout
    )
    assert healthcheck
    assert "/health" in " ".join(healthcheck["Test"])


@pytest.mark.postgres
def test_container_serves_health_and_ready_and_stops_on_sigterm(
    engine: Engine, built: Built
) -> None:
    # granian's farewell: PID 1 got SIGTERM, stopped its worker and shut down.
    serves_and_stops_on_sigterm(engine, built.tag, "Granian shutdown completed", "container")


def serves_and_stops_on_sigterm(engine: Engine, tag: str, farewell: str, label: str) -> None:
    """The image, run against the machine's PostgreSQL, is ready and healthy as a non-root
    user, and SIGTERM stops it with exit code 0 (SIGKILL would give 137) and `farewell`."""
    database_url = os.environ.get("TEST_DATABASE_URL", DEFAULT_DATABASE_URL)
    if not reachable(database_url):
        unusable(f"no PostgreSQL answers at {urlsplit(database_url).netloc}")
    name = f"shipyard-test-{uuid.uuid4().hex[:12]}"
    run_args, url = network_args(engine, database_url)
    started = time.monotonic()
    engine("run", "--detach", "--name", name, *run_args, tag)
    try:
        ready = wait_for(f"{url}/ready", timeout=60)
        MEASURED[f"{label} start to ready"] = seconds(time.monotonic() - started)
        logs = engine("logs", name, check=False)
        assert ready == {"status": "ready"}, logs.stdout + logs.stderr
        assert wait_for(f"{url}/health", timeout=5) == {"status": "ok"}
        assert engine("exec", name, "id", "-u").stdout.strip() != "0"
        if engine.name == "podman":
            # Runs the image's HEALTHCHECK once, now.
            assert engine("healthcheck", "run", name, check=False).returncode == 0

        stopping = time.monotonic()
        engine("stop", "--time", "10", name, timeout=30)
        MEASURED[f"{label} stop"] = seconds(time.monotonic() - stopping)
        state = engine("inspect", "--format", "{{.State.ExitCode}}", name).stdout.strip()
        logs = engine("logs", name)
        assert state == "0", logs.stdout + logs.stderr
        assert farewell in logs.stdout + logs.stderr
    finally:
        engine("rm", "--force", name, check=False)


def test_rebuild_after_a_source_change_reuses_the_dependency_layer(
    engine: Engine, built: Built, tmp_path: Path
) -> None:
    workspace = tmp_path / "acme"
    shutil.copytree(built.workspace, workspace)
    service = workspace / "services" / SERVICE / "src" / SERVICE / "service.py"
    service.write_text(service.read_text() + "\nREBUILT = True\n")
    tag = unique_tag(f"{SERVICE}-rebuilt")
    try:
        output, took = engine.build(workspace, DOCKERFILE, tag)
        MEASURED["rebuild after a source-only change"] = seconds(took)
        assert dependency_layer_cached(output), output
    finally:
        engine("rmi", "--force", tag, check=False)


def test_adding_another_service_leaves_this_dockerfile_unchanged_and_buildable(
    engine: Engine, built: Built, tmp_path: Path
) -> None:
    """`uv sync --frozen --package` needs only the pyprojects of the members it installs."""
    workspace = tmp_path / "acme"
    shutil.copytree(built.workspace, workspace)
    before = (workspace / DOCKERFILE).read_bytes()
    shipyard("add", "lib", "events", cwd=workspace)
    shipyard("add", "service", "orders", cwd=workspace)
    dockerfile = (workspace / DOCKERFILE).read_text()
    assert dockerfile.encode() == before
    assert "orders" not in dockerfile
    assert "events" not in dockerfile
    tag = unique_tag(f"{SERVICE}-partial")
    try:
        _, took = engine.build(workspace, DOCKERFILE, tag)
        MEASURED["build after another service was added (uv.lock changed)"] = seconds(took)
        imported = engine(
            "run",
            "--rm",
            "--network",
            "none",
            tag,
            "python",
            "-c",
            f"import {SERVICE}.main; print({SERVICE}.main.__file__)",
        )
        assert imported.stdout.strip().startswith("/app/.venv/lib/")
    finally:
        engine("rmi", "--force", tag, check=False)


def dependency_layer_cached(build_output: str) -> bool:
    """The step that syncs third-party dependencies came from the layer cache."""
    lines = build_output.splitlines()
    for index, line in enumerate(lines):
        if "--no-install-workspace" in line and "RUN" in line:
            # podman: "--> Using cache <id>"; docker BuildKit: "#12 CACHED".
            following = " ".join(lines[index : index + 3])
            return "Using cache" in following or "CACHED" in following
    return False


def network_args(engine: Engine, database_url: str) -> tuple[list[str], str]:
    """Run arguments that publish the service's port and let it reach the host's database."""
    if engine.name == "podman":
        # slirp4netns maps 10.0.2.2 in the container to the host's loopback.
        port = free_port()
        url = with_host(database_url, "10.0.2.2")
        args = ["--network", "slirp4netns:allow_host_loopback=true"]
        args += ["--publish", f"127.0.0.1:{port}:8000", "--env", f"DATABASE_URL={url}"]
        return args, f"http://127.0.0.1:{port}"
    # Docker: the host's network, so 127.0.0.1 is the host's (the image listens on 8000).
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", 8000)) == 0:
            unusable("port 8000 is taken, and the image listens there on the host's network")
    args = ["--network", "host", "--env", f"DATABASE_URL={database_url}"]
    return args, "http://127.0.0.1:8000"


def with_host(url: str, host: str) -> str:
    parts = urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        return url
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def reachable(database_url: str) -> bool:
    parts = urlsplit(database_url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), 2):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, timeout: float) -> object:
    """The JSON body of the first 200 answer, or the last failure's body once time is up."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            last = error.read().decode(errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last = repr(error)
        time.sleep(0.2)
    return last
