"""Changes that race or are interrupted: the workspace ends identical or complete, never half.

Real processes, real signals: `shipyard` is started as a user starts it and killed at random
moments (the delays are printed when a test fails, to replay it)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from shipyard.workspace import load_workspace
from tests.conftest import run_shipyard, snapshot

SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


def launch(args: Sequence[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "shipyard", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )


def interrupt(args: Sequence[str], cwd: Path, delay: float, sig: signal.Signals) -> tuple[int, str]:
    process = launch(args, cwd)
    time.sleep(delay)
    process.send_signal(sig)
    _, err = process.communicate(timeout=120)
    return process.returncode, err


def staging_left(directory: Path) -> list[Path]:
    return [p for p in directory.rglob(".shipyard-new-*")] + [
        p for p in directory.rglob("*.tmp") if p.name.startswith(".")
    ]


def test_concurrent_adds_lose_no_member(workspace: Path) -> None:
    """Ten pairs of `add service` at the same moment: every one is in the workspace, whole."""
    for pair in range(10):
        first, second = f"first{pair}", f"second{pair}"
        racing = [launch(("add", "service", n, "--no-lock"), workspace) for n in (first, second)]
        results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in racing]
        assert all(code == 0 for code, _ in results), results
        loaded = load_workspace(workspace)
        for name in (first, second):
            member = loaded.member(name)
            assert member is not None, f"pair {pair}: {name} lost"
            assert (workspace / member.path / "src" / name / "api.py").is_file()
            assert f"\n  {name}:\n" in (workspace / "compose.yaml").read_text()
            assert f"- {name}" in (workspace / "deploy/k8s/kustomization.yaml").read_text()
        ports = [m.port for m in loaded.services]
        assert len(ports) == len(set(ports)), ports
    assert run_shipyard("check", "--select", "SY002", cwd=workspace).code == 0


def test_a_second_writer_waits_and_says_so(workspace: Path) -> None:
    lock = workspace / ".shipyard" / "lock"
    lock.parent.mkdir(exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    try:
        waiting = launch(("add", "lib", "extra", "--no-lock"), workspace)
        assert waiting.stderr is not None
        said = waiting.stderr.readline()  # blocks until it says something: it must wait
        assert "Waiting for another shipyard command" in said, said
        assert waiting.poll() is None
    finally:
        holder.terminate()
        holder.wait()
    assert waiting.wait(timeout=120) == 0, waiting.communicate()
    assert (workspace / "libs/extra/pyproject.toml").is_file()


HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(60)
"""


def complete_or_untouched(
    root: Path, before: dict[str, bytes | None], complete: dict[str, bytes | None], delay: float
) -> str:
    after = snapshot(root)
    if after == before:
        return "untouched"
    assert after == complete, (
        f"half-done after a signal at {delay:.2f} s: {sorted(set(after) ^ set(complete))[:10]}"
    )
    return "complete"


@pytest.mark.parametrize("seed", range(6))
def test_add_interrupted_at_random_moments(workspace: Path, tmp_path: Path, seed: int) -> None:
    reference = Path(shutil.copytree(workspace, tmp_path / "reference"))
    args = ("add", "worker", "mailer", "--no-lock")
    started = time.monotonic()
    assert run_shipyard(*args, cwd=reference).code == 0
    duration = time.monotonic() - started
    complete = snapshot(reference)
    before = snapshot(workspace)
    chooser = random.Random(seed)
    delay, sig = chooser.uniform(0.05, duration), chooser.choice(SIGNALS)

    code, err = interrupt(args, workspace, delay, sig)

    outcome = complete_or_untouched(workspace, before, complete, delay)
    assert "Traceback" not in err
    assert not staging_left(workspace)
    # What it says agrees with what it did.
    if "nothing was changed" in err:
        assert outcome == "untouched", err
    if "after the change was complete" in err:
        assert outcome == "complete", err
    if "interrupted" in err:
        assert code == 128 + sig, err


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("existing", [False, True], ids=["new dir", "existing empty dir"])
def test_new_example_interrupted_at_random_moments(
    tmp_path: Path, seed: int, existing: bool
) -> None:
    base = tmp_path / "base"
    base.mkdir()
    target = base / "shop"
    if existing:
        target.mkdir()
        target.chmod(0o2770)  # setgid and a mode of its own: kept, not replaced
    args = ("new", "shop", "--example", "shop", "--no-lock", "--no-git")
    chooser = random.Random(seed)
    delay, sig = chooser.uniform(0.3, 6.0), chooser.choice(SIGNALS)

    code, err = interrupt(args, base, delay, sig)

    assert "Traceback" not in err
    assert not staging_left(base), f"staging left after a signal at {delay:.2f} s"
    if existing:
        assert target.is_dir()
        assert target.stat().st_mode & 0o7777 == 0o2770
    # Complete (a signal after the end, with the default action back, leaves no word) or as
    # it was; and never "nothing was changed" about a shop that is there.
    untouched = not target.exists() or not any(target.iterdir())
    complete = (target / "services/orders/src/orders/api.py").is_file()
    assert untouched or complete, f"half a shop after a signal at {delay:.2f} s: {err}"
    if "nothing was changed" in err:
        assert untouched, err
    if code == 0:
        assert complete


@pytest.mark.parametrize("seed", range(3))
def test_new_interrupted_at_random_moments(tmp_path: Path, seed: int) -> None:
    chooser = random.Random(seed)
    delay, sig = chooser.uniform(0.2, 2.5), chooser.choice(SIGNALS)
    code, err = interrupt(("new", "acme", "--no-lock"), tmp_path, delay, sig)
    assert "Traceback" not in err
    assert not staging_left(tmp_path)
    acme = tmp_path / "acme"
    complete = (acme / "Makefile").is_file() and (acme / ".git").is_dir()
    assert complete or not acme.exists(), f"half a workspace after a signal at {delay:.2f} s"
    if "nothing was changed" in err:
        assert not acme.exists(), err
    if code == 0:
        assert complete


def test_new_into_an_existing_empty_directory_keeps_it(tmp_path: Path) -> None:
    target = tmp_path / "acme"
    target.mkdir()
    target.chmod(0o2750)
    inode = target.stat().st_ino
    assert run_shipyard("new", "acme", "--no-lock", "--no-git", cwd=tmp_path).code == 0
    assert target.stat().st_ino == inode
    assert target.stat().st_mode & 0o7777 == 0o2750
    assert (target / "pyproject.toml").is_file()
    assert not staging_left(tmp_path)


def signal_once_written(
    args: Sequence[str], cwd: Path, written: Path, sig: signal.Signals
) -> tuple[int, str]:
    """Start the command and signal it as soon as `written` changes: the files are in place
    and `uv lock` runs, the last step before the change would be complete."""
    before = written.read_bytes() if written.exists() else None
    process = launch(args, cwd)
    deadline = time.monotonic() + 60
    while (written.read_bytes() if written.exists() else None) == before:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    process.send_signal(sig)
    _, err = process.communicate(timeout=120)
    return process.returncode, err


@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: s.name)
def test_add_interrupted_while_locking_puts_everything_back(
    workspace: Path, sig: signal.Signals
) -> None:
    before = snapshot(workspace)
    code, err = signal_once_written(
        ("add", "lib", "extra"), workspace, workspace / "libs/extra/pyproject.toml", sig
    )
    assert code == 128 + sig, err
    assert f"interrupted by {sig.name}; nothing was changed" in err
    assert snapshot(workspace) == before
    assert not staging_left(workspace)


def test_check_fix_interrupted_while_locking_puts_everything_back(workspace: Path) -> None:
    service = workspace / "services/catalog/src/catalog/service.py"
    service.write_text(service.read_text() + "\nimport yaml  # noqa: E402\n")
    before = snapshot(workspace)
    code, err = signal_once_written(
        ("check", "--fix", "--select", "SY104"),
        workspace,
        workspace / "services/catalog/pyproject.toml",
        signal.SIGTERM,
    )
    assert code == 128 + signal.SIGTERM, err
    assert snapshot(workspace) == before
