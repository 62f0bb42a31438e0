"""The images compose files build: which Dockerfile, from which context, up to which stage.

Only `services.*.build` is read: a string (the context; its `Dockerfile`) or a table with
`context`, `dockerfile` (relative to the context) and `target`. Remote contexts (git URLs) and
inline Dockerfiles are skipped: there is no file in the workspace to check.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any, NamedTuple

COMPOSE_NAME = re.compile(r"(docker-)?compose(\.[\w.-]+)?\.ya?ml")
REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://|^git@|\.git(#.*)?$", re.I)


class Build(NamedTuple):
    dockerfile: str
    """Root-relative path of the Dockerfile."""
    context: str
    """Root-relative build context folder ("" for the root)."""
    target: str | None
    """The stage built, when not the last one."""
    compose: str
    """The compose file naming it."""


def is_compose_file(path: str) -> bool:
    # Asked of every file on every run: the cheap test first.
    return "compose" in path and COMPOSE_NAME.fullmatch(path.rpartition("/")[2]) is not None


def compose_builds(path: str, text: str) -> list[Build]:
    """The builds the compose file at `path` (root-relative) names; [] if it does not parse."""
    import yaml  # only when a compose file changed: about 15 ms to import

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return []
    base = path.rpartition("/")[0]
    found = []
    for service in services.values():
        build = service.get("build") if isinstance(service, dict) else None
        entry = _build(base, build, path)
        if entry is not None:
            found.append(entry)
    return found


def _build(base: str, build: Any, compose: str) -> Build | None:
    if isinstance(build, str):
        build = {"context": build}
    if not isinstance(build, dict) or "dockerfile_inline" in build:
        return None
    context = build.get("context", ".")
    dockerfile = build.get("dockerfile", "Dockerfile")
    target = build.get("target")
    if not isinstance(context, str) or not isinstance(dockerfile, str) or REMOTE.search(context):
        return None
    if "$" in context or "$" in dockerfile or context.startswith("/"):
        return None  # interpolated or absolute: not a path in the workspace we can name
    folder = _inside(posixpath.join(base, context))
    file = _inside(posixpath.join(base, context, dockerfile))
    if folder is None or file is None or dockerfile.startswith("/"):
        return None
    return Build(file, folder, target.lower() if isinstance(target, str) else None, compose)


def _inside(path: str) -> str | None:
    """`path` normalised and root-relative ("" for the root), or None when it leaves the root."""
    normal = posixpath.normpath(path) if path else "."
    if normal == ".":
        return ""
    return None if normal.startswith("../") or normal == ".." else normal
