"""A customer's journey across the running services and the worker."""

from __future__ import annotations

import queue
import uuid

import httpx

from tests.e2e.conftest import Webhooks

# The worker delivers within a second or two; the margin covers a loaded machine.
WEBHOOK_WAIT_SECONDS = 60


def new_product(catalog: httpx.Client, stock: int) -> dict[str, object]:
    product = {"sku": f"E2E-{uuid.uuid4().hex[:8]}", "name": "anchor", "price_cents": 1250}
    response = catalog.post("/api/v1/products", json={**product, "stock": stock})
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created


def test_an_order_takes_stock_and_the_customer_hears_about_it(
    catalog: httpx.Client, orders: httpx.Client, webhooks: Webhooks
) -> None:
    product = new_product(catalog, stock=5)

    placed = orders.post(
        "/api/v1/orders",
        json={"product_id": product["id"], "quantity": 2, "callback_url": webhooks.url},
    )

    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["total_cents"] == 2500
    assert catalog.get(f"/api/v1/products/{product['id']}").json()["stock"] == 3
    try:
        event = webhooks.received.get(timeout=WEBHOOK_WAIT_SECONDS)
    except queue.Empty:
        raise AssertionError("no order.confirmed webhook: is the worker running?") from None
    assert event["event"] == "order.confirmed"
    assert event["data"]["order_id"] == order["id"]


def test_ordering_more_than_the_stock_is_refused(
    catalog: httpx.Client, orders: httpx.Client
) -> None:
    product = new_product(catalog, stock=1)

    refused = orders.post("/api/v1/orders", json={"product_id": product["id"], "quantity": 2})

    assert refused.status_code == 409
    assert refused.json()["detail"] == f"only 1 of product {product['id']} in stock, 2 asked"
    assert catalog.get(f"/api/v1/products/{product['id']}").json()["stock"] == 1
