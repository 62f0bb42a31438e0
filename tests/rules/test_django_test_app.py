"""`shipyard test --app NAME`: the app's tests alone, and what they reached in other apps
(modules held or imported at collection, tables their SQL touched)."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from shipyard.django.testing import interpreter, run_tests
from shipyard.errors import ShipyardError
from shipyard.rules import REGISTRY
from shipyard.rules.engine import analysed
from shipyard.rules.families.django.reach import find_app, reach_of
from shipyard.workspace import load_workspace

Copy = Callable[[str], Path]


def test_what_was_reached_is_attributed_to_apps(fixture_copy: Copy) -> None:
    root = fixture_copy("django_coupling")
    with analysed(load_workspace(root), REGISTRY) as context:
        tested = find_app(context, "orders")
        assert tested.app.module == "shop.orders"
        reach = reach_of(
            context,
            tested,
            ["shop.catalog.models", "shop.orders.views", "django.db", "shop.accounts.contracts"],
            ["catalog_product", "ORDERS_ORDER", "accounts_awards", "auth_user", "customer_address",
             "accounts_customer_groups"],
        )  # fmt: skip
    assert reach.modules == {
        "shop.accounts": ["shop.accounts.contracts"],
        "shop.catalog": ["shop.catalog.models"],
    }
    # Tables by owner (db_table, migrations), else by the owner's label as a prefix (an M2M).
    assert reach.tables == {
        "shop.accounts": ["accounts_awards", "accounts_customer_groups", "customer_address"],
        "shop.catalog": ["catalog_product"],
    }
    assert not reach.alone


def test_an_unknown_app_or_no_django_is_one_sentence(fixture_copy: Copy) -> None:
    root = fixture_copy("django_coupling")
    with analysed(load_workspace(root), REGISTRY) as context:
        known = re.escape("the apps are: shop.accounts, shop.catalog, shop.orders.")
        with pytest.raises(ShipyardError, match=known):
            find_app(context, "nope")
    plain = fixture_copy("imports")
    with (
        analysed(load_workspace(plain), REGISTRY) as context,
        pytest.raises(ShipyardError, match="has no Django project"),
    ):
        find_app(context, "orders")
    with pytest.raises(ShipyardError, match=r"has no \.venv; run `uv sync` there first"):
        interpreter(plain)


def test_the_plugin_records_what_test_modules_hold(tmp_path: Path) -> None:
    # Any pytest will do for what a test module holds: this one, without Django.
    (tmp_path / "other").mkdir()
    (tmp_path / "other/__init__.py").write_text("")
    (tmp_path / "other/models.py").write_text("class Thing:\n    pass\n")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine/test_a.py").write_text(
        "from other.models import Thing\n\ndef test_thing() -> None:\n    assert Thing\n"
    )
    (tmp_path / "conftest.py").write_text("")

    run = run_tests(Path(sys.executable), tmp_path, "mine", ["-q", "-p", "no:cacheprovider"])

    assert run.exit_code == 0
    assert run.modules is not None
    assert "other.models" in run.modules
    assert run.tables == ()
    failing = tmp_path / "mine/test_b.py"
    failing.write_text("def test_no() -> None:\n    assert False\n")
    assert run_tests(Path(sys.executable), tmp_path, "mine", ["-q"]).exit_code == 1
