"""`sys.path.insert(...)` and `site.addsitedir(...)` statements that the workspace makes
unnecessary (what they add is installed now): removed, with the imports only they used."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

# Modules such a statement needs, dropped once nothing else in the file uses them.
HELPERS = ("sys", "site", "os")


class PathHackRemover(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, lines: set[int]) -> None:
        self.lines = lines
        self.count = 0

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        line = self.get_metadata(PositionProvider, original_node).start.line
        if line in self.lines:
            self.count += 1
            return cst.RemoveFromParent()
        return updated_node

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if not updated_node.body:  # `if`, `try`: a block must keep a statement
            return updated_node.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])])
        return updated_node


class UnusedHelperImports(cst.CSTTransformer):
    """Drops `import sys` / `import site` when no other reference to them is left."""

    def __init__(self, module: cst.Module) -> None:
        finder = _References()
        module.visit(finder)
        self.unused = {h for h in HELPERS if h not in finder.names}

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        statement = updated_node.body[0] if len(updated_node.body) == 1 else None
        if not isinstance(statement, cst.Import):
            return updated_node
        kept = [
            a
            for a in statement.names
            if not (
                a.asname is None and isinstance(a.name, cst.Name) and a.name.value in self.unused
            )
        ]
        if len(kept) == len(statement.names):
            return updated_node
        if not kept:
            return cst.RemoveFromParent()
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(body=[statement.with_changes(names=kept)])

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        """No blank line left at the top where the removed imports were."""
        if not updated_node.body or updated_node.header:
            return updated_node
        first = updated_node.body[0]
        if not first.leading_lines:
            return updated_node
        body = [first.with_changes(leading_lines=[]), *updated_node.body[1:]]
        return updated_node.with_changes(body=body)


class _References(cst.CSTVisitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)
