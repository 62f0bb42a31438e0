"""Time `shipyard check` and `shipyard boundaries` on a synthetic Django monolith (see
`generate.py`): check cold (no cache), warm (nothing changed) and warm after one file of an
app changed, in-process (interpreter start-up not counted) and as a command line; then
boundaries as a command line, first and second run, with the size of what it writes.

    uv run python bench/django/run.py /tmp/bench-django --apps 50 --modules 50
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
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

SCRIPT = str(Path(sys.executable).parent / "shipyard")
ENV = {**os.environ, "NO_COLOR": "1"}


def timed(root: Path, *, cache: bool = True) -> tuple[float, Counter[str]]:
    start = time.perf_counter()
    report = check(load_workspace_cached(root, enabled=cache), CheckOptions(cache=cache))
    return time.perf_counter() - start, Counter(f.code for f in report.findings)


def command_line(*args: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([SCRIPT, *args], capture_output=True, text=True, env=ENV)
    return time.perf_counter() - start, done.stdout


def best_median(values: list[float]) -> str:
    ordered = sorted(values)
    return f"best {ordered[0]:.3f} s, median {ordered[len(ordered) // 2]:.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--apps", type=int, default=50)
    parser.add_argument("--modules", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root: Path = args.root
    generate(root, args.apps, args.modules)
    files = sum(1 for _ in root.rglob("*.py"))
    print(f"project: {args.apps} apps x ~{args.modules} modules = {files} Python files")

    cache = root / ".shipyard"
    colds = []
    for _ in range(args.repeat):
        shutil.rmtree(cache, ignore_errors=True)
        colds.append(timed(root))
    warm = [timed(root)[0] for _ in range(args.repeat)]
    touched = root / "site" / "app07" / "services" / "s3.py"
    changed = []
    for i in range(args.repeat):
        touched.write_text(touched.read_text() + f"\nEXTRA_{i} = {i}\n")
        changed.append(timed(root)[0])
    codes = colds[0][1]
    print("findings: " + ", ".join(f"{code} {n}" for code, n in sorted(codes.items())))
    print(f"check, cold (in-process):             {best_median([t for t, _ in colds])}")
    print(f"check, warm, unchanged (in-process):  {best_median(warm)}")
    print(f"check, warm, one change (in-process): {best_median(changed)}")

    unchanged = [command_line("check", str(root))[0] for _ in range(args.repeat)]
    edited = []
    for i in range(args.repeat):
        touched.write_text(touched.read_text() + f"\nCLI_{i} = {i}\n")
        edited.append(command_line("check", str(root))[0])
    print(f"check, command line, warm, unchanged:  {best_median(unchanged)}")
    print(f"check, command line, warm, one change: {best_median(edited)}")

    first, output = command_line("boundaries", "-w", str(root))
    written = [line.split()[-1] for line in output.splitlines() if line.startswith("  create")]
    size = sum((root / path).stat().st_size for path in written)
    guide = (root / "docs" / "MICROSERVICES_EXTRACTION.md").stat().st_size
    second, again = command_line("boundaries", "-w", str(root))
    unchanged_files = sum(1 for line in again.splitlines() if line.startswith("  unchanged"))
    print(
        f"boundaries, first run: {first:.2f} s, {len(written)} files, {size:,} bytes "
        f"(guide {guide:,} bytes)"
    )
    print(f"boundaries, second run: {second:.2f} s, {unchanged_files} files unchanged")


if __name__ == "__main__":
    main()
