"""Time `shipyard contracts check` on the synthetic workspace of generate.py.

- cold: no cache, every contract is built again from the code (one probe process per member,
  as many at once as there are cores);
- warm: the cache is complete (the code did not change);
- warm, one change: one service's api.py edited between runs (one probe);
- warm against a git ref (`--base HEAD`, the snapshots read with one `git cat-file --batch`);
- the command line, warm, in a child process (interpreter and imports included).

    uv run python bench/contracts/run.py /tmp/contracts-ws --services 50 --operations 20
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate, service_name

from shipyard.changes import apply
from shipyard.contracts.check import check_contracts
from shipyard.contracts.produce import produce
from shipyard.contracts.snapshot import contract_sources, plan_snapshots
from shipyard.workspace import load_workspace


def timed(action: Callable[[], None], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def show(label: str, times: list[float]) -> None:
    best, median = min(times), statistics.median(times)
    print(f"{label:46} best {best:7.3f} s   median {median:7.3f} s   ({len(times)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--services", type=int, default=50)
    parser.add_argument("--operations", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root: Path = args.root
    generate(root, args.services, args.operations)
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)

    workspace = load_workspace(root)
    start = time.perf_counter()
    contracts = produce(workspace, contract_sources(workspace), cache=False)
    apply(plan_snapshots(workspace, contracts))
    print(f"{len(contracts)} contracts, {args.services} services x {args.operations} operations")
    show("snapshot (cold, every contract built)", [time.perf_counter() - start])
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "snapshots"], cwd=root, check=True)

    def cold() -> None:
        shutil.rmtree(root / ".shipyard", ignore_errors=True)
        report = check_contracts(load_workspace(root))
        assert not report.changes, report.changes

    def warm() -> None:
        check_contracts(load_workspace(root))

    def warm_base() -> None:
        check_contracts(load_workspace(root), "HEAD")

    edits = iter(range(1000))
    api = root / "services" / service_name(0) / "src" / service_name(0) / "api.py"
    original = api.read_text(encoding="utf-8")

    def one_change() -> None:
        api.write_text(original + f"\nVERSION = {next(edits)}\n", encoding="utf-8")
        check_contracts(load_workspace(root))

    show("check, cold (no cache)", timed(cold, 2))
    warm()
    show("check, warm (unchanged)", timed(warm, args.repeat))
    show("check, warm, one service edited", timed(one_change, args.repeat))
    show("check --base HEAD, warm", timed(warm_base, args.repeat))
    shipyard = Path(sys.executable).parent / "shipyard"
    command = [str(shipyard), "contracts", "check", "--workspace", str(root)]

    def cli() -> None:
        subprocess.run(command, check=True, capture_output=True)

    show("command line `shipyard contracts check`, warm", timed(cli, args.repeat))


if __name__ == "__main__":
    main()
