"""`shipyard new PATH --example shop`: the example passes every gate a generated workspace
must pass, declares who calls whom, and a failure part-way leaves nothing behind."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_shipyard
from tests.e2e.conftest import make
from tests.e2e.test_generated_workspace import POSTGRES_URL, require_postgres

pytestmark = pytest.mark.e2e

MEMBERS = ("libs/common", "services/catalog", "services/orders", "services/worker")


def test_the_shop_passes_lint_types_lock_and_architecture(shop: Path) -> None:
    output = make(shop, "check", env={"SHIPYARD": str(Path(sys.executable).parent / "shipyard")})

    assert "All checks passed! (" in output  # shipyard check's own summary
    assert output.count("Success: no issues found") == len(MEMBERS) + 1  # and tests/e2e


def test_every_test_of_the_shop_passes_with_coverage(shop: Path) -> None:
    output = make(shop, "test-all")

    coverages = [float(c) for c in re.findall(r"Total coverage: ([\d.]+)%", output)]
    assert len(coverages) == len(MEMBERS), output[-3000:]
    assert min(coverages) >= 90
    assert " failed" not in output


def test_the_integration_tier_runs_on_real_postgresql(shop: Path) -> None:
    require_postgres()

    output = make(shop, "test-service", env={"TEST_DATABASE_URL": POSTGRES_URL})

    passed = dict(re.findall(r"== (\S+)/tests/integration.*?(\d+) passed", output, re.DOTALL))
    assert set(passed) >= {"services/catalog", "services/orders"}, output[-3000:]
    assert not re.search(r"\d+ skipped", output), output[-3000:]


def test_orders_is_told_where_catalog_is(shop: Path) -> None:
    compose = yaml.safe_load((shop / "compose.yaml").read_text())
    configmap = yaml.safe_load((shop / "deploy/k8s/orders/configmap.yaml").read_text())

    assert 'calls = ["catalog"]' in (shop / "services/orders/pyproject.toml").read_text()
    assert compose["services"]["orders"]["environment"]["CATALOG_URL"] == "http://catalog:8000"
    assert compose["services"]["orders"]["depends_on"]["catalog"] == {
        "condition": "service_healthy"
    }
    assert "CATALOG_URL" not in compose["services"]["catalog"]["environment"]
    assert configmap["data"]["CATALOG_URL"] == "http://catalog"


def test_the_items_placeholder_is_gone(shop: Path) -> None:
    placeholder = re.compile(r"\bItem\w*|item_id|/items\b|\bitems table")
    leftovers = [p for p in shop.glob("services/*/**/*.py") if placeholder.search(p.read_text())]

    assert leftovers == []


def test_a_failure_part_way_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without uv on PATH, `uv lock` fails after every file was generated."""
    path = [p for p in os.environ["PATH"].split(os.pathsep) if not (Path(p) / "uv").exists()]
    monkeypatch.setenv("PATH", os.pathsep.join(path))

    result = run_shipyard("new", "shop", "--example", "shop", cwd=tmp_path)

    assert result.code == 2, result
    assert "uv is not on PATH" in result.stderr
    assert list(tmp_path.iterdir()) == []
