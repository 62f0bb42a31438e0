"""Render the Jinja template trees shipped as package data into planned files."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

import jinja2

from shipyard.changes.files import PlannedFile
from shipyard.scaffold.context import TemplateContext
from shipyard.scaffold.unasync import unasync

TEMPLATES = files("shipyard.scaffold") / "templates"
JINJA_SUFFIX = ".jinja"
NAME_TOKEN = "__name__"
FIRST_WORD = re.compile(r"[\w.-]+")
DOT_PREFIX = "dot-"  # `dot-gitignore` ships as a plain file, so it can't act on this repository


@dataclass(frozen=True)
class Variant:
    """A tree laid over a member kind's tree (`service-flask/` over `service/`, or an example's
    service over either): a file at the same place replaces the base's (usually a child
    template that `extends` it and fills some blocks), other files are added, and the base files
    in `leaves_out` are not written."""

    tree: str
    leaves_out: tuple[str, ...] = ()
    """Paths relative to the member's folder, as written (`tests/unit/test_item_service.py`)."""
    made_sync: tuple[str, ...] = ()
    """Paths (`__name__` for the member's name) whose rendered text is made synchronous (see
    `unasync`): the async base's code serving a sync framework."""


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("shipyard.scaffold", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # the output is source code and config, never HTML
    )
    env.filters["sorted_lines"] = sorted_lines
    return env


def sorted_lines(text: str) -> str:
    """The lines of a section in the order of their first word (`{% filter sorted_lines %}`):
    a list that a child template adds to, such as a pyproject's dependencies, stays sorted
    (`pydantic` before `pydantic-settings`)."""
    return "".join(sorted(text.splitlines(keepends=True), key=_first_word))


def _first_word(line: str) -> tuple[str, str]:
    found = FIRST_WORD.search(line)
    return (found.group().lower() if found else "", line)


class Templates:
    """A templates folder: the live one, or one version's as archived (`shipyard upgrade`
    renders a member at the version it was made with); `sources` its files by posix path."""

    def __init__(self, env: jinja2.Environment, sources: Mapping[str, str] | None = None) -> None:
        self.environment = env
        self.sources = sources

    def render(self, template: str, context: TemplateContext) -> str:
        return self.environment.get_template(template).render(context.variables())

    def has(self, template: str) -> bool:
        if self.sources is None:
            return (TEMPLATES / template).is_file()
        return template in self.sources

    def walk(self, tree: str) -> list[PurePosixPath]:
        """The files under `tree`, relative to it."""
        if self.sources is None:
            return walk(TEMPLATES / tree)
        prefix = f"{tree}/"
        return [PurePosixPath(n.removeprefix(prefix)) for n in self.sources if n.startswith(prefix)]

    def read(self, template: str) -> str:
        if self.sources is None:
            return (TEMPLATES / template).read_text(encoding="utf-8")
        return self.sources[template]


@cache
def live_templates() -> Templates:
    return Templates(environment())


# A template's name and context to its text: `render_file`, or another version's templates
# (`shipyard upgrade` renders compose.yaml and the root kustomization at a member's version).
Render = Callable[[str, TemplateContext], str]


def render_file(template: str, context: TemplateContext) -> str:
    return live_templates().render(template, context)


def render_tree(
    tree: str,
    destination: Path,
    context: TemplateContext,
    *variants: Variant,
    templates: Templates | None = None,
) -> list[PlannedFile]:
    """Every file under `templates/<tree>` (and its `variants'`, laid over it in order: a
    framework's tree, then an example's), rendered to `destination`; `templates`: another
    version's (default: the live ones).

    `*.jinja` files are rendered, others copied; `__name__` in a path becomes the context's
    `name`. A template that renders to nothing is not written (a file only some members have).
    """
    templates = templates or live_templates()
    name = str(context.variables().get("name", NAME_TOKEN))
    sources = _sources(templates, tree, name)
    made_sync: set[str] = set()
    for variant in variants:
        missing = set(variant.leaves_out) - {p.as_posix() for p in sources}
        if missing:  # the base was changed under the variant: its author must look again
            raise ValueError(f"{variant.tree} leaves out files {tree} has not: {sorted(missing)}")
        sources = {p: s for p, s in sources.items() if p.as_posix() not in variant.leaves_out}
        sources |= _sources(templates, variant.tree, name)
        made_sync.update(path.replace(NAME_TOKEN, name) for path in variant.made_sync)
    planned = []
    for target, source in sorted(sources.items()):
        if source.suffix == JINJA_SUFFIX:
            content = templates.render(source.as_posix(), context)
            if not content:
                continue
        else:
            content = templates.read(source.as_posix())
        if target.as_posix() in made_sync:
            content = unasync(content)
        planned.append(PlannedFile(destination / target, content))
    return planned


def _sources(templates: Templates, tree: str, name: str) -> dict[PurePosixPath, PurePosixPath]:
    """Where each file of the tree is written (relative) -> its template."""
    return {
        _target_path(relative, name): PurePosixPath(tree) / relative
        for relative in templates.walk(tree)
    }


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


def _target_path(relative: PurePosixPath, name: str) -> PurePosixPath:
    parts = []
    for part in relative.parts:
        part = part.replace(NAME_TOKEN, name)
        if part.startswith(DOT_PREFIX):
            part = "." + part.removeprefix(DOT_PREFIX)
        parts.append(part.removesuffix(JINJA_SUFFIX))
    return PurePosixPath(*parts)
