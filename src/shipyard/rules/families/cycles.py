"""SY106: members that import each other cannot be built, versioned or deployed apart."""

from __future__ import annotations

from collections.abc import Iterator

from shipyard.graph import shortest_cycle, strongly_connected
from shipyard.rules.context import CheckContext
from shipyard.rules.finding import Finding, Severity
from shipyard.rules.registry import REGISTRY

CYCLE = REGISTRY.rule(
    "SY106",
    "member-import-cycle",
    Severity.ERROR,
    "Workspace members import each other in a cycle.",
)


@REGISTRY.workspace_check(CYCLE)
def check_cycles(context: CheckContext) -> Iterator[Finding]:
    # Runtime imports of non-test code only: tests and type hints do not make an install cycle.
    edges = context.member_edges()
    adjacency: dict[str, set[str]] = {}
    for source, target in edges:
        adjacency.setdefault(source, set()).add(target)
    for component in strongly_connected(adjacency):
        path = shortest_cycle(component[0], adjacency, set(component))
        first = edges[(path[0], path[1])]
        message = f"import cycle between members: {' -> '.join(path)}"
        yield CYCLE.finding(first.path, first.line, first.col, message)
