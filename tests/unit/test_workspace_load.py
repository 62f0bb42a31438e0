"""Loading the model from disk, for generated and hand-made workspaces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shipyard.errors import ShipyardError
from shipyard.workspace import Role, Runtime, find_root, load_workspace


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_generated_workspace_lists_members_with_kinds(workspace: Path) -> None:
    loaded = load_workspace(workspace / "services" / "catalog" / "src")

    assert loaded.root == workspace
    assert loaded.name == "acme"
    assert [(m.name, m.role, m.path.as_posix()) for m in loaded.members] == [
        ("common", Role.LIB, "libs/common"),
        ("catalog", Role.SERVICE, "services/catalog"),
    ]
    catalog = loaded.member("catalog")
    assert catalog is not None
    assert "common" in catalog.dependencies
    assert "fastapi" in catalog.dependencies
    assert catalog.port == 8001
    assert loaded.next_port() == 8002


def test_hand_made_workspace_infers_kinds_from_folders(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "legacy"\n[tool.uv.workspace]\nmembers = ["apps/*", "packages/*"]\n'
        'exclude = ["apps/old"]\n',
    )
    write(
        tmp_path / "apps/web/pyproject.toml",
        '[project]\nname = "Web_App"\ndependencies = ["fastapi"]\n',
    )
    write(tmp_path / "apps/old/pyproject.toml", '[project]\nname = "old"\n')
    write(
        tmp_path / "packages/util/pyproject.toml",
        '[project]\nname = "util"\ndependencies = ["PyYAML>=6; python_version>\'3\'"]\n',
    )

    loaded = load_workspace(tmp_path)

    assert [(m.name, m.role) for m in loaded.members] == [
        ("web-app", Role.SERVICE),
        ("util", Role.LIB),
    ]
    assert loaded.member("util").dependencies == ("pyyaml",)  # type: ignore[union-attr]
    assert loaded.member("web-app").import_name == "web_app"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("folder", "pyproject", "dockerfile", "kind"),
    [
        ("services", "", False, Role.SERVICE),  # the folder says it
        ("packages", 'dependencies = ["fastapi"]', True, Role.LIB),  # the folder says it
        ("apps", 'dependencies = ["flask>=3"]', False, Role.SERVICE),  # a web framework
        ("apps", "", True, Role.SERVICE),  # a Dockerfile
        ("apps", 'dependencies = ["celery[redis]"]', False, Role.WORKER),  # a task queue
        ("apps", 'dependencies = ["click"]', False, Role.LIB),  # a CLI: not deployed
    ],
)
def test_kind_of_members_shipyard_did_not_make(
    tmp_path: Path, folder: str, pyproject: str, dockerfile: bool, kind: Role
) -> None:
    write(
        tmp_path / "pyproject.toml",
        f'[project]\nname = "legacy"\n[tool.uv.workspace]\nmembers = ["{folder}/*"]\n',
    )
    write(tmp_path / folder / "thing/pyproject.toml", f'[project]\nname = "thing"\n{pyproject}\n')
    if dockerfile:
        write(tmp_path / folder / "thing/Dockerfile", "FROM python:3.11-slim\n")

    assert [m.role for m in load_workspace(tmp_path).members] == [kind]


def test_find_root_is_none_outside_a_workspace(tmp_path: Path) -> None:
    assert find_root(tmp_path) is None


@pytest.mark.parametrize(
    ("member_pyproject", "message"),
    [
        (None, "has no pyproject.toml"),
        ("[project\n", "is not valid TOML"),
        ("[tool.shipyard]\nkind = 'service'\n", "has no [project] name"),
        ("[project]\nname = 'x'\n[tool.shipyard]\nkind = 'daemon'\n", "expected one of"),
        ("[project]\nname = 'x'\ndependencies = ['not a requirement!']\n", "invalid dependency"),
    ],
)
def test_broken_members_are_one_sentence_errors(
    tmp_path: Path, member_pyproject: str | None, message: str
) -> None:
    write(tmp_path / "pyproject.toml", '[tool.uv.workspace]\nmembers = ["services/*"]\n')
    (tmp_path / "services/x").mkdir(parents=True)
    if member_pyproject is not None:
        write(tmp_path / "services/x/pyproject.toml", member_pyproject)

    with pytest.raises(ShipyardError, match=re.escape(message)):
        load_workspace(tmp_path)


def test_dependencies_declared_outside_the_pyproject_are_read(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.uv.workspace]\nmembers = ['svc/*']\n")
    write(tmp_path / "svc/api/pyproject.toml", "[project]\nname = 'api'\n")
    write(tmp_path / "svc/api/requirements.txt", "-r requirements/base.txt\nflask==3.0\n")
    write(tmp_path / "svc/api/requirements/base.txt", "SQLAlchemy>=2  # the ORM\n")
    write(tmp_path / "svc/api/requirements-dev.txt", "pytest\n")
    write(tmp_path / "svc/jobs/pyproject.toml", "[project]\nname = 'jobs'\n")
    write(
        tmp_path / "svc/jobs/setup.py",
        "from setuptools import setup\nsetup(name='jobs', install_requires=['dramatiq>=1'])\n",
    )

    api, jobs = load_workspace(tmp_path).members

    assert api.dependencies == ("flask", "sqlalchemy")
    assert api.development == ("pytest",)
    assert api.sources == (
        "svc/api/requirements-dev.txt",
        "svc/api/requirements.txt",
        "svc/api/requirements/base.txt",
    )
    assert (api.role, api.runtime) == (Role.SERVICE, Runtime.FLASK)
    assert jobs.dependencies == ("dramatiq",)
    assert (jobs.role, jobs.runtime) == (Role.WORKER, Runtime.DRAMATIQ)


def test_the_root_itself_can_be_the_only_member(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        "[project]\nname = 'solo'\ndependencies = ['fastapi']\n"
        "[tool.uv.workspace]\nmembers = ['.']\n",
    )
    (member,) = load_workspace(tmp_path).members
    assert (member.name, member.path, member.role) == ("solo", Path("."), Role.SERVICE)


def test_an_empty_member_list_and_a_symlinked_folder_load(tmp_path: Path) -> None:
    write(tmp_path / "a/pyproject.toml", "[tool.uv.workspace]\nmembers = []\n")
    assert load_workspace(tmp_path / "a").members == ()
    write(tmp_path / "real/x/pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path / "b/pyproject.toml", "[tool.uv.workspace]\nmembers = ['services/*']\n")
    (tmp_path / "b/services").symlink_to(tmp_path / "real")
    (member,) = load_workspace(tmp_path / "b").members
    assert member.path == Path("services/x")


def test_checks_cached_model_follows_a_new_requirements_file(tmp_path: Path) -> None:
    from shipyard.rules.workspace_cache import load_workspace_cached

    write(tmp_path / "pyproject.toml", "[tool.uv.workspace]\nmembers = ['svc/*']\n")
    write(tmp_path / "svc/api/pyproject.toml", "[project]\nname = 'api'\n")
    assert load_workspace_cached(tmp_path).members[0].dependencies == ()
    write(tmp_path / "svc/api/requirements.txt", "flask\n")
    assert load_workspace_cached(tmp_path).members[0].dependencies == ("flask",)
    write(tmp_path / "svc/api/requirements.txt", "flask\nredis\n")
    assert load_workspace_cached(tmp_path).members[0].dependencies == ("flask", "redis")
