"""Time `shipyard check` on a synthetic workspace: cold (no cache), warm (nothing changed), and
warm after one file changed. In-process, so interpreter start-up (about 0.1 s) is not counted;
`--cli` also times the full command line in a child process.

    uv run python bench/check/run.py /tmp/bench-ws --services 200 --modules 50 [--cli]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from shipyard.rules import CheckOptions, check
from shipyard.rules.workspace_cache import load_workspace_cached

# The generator sits beside this script; loaded by path, as bench/ is not a package.
_spec = importlib.util.spec_from_file_location("generate", Path(__file__).with_name("generate.py"))
assert _spec is not None
assert _spec.loader is not None
_generator = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_generator)
generate = _generator.generate


def timed(root: Path, *, cache: bool = True) -> tuple[float, int]:
    start = time.perf_counter()
    report = check(load_workspace_cached(root, enabled=cache), CheckOptions(cache=cache))
    return time.perf_counter() - start, len(report.findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--modules", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli", action="store_true")
    args = parser.parse_args()
    generate(args.root, args.services, args.modules)
    files = sum(1 for _ in args.root.rglob("*.py"))
    print(f"workspace: {args.services} services x {args.modules} modules = {files} Python files")

    cache = args.root / ".shipyard"
    colds = []
    for _ in range(args.repeat):
        shutil.rmtree(cache, ignore_errors=True)
        colds.append(timed(args.root))
    warm = [timed(args.root) for _ in range(args.repeat)]
    touched = args.root / "services" / "svc000" / "src" / "svc000" / "m10.py"
    changed = []
    for i in range(args.repeat):
        touched.write_text(touched.read_text() + f"\nEXTRA_{i} = {i}\n")
        changed.append(timed(args.root))
    findings = colds[0][1]
    print(f"findings: {findings} (planted: one per rule family)")
    print(f"cold:             {min(t for t, _ in colds):.3f} s (best of {args.repeat})")
    print(f"warm, unchanged:  {min(t for t, _ in warm):.3f} s")
    print(f"warm, one change: {min(t for t, _ in changed):.3f} s")
    if args.cli:
        # The command line as an editor or a hook runs it: the `shipyard` script, warm.
        script = str(Path(sys.executable).parent / "shipyard")
        env = {**os.environ, "NO_COLOR": "1"}

        def command_line() -> float:
            start = time.perf_counter()
            subprocess.run([script, "check", str(args.root)], capture_output=True, env=env)
            return time.perf_counter() - start

        unchanged = sorted(command_line() for _ in range(args.repeat))
        edited = []
        for i in range(args.repeat):
            touched.write_text(touched.read_text() + f"\nCLI_{i} = {i}\n")
            edited.append(command_line())
        edited.sort()
        print(
            f"command line, warm, unchanged: best {unchanged[0]:.3f} s, "
            f"median {unchanged[len(unchanged) // 2]:.3f} s (of {args.repeat})"
        )
        print(
            f"command line, warm, one change: best {edited[0]:.3f} s, "
            f"median {edited[len(edited) // 2]:.3f} s (of {args.repeat})"
        )


if __name__ == "__main__":
    main()
