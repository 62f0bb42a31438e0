"""Render the Jinja template trees shipped as package data into planned files."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from shipyard.changes.files import PlannedFile

TEMPLATES = files("shipyard.scaffold") / "templates"
JINJA_SUFFIX = ".jinja"
NAME_TOKEN = "__name__"
DOT_PREFIX = "dot-"  # `dot-gitignore` ships as a plain file, so it can't act on this repository


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("shipyard.scaffold", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # the output is source code and config, never HTML
    )


# A template's name and context to its text: `render_file`, or an older version's templates.
Render = Callable[[str, dict[str, Any]], str]


def render_file(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(context)


def render_tree(tree: str, destination: Path, context: dict[str, Any]) -> list[PlannedFile]:
    """Every file under `templates/<tree>`, rendered to `destination` (a relative path).

    `*.jinja` files are rendered, others copied; `__name__` in a path becomes `context["name"]`.
    """
    planned = []
    for relative in sorted(walk(TEMPLATES / tree)):
        source = PurePosixPath(tree) / relative
        target = target_path(relative, context)
        if relative.suffix == JINJA_SUFFIX:
            content = render_file(source.as_posix(), context)
        else:
            content = (TEMPLATES / source.as_posix()).read_text(encoding="utf-8")
        planned.append(PlannedFile(destination / target, content))
    return planned


def walk(directory: Traversable, prefix: PurePosixPath | None = None) -> list[PurePosixPath]:
    prefix = prefix or PurePosixPath()
    found = []
    for entry in directory.iterdir():
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            found.extend(walk(entry, prefix / entry.name))
        else:
            found.append(prefix / entry.name)
    return found


def target_path(relative: PurePosixPath, context: dict[str, Any]) -> Path:
    parts = []
    for part in relative.parts:
        part = part.replace(NAME_TOKEN, context.get("name", NAME_TOKEN))
        if part.startswith(DOT_PREFIX):
            part = "." + part.removeprefix(DOT_PREFIX)
        parts.append(part.removesuffix(JINJA_SUFFIX))
    return Path(*parts)
