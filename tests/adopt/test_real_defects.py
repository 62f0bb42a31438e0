"""Defects `shipyard adopt` had on real repositories, each on the smallest repository that
showed it, built here file by file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from shipyard.adopt.git import tracked_files
from shipyard.adopt.plan import Plan, make_plan
from tests.adopt.conftest import git


def repository(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git(root, "init", "--quiet")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "legacy")
    return root


def plan_of(root: Path) -> Plan:
    return make_plan(root, tracked_files(root))


def content(plan: Plan, path: str) -> str:
    return next(f.content for f in plan.files if f.path == Path(path))


def test_the_workspace_is_not_named_like_the_root_application(tmp_path: Path) -> None:
    root = repository(tmp_path / "shop", {
        "requirements.txt": "django\n",
        "shop/__init__.py": "",
        "shop/settings.py": "DEBUG = False\n",
        "manage.py": "print('manage')\n",
    })  # fmt: skip
    plan = plan_of(root)
    assert [m.name for m in plan.analysis.members] == ["shop"]
    workspace = tomllib.loads(content(plan, "pyproject.toml"))
    assert workspace["project"]["name"] != "shop"
