"""A template version as `upgrade` sees it: what it renders for a unit and for the shared files,
by output path. The packaged versions render the archived templates with their recipe; a test
can stand in a version of its own (tests/fixtures/upgrade/) through the same interface."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Protocol

from shipyard.errors import ShipyardError
from shipyard.scaffold.context import TemplateContext
from shipyard.scaffold.k8s import plan_k8s_root
from shipyard.scaffold.render import Templates, render_tree
from shipyard.scaffold.shared_files import render_compose
from shipyard.scaffold.template_versions import (
    archived,
    archived_versions,
    current_version,
)
from shipyard.scaffold.upgrade.contexts import CONTEXTS, Item, target_variables
from shipyard.scaffold.upgrade.recipes import Part, Recipe, recipe
from shipyard.scaffold.upgrade.units import Unit
from shipyard.workspace import Workspace


class TemplateVersion(Protocol):
    number: int

    def unit_files(self, workspace: Workspace, unit: Unit) -> dict[Path, str]:
        """The unit's own files as `add` (or `new`) rendered them, before formatting."""
        ...

    def compose(self, workspace: Workspace) -> str: ...

    def kustomization(self, workspace: Workspace) -> str: ...


class RecipeError(Exception):
    """A recipe names a template its version does not have."""


class PackagedVersion:
    """A version shipped in `template_history/`, rendered with its recipe."""

    def __init__(self, number: int) -> None:
        self.number = number

    @cached_property
    def templates(self) -> Templates:
        return archived(self.number)

    @cached_property
    def recipe(self) -> Recipe:
        return recipe(self.number)

    def unit_files(self, workspace: Workspace, unit: Unit) -> dict[Path, str]:
        files: dict[Path, str] = {}
        for part in self.recipe.parts[unit.record.name]:
            if not _applies(part, workspace, unit):
                continue
            for item in _items(part, workspace, unit):
                context = CONTEXTS[part.context](workspace, unit, item)
                target = Path(part.target.format(**target_variables(unit, item)))
                files.update(self._render(part, unit, target, context))
        return files

    def _render(
        self, part: Part, unit: Unit, target: Path, context: TemplateContext
    ) -> dict[Path, str]:
        if part.tree:
            layers = part.layers.get(unit.record.option("framework", "fastapi"), ())
            rendered = render_tree(part.source, target, context, *layers, templates=self.templates)
            if rendered:
                return {f.path: f.content for f in rendered}
        elif self.templates.has(part.source):
            return {target: self.templates.render(part.source, context)}
        # A maintainer's mistake, not the user's: say where to fix it.
        raise RecipeError(
            f"Template version {self.number} has no {part.source}: give it a recipe of its "
            "own in shipyard/scaffold/upgrade/recipes.py."
        )

    def compose(self, workspace: Workspace) -> str:
        return render_compose(workspace, render=self._shared)

    def kustomization(self, workspace: Workspace) -> str:
        return plan_k8s_root(workspace, render=self._shared).content

    def _shared(self, name: str, context: TemplateContext) -> str:
        return self.templates.render(self.recipe.shared.get(name, name), context)


def _applies(part: Part, workspace: Workspace, unit: Unit) -> bool:
    if part.when is None:
        return True
    if part.when == "scenarios":
        return bool(workspace.scenarios)
    wanted = not part.when.startswith("no ")
    return (unit.record.option(part.when.removeprefix("no ")) is not None) == wanted


def _items(part: Part, workspace: Workspace, unit: Unit) -> list[Item]:
    if part.each == "task":
        return list(unit.record.option("tasks", []))
    if part.each == "scenario":
        return list(workspace.scenarios)
    return [None]


@dataclass(frozen=True)
class TemplateHistory:
    """The versions `upgrade` can render, and the one it brings units to."""

    current: int
    known: tuple[int, ...]

    def version(self, number: int) -> TemplateVersion:
        if number not in self.known:
            known = ", ".join(map(str, self.known))
            raise ShipyardError(
                f"There is no template version {number} in this shipyard (it has {known})."
            )
        return _packaged(number)


@cache
def _packaged(number: int) -> PackagedVersion:
    return PackagedVersion(number)


def packaged_history() -> TemplateHistory:
    return TemplateHistory(current_version(), tuple(archived_versions()))
