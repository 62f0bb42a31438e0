"""Run by the workspace's own interpreter (`.venv/bin/python probe.py REQUEST RESULT`), never
imported by shipyard: user code is imported here, in a process of its own.

REQUEST is a JSON file: {"services": {NAME: "pkg.main"}, "libs": {NAME: "lib.tasks"}}.
RESULT receives {"services": {NAME: {"openapi": DOC} | {"error": TEXT}}, "libs": {NAME:
{"tasks": [TASK, ...]} | {"error": TEXT}}}. A file, not stdout: an app factory may log there.
This module imports only the standard library, and each member fails on its own.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import sys
import traceback
from typing import Any


def openapi_of(module_name: str) -> dict[str, Any]:
    module = importlib.import_module(module_name)
    factory = getattr(module, "create_app", None)
    if not callable(factory):
        raise LookupError(f"{module_name} has no create_app()")
    # Building the app runs no lifespan: no database, no broker, no server.
    document = factory().openapi()
    if not isinstance(document, dict):
        raise TypeError(f"{module_name}.create_app().openapi() did not return a document")
    return document


def tasks_of(package_name: str) -> list[dict[str, Any]]:
    base = importlib.import_module(f"{package_name}.contract").TaskContract
    contracts = importlib.import_module(f"{package_name}.contracts")
    found = []
    for info in sorted(pkgutil.iter_modules(contracts.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{contracts.__name__}.{info.name}")
        classes: list[tuple[str, Any]] = inspect.getmembers(module, inspect.isclass)
        for _, cls in sorted(classes):
            if cls.__module__ != module.__name__ or not issubclass(cls, base) or cls is base:
                continue
            found.append(
                {
                    "name": cls.name,
                    "queue": cls.queue,
                    "version": getattr(cls, "version", 1),
                    "class": f"{cls.__module__}:{cls.__qualname__}",
                    "payload": cls.model_json_schema(),
                }
            )
    return sorted(found, key=lambda task: str(task["name"]))


def _failure(exc: BaseException) -> dict[str, str]:
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" ({last[0].filename}:{last[0].lineno})" if last else ""
    return {"error": f"{type(exc).__name__}: {exc}{where}"}


def main(request_path: str, result_path: str) -> None:
    with open(request_path, encoding="utf-8") as stream:
        request = json.load(stream)
    result: dict[str, dict[str, Any]] = {"services": {}, "libs": {}}
    for name, module_name in request.get("services", {}).items():
        try:
            result["services"][name] = {"openapi": openapi_of(module_name)}
        except (Exception, SystemExit) as exc:  # a failure belongs to this member alone
            result["services"][name] = _failure(exc)
    for name, package_name in request.get("libs", {}).items():
        try:
            result["libs"][name] = {"tasks": tasks_of(package_name)}
        except (Exception, SystemExit) as exc:
            result["libs"][name] = _failure(exc)
    with open(result_path, "w", encoding="utf-8") as stream:
        json.dump(result, stream, default=str)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
