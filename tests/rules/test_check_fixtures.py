"""Each rule family against its fixture workspace: exactly the marked findings, no others."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.rules.conftest import expectations, located, run

CASES = [
    ("imports", ("SY1",)),
    ("syspath", ("SY103",)),
    ("routes", ("SY201", "SY202")),
    ("layout", ("SY203",)),
    ("dockerfile", ("SY3",)),
    ("secrets", ("SY403",)),
    ("lock", ("SY204",)),
    pytest.param(
        "export",
        ("SY205",),
        marks=pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not on PATH"),
        id="export",
    ),
    # The workspace root is its only member (`members = ["."]`): a single app.
    ("rootmember", ("SY1", "SY2", "SY3")),
    pytest.param(
        "syntax",
        ("SY001",),
        marks=pytest.mark.skipif(
            sys.version_info >= (3, 12), reason="the fixture's newer syntax is 3.12's"
        ),
        id="syntax",
    ),
]

IDS = [c[0] if isinstance(c, tuple) else c.id for c in CASES]


@pytest.mark.parametrize(("name", "select"), CASES, ids=IDS)
def test_fixture_findings_are_exactly_the_marked_ones(
    fixture_copy: Callable[[str], Path], name: str, select: tuple[str, ...]
) -> None:
    root = fixture_copy(name)
    assert located(run(root, *select)) == expectations(root)


@pytest.mark.parametrize(("name", "select"), CASES, ids=IDS)
def test_warm_run_reports_the_same_as_cold(
    fixture_copy: Callable[[str], Path], name: str, select: tuple[str, ...]
) -> None:
    root = fixture_copy(name)
    cold = run(root, *select)
    assert (root / ".shipyard" / "cache").is_dir()
    assert run(root, *select) == cold
