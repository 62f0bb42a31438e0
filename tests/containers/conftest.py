"""A container engine for the tests that build and run generated images.

Docker when its daemon answers, else Podman. On machines without a registry,
`scripts/container-engine.sh` installs Podman, writes the configuration it needs there (its
variables land in /etc/containers/shipyard/engine.env, read here) and builds a stand-in for the
python base image. Where no engine is usable the tests skip and say why, except under CI
(`CI` set), where they fail: CI must build and run the images.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import unavailable as unusable

BASE_IMAGE = "docker.io/library/python:3.11-slim-bookworm"
ENGINE_ENV_FILE = (
    Path(os.environ.get("SHIPYARD_ENGINE_DIR", "/etc/containers/shipyard")) / "engine.env"
)
SETUP_HINT = "run `bash scripts/container-engine.sh` as root to set one up"

# Durations and sizes the tests measured, shown at the end of the run (never asserted on).
MEASURED: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if MEASURED:
        terminalreporter.section("container images")
        for name, value in MEASURED.items():
            terminalreporter.write_line(f"{name}: {value}")


@dataclass(frozen=True)
class Engine:
    """`docker` or `podman`, run with the environment it needs on this machine."""

    name: str
    env: dict[str, str] = field(repr=False)

    def __call__(
        self, *args: str, timeout: float = 120, check: bool = True, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [self.name, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=self.env,
            cwd=cwd,
            check=False,
        )
        if check and done.returncode != 0:
            pytest.fail(
                f"`{self.name} {' '.join(args)}` exited {done.returncode}:\n"
                f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}",
                pytrace=False,
            )
        return done

    def build(self, context: Path, dockerfile: str, tag: str) -> tuple[str, float]:
        """Build and return the build's output and its duration in seconds."""
        # Podman's default OCI format drops HEALTHCHECK; the docker format keeps it.
        extra = ["--format", "docker"] if self.name == "podman" else ["--progress", "plain"]
        started = time.monotonic()
        done = self("build", *extra, "-f", dockerfile, "-t", tag, ".", cwd=context, timeout=600)
        return done.stdout + done.stderr, time.monotonic() - started


def _usable(name: str, env: dict[str, str]) -> str | None:
    """None when the engine answers, else why not."""
    if shutil.which(name) is None:
        return f"{name} is not installed"
    try:
        info = subprocess.run(
            [name, "info"], capture_output=True, text=True, env=env, timeout=30, check=False
        )
    except subprocess.TimeoutExpired:
        return f"`{name} info` did not answer in 30 s"
    if info.returncode != 0:
        lines = [line for line in info.stderr.splitlines() if line.strip()]
        return f"`{name} info` failed: {lines[-1] if lines else info.returncode}"
    return None


def _podman_env() -> dict[str, str]:
    env = dict(os.environ)
    if ENGINE_ENV_FILE.is_file():
        for line in ENGINE_ENV_FILE.read_text().splitlines():
            name, sep, value = line.partition("=")
            if sep and name.strip() and not line.lstrip().startswith("#"):
                env.setdefault(name.strip(), value.strip())
    return env


@pytest.fixture(scope="session")
def engine() -> Engine:
    reasons = []
    found: Engine | None = None
    # The generated Dockerfiles use BuildKit features (cache mounts).
    docker_env = {**os.environ, "DOCKER_BUILDKIT": "1"}
    for name, env in (("docker", docker_env), ("podman", _podman_env())):
        reason = _usable(name, env)
        if reason is None:
            found = Engine(name, env)
            break
        reasons.append(reason)
    if found is None:
        unusable(f"no usable container engine ({'; '.join(reasons)}); {SETUP_HINT}")
    if found("image", "inspect", BASE_IMAGE, check=False).returncode != 0:
        unusable(
            f"{found.name} has no {BASE_IMAGE} image and no registry may be reachable: "
            f"pull it, or {SETUP_HINT} (it builds a stand-in)"
        )
    return found
