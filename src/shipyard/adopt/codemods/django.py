"""Django names a renamed app by its bare import name: `INSTALLED_APPS = [..., "orders"]` and
`class OrdersConfig(AppConfig): name = "orders"`. Both follow the app to its new name; an app
whose last name part changes keeps its old label (`label = "project"`), since Django keys its
tables, migrations and content types by label: added to its AppConfig, or, for an app that
had none, `INSTALLED_APPS` names the one written for it (see django_apps)."""

from __future__ import annotations

import ast

from shipyard.adopt.codemods.names import Renaming
from shipyard.adopt.codemods.source import Source


def rewrite_app_names(source: Source, renaming: Renaming) -> tuple[int, int]:
    """(bare app names rewritten, labels kept)."""
    names = labels = 0
    for node in installed_apps(source.nodes):
        if node.value in renaming.app_configs and _plain(source, node):
            start, end = source.span(node)
            source.replace(start + 1, end - 1, renaming.app_configs[node.value])
            names, labels = names + 1, labels + 1
        elif _rename(source, node, renaming):
            names += 1
    for config in app_configs(source.nodes):
        found = _name_assignment(config)
        if found is None:
            continue
        assign, value, old = found
        dotted = renaming.dotted(old)
        new = _rename(source, value, renaming) or dotted
        if new is None:
            continue
        names += new != dotted
        old_label, new_label = old.rsplit(".", 1)[-1], new.rsplit(".", 1)[-1]
        if old_label != new_label and not _assigns(config, "label"):
            _, line_end = source.line_span(assign.lineno, assign.end_lineno or assign.lineno)
            indent = " " * assign.col_offset
            source.replace(line_end, line_end, f'{indent}label = "{old_label}"\n')
            labels += 1
    return names, labels


def _rename(source: Source, node: ast.Constant, renaming: Renaming) -> str | None:
    """The bare name `node` holds rewritten in place; None when it names no renamed code."""
    value = node.value
    if not isinstance(value, str) or value not in renaming.modules:
        return None
    start, end = source.span(node)
    literal = source.text[start:end]
    quote = literal[-1]
    if literal[-len(value) - 1 : -1] != value or quote not in "'\"":
        return None
    new = renaming.modules[value]
    source.replace(end - len(value) - 1, end - 1, new)
    return new


def _plain(source: Source, node: ast.Constant) -> bool:
    """The literal is the bare value in quotes (no prefix, escape or concatenation)."""
    start, end = source.span(node)
    literal = source.text[start:end]
    return literal[0] == literal[-1] and literal[0] in "'\"" and literal[1:-1] == node.value


def installed_apps(nodes: list[ast.AST]) -> list[ast.Constant]:
    """The string constants of every value given to a name ending in `APPS`."""
    found: list[ast.Constant] = []
    for node in nodes:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets, value = [node.target], node.value
        if value is None or not any(_named_apps(t) for t in targets):
            continue
        found += [
            c for c in ast.walk(value) if isinstance(c, ast.Constant) and isinstance(c.value, str)
        ]
    return found


def _named_apps(target: ast.expr) -> bool:
    return isinstance(target, ast.Name) and target.id.upper().endswith("APPS")


def app_configs(nodes: list[ast.AST]) -> list[ast.ClassDef]:
    return [
        node
        for node in nodes
        if isinstance(node, ast.ClassDef)
        and any(
            (isinstance(b, ast.Name) and b.id == "AppConfig")
            or (isinstance(b, ast.Attribute) and b.attr == "AppConfig")
            for b in node.bases
        )
    ]


def _name_assignment(config: ast.ClassDef) -> tuple[ast.stmt, ast.Constant, str] | None:
    for statement in config.body:
        if (
            _assigns_to(statement, "name")
            and isinstance(statement, ast.Assign)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        ):
            return statement, statement.value, statement.value.value
    return None


def _assigns(config: ast.ClassDef, name: str) -> bool:
    return any(_assigns_to(s, name) for s in config.body)


def _assigns_to(statement: ast.stmt, name: str) -> bool:
    return isinstance(statement, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == name for t in statement.targets
    )
