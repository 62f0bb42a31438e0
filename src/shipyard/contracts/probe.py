"""Run by the workspace's own interpreter (`.venv/bin/python -I probe.py REQUEST`), never
imported by shipyard: user code is imported here, in processes of its own.

REQUEST is a JSON file: {"preload": [MODULE, ...], "jobs": N, "fork": BOOL, "members": [{"kind":
"openapi" | "tasks", "target": "pkg.main" | "lib.tasks", "result": PATH}, ...]}. Each member's
result file receives {"openapi": DOC}, {"tasks": [TASK, ...]} or {"error": TEXT}: a file, not
stdout, since an app factory may log there.

Two apps in one process would share global state (a metrics registry refuses a second
`http_requests`), so each member is read in a child of its own. With `fork`, the children are
forked from this process once it has imported what every member imports (FastAPI, pydantic):
each then pays only for its own code. This module imports only the standard library.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import os
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


def probe(member: dict[str, str]) -> dict[str, Any]:
    try:
        if member["kind"] == "openapi":
            return {"openapi": openapi_of(member["target"])}
        return {"tasks": tasks_of(member["target"])}
    except (Exception, SystemExit) as exc:  # a failure belongs to this member alone
        last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        where = f" ({last[0].filename}:{last[0].lineno})" if last else ""
        return {"error": f"{type(exc).__name__}: {exc}{where}"}


def write(path: str, result: dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(result, stream, default=str)


def forked(members: list[dict[str, str]], jobs: int) -> None:
    """Each member in a forked child, `jobs` at a time; a child that dies leaves no result
    file, which the caller reports."""
    waiting, running = list(members), 0
    while waiting or running:
        while waiting and running < jobs:
            member = waiting.pop(0)
            sys.stdout.flush()
            sys.stderr.flush()
            if os.fork() == 0:
                code = 1
                try:
                    write(member["result"], probe(member))
                    code = 0
                finally:
                    os._exit(code)  # never the parent's atexit handlers or buffers
            running += 1
        os.wait()
        running -= 1


def main(request_path: str) -> None:
    with open(request_path, encoding="utf-8") as stream:
        request = json.load(stream)
    for name in request.get("preload", []):
        with contextlib.suppress(Exception):  # a member that needs it will say so
            importlib.import_module(name)
    members = request["members"]
    if request.get("fork") and hasattr(os, "fork"):
        forked(members, max(1, int(request.get("jobs", 1))))
    else:
        for member in members:
            write(member["result"], probe(member))


if __name__ == "__main__":
    main(sys.argv[1])
