"""Breaking and compatible changes between two OpenAPI documents of one service.

A caller written against the old document must keep working: what it sends (parameters and
request bodies) must still be accepted, and what it reads (responses) must not hold anything
it does not expect. So a narrowing breaks requests, and a widening breaks responses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from shipyard.contracts.change import Change
from shipyard.contracts.schema import Comparison, Difference, Kind, Resolver, Schema

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_PARAMETER = re.compile(r"\{[^}/]*\}")

# Who reads what: the service reads requests, the caller reads responses.
_REQUEST_CODES = {
    Kind.TYPE_CHANGED: "CT104",
    Kind.TYPES_REMOVED: "CT104",
    Kind.NULL_REMOVED: "CT104",
    Kind.TIGHTENED: "CT104",
    Kind.ENUM_REMOVED: "CT105",
    Kind.REQUIRED_ADDED: "CT103",
    Kind.MADE_REQUIRED: "CT103",
    Kind.REMOVED_CLOSED: "CT106",
    Kind.REMOVED: "CT207",
    Kind.OPTIONAL_ADDED: "CT203",
    Kind.TYPES_ADDED: "CT205",
    Kind.NULL_ADDED: "CT205",
    Kind.ENUM_ADDED: "CT205",
    Kind.RELAXED: "CT205",
    Kind.MADE_OPTIONAL: "CT205",
}
_RESPONSE_CODES = {
    Kind.TYPE_CHANGED: "CT110",
    Kind.TYPES_ADDED: "CT110",
    Kind.NULL_ADDED: "CT108",
    Kind.ENUM_ADDED: "CT109",
    Kind.REMOVED: "CT107",
    Kind.REMOVED_CLOSED: "CT107",
    Kind.MADE_OPTIONAL: "CT107",
    Kind.REQUIRED_ADDED: "CT204",
    Kind.OPTIONAL_ADDED: "CT204",
    Kind.TYPES_REMOVED: "CT206",
    Kind.NULL_REMOVED: "CT206",
    Kind.ENUM_REMOVED: "CT206",
    Kind.MADE_REQUIRED: "CT206",
    # A response constraint that changes is not the caller's to enforce: not reported.
}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: Mapping[str, Any]
    parameters: dict[tuple[str, str], Mapping[str, Any]]
    security: tuple[str, ...]
    """Each alternative security requirement, as canonical JSON."""

    @property
    def subject(self) -> str:
        return f"{self.method.upper()} {self.path}"


def operation_key(method: str, path: str) -> tuple[str, str]:
    """`/items/{id}` and `/items/{item_id}` are one operation: parameter names don't matter.
    A trailing slash does: `/items` answers `/items/` with a redirect most clients don't
    follow for a POST."""
    return _PARAMETER.sub("{}", path), method.lower()


def operations(document: Schema) -> dict[tuple[str, str], Operation]:
    resolver = Resolver(document)
    found = {}
    default_security = document.get("security", [])
    paths = document.get("paths")
    for path, item in sorted((paths or {}).items()) if isinstance(paths, Mapping) else ():
        if not isinstance(item, Mapping):
            continue
        shared = _parameters(item.get("parameters"), resolver)
        for method in METHODS:
            spec = item.get(method)
            if not isinstance(spec, Mapping):
                continue
            parameters = _by_position(
                path, {**shared, **_parameters(spec.get("parameters"), resolver)}
            )
            security = spec.get("security", default_security) or []
            alternatives = tuple(sorted(json.dumps(s, sort_keys=True) for s in security if s))
            found[operation_key(method, path)] = Operation(
                method, path, spec, parameters, alternatives
            )
    return found


def _parameters(raw: object, resolver: Resolver) -> dict[tuple[str, str], Mapping[str, Any]]:
    found = {}
    for parameter in raw if isinstance(raw, list) else ():
        if not isinstance(parameter, Mapping):
            continue
        parameter, _ = resolver.resolve(parameter)
        where, name = parameter.get("in"), parameter.get("name")
        if isinstance(where, str) and isinstance(name, str):
            # Header names are case-insensitive.
            found[(where, name.lower() if where == "header" else name)] = parameter
    return found


def _by_position(
    path: str, parameters: dict[tuple[str, str], Mapping[str, Any]]
) -> dict[tuple[str, str], Mapping[str, Any]]:
    """Path parameters keyed by their place in the path: renaming one changes nothing."""
    order = [m.group()[1:-1] for m in _PARAMETER.finditer(path)]
    return {
        (where, f"#{order.index(name)}" if where == "path" and name in order else name): value
        for (where, name), value in parameters.items()
    }


def diff_documents(path: str, old: Schema, new: Schema) -> list[Change]:
    """Every change from `old` to `new`, reported against the snapshot at `path`."""
    if old == new:
        return []
    old_ops, new_ops = operations(old), operations(new)
    old_resolver, new_resolver = Resolver(old), Resolver(new)
    changes: list[Change] = []
    for key in sorted(set(old_ops) | set(new_ops)):
        before, after = old_ops.get(key), new_ops.get(key)
        if after is None and before is not None:
            changes.append(Change(path, before.subject, "CT101", "operation removed"))
        elif before is None and after is not None:
            changes.append(Change(path, after.subject, "CT201", "operation added"))
        elif before is not None and after is not None:
            changes.extend(
                _OperationDiff(path, old_resolver, new_resolver, before, after).changes()
            )
    return changes


class _OperationDiff:
    def __init__(
        self, path: str, old: Resolver, new: Resolver, before: Operation, after: Operation
    ) -> None:
        self.path = path
        self.old = old
        self.new = new
        self.before = before
        self.after = after

    def change(self, code: str, detail: str) -> Change:
        return Change(self.path, self.after.subject, code, detail)

    def changes(self) -> Iterator[Change]:
        deprecated = tuple(bool(op.spec.get("deprecated")) for op in (self.before, self.after))
        if deprecated == (False, True):
            yield self.change("CT210", "operation deprecated")
        elif deprecated == (True, False):
            yield self.change("CT210", "operation no longer deprecated")
        yield from self._security()
        yield from self._parameters()
        yield from self._request_body()
        yield from self._responses()

    def _security(self) -> Iterator[Change]:
        before, after = set(self.before.security), set(self.after.security)
        if not before and after:
            yield self.change("CT113", f"security added: {', '.join(sorted(after))}")
        elif before and not after:
            yield self.change("CT211", "security removed")
        elif before - after:
            dropped = ", ".join(sorted(before - after))
            yield self.change("CT113", f"security requirement {dropped} replaced")

    def _parameters(self) -> Iterator[Change]:
        old, new = self.before.parameters, self.after.parameters
        for key in sorted(set(old) | set(new)):
            where, _ = key
            before, after = old.get(key), new.get(key)
            if before is None and after is not None:
                name = f"{where} parameter '{after.get('name')}'"
                if after.get("required"):
                    yield self.change("CT102", f"required {name} added")
                else:
                    yield self.change("CT202", f"optional {name} added")
            elif after is None and before is not None:
                yield self.change("CT207", f"{where} parameter '{before.get('name')}' removed")
            elif before is not None and after is not None:
                name = f"{where} parameter '{after.get('name')}'"
                if after.get("required") and not before.get("required"):
                    yield self.change("CT102", f"{name} made required")
                elif before.get("required") and not after.get("required"):
                    yield self.change("CT205", f"{name} made optional")
                comparison = Comparison(self.old, self.new)
                found = comparison.compare(before.get("schema", {}), after.get("schema", {}))
                yield from self._request(found, name)

    def _request(self, found: Iterator[Difference], subject: str) -> Iterator[Change]:
        for difference in found:
            yield self.change(_REQUEST_CODES[difference.kind], f"{subject}: {difference.detail}")

    def _request_body(self) -> Iterator[Change]:
        before, _ = self.old.resolve(self.before.spec.get("requestBody") or {})
        after, _ = self.new.resolve(self.after.spec.get("requestBody") or {})
        if after.get("required") and not before.get("required"):
            yield self.change("CT103", "request body made required")
        elif before.get("required") and not after.get("required"):
            yield self.change("CT205", "request body made optional")
        old_content, new_content = _content(before), _content(after)
        if old_content and new_content:
            for media in sorted(set(old_content) - set(new_content)):
                yield self.change("CT112", f"request body no longer accepts {media}")
            for media in sorted(set(new_content) - set(old_content)):
                yield self.change("CT212", f"request body also accepts {media}")
        for media in sorted(set(old_content) & set(new_content)):
            comparison = Comparison(self.old, self.new)
            found = comparison.compare(old_content[media], new_content[media])
            yield from self._request(found, "request body")

    def _responses(self) -> Iterator[Change]:
        old, new = _responses(self.before.spec), _responses(self.after.spec)
        for status in sorted(set(old) - set(new)):
            if _success(status):
                yield self.change("CT111", f"success status {status} removed")
            else:
                yield self.change("CT209", f"status {status} removed")
        for status in sorted(set(new) - set(old)):
            yield self.change("CT208", f"status {status} added")
        for status in sorted(set(old) & set(new)):
            before, _ = self.old.resolve(old[status])
            after, _ = self.new.resolve(new[status])
            old_content, new_content = _content(before), _content(after)
            for media in sorted(set(old_content) - set(new_content)):
                yield self.change("CT112", f"response {status} no longer sends {media}")
            for media in sorted(set(new_content) - set(old_content)):
                if old_content:
                    yield self.change("CT112", f"response {status} now sends {media}")
            for media in sorted(set(old_content) & set(new_content)):
                comparison = Comparison(self.old, self.new)
                found = comparison.compare(old_content[media], new_content[media])
                for difference in found:
                    code = _RESPONSE_CODES.get(difference.kind)
                    if code is not None:
                        yield self.change(code, f"response {status}: {difference.detail}")


def _content(spec: Mapping[str, Any]) -> dict[str, Schema]:
    content = spec.get("content")
    if not isinstance(content, Mapping):
        return {}
    return {
        str(media): (value.get("schema") or {}) if isinstance(value, Mapping) else {}
        for media, value in content.items()
    }


def _responses(spec: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    responses = spec.get("responses")
    if not isinstance(responses, Mapping):
        return {}
    return {str(k): v for k, v in responses.items() if isinstance(v, Mapping)}


def _success(status: str) -> bool:
    return status.startswith("2") or status.upper() == "2XX"
