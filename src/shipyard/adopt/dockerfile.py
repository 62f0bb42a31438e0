"""What an old Dockerfile did that the generated one must keep doing: its command, the system
packages it installed, its environment and its port; and what it did that is not carried over."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field

APT_INSTALL = re.compile(r"apt-get\s+install\s+(?P<args>[^&;|]+)")
APK_ADD = re.compile(r"apk\s+add\s+(?P<args>[^&;|]+)")
# Environment the generated image sets itself, or that the workspace makes pointless.
DROPPED_ENV = frozenset(
    {"PYTHONPATH", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PIP_NO_CACHE_DIR",
     "PIP_DISABLE_PIP_VERSION_CHECK", "POETRY_VERSION", "POETRY_HOME", "POETRY_VIRTUALENVS_CREATE",
     "PATH", "VIRTUAL_ENV"}
)  # fmt: skip
INSTALLS = re.compile(r"\b(pip|pip3|poetry|pipenv|uv)\b.*\b(install|sync)\b|setup\.py")


@dataclass
class OldDockerfile:
    command: list[str] | None = None
    entrypoint: list[str] | None = None
    packages: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    ports: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    """Instructions not carried over, as `line N: text`."""


def instructions(text: str) -> list[tuple[int, str, str]]:
    """(line, INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    found = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if not pending:
            start = number
        if line.endswith("\\"):
            pending.append(line[:-1].strip())
            continue
        pending.append(line)
        joined = " ".join(p for p in pending if p)
        pending = []
        keyword, _, arguments = joined.partition(" ")
        found.append((start, keyword.upper(), arguments.strip()))
    return found


def read_dockerfile(text: str) -> OldDockerfile:
    old = OldDockerfile()
    for line, keyword, arguments in instructions(text):
        if keyword == "CMD":
            old.command = _command(arguments)
        elif keyword == "ENTRYPOINT":
            old.entrypoint = _command(arguments)
        elif keyword == "EXPOSE":
            old.ports += arguments.split()
        elif keyword == "ENV":
            for name, value in _env(arguments).items():
                if name in DROPPED_ENV:
                    old.dropped.append(f"line {line}: ENV {name}={value}")
                else:
                    old.env[name] = value
        elif keyword == "RUN":
            packages = [
                word
                for match in [*APT_INSTALL.finditer(arguments), *APK_ADD.finditer(arguments)]
                for word in match["args"].split()
                if not word.startswith("-")
            ]
            old.packages += [p for p in packages if p not in old.packages]
            if not packages and not INSTALLS.search(arguments) and "apt-get" not in arguments:
                old.dropped.append(f"line {line}: RUN {arguments}")
        elif keyword in ("VOLUME", "HEALTHCHECK", "USER", "ARG", "LABEL", "STOPSIGNAL"):
            old.dropped.append(f"line {line}: {keyword} {arguments}")
    return old


def _command(arguments: str) -> list[str]:
    if arguments.startswith("["):
        try:
            value = json.loads(arguments)
        except ValueError:
            value = None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
    try:
        return shlex.split(arguments)
    except ValueError:
        return ["sh", "-c", arguments]


def _env(arguments: str) -> dict[str, str]:
    try:
        words = shlex.split(arguments)
    except ValueError:
        return {}
    if words and "=" not in words[0]:
        return {words[0]: " ".join(words[1:])}  # the old `ENV NAME value` form
    return dict(w.split("=", 1) for w in words if "=" in w)
