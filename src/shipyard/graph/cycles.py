"""Strongly connected components (Tarjan, iterative): the cycles of any directed graph."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Set


def strongly_connected(edges: Mapping[str, Set[str]]) -> list[list[str]]:
    """Components with more than one node, each sorted, in a deterministic order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    nodes = sorted(set(edges) | {t for targets in edges.values() for t in targets})
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return sorted(found)


def shortest_cycle(start: str, edges: Mapping[str, Set[str]], allowed: Set[str]) -> list[str]:
    """The shortest cycle from `start` back to itself through `allowed` nodes (breadth-first),
    as `[start, ..., start]`; `[start, start]` when there is none."""
    queue = deque([[start]])
    seen = {start}
    while queue:
        path = queue.popleft()
        for target in sorted(edges.get(path[-1], ())):
            if target == start:
                return [*path, start]
            if target in allowed and target not in seen:
                seen.add(target)
                queue.append([*path, target])
    return [start, start]
