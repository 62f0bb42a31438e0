"""Run by a Django project's own interpreter (`python probe.py REQUEST RESULT`, from the folder
of manage.py, DJANGO_SETTINGS_MODULE set), never imported by shipyard: it loads the project
with its settings and answers one question, written as JSON to RESULT (not stdout, where
settings and apps may print):

- {"kind": "user-pk"}: {"kind": "int" | "uuid" | "str" | "any"}, the kind of AUTH_USER_MODEL's
  primary key;
- {"kind": "serializers", "modules": [...], "core": "core"}: {"serializers": [{"module",
  "name", "input", "output"} or {"module", "name", "error"}]}, the shapes of each DRF serializer
  class the modules define, read by the project's `core.contracts`.

A failure to load the project is {"error": TEXT}. This module imports only the standard
library before the project is set up.
"""

from __future__ import annotations

import importlib
import json
import sys
import traceback
from typing import Any

PK_KINDS = (
    ("UUIDField", "uuid"),
    ("AutoField", "int"),
    ("IntegerField", "int"),
    ("CharField", "str"),
)


def user_pk_kind() -> str:
    auth = importlib.import_module("django.contrib.auth")
    primary = auth.get_user_model()._meta.pk
    names = [cls.__name__ for cls in type(primary).__mro__]
    return next((kind for field, kind in PK_KINDS if field in names), "any")


def serializers(modules: list[str], core: str) -> list[dict[str, Any]]:
    drf = importlib.import_module("rest_framework.serializers")
    contracts = importlib.import_module(f"{core}.contracts")
    found = []
    for name in modules:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if not (isinstance(value, type) and issubclass(value, drf.Serializer)):
                continue
            if value.__module__ != module.__name__ or attribute.startswith("_"):
                continue
            entry: dict[str, Any] = {"module": name, "name": attribute}
            try:
                instance = value()
                for direction in ("input", "output"):
                    shape = contracts.serializer_shape(instance, direction)
                    entry[direction] = shape.to_json()
            except Exception as exc:  # one serializer that needs arguments skips only itself
                entry = {"module": name, "name": attribute, "error": _describe(exc)}
            found.append(entry)
    return found


def _describe(exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" ({last[0].filename}:{last[0].lineno})" if last else ""
    return f"{type(exc).__name__}: {exc}{where}"


def answer(request: dict[str, Any]) -> dict[str, Any]:
    try:
        importlib.import_module("django").setup()
    except BaseException as exc:
        return {"error": _describe(exc)}
    try:
        if request["kind"] == "user-pk":
            return {"kind": user_pk_kind()}
        return {"serializers": serializers(request["modules"], request["core"])}
    except BaseException as exc:
        return {"error": _describe(exc)}


def main(request_path: str, result_path: str) -> None:
    with open(request_path, encoding="utf-8") as stream:
        request = json.load(stream)
    result = answer(request)
    with open(result_path, "w", encoding="utf-8") as stream:
        json.dump(result, stream)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
