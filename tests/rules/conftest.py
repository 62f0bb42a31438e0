"""Helpers for the `shipyard check` tests: fixture workspaces and the expectations they carry.

A fixture file marks each finding it must produce with a comment: `# expect: SY101` on the
line itself, or `# expect-next: SY301` on the line before (for Dockerfiles). A finding seen in
several places is marked where it is reported, and `SY104+` marks each of its other places.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from shipyard.rules import CheckOptions, Finding, check
from shipyard.workspace import load_workspace

FIXTURES = Path(__file__).parents[1] / "fixtures" / "check"
EXPECT = re.compile(r"#\s*expect(-next)?:\s*([A-Z0-9+, ]+)")

Found = Counter[tuple[str, int, str]]


def expectations(root: Path) -> Found:
    expected: Found = Counter()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if any(p.startswith(".") or p == "__pycache__" for p in relative.split("/")[:-1]):
            continue  # caches of earlier runs (.shipyard/, .ruff_cache/), a .venv
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = EXPECT.search(line)
            if match:
                target = number + 1 if match.group(1) else number
                for code in match.group(2).replace(" ", "").split(","):
                    expected[(relative, target, code)] += 1
    return expected


def located(findings: list[Finding]) -> Found:
    found = Counter((f.path, f.line, f.code) for f in findings)
    found.update((path, line, f"{f.code}+") for f in findings for path, line, _ in f.others)
    return found


def no_git(root: Path) -> list[str] | None:
    return None


def run(root: Path, *select: str, **options: object) -> list[Finding]:
    """Check the workspace at `root`, with no git and only the selected codes."""
    settings = CheckOptions(select=select, tracked_files=no_git, **options)  # type: ignore[arg-type]
    return check(load_workspace(root), settings).findings


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Callable[[str], Path]:
    """A private copy of a fixture workspace: the cache writes under the workspace root."""

    def copy(name: str) -> Path:
        return Path(shutil.copytree(FIXTURES / name, tmp_path / name))

    return copy
