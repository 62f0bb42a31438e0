"""The container engine: Docker when its daemon answers, else Podman.

Where no Docker daemon runs, `scripts/container-engine.sh` sets Podman up and keeps the
variables it needs (a containers.conf that works in a sandbox, chroot isolation) in
$SHIPYARD_ENGINE_DIR/engine.env, default /etc/containers/shipyard/engine.env; they are read
here, without overriding anything already set in the environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from shipyard.errors import ShipyardError

ENGINES = ("docker", "podman")
INFO_TIMEOUT = 30


class NoEngineError(ShipyardError):
    """Neither Docker nor Podman can run here."""


@dataclass(frozen=True)
class Engine:
    """`docker` or `podman`, with the environment it needs on this machine."""

    name: str
    env: dict[str, str] = field(repr=False, compare=False)

    @property
    def is_podman(self) -> bool:
        return self.name == "podman"

    def run(
        self, *args: str, cwd: Path | None = None, timeout: float | None = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run `ENGINE ARGS...` to completion, capturing its output; never raises on failure."""
        return subprocess.run(
            [self.name, *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=cwd,
            timeout=timeout,
            check=False,
        )


def engine_env_file() -> Path:
    return Path(os.environ.get("SHIPYARD_ENGINE_DIR", "/etc/containers/shipyard")) / "engine.env"


def engine_env(name: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment to run `name` with: `base` (default os.environ) plus what it needs."""
    env = dict(os.environ if base is None else base)
    if name == "docker":
        # The generated Dockerfiles use BuildKit features (cache mounts).
        env.setdefault("DOCKER_BUILDKIT", "1")
    elif name == "podman" and engine_env_file().is_file():
        for line in engine_env_file().read_text(encoding="utf-8").splitlines():
            key, sep, value = line.partition("=")
            if sep and key.strip() and not line.lstrip().startswith("#"):
                env.setdefault(key.strip(), value.strip())
    return env


def unusable_reason(name: str, env: dict[str, str]) -> str | None:
    """None when `NAME info` answers, else why the engine can't be used."""
    if shutil.which(name, path=env.get("PATH")) is None:
        return f"{name} is not installed"
    try:
        info = subprocess.run(
            [name, "info"],
            capture_output=True,
            text=True,
            env=env,
            timeout=INFO_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"`{name} info` did not answer in {INFO_TIMEOUT} s"
    if info.returncode != 0:
        lines = [line.strip() for line in info.stderr.splitlines() if line.strip()]
        return f"`{name} info` failed ({lines[-1] if lines else f'exit {info.returncode}'})"
    return None


def detect_engine() -> Engine:
    """The first usable engine, or NoEngineError saying why each one is not."""
    reasons = []
    for name in ENGINES:
        env = engine_env(name)
        reason = unusable_reason(name, env)
        if reason is None:
            return Engine(name, env)
        reasons.append(reason)
    raise NoEngineError(
        f"No container engine can build images here ({'; '.join(reasons)}): "
        "start Docker or install Podman."
    )
