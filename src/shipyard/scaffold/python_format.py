"""Generated Python goes through ruff (import sorting, then formatting): line breaks then fit
any member name, short or long, exactly as the workspace's own `make lint` wants them."""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from shipyard.changes.files import PlannedFile
from shipyard.errors import ShipyardError
from shipyard.workspace import Workspace

RUFF_CONFIG = """\
line-length = {line_length}
target-version = "py311"
src = ["services/*/src", "libs/*/src"]
[lint]
select = ["I"]
[lint.isort]
known-first-party = {first_party}
"""


def format_python(files: list[PlannedFile], workspace: Workspace) -> list[PlannedFile]:
    """`files` with every Python file formatted to the workspace's ruff line length."""
    python = [f for f in files if f.path.suffix == ".py"]
    if not python:
        return files
    with tempfile.TemporaryDirectory(prefix="shipyard-format-") as tmp:
        root = Path(tmp)
        # Members are first-party even where the module imported is not written yet (an
        # example's service imports the lib code the example adds after it).
        # So is the member being added, whose own modules may also come later (a generated
        # client of another service).
        packages = {m.import_name for m in workspace.members} | _src_packages(python)
        first_party = json.dumps(sorted(packages))
        config = RUFF_CONFIG.format(line_length=workspace.line_length, first_party=first_party)
        (root / "ruff.toml").write_text(config)
        # Empty copies of the members' modules and test packages, so that imports of them sort
        # as first-party, as they will in the workspace (ruff looks for the imported module's
        # file, and for the package a file belongs to).
        for member in workspace.members:
            for module in (workspace.root / member.path).rglob("*.py"):
                stub = root / module.relative_to(workspace.root)
                stub.parent.mkdir(parents=True, exist_ok=True)
                stub.touch()
        for planned in python:
            target = root / planned.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(planned.content, encoding="utf-8")
        for step in (["check", "--fix-only", "--exit-zero"], ["format"]):
            _ruff(root, *step)
        formatted = {f.path: (root / f.path).read_text(encoding="utf-8") for f in python}
    return [replace(f, content=formatted[f.path]) if f.path in formatted else f for f in files]


def _src_packages(files: list[PlannedFile]) -> set[str]:
    """The packages under a `src/` folder that `files` write into."""
    found = set()
    for planned in files:
        parts = planned.path.parts
        if "src" in parts[:-2]:
            found.add(parts[parts.index("src") + 1])
    return found


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
