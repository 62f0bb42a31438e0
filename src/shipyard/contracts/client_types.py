"""JSON Schema to Python annotations and pydantic models, for generated clients.

Named object schemas (`#/components/schemas/X`) become models; enums and consts become
`Literal`s; unions become `|`; anything the mapping does not know becomes `Any`, which
validates whatever arrives rather than refusing a valid answer."""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shipyard.contracts.schema import Resolver, Schema

# pydantic's own attributes: a field with one of these names gets a trailing underscore.
_RESERVED = frozenset(
    {"copy", "dict", "json", "schema", "construct", "validate", "fields", "model_config"}
)
_FORMATS = {"date-time": "datetime.datetime", "date": "datetime.date", "uuid": "uuid.UUID"}


def python_name(name: str) -> str:
    """A snake_case identifier for a field, parameter or method name."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    text = re.sub(r"\W+", "_", text).strip("_").lower() or "value"
    if text[0].isdigit():
        text = f"n_{text}"
    if keyword.iskeyword(text) or text in _RESERVED or text.startswith("model_"):
        text += "_"
    return text


def class_name(name: str) -> str:
    """`ItemRead-Output` -> `ItemReadOutput`; `Body_create_item` -> `BodyCreateItem`."""
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", name) if p]
    text = "".join(p[0].upper() + p[1:] for p in parts) or "Model"
    return f"M{text}" if text[0].isdigit() else text


@dataclass
class ModelField:
    name: str
    alias: str | None
    annotation: str
    default: str | None
    """Python source of the default (`None`, `Field(default_factory=list)`), or None."""


@dataclass
class Model:
    name: str
    fields: list[ModelField]


@dataclass
class TypeMapper:
    """Maps the schemas of one document; remembers the models and imports they need."""

    document: Schema
    models: dict[str, Model] = field(default_factory=dict)
    imports: set[str] = field(default_factory=set)
    """`typing.Any`, `typing.Literal`, `datetime`, `uuid`."""

    def __post_init__(self) -> None:
        self.resolver = Resolver(self.document)

    def annotation(self, schema: Schema) -> str:
        if "$ref" in schema:
            target, name = self.resolver.resolve(schema)
            if name is not None and _is_model(target):
                return self._model(name, target)
            return self.annotation(target)
        for key in ("anyOf", "oneOf"):
            members = schema.get(key)
            if isinstance(members, list) and members:
                return _union([self.annotation(m) for m in members if isinstance(m, Mapping)])
        members = schema.get("allOf")
        if isinstance(members, list) and len(members) == 1 and isinstance(members[0], Mapping):
            return self.annotation(members[0])
        if "const" in schema:
            return self._literal([schema["const"]])
        if isinstance(schema.get("enum"), list):
            return self._literal(schema["enum"])
        declared = schema.get("type")
        if isinstance(declared, list):
            return _union([self.annotation({**schema, "type": t}) for t in declared])
        return self._simple(schema, declared)

    def _simple(self, schema: Schema, declared: object) -> str:
        if declared == "string":
            found = _FORMATS.get(str(schema.get("format")))
            if found:
                self.imports.add(found.split(".")[0])
                return found
            return "str"
        simple = {"integer": "int", "number": "float", "boolean": "bool", "null": "None"}
        if isinstance(declared, str) and declared in simple:
            return simple[declared]
        if declared == "array":
            items = schema.get("items")
            return f"list[{self.annotation(items if isinstance(items, Mapping) else {})}]"
        if declared == "object" or "additionalProperties" in schema:
            extra = schema.get("additionalProperties")
            value = self.annotation(extra) if isinstance(extra, Mapping) else self._any()
            return f"dict[str, {value}]"
        return self._any()

    def _any(self) -> str:
        self.imports.add("typing.Any")
        return "Any"

    def _literal(self, values: list[Any]) -> str:
        allowed = [v for v in values if isinstance(v, str | int | bool) or v is None]
        if not allowed or len(allowed) != len(values):
            return self._any()
        self.imports.add("typing.Literal")
        shown = ", ".join(json.dumps(v) if isinstance(v, str) else repr(v) for v in allowed)
        return f"Literal[{shown}]"

    def _model(self, name: str, schema: Schema) -> str:
        python = class_name(name)
        if python in self.models:
            return python
        model = Model(python, [])
        self.models[python] = model  # before the fields: a model may refer to itself
        required = set(schema.get("required", ()))
        properties = schema.get("properties") or {}
        taken: set[str] = set()
        for wire, property_schema in properties.items():
            if not isinstance(property_schema, Mapping):
                continue
            attribute = python_name(wire)
            while attribute in taken:
                attribute += "_"
            taken.add(attribute)
            annotation = self.annotation(property_schema)
            default = None
            if wire not in required:
                annotation, default = self._optional(annotation, property_schema)
            alias = wire if attribute != wire else None
            model.fields.append(ModelField(attribute, alias, annotation, default))
        return python

    def _optional(self, annotation: str, schema: Schema) -> tuple[str, str]:
        if "default" not in schema or schema["default"] is None:
            return _union([annotation, "None"]), "None"
        value = schema["default"]
        if isinstance(value, list | dict):
            factory = "list" if isinstance(value, list) else "dict"
            if value:
                return annotation, f"Field(default_factory=lambda: {value!r})"
            return annotation, f"Field(default_factory={factory})"
        if isinstance(value, str) and annotation.startswith(("datetime.", "uuid.")):
            return _union([annotation, "None"]), "None"
        return annotation, json.dumps(value) if isinstance(value, str) else repr(value)


def _is_model(schema: Schema) -> bool:
    return isinstance(schema.get("properties"), Mapping) and not schema.get("anyOf")


def _union(parts: list[str]) -> str:
    unique = list(dict.fromkeys(parts))
    if "Any" in unique:
        return "Any"
    # `None` last, as people write it: `str | None`.
    ordered = [p for p in unique if p != "None"] + (["None"] if "None" in unique else [])
    return " | ".join(ordered)
