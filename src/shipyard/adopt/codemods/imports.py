"""Imports of renamed or moved code: `import project.models as m`, `from project.views import
x`, `import wsgi` (now `inventory.wsgi`). Relative imports stay: a package moves whole, so
`from ..config import settings` still finds its sibling."""

from __future__ import annotations

import libcst as cst

from shipyard.adopt.codemods.names import Renaming


def dotted_name(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted_name(node.value)}.{node.attr.value}"
    raise ValueError(f"not a dotted name: {node!r}")


def name_node(dotted: str) -> cst.Attribute | cst.Name:
    parts = dotted.split(".")
    node: cst.Attribute | cst.Name = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


class ImportRewriter(cst.CSTTransformer):
    def __init__(self, renaming: Renaming, references: dict[str, str]) -> None:
        self.modules = renaming.modules
        self.count = 0
        self.references = references
        """`import project.models` binds `project`: its references become `users`."""
        self._not_references: set[int] = set()

    def _new(self, dotted: str) -> str | None:
        top, _, rest = dotted.partition(".")
        if top not in self.modules:
            return None
        return self.modules[top] + (f".{rest}" if rest else "")

    def leave_Import(
        self, original_node: cst.Import, updated_node: cst.Import
    ) -> cst.Import | cst.FlattenSentinel[cst.BaseSmallStatement]:
        aliases: list[cst.ImportAlias] = []
        extra: list[cst.BaseSmallStatement] = []
        changed = False
        for alias in updated_node.names:
            dotted = dotted_name(alias.name)
            new = self._new(dotted)
            if new is None:
                aliases.append(alias)
                continue
            changed = True
            top = dotted.split(".")[0]
            if alias.asname is not None or "." not in dotted:
                # `import project` -> `import users as project`: the name stays bound.
                asname: cst.AsName | None = alias.asname or cst.AsName(name=cst.Name(top))
                if alias.asname is None and new == top:
                    asname = None
                aliases.append(alias.with_changes(name=name_node(new), asname=asname))
                continue
            aliases.append(alias.with_changes(name=name_node(new)))
            replacement = self.modules[top]
            if self.references.get(top) != replacement:
                # The name stays bound to what it was: `import svc.app as app` beside it.
                extra.append(
                    cst.Import(
                        names=[cst.ImportAlias(name_node(replacement), cst.AsName(cst.Name(top)))]
                    )
                )
        if not changed:
            return updated_node
        self.count += 1
        aliases[-1] = aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        rewritten = updated_node.with_changes(names=aliases)
        if extra:
            return cst.FlattenSentinel([rewritten, *extra])
        return rewritten

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom:
        if updated_node.relative or updated_node.module is None:
            return updated_node
        new = self._new(dotted_name(updated_node.module))
        if new is None:
            return updated_node
        self.count += 1
        return updated_node.with_changes(module=name_node(new))

    # Names that are not references: `x.project`, `f(project=1)`, the imports themselves.
    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._not_references.add(id(node.attr))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._not_references.add(id(node.keyword))

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        replacement = self.references.get(updated_node.value)
        if replacement is None or id(original_node) in self._not_references:
            return updated_node
        return updated_node.with_changes(value=replacement)


def bare_references(module: cst.Module, renaming: Renaming) -> dict[str, str]:
    """`import project.models` (no `as`) binds `project`; when the module binds that name in
    no other way, every reference to it can simply be renamed (`users.models.User`)."""
    finder = _BareImports(renaming)
    module.visit(finder)
    if not finder.found:
        return {}
    bindings = Bindings()
    module.visit(bindings)
    return {
        top: renaming.modules[top]
        for top in finder.found
        if "." not in renaming.modules[top] and top not in bindings.bound
    }


class _BareImports(cst.CSTVisitor):
    def __init__(self, renaming: Renaming) -> None:
        self.modules = renaming.modules
        self.found: set[str] = set()

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            dotted = dotted_name(alias.name)
            top = dotted.split(".")[0]
            if alias.asname is None and "." in dotted and top in self.modules:
                self.found.add(top)


class Bindings(cst.CSTVisitor):
    """Names a module binds by assignment, definition or parameter (not by import)."""

    def __init__(self) -> None:
        self.bound: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        return None

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._targets(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._targets(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._targets(node.target)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._targets(node.name)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                if alias.asname is None:
                    self._targets(alias.name)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.bound.add(node.name.value)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.bound.add(node.name.value)

    def visit_Param(self, node: cst.Param) -> None:
        self.bound.add(node.name.value)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._targets(node.target)

    def _targets(self, node: cst.BaseExpression) -> None:
        if isinstance(node, cst.Name):
            self.bound.add(node.value)
        elif isinstance(node, cst.Tuple | cst.List):
            for element in node.elements:
                self._targets(element.value)
