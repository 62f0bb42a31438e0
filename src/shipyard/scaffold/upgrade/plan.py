"""The plan of `shipyard upgrade`: for each unit, shipyard's render at the version it records
(base) and at the current version (theirs), merged three ways into the files on disk (ours);
then the shared files. Pure: nothing is written here (see `cli/upgrade.py`)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shipyard.changes.files import FilePlan, PlannedFile, read_if_present
from shipyard.scaffold.template_record import PYPROJECT, write_record
from shipyard.scaffold.upgrade.shared import shared_files, with_dev_requirements
from shipyard.scaffold.upgrade.sides import Files, at_version, pyproject_of, sides
from shipyard.scaffold.upgrade.text_merge import merge_file
from shipyard.scaffold.upgrade.toml_merge import merge_toml
from shipyard.scaffold.upgrade.units import Unit, select_units
from shipyard.scaffold.upgrade.versions import TemplateHistory
from shipyard.workspace import Workspace

LOCK = Path("uv.lock")
# What in a pyproject `uv lock` reads: a change there makes the lock stale.
LOCKED_KEYS = (("project",), ("dependency-groups",), ("tool", "uv"))


@dataclass(frozen=True)
class UpgradePlan:
    files: FilePlan
    units: tuple[Unit, ...]
    """Upgraded, each from the version its record gives."""
    target: int
    conflicts: tuple[Path, ...]
    """Files that need the user: conflict markers, or a file the template dropped that the
    user edited."""
    notes: tuple[str, ...]
    relock: bool
    """Dependencies changed: uv.lock must be locked again."""


def plan_upgrade(
    workspace: Workspace,
    names: list[str],
    *,
    every: bool,
    from_version: int | None,
    history: TemplateHistory,
) -> UpgradePlan:
    selection = select_units(
        workspace, names, every=every, from_version=from_version, current=history.current
    )
    units = selection.units
    merge = _Merge(workspace.root, history.current, list(selection.notes))
    for unit, base, theirs in zip(units, *sides(workspace, units, history), strict=True):
        merge.unit(unit, base, theirs)
    root = merge.planned.get(PYPROJECT)
    text = root.content if root else read_if_present(workspace.root / PYPROJECT) or ""
    merge.write(PYPROJECT, with_dev_requirements(text, units))
    for shared in shared_files(workspace, units, history) if units else ():
        merge.write(shared.path, shared.content)
    return UpgradePlan(
        files=FilePlan(
            workspace.root, tuple(merge.planned.values()), (LOCK,), tuple(merge.deleted)
        ),
        units=units,
        target=history.current,
        conflicts=tuple(merge.conflicts),
        notes=tuple(merge.notes),
        relock=merge.relock(),
    )


@dataclass
class _Merge:
    root: Path
    target: int
    notes: list[str]
    planned: dict[Path, PlannedFile] = field(default_factory=dict)
    deleted: list[Path] = field(default_factory=list)
    conflicts: list[Path] = field(default_factory=list)

    def unit(self, unit: Unit, base: Files, theirs: Files) -> None:
        for path in sorted(base.keys() | theirs.keys()):
            ours = read_if_present(self.root / path)
            if path == pyproject_of(unit):
                merged = self.pyproject(unit, base.get(path), ours, theirs[path])
            else:
                label = f"template version {self.target}"
                result = merge_file(base.get(path), ours, theirs.get(path), label)
                if result.conflict:
                    self.conflicts.append(path)
                if result.note:
                    self.notes.append(f"{path}: {result.note}")
                merged = result.content
            if merged is None and ours is not None:
                self.deleted.append(path)
            elif merged is not None:
                self.write(path, merged)

    def pyproject(self, unit: Unit, base: str | None, ours: str | None, theirs: str) -> str | None:
        path = pyproject_of(unit)
        if ours is None:
            self.notes.append(f"{path}: not there; left out")
            return None
        merged, notes = merge_toml(ours, base or "", theirs, path)
        self.notes += [f"{path}: {note}" for note in notes]
        # The record says the new version even where the user had edited it.
        return write_record(merged, at_version(unit.record, self.target))

    def write(self, path: Path, content: str) -> None:
        if content != read_if_present(self.root / path):
            self.planned[path] = PlannedFile(path, content, managed=True)

    def relock(self) -> bool:
        return any(
            _locked(read_if_present(self.root / path) or "") != _locked(planned.content)
            for path, planned in self.planned.items()
            if path.name == PYPROJECT.name
        )


def _locked(text: str) -> list[Any]:
    try:
        data: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    found = []
    for keys in LOCKED_KEYS:
        value = data
        for key in keys:
            value = value.get(key, {}) if isinstance(value, dict) else {}
        found.append(value)
    return found
