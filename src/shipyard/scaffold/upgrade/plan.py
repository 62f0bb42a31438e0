"""The plan of `shipyard upgrade`: for each unit, shipyard's render at the version it records
(base) and at the current version (theirs), merged three ways into the files on disk (ours);
then the shared files. Pure: nothing is written here (see `cli/upgrade.py`)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shipyard.changes.files import FilePlan, PlannedFile
from shipyard.errors import ShipyardError
from shipyard.scaffold.add_tasks import TASK_DEPENDENCIES
from shipyard.scaffold.python_format import format_python
from shipyard.scaffold.template_record import PYPROJECT, TemplateRecord, write_record
from shipyard.scaffold.upgrade.contexts import Unit
from shipyard.scaffold.upgrade.shared import shared_files, with_dev_requirements
from shipyard.scaffold.upgrade.text_merge import Merged, merge_file
from shipyard.scaffold.upgrade.toml_merge import merge_toml
from shipyard.scaffold.upgrade.units import select_units
from shipyard.scaffold.upgrade.versions import TemplateHistory
from shipyard.workspace import Workspace
from shipyard.workspace.pyproject_edit import add_dependencies

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
    base = _rendered(workspace, units, history, lambda unit: unit.record.version)
    theirs = _rendered(workspace, units, history, lambda unit: history.current)
    # A file both versions render alike stays as the user has it: no need to format or merge.
    for old, new in zip(base, theirs, strict=True):
        for path in [p for p in old if p in new and old[p] == new[p]]:
            del old[path], new[path]
    base, theirs = _formatted(workspace, base), _formatted(workspace, theirs)
    label = f"template version {history.current}"
    planned: dict[Path, PlannedFile] = {}
    deleted: list[Path] = []
    conflicts: list[Path] = []
    notes = list(selection.notes)
    for unit, old, new in zip(units, base, theirs, strict=True):
        for path in sorted(set(old) | set(new)):
            ours = _read(workspace.root / path)
            if path.name == PYPROJECT.name:
                merged, said = _pyproject(unit, history.current, old.get(path), ours, new[path])
                notes += [f"{path}: {n}" for n in said]
            else:
                result = merge_file(old.get(path), ours, new.get(path), label)
                merged = _outcome(result, path, conflicts, notes)
            if merged is None and ours is not None:
                deleted.append(path)
            elif merged is not None and merged != ours:
                planned[path] = PlannedFile(path, merged, managed=True)
    root = planned.get(PYPROJECT)
    text = root.content if root else (workspace.root / PYPROJECT).read_text(encoding="utf-8")
    if (needed := with_dev_requirements(text, units)) != text:
        planned[PYPROJECT] = PlannedFile(PYPROJECT, needed, managed=True)
    for shared in shared_files(workspace, units, history) if units else ():
        planned[shared.path] = shared
    relock = any(
        _locked(_read(workspace.root / p) or "") != _locked(f.content)
        for p, f in planned.items()
        if p.name == PYPROJECT.name
    )
    return UpgradePlan(
        files=FilePlan(workspace.root, tuple(planned.values()), (LOCK,), tuple(deleted)),
        units=units,
        target=history.current,
        conflicts=tuple(conflicts),
        notes=tuple(notes),
        relock=relock,
    )


def render_units(
    workspace: Workspace,
    units: tuple[Unit, ...],
    history: TemplateHistory,
    version_of: Callable[[Unit], int],
) -> list[dict[Path, str]]:
    """Each unit's files at the version `version_of` gives it, as `add` wrote them: with its
    record (the base has one only where the unit had one) and Python formatted."""
    return _formatted(workspace, _rendered(workspace, units, history, version_of))


def _rendered(
    workspace: Workspace,
    units: tuple[Unit, ...],
    history: TemplateHistory,
    version_of: Callable[[Unit], int],
) -> list[dict[Path, str]]:
    rendered: list[dict[Path, str]] = []
    for unit in units:
        number = version_of(unit)
        files = history.version(number).unit_files(workspace, unit)
        pyproject = _folder(unit) / PYPROJECT
        text = files[pyproject]
        if unit.recorded or number != unit.record.version:
            text = write_record(text, _at(unit.record, number))
        if unit.record.name == "lib" and unit.record.option("tasks") is not None:
            text = add_dependencies(text, TASK_DEPENDENCIES)
        rendered.append(files | {pyproject: text})
    return rendered


def _formatted(workspace: Workspace, rendered: list[dict[Path, str]]) -> list[dict[Path, str]]:
    """Python formatted as `add` formats it: one ruff run for every unit."""
    everything = [PlannedFile(p, c) for files in rendered for p, c in files.items()]
    formatted = {f.path: f.content for f in format_python(everything, workspace)}
    return [{p: formatted[p] for p in files} for files in rendered]


def _pyproject(
    unit: Unit, target: int, base: str | None, ours: str | None, theirs: str
) -> tuple[str | None, list[str]]:
    if ours is None:
        return None, ["not there; left out"]
    merged, notes = merge_toml(ours, base or "", theirs, _folder(unit) / PYPROJECT)
    # The record says the new version even where the user had edited it.
    return write_record(merged, _at(unit.record, target)), notes


def _outcome(result: Merged, path: Path, conflicts: list[Path], notes: list[str]) -> str | None:
    if result.conflict:
        conflicts.append(path)
    if result.note:
        notes.append(f"{path}: {result.note}")
    return result.content


def _at(record: TemplateRecord, version: int) -> TemplateRecord:
    return TemplateRecord(record.name, version, record.options)


def _folder(unit: Unit) -> Path:
    return unit.member.path if unit.member else Path()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ShipyardError(f"Cannot read {path} as text ({exc}); move it aside.") from None


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
