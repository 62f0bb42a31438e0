"""The orders API end to end through HTTP, on a migrated database, with catalog's stand-in."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import CatalogStandIn, Published

ORDERS = "/api/v1/orders"


@pytest.fixture(autouse=True)
def stand_ins(app: FastAPI, catalog: CatalogStandIn, published: Published) -> None:
    app.state.catalog = catalog.client()
    app.state.outbox.sender = published


async def test_place_and_get_an_order(
    app: FastAPI, client: httpx.AsyncClient, published: Published
) -> None:
    response = await client.post(
        ORDERS,
        json={"product_id": 1, "quantity": 2, "callback_url": "https://example.com/hook"},
    )

    assert response.status_code == 201, response.text
    order = response.json()
    assert (order["total_cents"], order["callback_url"]) == (2500, "https://example.com/hook")
    assert (await client.get(f"{ORDERS}/{order['id']}")).json() == order
    await app.state.outbox.relay()  # whatever the relay running in the lifespan left
    assert [task.name for task in published] == ["common.send_order_confirmation"]


async def test_list_is_paginated(client: httpx.AsyncClient) -> None:
    for _ in range(3):
        await client.post(ORDERS, json={"product_id": 1, "quantity": 1})

    body = (await client.get(ORDERS, params={"limit": 2})).json()

    assert (len(body["items"]), body["total"]) == (2, 3)


async def test_too_much_stock_is_a_409_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(ORDERS, json={"product_id": 1, "quantity": 6})

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "only 5 of product 1 in stock, 6 asked"


async def test_unknown_product_is_a_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(ORDERS, json={"product_id": 9, "quantity": 1})

    assert response.status_code == 404
    assert response.json()["detail"] == "product 9 does not exist"


async def test_catalog_down_is_a_503_with_retry_after(
    client: httpx.AsyncClient, catalog: CatalogStandIn
) -> None:
    catalog.down = True

    response = await client.post(ORDERS, json={"product_id": 1, "quantity": 1})

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.json()["detail"].startswith("the catalog is unavailable")


async def test_the_request_id_reaches_catalog(
    client: httpx.AsyncClient, catalog: CatalogStandIn
) -> None:
    await client.post(
        ORDERS, json={"product_id": 1, "quantity": 1}, headers={"X-Request-ID": "trace-7"}
    )

    assert catalog.requests[0].headers["X-Request-ID"] == "trace-7"


async def test_invalid_order_is_a_422_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(ORDERS, json={"product_id": 1, "quantity": 0})

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "quantity"]


async def test_metrics_label_requests_by_route_template(client: httpx.AsyncClient) -> None:
    await client.get(f"{ORDERS}/abc")

    metrics = (await client.get("/metrics")).text

    assert 'route="/api/v1/orders/{order_id}"' in metrics
