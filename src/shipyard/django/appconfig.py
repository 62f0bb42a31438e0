"""The AppConfig classes an `apps.py` defines, with the app module and label each names."""

from __future__ import annotations

import ast
from typing import NamedTuple


class AppConfigClass(NamedTuple):
    class_name: str
    name: str | None
    """The `name = "..."` attribute: the app's full dotted module; None when not literal."""
    label: str | None = None
    """The `label = "..."` attribute: what `"label.Model"` references use; None when unset."""


def app_configs(tree: ast.Module) -> list[AppConfigClass]:
    """Module-level classes deriving from `AppConfig` (`apps.AppConfig`, or a base whose name
    ends with it, as projects often share one)."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and any(_is_app_config(b) for b in node.bases):
            found.append(
                AppConfigClass(node.name, _attribute(node, "name"), _attribute(node, "label"))
            )
    return found


def _is_app_config(base: ast.expr) -> bool:
    name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
    return isinstance(name, str) and name.endswith("AppConfig")


def _attribute(node: ast.ClassDef, attribute: str) -> str | None:
    for statement in node.body:
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        else:
            continue
        value = statement.value
        named = any(isinstance(t, ast.Name) and t.id == attribute for t in targets)
        if named and isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value
    return None
