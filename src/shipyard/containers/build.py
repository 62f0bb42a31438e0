"""Run one image build through the engine, reporting each step as it starts."""

from __future__ import annotations

import re
import subprocess
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from shipyard.containers.engine import Engine
from shipyard.containers.images import ImageBuild
from shipyard.errors import ShipyardError

# Lines a failed build shows: enough for a compiler or resolver error, not the whole log.
TAIL_LINES = 25
# `STEP 3/12: RUN ...` (podman, buildah), `Step 3/12 : RUN ...` (docker's classic builder),
# `#7 [builder 3/9] RUN ...` (BuildKit's plain progress).
# Podman's layer ids (`--> 5c8205ba2e1`, `--> Using cache ...`) say nothing about a failure.
_LAYER = re.compile(r"^--> ")
_STEP = re.compile(r"(?:\bSTEP \d+/\d+: .*|\bStep \d+/\d+ : .*|^#\d+ \[[^\]]*\d+/\d+\] .*)")


class BuildFailedError(ShipyardError):
    """A build the user asked for failed: exit 1, as for a failed check, not 2 (bad input)."""

    exit_code = 1


@dataclass(frozen=True)
class BuildResult:
    build: ImageBuild
    ok: bool
    seconds: float
    last_step: str | None
    tail: tuple[str, ...]


def build_command(engine: Engine, build: ImageBuild) -> list[str]:
    # Podman's default OCI format drops HEALTHCHECK; the docker format keeps it. BuildKit's
    # plain progress gives one line per event, which is what is parsed for the steps.
    style = ["--format", "docker"] if engine.is_podman else ["--progress", "plain"]
    tags = [arg for tag in build.tags for arg in ("-t", tag)]
    return [engine.name, "build", *style, "-f", build.dockerfile, *tags, "."]


def build_image(
    engine: Engine, root: Path, build: ImageBuild, on_step: Callable[[str], None]
) -> BuildResult:
    """Build from the workspace root; `on_step` gets each step's line as it starts."""
    tail: deque[str] = deque(maxlen=TAIL_LINES)
    last_step = None
    started = time.monotonic()
    with subprocess.Popen(
        build_command(engine, build),
        cwd=root,
        env=engine.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    ) as process:
        try:
            for raw in process.stdout or ():
                line = raw.rstrip()
                if not _LAYER.match(line):
                    tail.append(line)
                step = _STEP.search(line)
                if step:
                    last_step = step.group()
                    on_step(last_step)
        except BaseException:
            process.kill()
            raise
    return BuildResult(
        build=build,
        ok=process.returncode == 0,
        seconds=time.monotonic() - started,
        last_step=last_step,
        tail=tuple(tail),
    )


def image_size(engine: Engine, tag: str) -> int | None:
    """The image's size in bytes as the engine reports it, None if it can't say."""
    done = engine.run("image", "inspect", "--format", "{{.Size}}", tag)
    try:
        return int(done.stdout.strip()) if done.returncode == 0 else None
    except ValueError:
        return None
