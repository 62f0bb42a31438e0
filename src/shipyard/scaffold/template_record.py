"""What generated a member: `[tool.shipyard.template]` in its pyproject names the template, the
template version and the options `add` took, so `shipyard upgrade` can render the same member
again at that version and at a newer one. The workspace's root pyproject has one too (`new`).

    [tool.shipyard.template]
    name = "service"
    version = 1
    lib = "common"
    calls = ["catalog"]
    port = 8002
    framework = "fastapi"
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table

from shipyard.changes.files import PlannedFile
from shipyard.errors import ShipyardError
from shipyard.scaffold.template_versions import current_version

PYPROJECT = Path("pyproject.toml")
KEY = "[tool.shipyard.template]"
TEMPLATES = ("workspace", "service", "worker", "lib")
# Each option and the type it must have; `tasks`: the lib's tasks package and its tasks.
OPTIONS: dict[str, type] = {
    "lib": str,
    "calls": list,
    "port": int,
    "framework": str,
    "tasks": list,
}
COMMENT = "What generated this folder: read by `shipyard upgrade` (see its --help)."


@dataclass(frozen=True)
class TemplateRecord:
    name: str
    version: int
    options: Mapping[str, Any] = field(default_factory=dict)

    def option(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)


def read_record(data: Mapping[str, Any], pyproject: Path) -> TemplateRecord | None:
    """The record in a parsed pyproject, or None; a malformed one is one sentence."""
    tool = data.get("tool")
    shipyard = tool.get("shipyard") if isinstance(tool, dict) else None
    table = shipyard.get("template") if isinstance(shipyard, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ShipyardError(f"{pyproject}: {KEY} must be a table.")
    name, version = table.get("name"), table.get("version")
    if name not in TEMPLATES:
        raise ShipyardError(
            f"{pyproject}: {KEY} name = {name!r}; expected one of {', '.join(TEMPLATES)}."
        )
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ShipyardError(
            f"{pyproject}: {KEY} version must be a whole number from 1, not {version!r}."
        )
    options = {k: v for k, v in table.items() if k not in ("name", "version")}
    for key, value in options.items():
        expected = OPTIONS.get(key)
        wrong = expected is None or not isinstance(value, expected) or isinstance(value, bool)
        if not wrong and isinstance(value, list):
            wrong = not all(isinstance(item, str) for item in value)
        if wrong:
            raise ShipyardError(f"{pyproject}: {KEY} has an unexpected {key} = {value!r}.")
    return TemplateRecord(name, version, options)


def write_record(text: str, record: TemplateRecord) -> str:
    """The pyproject `text` with `record` as its `[tool.shipyard.template]` (replacing one)."""
    document = tomlkit.parse(text)
    shipyard = document.setdefault("tool", tomlkit.table(True)).setdefault(
        "shipyard", tomlkit.table()
    )
    wanted = {"name": record.name, "version": record.version, **record.options}
    table = shipyard.get("template")
    if isinstance(table, Table):
        for key in [k for k in table if k not in wanted]:
            del table[key]
        for key, value in wanted.items():
            if key not in table or table[key] != value:
                table[key] = value
        return tomlkit.dumps(document)
    table = tomlkit.table()
    table.add(tomlkit.comment(COMMENT))
    for key, value in wanted.items():
        table[key] = value
    table.add(tomlkit.nl())  # a blank line before the table that follows, if any
    shipyard["template"] = table
    written = tomlkit.dumps(document)
    return written.rstrip("\n") + "\n" if not text.endswith("\n\n") else written


def record_template(
    files: list[PlannedFile], root: Path, folder: Path, template: str, **options: Any
) -> list[PlannedFile]:
    """`files` with `folder`'s pyproject recording that `template`, at the current version,
    made it with `options` (those that are None left out). For `add` and `new`."""
    record = TemplateRecord(
        template, current_version(), {k: v for k, v in options.items() if v is not None}
    )
    return _edit(files, root, folder / PYPROJECT, lambda text: write_record(text, record))


def record_tasks(
    files: list[PlannedFile], root: Path, lib: Path, task: str | None = None
) -> list[PlannedFile]:
    """`files` with the lib's record listing its tasks package and `task`. A lib without a
    record (made before records, or not by shipyard) stays without one."""

    def edit(text: str) -> str:
        record = read_record(tomlkit.parse(text).unwrap(), root / lib / PYPROJECT)
        if record is None:
            return text
        tasks = list(record.option("tasks", []))
        if task is not None and task not in tasks:
            tasks.append(task)
        options = {**record.options, "tasks": tasks}
        return write_record(text, TemplateRecord(record.name, record.version, options))

    return _edit(files, root, lib / PYPROJECT, edit)


def _edit(
    files: list[PlannedFile], root: Path, path: Path, edit: Callable[[str], str]
) -> list[PlannedFile]:
    """The planned pyproject at `path` edited; read from disk when the plan has none."""
    for index, planned in enumerate(files):
        if planned.path == path:
            edited = PlannedFile(path, edit(planned.content), planned.managed)
            return [*files[:index], edited, *files[index + 1 :]]
    text = (root / path).read_text(encoding="utf-8")
    changed = edit(text)
    return files if changed == text else [*files, PlannedFile(path, changed, managed=True)]
