"""pyproject.toml's standard declarations: PEP 621 `[project]`, PEP 735 `[dependency-groups]`,
uv's older `[tool.uv] dev-dependencies`, PDM's `[tool.pdm.dev-dependencies]`, and the files
named by dynamic dependencies (`[tool.setuptools.dynamic]`, hatch-requirements-txt)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shipyard.workspace.declared.locate import Lines
from shipyard.workspace.declared.model import MAIN, Reading
from shipyard.workspace.declared.pep508 import InvalidRequirementError, parse_requirement
from shipyard.workspace.declared.requirements import RequirementsReader
from shipyard.workspace.declared.toml import table
from shipyard.workspace.model import canonical_name


def read_pep621(reading: Reading, path: Path, data: dict[str, Any], text: str) -> None:
    lines = Lines(text)
    project = table(data, "project")
    dynamic = project.get("dynamic", [])
    if "dependencies" in project:
        _strings(reading, path, lines, "project", "dependencies", project["dependencies"], MAIN)
    elif "dependencies" in dynamic:
        _dynamic_files(reading, path, lines, data, "dependencies", MAIN)
    optional = project.get("optional-dependencies", {})
    if "optional-dependencies" in project and isinstance(optional, dict):
        for extra, values in optional.items():
            group = f"extra:{canonical_name(extra)}"
            where = "project.optional-dependencies"
            _strings(reading, path, lines, where, extra, values, group)
    elif "optional-dependencies" in dynamic:
        _dynamic_extras(reading, path, lines, data)
    _dependency_groups(reading, path, lines, table(data, "dependency-groups"))
    legacy = table(data, "tool.uv").get("dev-dependencies")
    if legacy is not None:
        _strings(reading, path, lines, "tool.uv", "dev-dependencies", legacy, "dev")
    for group, values in table(data, "tool.pdm.dev-dependencies").items():
        where = "tool.pdm.dev-dependencies"
        _strings(reading, path, lines, where, group, values, canonical_name(group))


def _strings(
    reading: Reading, path: Path, lines: Lines, where: str, key: str, values: object, group: str
) -> None:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        line = lines.line_of(where, key)
        reading.problem(path, line, f"[{where}] {key} is not a list of strings; not read.")
        return
    for value in values:
        line = lines.line_of(where, key, value)
        if value.startswith("-e "):
            # PDM's editable entries: `-e ./libs/common`, `-e file:///${PROJECT_ROOT}/x#egg=x`.
            found = RequirementsReader(reading).location(value[3:].strip(), path, line, group)
            reading.requirements += [found] if found is not None else []
            continue
        try:
            requirement = parse_requirement(value, group=group, source=reading.where(path, line))
        except InvalidRequirementError as exc:
            reading.problem(path, line, f"{exc}.")
            continue
        reading.requirements.append(requirement)


def _dependency_groups(reading: Reading, path: Path, lines: Lines, groups: dict[str, Any]) -> None:
    """PEP 735 groups, `{include-group = "x"}` expanded (the included requirements keep the
    line where they are written)."""
    by_name = {canonical_name(name): (name, values) for name, values in groups.items()}

    def expand(name: str, trail: tuple[str, ...]) -> list[tuple[str, int | None]]:
        written, values = by_name[name]
        if not isinstance(values, list):
            line = lines.line_of("dependency-groups", written)
            reading.problem(path, line, f"dependency group {written} is not a list; not read.")
            return []
        found: list[tuple[str, int | None]] = []
        for value in values:
            if isinstance(value, str):
                found.append((value, lines.line_of("dependency-groups", written, value)))
                continue
            include = value.get("include-group") if isinstance(value, dict) else None
            line = lines.line_of("dependency-groups", written, "include-group")
            if not isinstance(include, str):
                reading.problem(
                    path,
                    line,
                    f"dependency group {written} has an entry that is "
                    "neither a requirement nor {include-group = ...}; not read.",
                )
            elif canonical_name(include) not in by_name:
                reading.problem(
                    path,
                    line,
                    f"dependency group {written} includes {include}, which is not defined.",
                )
            elif canonical_name(include) in (*trail, name):
                cycle = " -> ".join((*trail, name, canonical_name(include)))
                reading.problem(
                    path,
                    line,
                    f"dependency groups include each other in a cycle ({cycle}); not followed.",
                )
            else:
                found += expand(canonical_name(include), (*trail, name))
        return found

    invalid: set[tuple[str, int | None]] = set()  # told once, however often it is included
    for name in by_name:
        for value, line in expand(name, ()):
            try:
                requirement = parse_requirement(value, group=name, source=reading.where(path, line))
            except InvalidRequirementError as exc:
                if (value, line) not in invalid:
                    invalid.add((value, line))
                    reading.problem(path, line, f"{exc}.")
                continue
            reading.requirements.append(requirement)


def _dynamic_files(
    reading: Reading, path: Path, lines: Lines, data: dict[str, Any], key: str, group: str
) -> None:
    """Dynamic `dependencies` read from files: `[tool.setuptools.dynamic] dependencies =
    {file = [...]}` or hatch-requirements-txt's `files = [...]`."""
    setuptools = table(data, "tool.setuptools.dynamic").get(key)
    if isinstance(setuptools, dict) and "file" in setuptools:
        _read_files(reading, path, lines, "tool.setuptools.dynamic", key, setuptools["file"], group)
    hatch = table(data, "tool.hatch.metadata.hooks.requirements_txt")
    if "files" in hatch:
        where = "tool.hatch.metadata.hooks.requirements_txt"
        _read_files(reading, path, lines, where, "files", hatch["files"], group)


def _dynamic_extras(reading: Reading, path: Path, lines: Lines, data: dict[str, Any]) -> None:
    setuptools = table(data, "tool.setuptools.dynamic").get("optional-dependencies")
    where = "tool.setuptools.dynamic.optional-dependencies"
    for extra, spec in (setuptools if isinstance(setuptools, dict) else {}).items():
        if isinstance(spec, dict) and "file" in spec:
            group = f"extra:{canonical_name(extra)}"
            _read_files(reading, path, lines, where, extra, spec["file"], group)
    hatch = table(data, "tool.hatch.metadata.hooks.requirements_txt.optional-dependencies")
    for extra, files in hatch.items():
        where = "tool.hatch.metadata.hooks.requirements_txt.optional-dependencies"
        _read_files(reading, path, lines, where, extra, files, f"extra:{canonical_name(extra)}")


def _read_files(
    reading: Reading, path: Path, lines: Lines, where: str, key: str, files: object, group: str
) -> None:
    names = [files] if isinstance(files, str) else files
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        reading.problem(path, lines.line_of(where, key), f"[{where}] {key} is not a file list.")
        return
    for name in names:
        target = path.parent / name
        if not target.is_file():
            line = lines.line_of(where, key, name)
            reading.problem(path, line, f"[{where}] {key} names {name}, which does not exist.")
            continue
        RequirementsReader(reading).read(target, group)
