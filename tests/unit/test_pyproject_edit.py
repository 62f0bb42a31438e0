"""The pyproject editor: text in, text out, with what the user wrote kept."""

from __future__ import annotations

import tomllib

import pytest
import tomlkit

from shipyard.errors import ShipyardError
from shipyard.workspace.pyproject_edit import (
    add_dependencies,
    add_dev_requirements,
    add_workspace_member,
    declare_dependency,
    set_scenario,
)

ROOT = """\
[project]
name = "acme"
# Every member.
dependencies = [
    "common",  # the shared lib
]

[dependency-groups]
dev = [
    "pytest>=8.3",
]

[tool.uv.workspace]
members = ["services/*", "libs/*"]  # where members live

[tool.uv.sources]
common = { workspace = true }

[tool.shipyard]
version = 1
"""


def test_a_member_becomes_a_dependency_with_a_workspace_source() -> None:
    text = add_workspace_member(ROOT, "catalog", "services/catalog")

    assert text == ROOT.replace(
        '    "common",  # the shared lib\n', '    "common",  # the shared lib\n    "catalog",\n'
    ).replace(
        "common = { workspace = true }\n",
        "common = { workspace = true }\ncatalog = { workspace = true }\n",
    )


def test_a_member_outside_the_globs_is_listed_and_one_inside_is_not() -> None:
    inside = tomllib.loads(add_workspace_member(ROOT, "catalog", "services/catalog"))
    outside = tomllib.loads(add_workspace_member(ROOT, "cli", "tools/cli"))

    assert inside["tool"]["uv"]["workspace"]["members"] == ["services/*", "libs/*"]
    assert outside["tool"]["uv"]["workspace"]["members"] == ["services/*", "libs/*", "tools/cli"]


def test_sources_are_written_like_the_ones_there() -> None:
    bare = ROOT.replace("common = { workspace = true }\n", "")

    assert "catalog = {workspace = true}\n" in add_workspace_member(bare, "catalog", "services/x")
    assert "catalog = { workspace = true }\n" in add_workspace_member(ROOT, "catalog", "services/x")


def test_adding_a_member_twice_changes_nothing() -> None:
    once = add_workspace_member(ROOT, "catalog", "services/catalog")

    assert add_workspace_member(once, "catalog", "services/catalog") == once


def test_dependencies_skip_a_distribution_declared_under_another_spelling() -> None:
    member = '[project]\nname = "common"\ndependencies = ["Pydantic_Settings>=2"]  # mine\n'

    text = add_dependencies(member, ("pydantic-settings>=2.7", "redis>=5"))

    assert tomllib.loads(text)["project"]["dependencies"] == ["Pydantic_Settings>=2", "redis>=5"]
    assert "# mine" in text


def test_dev_requirements_are_appended_once() -> None:
    text = add_dev_requirements(ROOT, ("celery-types>=0.26", "pytest>=9"))

    assert tomllib.loads(text)["dependency-groups"]["dev"] == ["pytest>=8.3", "celery-types>=0.26"]
    assert add_dev_requirements(text, ("celery-types>=0.26",)) == text


def test_dev_group_is_created_when_missing() -> None:
    text = add_dev_requirements('[project]\nname = "x"\n', ("ruff>=0.8",))

    assert tomllib.loads(text)["dependency-groups"] == {"dev": ["ruff>=0.8"]}


def test_a_scenario_is_set_with_canonical_member_names() -> None:
    text = set_scenario(ROOT, "orders-catalog", ("orders", "order_events"))

    assert tomllib.loads(text)["tool"]["shipyard"]["scenarios"] == {
        "orders-catalog": ["orders", "order-events"]
    }
    assert text.startswith(ROOT)


def test_keep_sorted_inserts_into_a_sorted_list_and_appends_to_another() -> None:
    tidy = tomlkit.parse('[project]\ndependencies = ["fastapi", "sqlalchemy"]\n')
    untidy = tomlkit.parse('[project]\ndependencies = ["sqlalchemy", "fastapi"]\n')

    assert declare_dependency(tidy, "httpx", keep_sorted=True)
    assert declare_dependency(untidy, "httpx", keep_sorted=True)

    assert tidy["project"]["dependencies"] == ["fastapi", "httpx", "sqlalchemy"]
    assert untidy["project"]["dependencies"] == ["sqlalchemy", "fastapi", "httpx"]


def test_dynamic_or_declared_dependencies_are_left_alone() -> None:
    dynamic = tomlkit.parse('[project]\nname = "x"\ndynamic = ["dependencies"]\n')
    declared = tomlkit.parse('[project]\ndependencies = ["httpx>=0.27"]\n')

    assert not declare_dependency(dynamic, "httpx")
    assert not declare_dependency(declared, "HTTPX>=0.28")
    assert "dependencies" not in dynamic["project"]
    assert declared["project"]["dependencies"] == ["httpx>=0.27"]


def test_a_virtual_root_gets_the_source_and_no_project_table() -> None:
    virtual = '[tool.uv.workspace]\nmembers = ["packages/*"]\n'

    text = add_workspace_member(virtual, "api", "packages/api")

    assert tomllib.loads(text) == {
        "tool": {
            "uv": {
                "workspace": {"members": ["packages/*"]},
                "sources": {"api": {"workspace": True}},
            }
        }
    }


def test_a_table_of_the_wrong_type_is_one_sentence() -> None:
    with pytest.raises(ShipyardError, match=r"dependency-groups must be a table"):
        add_dev_requirements('dependency-groups = "oops"\n', ("httpx",))
