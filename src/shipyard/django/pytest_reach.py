"""A pytest plugin `shipyard test --app` loads into a Django project's own test run (by
path: the project does not have shipyard installed). It records what the app's tests reached:
the modules their test modules hold (names imported from other apps) or imported while being
collected, and the tables the tests' SQL touched (test bodies and function-scoped fixtures;
not the test database's creation), written as JSON to $SHIPYARD_REACH_FILE at the end."""

from __future__ import annotations

import importlib
import json
import os
import re
import sys
import types
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest

# Tables read or written by DML; DDL (CREATE TABLE) only happens while the database is made.
TABLES = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE)\s+[`"\[]?([A-Za-z0-9_]+)', re.IGNORECASE)

_before: set[str] = set()
_modules: set[str] = set()
_tables: set[str] = set()


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session: pytest.Session) -> None:
    _before.update(sys.modules)


def pytest_collection_finish(session: pytest.Session) -> None:
    _modules.update(set(sys.modules) - _before)
    for item in session.items:
        module = getattr(item, "module", None)
        if isinstance(module, types.ModuleType):
            _modules.update(_held(module))


def _held(module: types.ModuleType) -> Iterator[str]:
    """Where each name of a test module comes from: `Project` -> `projects.models`."""
    for value in vars(module).values():
        if isinstance(value, types.ModuleType):
            yield value.__name__
        else:
            origin = getattr(value, "__module__", None)
            if isinstance(origin, str):
                yield origin


def _recording() -> ExitStack:
    stack = ExitStack()
    try:
        connections = importlib.import_module("django.db").connections
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(_record))
    except Exception:
        pass
    return stack


def _record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    _tables.update(TABLES.findall(sql))
    return execute(sql, params, many, context)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    with _recording():
        yield


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef: Any, request: Any) -> Iterator[None]:
    if fixturedef.scope != "function":
        yield
        return
    with _recording():
        yield


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    target = os.environ.get("SHIPYARD_REACH_FILE")
    if target:
        report = {"modules": sorted(_modules), "tables": sorted(_tables)}
        with open(target, "w", encoding="utf-8") as out:
            json.dump(report, out)
