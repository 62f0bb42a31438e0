"""`shipyard build`: the real command line builds a generated service and worker with the
machine's engine, tags them, reports sizes, and turns a failed build into one clear sentence.

The members get names unique to the run: engines share one image store between everything that
runs on the machine, and `NAME:VERSION` would otherwise collide with other runs' images.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from shipyard.containers import image_tags, plan_builds, select_members
from shipyard.errors import ShipyardError
from shipyard.workspace import load_workspace

from .conftest import MEASURED, Engine

pytestmark = pytest.mark.containers

VERSION = "0.1.0"


@dataclass(frozen=True)
class Generated:
    root: Path
    service: str
    worker: str


def shipyard(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shipyard", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})},
        timeout=1200,
        check=False,
    )


def ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, f"{done.args}:\n{done.stdout}\n{done.stderr}"
    return done


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """lib, service and worker, locked (the images install from uv.lock); no git repository."""
    suffix = "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:8])
    root = tmp_path_factory.mktemp("build") / "acme"
    names = Generated(root, f"catalog{suffix}", f"mailer{suffix}")
    ok(shipyard("new", str(root), "--no-git", cwd=root.parent))
    ok(shipyard("add", "lib", "common", cwd=root))
    ok(shipyard("add", "service", names.service, cwd=root))
    ok(shipyard("add", "worker", names.worker, cwd=root))
    return names


@pytest.fixture(scope="module")
def built(engine: Engine, generated: Generated) -> Iterator[subprocess.CompletedProcess[str]]:
    started = time.monotonic()
    done = shipyard("build", cwd=generated.root)
    MEASURED[f"shipyard build (service + worker, {engine.name})"] = (
        f"{time.monotonic() - started:.1f} s"
    )
    yield done
    for name in (generated.service, generated.worker):
        engine("rmi", "--force", f"{name}:{VERSION}", check=False)


def test_build_tags_every_service_and_worker_with_its_version(
    engine: Engine, generated: Generated, built: subprocess.CompletedProcess[str]
) -> None:
    ok(built)
    for name in (generated.service, generated.worker):
        assert engine("image", "inspect", f"{name}:{VERSION}", check=False).returncode == 0
        assert re.search(rf"^Built {name}:{VERSION}\s+\d+ MB\s+in [\d.]+ s$", built.stdout, re.M), (
            built.stdout
        )
    # Not a git repository: the sha tag is skipped, and the user is told.
    assert "tagging NAME:VERSION only" in built.stderr


def test_images_keep_their_healthcheck(
    engine: Engine, generated: Generated, built: subprocess.CompletedProcess[str]
) -> None:
    ok(built)
    tag = f"{generated.service}:{VERSION}"
    check = engine("image", "inspect", "--format", "{{json .Config.Healthcheck}}", tag)
    assert "/health" in check.stdout, "podman's OCI format would have dropped HEALTHCHECK"


def test_a_failed_build_shows_its_last_lines_and_one_sentence(
    engine: Engine, generated: Generated, built: subprocess.CompletedProcess[str]
) -> None:
    ok(built)
    dockerfile = generated.root / "services" / generated.service / "Dockerfile"
    original = dockerfile.read_text(encoding="utf-8")
    broken = original.replace(
        "USER app\n", 'USER app\nRUN echo "the build breaks here" && exit 3\n', 1
    )
    assert broken != original
    dockerfile.write_text(broken, encoding="utf-8")
    try:
        done = shipyard("build", generated.service, cwd=generated.root)
    finally:
        dockerfile.write_text(original, encoding="utf-8")
    assert done.returncode == 1, done.stderr
    assert "the build breaks here" in done.stderr
    (sentence,) = error_lines(done.stderr)
    assert sentence.startswith(f"error: The image of {generated.service} failed to build at ")
    assert "exit 3" in sentence, "the failing step is named"
    assert "Traceback" not in done.stderr


def test_without_an_engine_build_says_so_in_one_sentence(
    generated: Generated, tmp_path: Path
) -> None:
    # An empty PATH: neither docker nor podman (nor git) can be found.
    done = shipyard("build", cwd=generated.root, env={"PATH": str(tmp_path)})
    assert done.returncode == 2
    (sentence,) = error_lines(done.stderr)
    assert "No container engine can build images here" in sentence
    assert "docker is not installed" in sentence
    assert "podman is not installed" in sentence


@pytest.mark.parametrize(
    ("name", "message"),
    [("nope", "There is no service or worker named 'nope'"), ("common", "common is a lib")],
)
def test_a_member_that_has_no_image_is_refused(
    generated: Generated, name: str, message: str
) -> None:
    done = shipyard("build", name, cwd=generated.root)
    assert done.returncode == 2
    (sentence,) = error_lines(done.stderr)
    assert message in sentence


def test_the_plan_selects_and_tags_without_running_anything(generated: Generated) -> None:
    workspace = load_workspace(generated.root)
    everything = select_members(workspace, [])
    assert [m.name for m in everything] == sorted([generated.service, generated.worker])
    only = select_members(workspace, [generated.worker, generated.worker])
    assert [m.name for m in only] == [generated.worker]
    with pytest.raises(ShipyardError, match="only services and workers have images"):
        select_members(workspace, ["common"])
    (build,) = plan_builds(only, {generated.worker: "1.2.0+local.3"}, "abc1234")
    assert build.dockerfile == f"services/{generated.worker}/Dockerfile"
    assert build.tags == (f"{generated.worker}:1.2.0-local.3", f"{generated.worker}:abc1234")
    assert image_tags("catalog", "0.1.0", None) == ("catalog:0.1.0",)
