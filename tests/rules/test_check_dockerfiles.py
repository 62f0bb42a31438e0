"""The Dockerfile rules' own cache: it must notice a change to any file the findings depend on,
including Dockerfiles only a compose file names and the requirements files RUN installs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from shipyard.rules.families.built_images import built_images
from shipyard.rules.families.compose import compose_builds, is_compose_file
from shipyard.rules.families.dockerfile import frozen_by_env, is_tooling
from shipyard.rules.families.dockerfile_parse import parse_stages
from shipyard.rules.families.installs import file_pins, unlocked_install
from tests.rules.conftest import run

Copy = Callable[[str], Path]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    os.utime(path, ns=(1, 1))  # a different mtime even on coarse clocks


def where(root: Path, code: str) -> set[tuple[str, int]]:
    return {(f.path, f.line) for f in run(root, code)}


def test_a_dockerfile_only_compose_names_is_rechecked_when_it_changes(fixture_copy: Copy) -> None:
    root = fixture_copy("dockerfile")
    assert ("deploy/web.df", 8) in where(root, "SY301")
    edit(root / "deploy" / "web.df", "USER root", "USER app")
    assert not any(path == "deploy/web.df" for path, _ in where(root, "SY301"))


def test_compose_changes_which_dockerfiles_are_checked(fixture_copy: Copy) -> None:
    root = fixture_copy("dockerfile")
    assert ("deploy/web.df", 10) in where(root, "SY306")
    edit(root / "compose.yaml", "dockerfile: ../../deploy/web.df", "dockerfile: Dockerfile")
    assert not any(path == "deploy/web.df" for path, _ in where(root, "SY306"))
    # The compose target decides which stages ship: without it, `debugger` is discarded.
    assert ("docker/stages.Dockerfile", 21) in where(root, "SY304")
    edit(root / "compose.yaml", "      target: debugger\n", "")
    assert ("docker/stages.Dockerfile", 21) not in where(root, "SY304")


def test_a_requirements_file_change_is_seen(fixture_copy: Copy) -> None:
    root = fixture_copy("dockerfile")
    lines = where(root, "SY307")
    assert ("services/box/installs.Dockerfile", 9) in lines
    loose = root / "services" / "box" / "reqs-loose.txt"
    edit(loose, "fastapi>=0.110\nuvicorn[standard]", "fastapi==0.115.0\nuvicorn[standard]==0.30.1")
    assert ("services/box/installs.Dockerfile", 9) not in where(root, "SY307")


def test_an_image_the_makefile_stops_building_is_judged_again(fixture_copy: Copy) -> None:
    root = fixture_copy("dockerfile")
    assert ("docker/onbase.Dockerfile", 2) not in where(root, "SY303")
    edit(root / "Makefile", "-t acme-base", "-t acme-other")
    assert ("docker/onbase.Dockerfile", 2) in where(root, "SY303")


def test_images_build_scripts_tag() -> None:
    script = """
build-base:
\tdocker build --target base -t acme-base .; docker build -t registry:5000/acme/builder:1.2 .
\tpodman build --file Dockerfile \\
\t    --tag "acme-api:$(TAG)" --tag acme-api-latest .
\tdocker buildx build --tag=acme-worker --push . && docker run -t not-a-build-tag
\tdocker build -t acme/$(NAME) .
"""
    assert built_images(script) == {
        "acme-base",
        "registry:5000/acme/builder",
        "acme-api-latest",
        "acme-worker",
    }


def test_compose_build_entries() -> None:
    text = """
services:
  a: {build: services/a}
  b:
    build: {context: ., dockerfile: docker/b.Dockerfile, target: Prod}
  c: {build: {context: "https://github.com/x/y.git"}}
  d: {build: {context: ., dockerfile_inline: "FROM scratch"}}
  e: {image: redis:7}
  f: {build: {context: ../../outside}}
"""
    builds = compose_builds("deploy/compose.yaml", text)
    assert [(b.dockerfile, b.context, b.target) for b in builds] == [
        ("deploy/services/a/Dockerfile", "deploy/services/a", None),
        ("deploy/docker/b.Dockerfile", "deploy", "prod"),
    ]
    assert compose_builds("compose.yaml", "services: [") == []
    assert is_compose_file("docker-compose.prod.yml")
    assert is_compose_file("deploy/compose.yaml")
    assert not is_compose_file("docs/compose.md")


def no_file(path: str) -> None:
    return None


def test_what_counts_as_locked() -> None:
    loose = [
        "pip install fastapi",
        "pip3 install 'fastapi>=0.110'",
        "pip install -e .",
        "pip wheel -w /wheels .",
        "pip download fastapi==1.*",
        "uv pip install --system .",
        "sudo python3.12 -m pip install httpx",
        "cd /app && uv sync",
        "pip install --no-deps fastapi",
    ]
    locked = [
        "pip install fastapi==0.115.0 'uvicorn[standard]==0.30.1'",
        "pip install --no-deps .",
        "pip install --require-hashes -r requirements.txt",
        "pip install --no-index --find-links=/wheels /wheels/*.whl",
        "pip install -r requirements.txt",  # not found in the workspace: not judged
        "uv sync --frozen",
        "uv sync --locked --no-dev",
        "UV_FROZEN=1 uv sync",
        "uv pip sync requirements.txt",
        "pip install -U pip==24.2",
        "echo done",
    ]
    assert [c for c in loose if unlocked_install(c, no_file) is None] == []
    assert [c for c in locked if unlocked_install(c, no_file) is not None] == []
    assert unlocked_install("uv sync", no_file, frozen_env=True) is None


def test_requirements_file_pins() -> None:
    assert file_pins("a==1\nb[x]==2 ; python_version>'3'\n-e .\n# c\n").loose == ()
    assert file_pins("a>=1\nb\nc==1.*\n").loose == ("a>=1", "b", "c==1.*")
    assert file_pins("a>=1 \\\n    --hash=sha256:00\n").loose == ()  # pip checks every hash


def test_which_images_are_tooling() -> None:
    tooling = [
        "tools/Dockerfile.ci",
        "site/docker/local.Dockerfile",
        ".devcontainer/Dockerfile",
        "tests/integration/Dockerfile",
        "src/cart/Dockerfile.debug",
        "docker/dev/Dockerfile",
    ]
    deployed = [
        "Dockerfile",
        "docker/Dockerfile.worker",
        "services/dev-portal/Dockerfile",
        "deploy/web.df",
        "Dockerfile.prod",
    ]
    assert [p for p in tooling if not is_tooling(p)] == []
    assert [p for p in deployed if is_tooling(p)] == []


def testfrozen_by_env_from_env_counts_in_both_forms() -> None:
    for env in ("ENV UV_FROZEN=1", "ENV UV_LOCKED true", 'ARG UV_FROZEN="1"'):
        stages = parse_stages(f"FROM python:3.12-slim\n{env}\nRUN uv sync\n")
        assert frozen_by_env(stages), env
    assert not frozen_by_env(parse_stages("FROM python:3.12-slim\nENV UV_FROZEN=0\nRUN uv sync\n"))
