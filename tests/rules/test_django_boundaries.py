"""`shipyard boundaries`: what each Django app owns, needs and is needed by, written into each
app's README between markers and into docs/MICROSERVICES_EXTRACTION.md; a second run changes
nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shipyard.cli.app import app
from shipyard.errors import ShipyardError
from shipyard.rules import REGISTRY
from shipyard.rules.engine import analysed
from shipyard.rules.families.django.boundaries import AppBoundary, compute_boundaries, summary
from shipyard.rules.families.django.docs import update_readme
from shipyard.workspace import load_workspace

Copy = Callable[[str], Path]
SHOP = "services/shop/shop"
GUIDE = "docs/MICROSERVICES_EXTRACTION.md"


def boundaries(root: Path) -> dict[str, AppBoundary]:
    with analysed(load_workspace(root), REGISTRY) as context:
        projects = compute_boundaries(context)
    assert [p.member.name for p in projects] == ["shop"]
    return {a.app.label: a for a in projects[0].apps}


def invoke(root: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["boundaries", "-w", str(root), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_what_each_app_owns_needs_and_is_needed_by(fixture_copy: Copy) -> None:
    found = boundaries(fixture_copy("django_coupling"))
    accounts, catalog, orders = found["accounts"], found["catalog"], found["orders"]

    assert [(m.name, m.table, m.path.rpartition("/")[2]) for m in accounts.models] == [
        ("Address", "customer_address", "models.py"),  # Meta.db_table
        # A TaggedItemBase: a model only its migrations show (renamed, then re-tabled).
        ("Award", "accounts_awards", "0001_initial.py"),
        ("Customer", "accounts_customer", "models.py"),  # the label from AccountsConfig
    ]
    # Stamped is abstract and CheapProduct a proxy: no table of their own.
    assert [(m.name, m.table) for m in catalog.models] == [
        ("CheapProduct", None),
        ("Product", "catalog_product"),
        ("Stamped", None),
    ]
    assert [d.target for d in orders.depends_on] == ["shop.accounts", "shop.catalog"]
    assert summary(orders.depends_on[0]) == (
        "3 imports of internals, 3 interface imports, 2 foreign keys, 1 get_model, "
        "2 signal receivers"
    )
    assert summary(catalog.used_by[0]) == (
        "3 imports of internals, 2 interface imports, 1 foreign key, 1 signal receiver, "
        "1 test import"
    )
    assert (orders.blocking_out, orders.blocking_in) == (13, 0)
    assert (accounts.blocking_out, accounts.blocking_in) == (0, 8)
    assert orders.readiness == "needs work: 13 non-interface dependencies out, 0 in"
    assert [v.name for v in orders.views] == ["OrderViewSet.perform_create", "cancel"]


def test_readmes_and_the_guide_are_written_once(fixture_copy: Copy) -> None:
    root = fixture_copy("django_coupling")
    readme = root / SHOP / "accounts/README.md"
    readme.write_text("# Accounts\n\nHand-written intro.\n")

    output = invoke(root)

    assert "create    docs/MICROSERVICES_EXTRACTION.md" in output
    assert "shop.orders: needs work: 13 non-interface dependencies out, 0 in" in output
    text = readme.read_text()
    assert text.startswith("# Accounts\n\nHand-written intro.\n\n<!-- shipyard:service-boundaries")
    assert "| `Customer` | `accounts_customer` |" in text
    assert "- Used by: shop.orders (3 imports of internals," in text
    guide = (root / GUIDE).read_text()
    assert "```mermaid\ngraph LR\n" in guide
    assert '  shop_orders -->|"3 imports of internals, 2 interface imports, 1 foreign key' in guide
    step = "`services/shop/shop/orders/models.py:9` to shop.catalog: `shop.catalog.Product`"
    assert step in guide

    # Text added after the sections by hand survives a run that changes them.
    readme.write_text(readme.read_text().replace("customer_address", "stale") + "\nNotes.\n")
    invoke(root)
    assert readme.read_text() == text + "\nNotes.\n"

    again = invoke(root)
    assert "update" not in again
    assert again.count("unchanged") == 4


def test_one_app_by_label_or_module(fixture_copy: Copy) -> None:
    root = fixture_copy("django_coupling")
    output = invoke(root, "shop.catalog")
    assert "create    services/shop/shop/catalog/README.md" in output
    assert not (root / SHOP / "orders/README.md").exists()
    assert output.count("needs work") == 1
    assert "catalog/README.md" in invoke(root, "catalog")


def test_unknown_app_and_no_django_are_one_sentence(fixture_copy: Copy) -> None:
    root = fixture_copy("django_coupling")
    result = CliRunner().invoke(app, ["boundaries", "-w", str(root), "nope"])
    assert isinstance(result.exception, ShipyardError)
    assert result.exception.message == (
        "No Django app is named 'nope'; the apps are: shop.accounts, shop.catalog, shop.orders."
    )
    assert not (root / GUIDE).exists()

    plain = fixture_copy("imports")
    result = CliRunner().invoke(app, ["boundaries", "-w", str(plain)])
    assert isinstance(result.exception, ShipyardError)
    assert "has no Django project" in result.exception.message


def test_a_guide_shipyard_did_not_write_needs_force(fixture_copy: Copy) -> None:
    root = fixture_copy("django_coupling")
    (root / "docs").mkdir()
    (root / GUIDE).write_text("# Our own plan\n")
    result = CliRunner().invoke(app, ["boundaries", "-w", str(root)])
    assert isinstance(result.exception, ShipyardError)
    assert "rerun with --force" in result.exception.message
    assert (root / GUIDE).read_text() == "# Our own plan\n"
    invoke(root, "--force")
    assert "<!-- shipyard:extraction-guide -->" in (root / GUIDE).read_text()


@pytest.mark.parametrize("existing", [None, "# Title\n", "# T\n\nText.\n\n\n"])
def test_update_readme_appends_then_replaces(existing: str | None) -> None:
    sections = {"a": "<!-- shipyard:a -->\nA1\n<!-- /shipyard:a -->"}
    first = update_readme(existing, "title", sections)
    assert first.endswith("\n\n<!-- shipyard:a -->\nA1\n<!-- /shipyard:a -->\n")
    changed = {"a": "<!-- shipyard:a -->\nA2\n<!-- /shipyard:a -->"}
    assert update_readme(first, "title", changed) == first.replace("A1", "A2")
    assert update_readme(first, "title", sections) == first
