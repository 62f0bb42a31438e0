"""The consumer test generated next to a client: it reads the provider's snapshot and fails,
naming the operation, when a path, method, parameter or field the client uses is gone or has
a type the client cannot send or read. It runs in the consumer's own suite, without shipyard:
the checks are written out in the test (a few dozen lines of JSON Schema reading)."""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from shipyard.contracts.client_operations import Method
from shipyard.workspace import Member

_TEMPLATE = Template(
    (Path(__file__).parent / "templates" / "consumer_test.py.tmpl").read_text(encoding="utf-8")
)


def consumer_test_text(
    consumer: Member, provider: Member, methods: list[Method], snapshot: tuple[int, str]
) -> str:
    models = re.compile(r"\b(" + "|".join(_model_names(methods)) + r")\b")
    uses = "".join(_use(method, models) for method in methods)
    return _TEMPLATE.substitute(
        consumer=consumer.name,
        provider=provider.name,
        consumer_package=consumer.import_name,
        provider_module=provider.import_name,
        ups=snapshot[0],
        down=snapshot[1],
        imports=_imports(uses),
        uses=uses,
    )


def _model_names(methods: list[Method]) -> list[str]:
    names = set()
    for method in methods:
        for annotation in (method.body or "", method.returns):
            names.update(re.findall(r"\b[A-Z][A-Za-z0-9]*\b", annotation))
    names -= {"None", "Any", "Literal"}
    return sorted(names) or ["(?!)"]


def _use(method: Method, models: re.Pattern[str]) -> str:
    parameters = "".join(
        f'("{a.where}", "{a.wire}", {a.types!r}, {a.default is None}), ' for a in method.arguments
    )
    parts = [f'"{method.http_method}"', f'"{method.path}"']
    if parameters:
        parts.append(f"parameters=({parameters})")
    if method.body is not None:
        parts.append("body=" + models.sub(r"client.\1", method.body))
    if method.returns_kind in ("model", "adapter"):
        parts.append("response=" + models.sub(r"client.\1", method.returns))
    return f"    Use({', '.join(parts)}),\n"


def _imports(uses: str) -> str:
    typing = ["Any"] + (["Literal"] if "Literal[" in uses else [])
    modules = [m for m in ("datetime", "uuid") if f"{m}." in uses]
    lines = [f"import {m}" for m in modules] + [f"from typing import {', '.join(typing)}"]
    return "\n".join(lines) + "\n"
