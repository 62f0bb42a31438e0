"""Python written into a Django project goes through ruff (import sorting, then formatting) with
the project's line length, the project's own packages sorted as first-party: the same layout
whatever an app or a model is called, as the project's own `ruff` wants it."""

from __future__ import annotations

import subprocess
import tempfile
import tomllib
from dataclasses import replace
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from shipyard.changes.files import PlannedFile
from shipyard.django.layout import SKIPPED, ProjectLayout
from shipyard.errors import ShipyardError

RUFF_DEFAULT_LINE_LENGTH = 88
RUFF_CONFIG = """\
line-length = {line_length}
target-version = "py311"
[lint]
select = ["I"]
[lint.isort]
known-first-party = {first_party}
"""


def format_python(files: list[PlannedFile], layout: ProjectLayout) -> list[PlannedFile]:
    """`files` with every Python file formatted the way the project's ruff would."""
    python = [f for f in files if f.path.suffix == ".py"]
    if not python:
        return files
    first_party = sorted(_top_level_packages(layout) | {_top(layout, f.path) for f in python})
    config = RUFF_CONFIG.format(
        line_length=line_length(layout), first_party=str([p for p in first_party if p])
    ).replace("'", '"')
    with tempfile.TemporaryDirectory(prefix="shipyard-format-") as tmp:
        root = Path(tmp)
        (root / "ruff.toml").write_text(config)
        for planned in python:
            target = root / planned.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(planned.content, encoding="utf-8")
        for step in (["check", "--fix-only", "--exit-zero"], ["format"]):
            _ruff(root, *step)
        formatted = {f.path: (root / f.path).read_text(encoding="utf-8") for f in python}
    return [replace(f, content=formatted[f.path]) if f.path in formatted else f for f in files]


def line_length(layout: ProjectLayout) -> int:
    """The project's ruff line length: from the nearest ruff.toml, .ruff.toml or pyproject
    `[tool.ruff]` at or above the folder of manage.py; ruff's default otherwise."""
    folder = layout.root / layout.base
    for directory in (folder, *folder.parents):
        for name, inside in (
            ("ruff.toml", ()),
            (".ruff.toml", ()),
            ("pyproject.toml", ("tool", "ruff")),
        ):
            found = _configured_length(directory / name, inside)
            if found is not None:
                return found
        if directory == layout.root:
            break
    return RUFF_DEFAULT_LINE_LENGTH


def _configured_length(path: Path, inside: tuple[str, ...]) -> int | None:
    if not path.is_file():
        return None
    try:
        table: object = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    for key in inside:
        table = table.get(key) if isinstance(table, dict) else None
    value = table.get("line-length") if isinstance(table, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


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


def _ruff(root: Path, *arguments: str) -> None:
    done = subprocess.run(
        [find_ruff_bin(), *arguments, "--no-cache", "--quiet", "--config", "ruff.toml", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ShipyardError(f"Generated code did not pass ruff: {done.stderr.strip()}")
