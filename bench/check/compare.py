"""Time `shipyard check`, `tach check` and `lint-imports` on the same synthetic workspace, in the
same run, cold and warm (one file changed), each as a command line in a child process.

Install the other tools first with `bench/check/install_tools.sh` (into bench/check/.venv).

    uv run python bench/check/compare.py /tmp/bench-ws --services 200 --modules 50
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # bench/ is not a package: load the siblings by path

from generate import generate  # noqa: E402
from tools_config import source_roots, write_importlinter, write_tach  # noqa: E402

TOOLS = HERE / ".venv" / "bin"
TIMEOUT = 600


def timed(command: list[str], root: Path, env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=root, env=env, capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return float("inf"), "timed out"
    lines = (done.stdout + done.stderr).strip().splitlines()
    return time.perf_counter() - start, f"exit {done.returncode}: {lines[-1] if lines else ''}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--modules", type=int, default=50)
    args = parser.parse_args()
    root: Path = args.root.resolve()
    generate(root, args.services, args.modules)
    write_tach(root)
    write_importlinter(root)
    base = {**os.environ, "NO_COLOR": "1"}
    # import-linter imports nothing, but finds packages through sys.path like Python does.
    linter_env = {**base, "PYTHONPATH": os.pathsep.join(source_roots(root))}
    tools = {
        "shipyard check": ([sys.executable, "-m", "shipyard", "check", "."], base, ".shipyard"),
        "tach check": ([str(TOOLS / "tach"), "check"], base, ".tach"),
        "lint-imports": ([str(TOOLS / "lint-imports")], linter_env, ".import_linter_cache"),
    }
    touched = root / "services" / "svc000" / "src" / "svc000" / "m10.py"
    print(f"{args.services} services x {args.modules} modules")
    results: dict[str, tuple[float, float]] = {}
    for name, (command, env, cache) in tools.items():
        shutil.rmtree(root / cache, ignore_errors=True)
        cold, cold_out = timed(command, root, env)
        touched.write_text(touched.read_text() + "\nCHANGED = 1\n")
        warm, warm_out = timed(command, root, env)
        results[name] = (cold, warm)
        print(f"{name:15} cold {cold:7.2f} s   warm {warm:7.2f} s   ({cold_out} | {warm_out})")
    ours = results["shipyard check"]
    for name, (cold, warm) in results.items():
        if name != "shipyard check":
            print(f"{name}/shipyard: cold x{cold / ours[0]:.1f}, warm x{warm / ours[1]:.1f}")


if __name__ == "__main__":
    main()
