"""The two sides an upgrade merges into the user's files: each unit's files as shipyard wrote
them at its recorded version (base) and as it would write them now (theirs)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from shipyard.changes.files import PlannedFile
from shipyard.scaffold.add_tasks import TASK_DEPENDENCIES
from shipyard.scaffold.python_format import format_python
from shipyard.scaffold.template_record import PYPROJECT, TemplateRecord, write_record
from shipyard.scaffold.upgrade.units import Unit
from shipyard.scaffold.upgrade.versions import TemplateHistory
from shipyard.workspace import Workspace
from shipyard.workspace.pyproject_edit import add_dependencies

Files = dict[Path, str]
VersionOf = Callable[[Unit], int]


def render_units(
    workspace: Workspace, units: tuple[Unit, ...], history: TemplateHistory, version_of: VersionOf
) -> list[Files]:
    """Each unit's files at the version `version_of` gives it, as `add` wrote them."""
    return formatted(workspace, rendered(workspace, units, history, version_of))


def sides(
    workspace: Workspace, units: tuple[Unit, ...], history: TemplateHistory
) -> tuple[list[Files], list[Files]]:
    """(base, theirs) per unit, without the files both versions render alike: those stay as
    the user has them, with no need to format or merge them."""
    base = rendered(workspace, units, history, lambda unit: unit.record.version)
    theirs = rendered(workspace, units, history, lambda unit: history.current)
    for old, new in zip(base, theirs, strict=True):
        for path in [p for p in old if p in new and old[p] == new[p]]:
            del old[path], new[path]
    return formatted(workspace, base), formatted(workspace, theirs)


def rendered(
    workspace: Workspace, units: tuple[Unit, ...], history: TemplateHistory, version_of: VersionOf
) -> list[Files]:
    """The templates' output, with what `add` puts in the pyproject besides: the record (in
    the base only where the unit had one) and a tasks package's dependencies."""
    files = []
    for unit in units:
        number = version_of(unit)
        unit_files = history.version(number).unit_files(workspace, unit)
        pyproject = pyproject_of(unit)
        text = unit_files[pyproject]
        if unit.recorded or number != unit.record.version:
            text = write_record(text, at_version(unit.record, number))
        if unit.record.name == "lib" and unit.record.option("tasks") is not None:
            text = add_dependencies(text, TASK_DEPENDENCIES)
        files.append(unit_files | {pyproject: text})
    return files


def formatted(workspace: Workspace, rendered: list[Files]) -> list[Files]:
    """Python formatted as `add` formats it, in one ruff run for every unit."""
    everything = [PlannedFile(p, c) for files in rendered for p, c in files.items()]
    done = {f.path: f.content for f in format_python(everything, workspace)}
    return [{p: done[p] for p in files} for files in rendered]


def pyproject_of(unit: Unit) -> Path:
    return (unit.member.path if unit.member else Path()) / PYPROJECT


def at_version(record: TemplateRecord, version: int) -> TemplateRecord:
    return TemplateRecord(record.name, version, record.options)
