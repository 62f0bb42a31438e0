"""The distribution name a local folder builds, read from its metadata without running it.

A requirements file's `-e ../lib` or `./lib` names a folder, not a distribution; what the folder
declares as its name is what the requirement means.
"""

from __future__ import annotations

import ast
import configparser
import tomllib
from pathlib import Path

from shipyard.workspace.model import canonical_name


def distribution_name(folder: Path) -> str | None:
    """`[project] name`, `[tool.poetry] name`, setup.cfg's `[metadata] name` or setup.py's literal
    `name=`; None when none of them says it."""
    name = _from_pyproject(folder / "pyproject.toml") or _from_setup_cfg(folder / "setup.cfg")
    name = name or _from_setup_py(folder / "setup.py")
    return canonical_name(name) if name else None


def _from_pyproject(path: Path) -> str | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    for table in (data.get("project"), data.get("tool", {}).get("poetry")):
        if isinstance(table, dict) and isinstance(table.get("name"), str):
            return str(table["name"])
    return None


def _from_setup_cfg(path: Path) -> str | None:
    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read_string(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, configparser.Error):
        return None
    return parser.get("metadata", "name", fallback=None)


def _from_setup_py(path: Path) -> str | None:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) == "setup":
            for keyword in node.keywords:
                value = keyword.value
                if (
                    keyword.arg == "name"
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                ):
                    return value.value
    return None


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None
