"""Python written into a Django project goes through ruff with the project's own configuration
(its line length, quote style, import sections) as if each file were already in place: imports
sorted, then formatted, so that the project's `ruff check` and `ruff format --check` accept it.

Each file is given to ruff on stdin under the path it will have; the project's packages and
the new ones are added to its known first-party modules, since a package not written yet
cannot be found on disk."""

from __future__ import annotations

import json
import subprocess
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from ruff.__main__ import find_ruff_bin

from shipyard.changes.files import PlannedFile
from shipyard.django.layout import SKIPPED, ProjectLayout
from shipyard.errors import ShipyardError

CONFIG_FILES = (("ruff.toml", ()), (".ruff.toml", ()), ("pyproject.toml", ("tool", "ruff")))


def format_python(files: list[PlannedFile], layout: ProjectLayout) -> list[PlannedFile]:
    """`files` with every Python file sorted and formatted the way the project's ruff wants."""
    python = [f for f in files if f.path.suffix == ".py"]
    if not python:
        return files
    first_party = _known_first_party(layout) | _top_level_packages(layout)
    first_party |= {_top(layout, f.path) for f in python} - {""}
    override = f"lint.isort.known-first-party = {json.dumps(sorted(first_party))}"
    formatted = {}
    for planned in python:
        where = str(layout.root / planned.path)
        text = _ruff(["check", "--fix-only", "--exit-zero", "--select", "I", "--config", override],
                     where, planned.content)  # fmt: skip
        formatted[planned.path] = _ruff(["format"], where, text)
    return [replace(f, content=formatted[f.path]) if f.path in formatted else f for f in files]


def _ruff_table(layout: ProjectLayout) -> dict[str, Any]:
    """The project's ruff settings: the nearest ruff.toml, .ruff.toml or pyproject
    `[tool.ruff]` at or above the folder of manage.py."""
    folder = layout.root / layout.base
    for directory in (folder, *folder.parents):
        for name, inside in CONFIG_FILES:
            table = _table(directory / name, inside)
            if table is not None:
                return table
    return {}


def _table(path: Path, inside: tuple[str, ...]) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        table: object = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    for key in inside:
        table = table.get(key) if isinstance(table, dict) else None
    return table if isinstance(table, dict) else None


def _known_first_party(layout: ProjectLayout) -> set[str]:
    table = _ruff_table(layout)
    for path in (("lint", "isort"), ("isort",)):
        found: object = table
        for key in path:
            found = found.get(key) if isinstance(found, dict) else None
        names = found.get("known-first-party") if isinstance(found, dict) else None
        if isinstance(names, list):
            return {n for n in names if isinstance(n, str)}
    return set()


def _top_level_packages(layout: ProjectLayout) -> set[str]:
    folder = layout.root / layout.base
    found = set()
    for entry in folder.iterdir():
        if entry.name in SKIPPED or entry.name.startswith("."):
            continue
        if entry.is_dir() and (entry / "__init__.py").is_file():
            found.add(entry.name)
        elif entry.suffix == ".py":
            found.add(entry.stem)
    return found


def _top(layout: ProjectLayout, path: Path) -> str:
    relative = path.relative_to(layout.base) if layout.base else path
    return relative.parts[0].removesuffix(".py") if relative.parts else ""


def _ruff(arguments: list[str], path: str, text: str) -> str:
    done = subprocess.run(
        [find_ruff_bin(), *arguments, "--no-cache", "--quiet", "--stdin-filename", path, "-"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ShipyardError(f"Generated code did not pass ruff: {done.stderr.strip()}")
    return done.stdout
