"""Compare two JSON Schemas (OpenAPI 3.0 or 3.1, pydantic's) and say how the set of values they
admit changed, node by node. Whether a difference breaks anyone depends on who reads the data:
the OpenAPI and task rules decide that; this module only describes.

A difference is `(kind, where, detail)`: `where` is a dotted path to the field (`items[].name`,
empty for the top), `detail` a short clause for the message.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

Schema = Mapping[str, Any]


class Kind(StrEnum):
    TYPE_CHANGED = "type-changed"
    """Some old values are refused and some new ones admitted: integer -> string."""
    TYPES_REMOVED = "types-removed"
    """Fewer values admitted: number -> integer, a union member gone."""
    TYPES_ADDED = "types-added"
    NULL_REMOVED = "null-removed"
    NULL_ADDED = "null-added"
    ENUM_REMOVED = "enum-removed"
    """Enum values no longer admitted (or an enum where there was none)."""
    ENUM_ADDED = "enum-added"
    TIGHTENED = "tightened"
    """A constraint admits fewer values: a lower maxLength, a new pattern."""
    RELAXED = "relaxed"
    REQUIRED_ADDED = "required-added"
    """A new property that must be present."""
    OPTIONAL_ADDED = "optional-added"
    REMOVED = "removed"
    """A property gone from an object that admits other properties."""
    REMOVED_CLOSED = "removed-closed"
    """A property gone from an object that forbids other properties: it is now refused."""
    MADE_REQUIRED = "made-required"
    MADE_OPTIONAL = "made-optional"


@dataclass(frozen=True)
class Difference:
    kind: Kind
    where: str
    detail: str


# Upper bounds tighten when they go down, lower bounds when they go up.
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_EXACT = ("pattern", "format", "multipleOf")


class Resolver:
    """Follows local `$ref`s (`#/components/schemas/X`, `#/$defs/X`) inside one document."""

    def __init__(self, document: Schema) -> None:
        self.document = document

    def resolve(self, schema: Schema) -> tuple[Schema, str | None]:
        """The schema a `$ref` points to (following chains), and the name it was reached by."""
        name = None
        seen: set[str] = set()
        while isinstance(schema.get("$ref"), str) and schema["$ref"] not in seen:
            ref: str = schema["$ref"]
            seen.add(ref)
            name = ref.rsplit("/", 1)[-1]
            target: Any = self.document
            for part in ref.removeprefix("#/").split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part) if isinstance(target, Mapping) else None
            if not isinstance(target, Mapping):
                return {}, name  # a dangling reference admits anything
            schema = target
        return schema, name


def variants(schema: Schema, resolver: Resolver) -> list[Schema]:
    """The alternatives a schema is made of, references resolved: `anyOf`/`oneOf` members,
    a lone `allOf` member (how OpenAPI 3.0 attaches a description to a `$ref`), or itself."""
    schema, _ = resolver.resolve(schema)
    for key in ("anyOf", "oneOf"):
        members = schema.get(key)
        if isinstance(members, list) and members:
            return [v for m in members if isinstance(m, Mapping) for v in variants(m, resolver)]
    members = schema.get("allOf")
    if isinstance(members, list) and len(members) == 1 and isinstance(members[0], Mapping):
        return variants(members[0], resolver)
    return [schema]


def types_of(schema: Schema, resolver: Resolver) -> frozenset[str]:
    """The JSON types a schema admits; `number` includes `integer`; `any` when unconstrained."""
    found: set[str] = set()
    for variant in variants(schema, resolver):
        declared = variant.get("type")
        if isinstance(declared, str):
            found.add(declared)
        elif isinstance(declared, list):
            found.update(t for t in declared if isinstance(t, str))
        elif "const" in variant:
            found.add(_json_type(variant["const"]))
        elif isinstance(variant.get("enum"), list):
            found.update(_json_type(v) for v in variant["enum"])
        elif "properties" in variant or "additionalProperties" in variant:
            found.add("object")
        elif "items" in variant:
            found.add("array")
        else:
            found.add("any")
        if variant.get("nullable") is True:  # OpenAPI 3.0
            found.add("null")
    if "number" in found:
        found.add("integer")
    return frozenset(found)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def enum_of(schema: Schema, resolver: Resolver) -> set[str] | None:
    """Every admitted value (as JSON text) when the schema lists them all; None otherwise."""
    values: set[str] = set()
    for variant in variants(schema, resolver):
        if "const" in variant:
            values.add(json.dumps(variant["const"], sort_keys=True))
        elif isinstance(variant.get("enum"), list):
            values.update(json.dumps(v, sort_keys=True) for v in variant["enum"])
        elif variant.get("type") == "null":
            values.add("null")
        else:
            return None
    return values


def _label(where: str) -> str:
    return f"field '{where}'" if where else "value"


class Comparison:
    """One comparison of an old and a new schema, each with its own document for `$ref`s."""

    def __init__(self, old: Resolver, new: Resolver) -> None:
        self.old = old
        self.new = new
        self._seen: set[tuple[int, int]] = set()
        # When every definition a `$ref` may point to is the same on both sides, two equal
        # nodes admit the same values: most of an unchanged document is skipped this way.
        self._same_definitions = _definitions(old.document) == _definitions(new.document)

    def compare(self, old: Schema, new: Schema, where: str = "") -> Iterator[Difference]:
        key = (id(old), id(new))
        if key in self._seen:  # recursive models: each pair of nodes is compared once
            return
        self._seen.add(key)
        if self._same_definitions and old == new:
            return
        types = list(self._types(old, new, where))
        yield from types
        if any(t.kind is Kind.TYPE_CHANGED for t in types):
            return  # another type altogether: its old constraints and fields say nothing
        yield from self._enum(old, new, where)
        old_vs = [v for v in variants(old, self.old) if v.get("type") != "null"]
        new_vs = [v for v in variants(new, self.new) if v.get("type") != "null"]
        if len(old_vs) == 1 and len(new_vs) == 1:
            yield from self._constraints(old_vs[0], new_vs[0], where)
            yield from self._structure(old_vs[0], new_vs[0], where)
        else:
            yield from self._matching_variants(old, new, where)

    def _types(self, old: Schema, new: Schema, where: str) -> Iterator[Difference]:
        before, after = types_of(old, self.old), types_of(new, self.new)
        if "null" in before and "null" not in after:
            yield Difference(Kind.NULL_REMOVED, where, f"{_label(where)} is no longer nullable")
        if "null" in after and "null" not in before:
            yield Difference(Kind.NULL_ADDED, where, f"{_label(where)} is now nullable")
        before, after = before - {"null"}, after - {"null"}
        if before == after or (not before and not after):
            return
        if "any" in after or not after:
            kind = Kind.TYPES_ADDED
        elif "any" in before or not before or after < before:
            kind = Kind.TYPES_REMOVED
        elif before < after:
            kind = Kind.TYPES_ADDED
        else:
            kind = Kind.TYPE_CHANGED
        shown = (_show_types(before), _show_types(after))
        yield Difference(kind, where, f"{_label(where)} type {shown[0]} -> {shown[1]}")

    def _enum(self, old: Schema, new: Schema, where: str) -> Iterator[Difference]:
        before, after = enum_of(old, self.old), enum_of(new, self.new)
        if before == after:
            return
        if before is not None and after is not None:
            removed, added = sorted(before - after - {"null"}), sorted(after - before - {"null"})
            if removed:
                values = ", ".join(removed)
                yield Difference(Kind.ENUM_REMOVED, where, f"{_label(where)} lost value {values}")
            if added:
                values = ", ".join(added)
                yield Difference(Kind.ENUM_ADDED, where, f"{_label(where)} gained value {values}")
        elif after is not None:
            yield Difference(Kind.ENUM_REMOVED, where, f"{_label(where)} is now an enum")
        else:
            yield Difference(Kind.ENUM_ADDED, where, f"{_label(where)} is no longer an enum")

    def _constraints(self, old: Schema, new: Schema, where: str) -> Iterator[Difference]:
        for key in (*_UPPER, *_LOWER):
            before, after = _bound(old.get(key)), _bound(new.get(key))
            if before == after:
                continue
            upper = key in _UPPER
            if before is None:
                tighter = True
            elif after is None:
                tighter = False
            else:
                tighter = after < before if upper else after > before
            kind = Kind.TIGHTENED if tighter else Kind.RELAXED
            yield Difference(kind, where, f"{_label(where)} {key} {before} -> {after}")
        for key in _EXACT:
            before, after = old.get(key), new.get(key)
            if before != after:
                kind = Kind.RELAXED if after is None else Kind.TIGHTENED
                shown = (json.dumps(before), json.dumps(after))
                yield Difference(kind, where, f"{_label(where)} {key} {shown[0]} -> {shown[1]}")

    def _structure(self, old: Schema, new: Schema, where: str) -> Iterator[Difference]:
        old_items, new_items = old.get("items"), new.get("items")
        if isinstance(old_items, Mapping) and isinstance(new_items, Mapping):
            yield from self.compare(old_items, new_items, f"{where}[]")
        old_extra, new_extra = old.get("additionalProperties"), new.get("additionalProperties")
        if isinstance(old_extra, Mapping) and isinstance(new_extra, Mapping):
            yield from self.compare(old_extra, new_extra, f"{where}{{}}")
        old_props, new_props = old.get("properties"), new.get("properties")
        if isinstance(old_props, Mapping) and isinstance(new_props, Mapping):
            yield from self._properties(old, new, old_props, new_props, where)

    def _properties(
        self,
        old: Schema,
        new: Schema,
        old_props: Mapping[str, Schema],
        new_props: Mapping[str, Schema],
        where: str,
    ) -> Iterator[Difference]:
        old_required, new_required = set(old.get("required", ())), set(new.get("required", ()))
        closed = new.get("additionalProperties") is False
        for name in sorted(set(old_props) | set(new_props)):
            inner = f"{where}.{name}" if where else name
            if name not in old_props:
                required = name in new_required
                kind = Kind.REQUIRED_ADDED if required else Kind.OPTIONAL_ADDED
                adjective = "required" if required else "optional"
                yield Difference(kind, inner, f"{adjective} {_label(inner)} added")
            elif name not in new_props:
                kind = Kind.REMOVED_CLOSED if closed else Kind.REMOVED
                yield Difference(kind, inner, f"{_label(inner)} removed")
            else:
                if name in new_required and name not in old_required:
                    yield Difference(Kind.MADE_REQUIRED, inner, f"{_label(inner)} made required")
                if name in old_required and name not in new_required:
                    yield Difference(Kind.MADE_OPTIONAL, inner, f"{_label(inner)} made optional")
                yield from self.compare(old_props[name], new_props[name], inner)

    def _matching_variants(self, old: Schema, new: Schema, where: str) -> Iterator[Difference]:
        """Unions of several models: compare the members that share a `$ref` name."""
        old_named = self._named_variants(old, self.old)
        new_named = self._named_variants(new, self.new)
        for name in sorted(set(old_named) & set(new_named)):
            yield from self.compare(old_named[name], new_named[name], where)

    @staticmethod
    def _named_variants(schema: Schema, resolver: Resolver) -> dict[str, Schema]:
        schema, _ = resolver.resolve(schema)
        found = {}
        for key in ("anyOf", "oneOf"):
            for member in schema.get(key) or ():
                target, name = resolver.resolve(member)
                if name is not None:
                    found[name] = target
        return found


def _definitions(document: Schema) -> tuple[object, object]:
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, Mapping) else None
    return schemas, document.get("$defs")


def _bound(value: object) -> float | None:
    # OpenAPI 3.0 spells exclusiveMaximum as a boolean; only numbers are bounds.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _show_types(types: frozenset[str]) -> str:
    shown = sorted(types - {"integer"} if "number" in types else types)
    return "|".join(shown) if shown else "none"
