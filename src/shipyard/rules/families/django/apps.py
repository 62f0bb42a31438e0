"""SY5xx: the Django family. A Django project's apps are the modules of its architecture.

SY501: apps that import each other in a cycle cannot be understood, tested, reused or split
out one at a time. Runtime imports of non-test, non-migration code count; a model that only
needs another app's model can name it as a string (`"blog.Post"`) instead of importing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from shipyard.graph import shortest_cycle, strongly_connected
from shipyard.rules.context import CheckContext
from shipyard.rules.finding import Finding, Severity
from shipyard.rules.registry import REGISTRY
from shipyard.workspace import Member

APP_CYCLE = REGISTRY.rule(
    "SY501", "django-app-cycle", Severity.ERROR,
    "Django apps of a project import each other in a cycle.",
)  # fmt: skip


@REGISTRY.member_check(APP_CYCLE)
def check_app_cycles(context: CheckContext, member: Member) -> Iterator[Finding]:
    edges = context.graph.app_edges(member)
    adjacency: dict[str, set[str]] = {}
    for source, target in edges:
        adjacency.setdefault(source, set()).add(target)
    for component in strongly_connected(adjacency):
        cycle = shortest_cycle(component[0], adjacency, set(component))
        steps = [edges[(a, b)] for a, b in pairwise(cycle)]
        where = ", ".join(f"{step.path}:{step.line} imports {step.module}" for step in steps)
        first = steps[0]
        message = f"import cycle between Django apps: {' -> '.join(cycle)}: {where}"
        yield APP_CYCLE.finding(first.path, first.line, first.col, message)
