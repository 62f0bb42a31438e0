"""A setup.py's or setup.cfg's `entry_points`, for `[project.scripts]` and
`[project.entry-points]`: read as literals (setup.py is parsed, never run)."""

from __future__ import annotations

import ast
import configparser
from pathlib import Path

EntryPoints = dict[str, dict[str, str]]
"""Group (`console_scripts`) -> name -> target (`inventory.cli:main`)."""


def read_entry_points(folder: Path) -> EntryPoints:
    found = _from_setup_cfg(folder / "setup.cfg")
    for group, points in _from_setup_py(folder / "setup.py").items():
        found.setdefault(group, {}).update(points)
    return found


def _from_setup_py(path: Path) -> EntryPoints:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) == "setup":
            for keyword in node.keywords:
                if keyword.arg == "entry_points":
                    try:
                        return _groups(ast.literal_eval(keyword.value))
                    except ValueError:
                        return {}  # computed: reported by nobody, as other dynamic setup() values
    return {}


def _from_setup_cfg(path: Path) -> EntryPoints:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, configparser.Error):
        return {}
    if not parser.has_section("options.entry_points"):
        return {}
    return _groups(dict(parser.items("options.entry_points")))


def _groups(value: object) -> EntryPoints:
    """`{"console_scripts": ["a = m:f", ...]}` or its INI string forms."""
    if isinstance(value, str):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(value)
        except configparser.Error:
            return {}
        value = {s: [f"{k} = {v}" for k, v in parser.items(s)] for s in parser.sections()}
    if not isinstance(value, dict):
        return {}
    groups: EntryPoints = {}
    for group, lines in value.items():
        if isinstance(lines, str):
            lines = lines.splitlines()
        if not isinstance(group, str) or not isinstance(lines, list | tuple):
            continue
        for line in lines:
            name, equals, target = str(line).partition("=")
            if equals and name.strip() and target.strip():
                groups.setdefault(group, {})[name.strip()] = target.strip()
    return groups


def _called(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None
