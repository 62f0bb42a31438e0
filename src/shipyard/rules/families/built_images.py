"""Images the workspace builds itself: the names a `docker build` (or `podman build`,
`docker buildx build`) in a Makefile or shell script tags.

A Dockerfile built FROM one of them (`make build-base`, then each service `FROM acme-base`) uses
what the same checkout just built: there is no published version to pin. Names holding a
variable (`acme-$(NAME):$(TAG)`) are not read.
"""

from __future__ import annotations

import re

BUILD = re.compile(r"\b(?:docker|podman)\s+(?:buildx\s+)?build\b([^;&|\n]*)")
TAG = re.compile(r"(?:^|\s)(?:-t|--tag)(?:=|\s+)[\"']?([^\s\"';]+)")
SCRIPT_NAMES = frozenset({"Makefile", "makefile", "GNUmakefile", "Justfile", "justfile"})


def is_build_script(path: str) -> bool:
    return path.endswith((".sh", ".mk")) or path.rpartition("/")[2] in SCRIPT_NAMES


def built_images(text: str) -> set[str]:
    """The image names (without their tag) a script's build commands tag."""
    joined = re.sub(r"\\\r?\n", " ", text)  # continued lines are one command
    names = set()
    for command in BUILD.finditer(joined):
        for tag in TAG.findall(command.group(1)):
            if "$" not in tag:
                names.add(image_name(tag))
    return names


def image_name(image: str) -> str:
    """`registry:5000/acme/base:1.2@sha256:...` -> `registry:5000/acme/base`."""
    image = image.partition("@")[0]
    folder, _, last = image.rpartition("/")
    name = last.partition(":")[0]
    return f"{folder}/{name}" if folder else name
