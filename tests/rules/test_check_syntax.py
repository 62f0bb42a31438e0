"""SY001 and syntax newer than the running Python: what the project's requires-python admits is
no error, and the cached verdict follows a change of requires-python."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from shipyard.rules.newer_syntax import admits, newer_syntax
from tests.rules.conftest import run

Copy = Callable[[str], Path]
pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="the fixture's newer syntax is 3.12's"
)
GENERIC = "services/modern/src/modern/generic.py"


def set_requires(root: Path, member: str, value: str) -> None:
    pyproject = root / "services" / member / "pyproject.toml"
    text = pyproject.read_text()
    start = text.index('requires-python = "')
    end = text.index("\n", start)
    pyproject.write_text(text[:start] + f'requires-python = "{value}"' + text[end:])
    os.utime(pyproject, ns=(1, 1))  # a different mtime even on coarse clocks


def test_a_changed_requires_python_rechecks_the_file(fixture_copy: Copy) -> None:
    root = fixture_copy("syntax")
    assert GENERIC not in {f.path for f in run(root, "SY001")}
    set_requires(root, "modern", ">=3.11,<3.12")
    found = [f for f in run(root, "SY001") if f.path == GENERIC]
    assert [f.line for f in found] == [1]
    assert "needs Python 3.12 syntax" in found[0].message
    set_requires(root, "modern", ">=3.11")
    assert GENERIC not in {f.path for f in run(root, "SY001")}


def test_which_version_a_file_needs(fixture_copy: Copy) -> None:
    root = fixture_copy("syntax")
    paths = [GENERIC, "services/modern/src/modern/mixed.py", "services/broken/src/broken/typo.py"]
    assert newer_syntax(root, paths) == {GENERIC: (3, 12)}


def test_requires_python_admits() -> None:
    assert admits(">=3.11", (3, 12))
    assert admits(None, (3, 12))
    assert admits("~=3.12.0", (3, 12))
    assert admits(">=3.12.1", (3, 12))
    assert not admits(">=3.10,<3.12", (3, 12))
    assert not admits("==3.11.*", (3, 12))
