"""`shipyard adopt` end to end on each legacy repository: its tests run before (from its old
dependency files) and after (in the workspace, locked with the old pins), `make test-all`
passes, `shipyard check` reports only what adopt leaves for a person (docs/adopt.md explains
each), and a signal while `uv lock` runs leaves the repository as it was."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.adopt.conftest import LEGACY, legacy, state  # noqa: F401 (the fixture)
from tests.conftest import run_shipyard
from tests.e2e.conftest import MEASURED, make

pytestmark = pytest.mark.e2e

# What adopt fixes and must never leave: syntax, configuration, sys.path hacks it could
# resolve, a stale lock, root or single-stage images, shell-form commands.
NEVER_LEFT = {"SY001", "SY002", "SY103", "SY204", "SY301", "SY302", "SY306", "SY307"}
# What adopt leaves, each explained in docs/adopt.md: routes outside api.py (SY201, SY202)
# and a pinned but never imported distribution (SY105) are the code's own; shared code
# has no tests of its own (SY203).
EXPLAINED = {
    "flask_trio": {"SY201", "SY202", "SY105"},
    "piptools_common": {"SY203"},
    "fastapi_src_alembic": {"SY201", "SY202"},
    "setuppy_service": set(),
    "poetry_two_level": set(),
}


@pytest.mark.parametrize("name", LEGACY)
def test_adopt_verifies_and_checks(legacy: Callable[[str], Path], name: str) -> None:  # noqa: F811
    root = legacy(name)
    result = run_shipyard("adopt", "--verify", cwd=root)
    assert result.code == 0, f"{result.stdout}\n{result.stderr}"
    assert "Adoption verified" in result.stdout
    assert "did not run" not in result.stdout
    passed = [line for line in result.stdout.splitlines() if " passed, " in line]
    MEASURED[f"adopt {name}"] = "; ".join(" ".join(p.split()) for p in passed)
    make(root, "test-all")
    checked = run_shipyard("check", "--no-cache", "--format", "json", cwd=root)
    codes = {f["code"] for f in json.loads(checked.stdout)}
    assert not codes & NEVER_LEFT, checked.stdout
    assert codes <= EXPLAINED[name], checked.stdout


def test_a_signal_while_uv_lock_runs_puts_everything_back(
    legacy: Callable[[str], Path],  # noqa: F811
) -> None:
    root = legacy("flask_trio")
    before = state(root)
    process = subprocess.Popen(
        [sys.executable, "-m", "shipyard", "adopt"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    while not (line := process.stderr.readline()).startswith("adopt: uv lock"):
        assert line, "adopt ended before running uv lock"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert state(root) == before
