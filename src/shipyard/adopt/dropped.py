"""Nothing dropped silently: every distribution a member installed before (what its files
declared, and what they pinned: a pip-compiled requirements.txt, poetry.lock, Pipfile.lock,
uv.lock) must be in the workspace's lock. One only pinned before, and that the workspace's
resolution no longer needs, becomes a runtime dependency of that member (the code may import
it: a pip-compiled file installs every line it lists)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import tomlkit

from shipyard.adopt.dependencies import BACKPORTS
from shipyard.adopt.model import Note
from shipyard.adopt.plan import Plan
from shipyard.workspace.load import locked_distributions


def dropped(root: Path, plan: Plan) -> dict[str, dict[str, str]]:
    """Member -> name -> the version pinned before, for what the lock lacks."""
    locked = locked_distributions(root)
    if not locked:
        return {}
    members = {m.name for m in plan.analysis.members}
    missing: dict[str, dict[str, str]] = {}
    for member in plan.analysis.members:
        if member.declared is None:
            continue
        before = {
            name: specifier.removeprefix("==")
            for name, specifier in member.declared.constraints.items()
            if specifier.startswith("==")
        }
        before.update(plan.locked.get(member.name, {}))
        for name, version in sorted(before.items()):
            if name not in locked and name not in members and name not in BACKPORTS:
                missing.setdefault(member.name, {})[name] = version
    return missing


def add_dropped(root: Path, plan: Plan, missing: dict[str, dict[str, str]]) -> list[Note]:
    """Declare each missing distribution in its member's pyproject (`name>=version`)."""
    notes = []
    for member in plan.analysis.members:
        names = missing.get(member.name)
        if not names:
            continue
        path = root / member.new / "pyproject.toml"
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
        project = document["project"]
        assert isinstance(project, dict)
        dependencies = project["dependencies"]
        assert isinstance(dependencies, list)
        for name, version in names.items():
            dependencies.append(f"{name}>={version}")
            notes.append(
                Note(f"{member.new.as_posix()}/pyproject.toml", f"{name} was installed before "
                     f"(pinned to {version}) and nothing in the workspace needs it any more: "
                     "declared, in case the code imports it.")
            )  # fmt: skip
        _replace(path, tomlkit.dumps(document))
    return notes


def _replace(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
