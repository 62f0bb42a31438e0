from __future__ import annotations

import pytest

from shipyard.errors import ShipyardError
from shipyard.workspace import validate_member_name, validate_workspace_name


@pytest.mark.parametrize("name", ["catalog", "orders", "order_events", "v2", "a" * 30])
def test_good_member_names(name: str) -> None:
    assert validate_member_name(name) == name


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "is empty"),
        ("Catalog", "lowercase Python identifier"),
        ("order-service", "for example 'order_service'"),
        ("1catalog", "lowercase Python identifier"),
        ("_private", "lowercase Python identifier"),
        ("café", "lowercase Python identifier"),
        ("class", "Python keyword"),
        ("match", "Python keyword"),
        ("json", "standard library"),
        ("asyncio", "standard library"),
        ("fastapi", "reserved"),
        ("tests", "reserved"),
        ("a" * 31, "longer than 30"),
    ],
)
def test_bad_member_names(name: str, reason: str) -> None:
    with pytest.raises(ShipyardError, match=reason):
        validate_member_name(name)


@pytest.mark.parametrize("name", ["acme", "acme-platform", "Acme.Shop", "x1"])
def test_good_workspace_names(name: str) -> None:
    assert validate_workspace_name(name) == name


@pytest.mark.parametrize("name", ["-acme", "acme!", "my app", "acme-", ""])
def test_bad_workspace_names(name: str) -> None:
    with pytest.raises(ShipyardError, match="not a valid project name"):
        validate_workspace_name(name)


def test_task_names_that_would_replace_generated_tests_are_known() -> None:
    from importlib.resources import files

    from shipyard.scaffold.add_tasks import GENERATED_TASK_FILES

    unit = files("shipyard.scaffold") / "templates" / "lib-tasks" / "tests" / "unit"
    taken = {
        entry.name.removeprefix("test_task_").removesuffix(".py.jinja")
        for entry in unit.iterdir()
        if entry.name.startswith("test_task_")
    }
    assert taken == set(GENERATED_TASK_FILES)
