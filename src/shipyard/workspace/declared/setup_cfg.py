"""setup.cfg: `[options] install_requires`, `tests_require` and `[options.extras_require]`."""

from __future__ import annotations

import configparser
from pathlib import Path

from shipyard.workspace.declared.locate import Lines
from shipyard.workspace.declared.model import MAIN, Reading
from shipyard.workspace.declared.pep508 import InvalidRequirementError, parse_requirement
from shipyard.workspace.declared.requirements import RequirementsReader
from shipyard.workspace.declared.setup_keys import extra_group, with_marker

SECTION = "options"
EXTRAS_SECTION = "options.extras_require"


def read_setup_cfg(directory: Path) -> Reading:
    reading = Reading(directory)
    path = directory / "setup.cfg"
    if not path.is_file():
        return reading
    text = reading.read(path)
    if text is None:
        return reading
    # setuptools reads setup.cfg with a RawConfigParser too: no `%(...)` interpolation.
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        reason = str(exc).splitlines()[0]
        reading.problem(path, None, f"is not a valid setup.cfg ({reason}).")
        return reading
    lines = Lines(text)
    fields = [("install_requires", MAIN), ("tests_require", "test")]
    for key, group in fields:
        value = parser.get(SECTION, key, fallback=None)
        if value is not None:
            _read_value(reading, path, lines, SECTION, key, value, group, None)
    if parser.has_section(EXTRAS_SECTION):
        for key, value in parser.items(EXTRAS_SECTION):
            group, marker = extra_group(key)
            _read_value(reading, path, lines, EXTRAS_SECTION, key, value, group, marker)
    return reading


def _read_value(
    reading: Reading,
    path: Path,
    lines: Lines,
    section: str,
    key: str,
    value: str,
    group: str,
    marker: str | None,
) -> None:
    value = value.strip()
    if value.startswith("file:"):
        # setuptools' `file:` directive: comma-separated paths relative to setup.cfg.
        for name in value[len("file:") :].split(","):
            target = path.parent / name.strip()
            if not target.is_file():
                line = lines.line_of(section, key)
                reading.problem(path, line, f"{key} names {name.strip()}, which does not exist.")
                continue
            RequirementsReader(reading).read(target, group)
        return
    for entry in _entries(value):
        line = lines.line_of(section, key, entry)
        text = entry if marker is None else with_marker(entry, marker)
        try:
            requirement = parse_requirement(text, group=group, source=reading.where(path, line))
        except InvalidRequirementError as exc:
            reading.problem(path, line, f"{exc}.")
            continue
        reading.requirements.append(requirement)


def _entries(value: str) -> list[str]:
    """One requirement a line. setuptools splits a one-line value at `;` (older ones at `,`):
    the first split whose every part is a requirement is taken."""
    lines = [line.strip() for line in value.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    if len(lines) != 1:
        return lines
    for separator in (None, ";", ","):
        parts = [p.strip() for p in lines[0].split(separator)] if separator else lines
        if all(_is_requirement(p) for p in parts if p):
            return [p for p in parts if p]
    return lines


def _is_requirement(text: str) -> bool:
    try:
        parse_requirement(text, group=MAIN, source="")
    except InvalidRequirementError:
        return False
    return True
