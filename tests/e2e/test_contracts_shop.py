"""`shipyard contracts` on the shop example, installed as the README says: the snapshots and
orders' client of catalog it ships are what the commands write, a check names orders when
catalog breaks it, and the client, built on the shop's `common.http.ServiceClient`, passes the
shop's own ruff, mypy and tests.

What it changes in the shared shop is put back afterwards."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_shipyard

pytestmark = pytest.mark.e2e

# What the commands write: the shop ships all but the cache; each is put back as it was.
WRITTEN = (
    "services/catalog/contracts",
    "services/orders/contracts",
    "libs/common/contracts",
    "services/orders/src/orders/clients",
    "services/orders/tests/unit/test_catalog_contract.py",
    ".shipyard/cache/contracts.json",
)
SCHEMAS = "services/catalog/src/catalog/schemas.py"
CLIENT = "services/orders/src/orders/clients/catalog.py"


def files_under(shop: Path, relative: str) -> dict[Path, bytes]:
    path = shop / relative
    found = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    return {p: p.read_bytes() for p in found if p.is_file()}


@pytest.fixture
def shop_with_contracts(shop: Path) -> Iterator[Path]:
    shipped = {p: c for r in (*WRITTEN, SCHEMAS) for p, c in files_under(shop, r).items()}
    try:
        yield shop
    finally:
        for relative in WRITTEN:
            path = shop / relative
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        for path, content in shipped.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


def uv_run(shop: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["uv", "run", "--frozen", *command], cwd=shop, capture_output=True, text=True, check=False
    )


def test_contracts_on_the_shop(shop_with_contracts: Path) -> None:
    shop = shop_with_contracts
    shipped = (shop / CLIENT).read_text()
    fresh = run_shipyard("contracts", "snapshot", "--check", cwd=shop)
    clean = run_shipyard("contracts", "check", cwd=shop)
    client = run_shipyard("contracts", "client", "orders", "--of", "catalog", cwd=shop)

    assert fresh.code == 0, fresh.stdout + fresh.stderr  # the shipped snapshots are current
    assert clean.code == 0, clean.stdout + clean.stderr
    assert client.code == 0, client.stderr
    module = (shop / CLIENT).read_text()
    assert module == shipped  # the shipped client is what the command generates
    assert "from common.http import ServiceClient" in module
    lint = uv_run(shop, "ruff", "check", "services/orders")
    types = uv_run(shop, "mypy", "services/orders/src", "services/orders/tests")
    consumer = ["pytest", "-q", "-p", "no:cacheprovider"]
    consumer.append("services/orders/tests/unit/test_catalog_contract.py")
    passing = uv_run(shop, *consumer)
    assert lint.returncode == 0, lint.stdout
    assert types.returncode == 0, types.stdout
    assert passing.returncode == 0, passing.stdout[-2000:]

    schemas = (shop / SCHEMAS).read_text(encoding="utf-8")
    (shop / SCHEMAS).write_text(schemas.replace("    product_name: str\n", ""), encoding="utf-8")
    broken = run_shipyard("contracts", "check", cwd=shop)
    run_shipyard("contracts", "snapshot", cwd=shop)
    failing = uv_run(shop, *consumer)

    assert broken.code == 1
    assert (
        "CT107 [breaking] POST /api/v1/products/{product_id}/reservations: response 201: field "
        "'product_name' removed; breaks orders" in broken.stdout
    )
    assert failing.returncode == 1
    assert (
        "catalog breaks POST /api/v1/products/{product_id}/reservations: response field "
        "'product_name' is gone" in failing.stdout
    )
