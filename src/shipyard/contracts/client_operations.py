"""What a generated client method is made of, read from one OpenAPI operation: its name, its
arguments (path and query parameters, a JSON body) and what it returns."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shipyard.contracts.client_types import TypeMapper, python_name
from shipyard.contracts.openapi_rules import Operation
from shipyard.contracts.schema import types_of
from shipyard.errors import ShipyardError

JSON = "application/json"
_PARAMETER = re.compile(r"\{([^}/]*)\}")


@dataclass(frozen=True)
class Argument:
    name: str
    """The Python parameter name."""
    wire: str
    """The name in the URL."""
    where: str
    """path or query."""
    annotation: str
    default: str | None
    types: tuple[str, ...]
    """The JSON types it sends (never null: a parameter left at None is not sent)."""


@dataclass(frozen=True)
class Method:
    name: str
    http_method: str
    path: str
    summary: str
    arguments: tuple[Argument, ...]
    body: str | None
    """The annotation of the JSON body, or None."""
    body_is_model: bool
    body_required: bool
    returns: str
    """The annotation of the success response: a model, another type, `None` or `str`."""
    returns_kind: str
    """model, adapter (any other JSON type), text, or none."""

    @property
    def path_expression(self) -> str:
        """The path as Python: an f-string with each path parameter quoted."""
        names = {a.wire: a.name for a in self.arguments if a.where == "path"}
        if not names:
            return repr(self.path)
        text = _PARAMETER.sub(lambda m: f"{{_segment({names[m.group(1)]})}}", self.path)
        return f'f"{text}"'


def unsupported(operation: Operation) -> str | None:
    """Why a method cannot be generated for the operation, or None."""
    for (where, _), parameter in operation.parameters.items():
        if where in ("header", "cookie") and parameter.get("required"):
            return f"it requires a {where} parameter"
    body = operation.spec.get("requestBody")
    if isinstance(body, Mapping):
        content = body.get("content") or {}
        if "$ref" not in body and content and JSON not in content:
            return f"its request body is {', '.join(sorted(content))}, not JSON"
    return None


def method_name(operation: Operation) -> str:
    """From the summary FastAPI derives from the function name (`Get Product` ->
    `get_product`), else from the operationId."""
    summary = operation.spec.get("summary")
    if isinstance(summary, str) and summary.strip():
        return python_name(summary)
    operation_id = operation.spec.get("operationId")
    if isinstance(operation_id, str) and operation_id:
        return python_name(operation_id)
    return python_name(f"{operation.method}_{operation.path}")


def build_method(name: str, operation: Operation, types: TypeMapper) -> Method:
    arguments = []
    taken = {"self", "data", "idempotent"}
    order = [m.group(1) for m in _PARAMETER.finditer(operation.path)]
    parameters = sorted(
        (p for (where, _), p in operation.parameters.items() if where in ("path", "query")),
        key=lambda p: (
            p.get("in") != "path",
            order.index(p["name"]) if p.get("name") in order else 0,
            not p.get("required"),
        ),
    )
    for parameter in parameters:
        python = python_name(str(parameter["name"]))
        while python in taken:
            python += "_"
        taken.add(python)
        schema = parameter.get("schema") or {}
        annotation = types.annotation(schema)
        sent = tuple(sorted(types_of(schema, types.resolver) - {"null"}))
        default = None
        if not parameter.get("required") and parameter.get("in") != "path":
            annotation = annotation if annotation.endswith("None") else f"{annotation} | None"
            default = "None"
        where = str(parameter["in"])
        wire = str(parameter["name"])
        arguments.append(Argument(python, wire, where, annotation, default, sent))
    body, body_is_model, body_required = _body(operation, types)
    returns, kind = _returns(operation, types)
    summary = operation.spec.get("summary") or ""
    return Method(
        name,
        operation.method.upper(),
        operation.path,
        str(summary),
        tuple(arguments),
        body,
        body_is_model,
        body_required,
        returns,
        kind,
    )


def _body(operation: Operation, types: TypeMapper) -> tuple[str | None, bool, bool]:
    raw = operation.spec.get("requestBody")
    if not isinstance(raw, Mapping):
        return None, False, False
    body, _ = types.resolver.resolve(raw)
    content = body.get("content") or {}
    schema = (content.get(JSON) or {}).get("schema")
    if not isinstance(schema, Mapping):
        return None, False, False
    annotation = types.annotation(schema)
    return annotation, annotation in types.models, bool(body.get("required"))


def _returns(operation: Operation, types: TypeMapper) -> tuple[str, str]:
    responses = operation.spec.get("responses") or {}
    successes = sorted(s for s in responses if str(s).startswith("2"))
    if not successes:
        return "None", "none"
    response, _ = types.resolver.resolve(responses[successes[0]])
    content: dict[str, Any] = dict(response.get("content") or {})
    if not content:
        return "None", "none"
    if JSON in content:
        schema = content[JSON].get("schema") or {}
        annotation = types.annotation(schema)
        if annotation == "None":
            return "None", "none"
        return annotation, "model" if annotation in types.models else "adapter"
    if any(media.startswith("text/") for media in content):
        return "str", "text"
    raise ShipyardError(
        f"{operation.subject} answers {', '.join(sorted(content))}: only JSON and text answers "
        "can be generated; leave it out with --only."
    )
