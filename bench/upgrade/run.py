"""`shipyard upgrade --all` on a workspace of 20 generated members: the wall time of the
command as a user runs it (a process: start-up, workspace lock, every member rendered at its
recorded version and at the new one, Python formatted by ruff on both sides, merged, the
shared files merged as data, written through the journal), over fresh copies.

Until a second template version ships, the new version is the test version of
tests/fixtures/upgrade/next_version.py (the current templates plus a change to every member).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.fixtures.upgrade.next_version import environment, upgrade_command  # noqa: E402

RUNS = 3
# 20 members: a lib with a task, 16 services (every fourth calls the one before), 3 workers.
SERVICES, WORKERS = 16, 3


def shipyard(*args: str, cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "shipyard", *args], cwd=cwd, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"shipyard {' '.join(args)}: {done.stderr}")


def generate(root: Path) -> None:
    shipyard("new", str(root), "--no-lock", "--no-git", cwd=root.parent)
    shipyard("add", "lib", "common", "--no-lock", cwd=root)
    for index in range(SERVICES):
        calls = ("--calls", f"service{index - 1:02d}") if index % 4 == 3 else ()
        shipyard("add", "service", f"service{index:02d}", *calls, "--no-lock", cwd=root)
    for index in range(WORKERS):
        shipyard("add", "worker", f"worker{index}", "--no-lock", cwd=root)
    shipyard("add", "task", "send_webhook", "--no-lock", cwd=root)


def timed(args: list[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=environment())
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(done.stderr)
    return elapsed, done.stdout


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-upgrade-") as scratch:
        base = Path(scratch) / "acme"
        started = time.perf_counter()
        generate(base)
        files = sum(1 for p in base.rglob("*") if p.is_file())
        print(f"generated 20 members, {files} files, in {time.perf_counter() - started:.1f} s")
        for run in range(1, RUNS + 1):
            copy = Path(scratch) / f"run{run}" / "acme"
            shutil.copytree(base, copy)
            dry, _ = timed(upgrade_command("--all", "--dry-run"), copy)
            whole, out = timed(upgrade_command("--all", "--no-lock"), copy)
            again, _ = timed(upgrade_command("--all", "--no-lock"), copy)
            written = sum(1 for line in out.splitlines() if line.startswith("  ") and "/" in line)
            print(
                f"run {run}: `upgrade --all --no-lock` {whole:.2f} s ({written} files written "
                f"or removed); --dry-run {dry:.2f} s; again, nothing to do, {again:.2f} s"
            )


if __name__ == "__main__":
    main()
