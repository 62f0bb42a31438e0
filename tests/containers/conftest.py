"""A container engine for the tests that build and run generated images.

Docker when its daemon answers, else Podman. On machines without a registry,
`scripts/container-engine.sh` installs Podman, writes the configuration it needs there (its
variables land in /etc/containers/shipyard/engine.env, read here) and builds a stand-in for the
python base image. Where no engine is usable the tests skip and say why, except under CI
(`CI` set), where they fail: CI must build and run the images.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from shipyard.containers.engine import ENGINES, engine_env, unusable_reason
from tests.conftest import unavailable as unusable

BASE_IMAGE = "docker.io/library/python:3.11-slim-bookworm"
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


@pytest.fixture(scope="session")
def engine() -> Engine:
    reasons = []
    found: Engine | None = None
    for name in ENGINES:  # the order and set-up `shipyard build` uses
        env = engine_env(name)
        reason = unusable_reason(name, env)
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
