"""The Python a legacy repository was written for, from what it said: `requires-python`,
`.python-version`, Heroku's runtime.txt, `FROM python:3.x` in a Dockerfile. The workspace asks
for the highest of them (never less than shipyard's own), so that code using newer syntax is
not locked, built and tested with an older interpreter."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from shipyard.adopt.model import Note
from shipyard.workspace.toolchain import PYTHON

VERSION_FILES = re.compile(r"(^|/)(\.python-version|runtime\.txt)$")
DOCKERFILES = re.compile(r"(^|/)(Dockerfile|Containerfile)[^/]*$")
FROM_PYTHON = re.compile(r"^\s*FROM\s+(?:\S+/)?python:(3\.\d+)", re.I | re.M)
MINOR = re.compile(r"(?:python-)?(3\.\d+)")


def wanted_python(root: Path, files: list[str]) -> tuple[str, list[Note]]:
    """`3.x` for the workspace, and a note where it is newer than the running interpreter."""
    found: dict[str, str] = {}
    for file in files:
        path = root / file
        version = None
        if VERSION_FILES.search(file):
            version = _first_minor(_read(path).strip().splitlines()[:1])
        elif DOCKERFILES.search(file):
            versions = FROM_PYTHON.findall(_read(path))
            version = max(versions, key=_key) if versions else None
        elif file.endswith("pyproject.toml"):
            version = _requires_python(_read(path))
        if version is not None:
            found[file] = version
    wanted = max([PYTHON, *found.values()], key=_key)
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    notes = []
    if _key(wanted) > _key(running):
        said = ", ".join(f"{f} ({v})" for f, v in sorted(found.items()) if v == wanted)
        notes.append(
            Note(
                said.split(" ")[0],
                f"asks for Python {wanted} ({said}); this machine runs {running}: the workspace "
                f"requires >={wanted}, so `uv sync` and the tests need Python {wanted} "
                f"(`uv python install {wanted}`).",
            )
        )
    return wanted, notes


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _first_minor(lines: list[str]) -> str | None:
    match = MINOR.match(lines[0].strip()) if lines else None
    return match[1] if match else None


def _requires_python(text: str) -> str | None:
    """The lowest 3.x `[project] requires-python` admits."""
    try:
        declared = tomllib.loads(text).get("project", {}).get("requires-python")
        specifier = SpecifierSet(declared) if isinstance(declared, str) else None
    except (tomllib.TOMLDecodeError, InvalidSpecifier):
        return None
    if specifier is None:
        return None
    return next((f"3.{m}" for m in range(6, 20) if specifier.contains(f"3.{m}.99")), None)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))
