"""Time `shipyard check`, `tach check` and `lint-imports` on the same synthetic workspace, in the
same run, cold and warm (one file changed), each as a command line in a child process.

Install the other tools first with `bench/check/install_tools.sh` (into bench/check/.venv).

Every tool must find the planted svc000 -> svc001 import, or its time is not for equivalent work:
the last column says whether it did. tach (0.35) treats each folder holding a pyproject.toml as
a separate package and never applies its module rules to imports between packages (reported
upstream as tach-org/tach#942), so while tach runs the members' pyproject.toml files are moved
aside (`.tach-aside`) and put back right after; nothing else in the tree changes.

    uv run python bench/check/compare.py /tmp/bench-ws --services 200 --modules 50
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # bench/ is not a package: load the siblings by path

from generate import generate  # noqa: E402
from tools_config import source_roots, write_importlinter, write_tach  # noqa: E402

TOOLS = HERE / ".venv" / "bin"
TIMEOUT = 600


PLANTED = "svc001"
"""The planted cross-service import is `from svc001 import m0` in svc000: each tool must say so."""


def timed(command: list[str], root: Path, env: dict[str, str]) -> tuple[float, str, bool]:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=root, env=env, capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return float("inf"), "timed out", False
    elapsed = time.perf_counter() - start
    output = done.stdout + done.stderr
    lines = output.strip().splitlines()
    return elapsed, f"exit {done.returncode}: {lines[-1] if lines else ''}", PLANTED in output


@contextlib.contextmanager
def members_aside(root: Path, aside: bool) -> Iterator[None]:
    """Move the members' pyproject.toml files aside for the block (see the module docstring)."""
    moved = sorted(root.glob("*/*/pyproject.toml")) if aside else []
    for path in moved:
        path.rename(path.with_suffix(".toml.tach-aside"))
    try:
        yield
    finally:
        for path in moved:
            path.with_suffix(".toml.tach-aside").rename(path)


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
        with members_aside(root, name == "tach check"):
            cold, cold_out, cold_found = timed(command, root, env)
            touched.write_text(touched.read_text() + "\nCHANGED = 1\n")
            warm, warm_out, warm_found = timed(command, root, env)
        results[name] = (cold, warm)
        found = "found" if cold_found and warm_found else "MISSED"
        print(
            f"{name:15} cold {cold:7.2f} s   warm {warm:7.2f} s   planted {PLANTED}: {found}"
            f"   ({cold_out} | {warm_out})"
        )
    ours = results["shipyard check"]
    for name, (cold, warm) in results.items():
        if name != "shipyard check":
            print(f"{name}/shipyard: cold x{cold / ours[0]:.1f}, warm x{warm / ours[1]:.1f}")


if __name__ == "__main__":
    main()
