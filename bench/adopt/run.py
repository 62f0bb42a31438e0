"""Plan + apply of `shipyard adopt` on the synthetic legacy repository, without `uv lock`
and without running tests: the wall time of `shipyard adopt --no-lock` (a process, as a
user runs it) and of the plan alone (in process), over several fresh copies."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
SERVICES, MODULES, RUNS = 20, 100, 3


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-adopt-") as scratch:
        base = Path(scratch) / "legacy"
        base.mkdir()
        print(subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(base), str(SERVICES), str(MODULES)],
            capture_output=True, text=True, check=True,
        ).stdout.strip())  # fmt: skip
        from shipyard.adopt.git import tracked_files
        from shipyard.adopt.plan import make_plan

        for run in range(1, RUNS + 1):
            copy = Path(scratch) / f"run{run}" / "legacy"
            shutil.copytree(base, copy, symlinks=True)
            started = time.perf_counter()
            plan = make_plan(copy, tracked_files(copy))
            planned = time.perf_counter() - started
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "shipyard", "adopt", "--no-lock"],
                cwd=copy, capture_output=True, text=True, check=False,
            )  # fmt: skip
            whole = time.perf_counter() - started
            if done.returncode != 0:
                sys.exit(done.stderr)
            edits = sum(n for e in plan.edits for n in e.counts.values())
            print(
                f"run {run}: plan {planned:.2f} s in process; `shipyard adopt --no-lock` "
                f"{whole:.2f} s ({len(plan.moves)} moves, {edits} edits in "
                f"{len(plan.edits)} files, {len(plan.files)} files written)"
            )


if __name__ == "__main__":
    main()
