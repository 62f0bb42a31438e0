"""Applying the plan to a real git repository (without `uv lock`, which needs the index):
what the tree looks like after, what is refused, and that a failure or a signal at any moment
leaves the repository exactly as it was."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.adopt.conftest import FIXTURES, git, make_repository, state
from tests.conftest import run_shipyard

Legacy = Callable[[str], Path]
SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def test_adopt_moves_with_history_and_stages_everything(legacy: Legacy) -> None:
    root = legacy("flask_trio")
    result = run_shipyard("adopt", "--no-lock", cwd=root)
    assert result.code == 0, result.stderr
    assert "Adopted 3 members" in result.stdout
    status = git(root, "status", "--porcelain")
    assert all(line[1] == " " for line in status.splitlines()), status  # all staged
    renamed = git(root, "diff", "--cached", "-M", "--name-status")
    assert "R100\tusers/project/models.py\tservices/users/src/users/models.py" in renamed
    assert (root / "services/users/src/users/views.py").is_file()
    assert not (root / "users").exists()
    assert (root / "docs/adoption.md").read_text().startswith("# Adoption of flask-trio")
    again = run_shipyard("adopt", cwd=root)
    assert again.code == 0
    assert "nothing to do" in again.stdout


def test_commit_makes_one_commit(legacy: Legacy) -> None:
    root = legacy("setuppy_service")
    before = git(root, "rev-parse", "HEAD").strip()
    assert run_shipyard("adopt", "--no-lock", "--commit", cwd=root).code == 0
    assert git(root, "rev-parse", "HEAD~1").strip() == before
    assert git(root, "status", "--porcelain") == ""


def test_dry_run_prints_the_plan_and_writes_nothing(legacy: Legacy) -> None:
    root = legacy("poetry_two_level")
    before = state(root)
    result = run_shipyard("adopt", "--dry-run", cwd=root)
    assert result.code == 0, result.stderr
    assert "`services/auth/app` -> `services/auth/src/auth`" in result.stdout
    assert "## Left for you" in result.stdout
    assert state(root) == before


def test_refusals_are_one_sentence(legacy: Legacy, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "app.py").write_text("print(1)\n")
    result = run_shipyard("adopt", cwd=plain)
    assert result.code == 2
    assert "is not a git repository" in result.stderr
    root = legacy("flask_trio")
    (root / "users" / "scratch.py").write_text("x = 1\n")
    result = run_shipyard("adopt", cwd=root)
    assert result.code == 2
    assert "uncommitted changes or untracked files" in result.stderr
    assert "Traceback" not in result.stderr
    result = run_shipyard("adopt", cwd=root / "users")
    assert result.code == 2
    assert "run adopt at the repository's top" in result.stderr


def test_a_failing_lock_puts_everything_back(legacy: Legacy, tmp_path: Path) -> None:
    """`uv lock` runs last; without uv on PATH it fails, after every move and write."""
    root = legacy("piptools_common")
    before = state(root)
    only_git = tmp_path / "bin"
    only_git.mkdir()
    (only_git / "git").symlink_to(subprocess.run(
        ["sh", "-c", "command -v git"], capture_output=True, text=True, check=True
    ).stdout.strip())  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "shipyard", "adopt"],
        cwd=root, capture_output=True, text=True, check=False,
        env={**os.environ, "PATH": str(only_git)},
    )  # fmt: skip
    assert done.returncode == 2
    assert "uv is not on PATH" in done.stderr
    assert state(root) == before


NAMES = ("flask_trio", "piptools_common", "poetry_two_level", "fastapi_src_alembic")


@pytest.mark.parametrize("seed", range(8))
def test_adopt_interrupted_at_random_moments(tmp_path: Path, seed: int) -> None:
    """Killed with SIGTERM, SIGINT or SIGHUP at a random moment: the repository is either
    untouched (same HEAD, clean status, identical files) or completely adopted."""
    name = NAMES[seed % 4]
    reference = make_repository(FIXTURES / name, tmp_path / "reference" / name)
    started = time.monotonic()
    assert run_shipyard("adopt", "--no-lock", cwd=reference).code == 0
    duration = time.monotonic() - started
    complete = state(reference)[1:]
    chance = random.Random(seed)
    outcomes = []
    for attempt in range(3):
        root = make_repository(FIXTURES / name, tmp_path / f"run{attempt}" / name)
        before = state(root)
        delay = chance.uniform(0.1, duration * 1.1)
        sig = chance.choice(SIGNALS)
        process = subprocess.Popen(
            [sys.executable, "-m", "shipyard", "adopt", "--no-lock"],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(delay)
        process.send_signal(sig)
        _, err = process.communicate(timeout=120)
        after = state(root)
        if after == before:
            outcomes.append("untouched")
            continue
        assert after[0] == before[0], f"HEAD moved after {sig.name} at {delay:.2f} s"
        assert after[1:] == complete, (
            f"half-adopted after {sig.name} at {delay:.2f} s (exit {process.returncode}): {err}"
        )
        outcomes.append("complete")
    print(name, outcomes)


@pytest.mark.parametrize("seed", range(6))
def test_adopt_interrupted_in_the_middle_of_its_steps(tmp_path: Path, seed: int) -> None:
    """The signal is sent once adopt has said it is about to run its k-th step (a move, a
    removal, the writes, the staging): whatever was done by then is undone."""
    name = NAMES[seed % 4]
    root = make_repository(FIXTURES / name, tmp_path / name)
    before = state(root)
    steps = run_steps(name, tmp_path / "reference")
    chance = random.Random(seed)
    k = chance.randrange(1, steps + 1)
    sig = chance.choice(SIGNALS)
    process = subprocess.Popen(
        [sys.executable, "-m", "shipyard", "adopt", "--no-lock"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    for _ in range(k):
        assert process.stderr.readline().startswith("adopt: ")
    process.send_signal(sig)
    _out, err = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.skip(f"adopt finished before {sig.name} after step {k} of {steps}")
    assert process.returncode == 128 + sig, err
    assert "nothing was changed" in err
    assert state(root) == before, f"not rolled back after {sig.name} at step {k} of {steps}"


def run_steps(name: str, where: Path) -> int:
    reference = make_repository(FIXTURES / name, where / name)
    result = run_shipyard("adopt", "--no-lock", cwd=reference)
    assert result.code == 0, result.stderr
    return sum(1 for line in result.stderr.splitlines() if line.startswith("adopt: "))
