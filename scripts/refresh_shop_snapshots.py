"""Regenerate the contract snapshots the shop example ships, from the current templates.

    uv run python scripts/refresh_shop_snapshots.py

`shipyard new --example shop` generates orders' client of catalog from the snapshots in
templates/examples/shop; after a change to the service or shop templates that changes an API or
a task contract they are stale (tests/e2e/test_shop_example.py says so). This generates the
shop in a temporary directory, installs it, runs `shipyard contracts snapshot` there and
copies the snapshots back into the templates. The shop it generates takes orders' client from
the old snapshot; if catalog's reservation operation itself changed, run it a second time so
the client comes from the new one (it then reports every snapshot unchanged).
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "src" / "shipyard" / "scaffold" / "templates" / "examples" / "shop"
# Each snapshot `shipyard contracts snapshot` writes in the shop, by its path there.
SNAPSHOTS = (
    "services/catalog/contracts/openapi.json",
    "services/orders/contracts/openapi.json",
    "libs/common/contracts/tasks.json",
)


def run(*command: str, cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{done.stdout}{done.stderr}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="shop-snapshots-") as tmp:
        shop = Path(tmp) / "shop"
        shipyard = ("uv", "run", "--project", str(ROOT), "shipyard")
        run(*shipyard, "new", str(shop), "--example", "shop", "--no-git", cwd=ROOT)
        run("uv", "sync", "--frozen", "--quiet", cwd=shop)
        run(*shipyard, "contracts", "snapshot", "--no-cache", cwd=shop)
        for relative in SNAPSHOTS:
            fresh, shipped = shop / relative, TEMPLATES / relative
            if shipped.is_file() and filecmp.cmp(fresh, shipped, shallow=False):
                print(f"unchanged  {relative}")
                continue
            shipped.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(fresh, shipped)
            print(f"updated    {relative}")


if __name__ == "__main__":
    main()
