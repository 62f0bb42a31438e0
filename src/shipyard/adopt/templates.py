"""adopt's own templates (an adopted member's Dockerfile runs the command it ran before, its
Makefile runs tests the way they ran before) and the scaffold's shared ones it reuses as data
(.gitignore, .dockerignore, the Kubernetes macros): read as package data, never by importing
the scaffold's code."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import jinja2


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        # The scaffold's templates as a fallback: its Kubernetes macros, read as data.
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("shipyard.adopt", "templates"),
                jinja2.PackageLoader("shipyard.scaffold", "templates"),
            ]
        ),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Dockerfiles and Makefiles, never HTML
    )


def render(template: str, context: dict[str, Any]) -> str:
    return _environment().get_template(template).render(context)


def scaffold_file(relative: str) -> str:
    """A plain (not rendered) file of the scaffold's templates, e.g. `workspace/dot-gitignore`."""
    resource = files("shipyard.scaffold").joinpath("templates", *relative.split("/"))
    return resource.read_text(encoding="utf-8")
