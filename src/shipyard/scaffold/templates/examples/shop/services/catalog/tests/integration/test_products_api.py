"""The products API end to end through HTTP, on a migrated database."""

from __future__ import annotations

import asyncio

import httpx

PRODUCTS = "/api/v1/products"


async def create(client: httpx.AsyncClient, sku: str, stock: int = 5) -> dict[str, object]:
    product = {"sku": sku, "name": f"product {sku}", "price_cents": 1250, "stock": stock}
    response = await client.post(PRODUCTS, json=product)
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def test_create_and_get(client: httpx.AsyncClient) -> None:
    product = await create(client, "ANC-1")

    assert (await client.get(f"{PRODUCTS}/{product['id']}")).json() == product


async def test_list_is_paginated(client: httpx.AsyncClient) -> None:
    for sku in ("a", "b", "c"):
        await create(client, sku)

    body = (await client.get(PRODUCTS, params={"limit": 2, "offset": 2})).json()

    assert [product["sku"] for product in body["items"]] == ["c"]
    assert (body["total"], body["limit"], body["offset"]) == (3, 2, 2)


async def test_a_reservation_takes_stock_once(client: httpx.AsyncClient) -> None:
    product = await create(client, "ANC-1", stock=5)
    url = f"{PRODUCTS}/{product['id']}/reservations"

    first = await client.post(url, json={"order_id": "o-1", "quantity": 2})
    again = await client.post(url, json={"order_id": "o-1", "quantity": 2})

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert (await client.get(f"{PRODUCTS}/{product['id']}")).json()["stock"] == 3


async def test_concurrent_reservations_never_oversell(client: httpx.AsyncClient) -> None:
    product = await create(client, "ANC-1", stock=5)
    url = f"{PRODUCTS}/{product['id']}/reservations"

    responses = await asyncio.gather(
        *(client.post(url, json={"order_id": f"o-{n}", "quantity": 2}) for n in range(5))
    )

    assert sorted(r.status_code for r in responses) == [201, 201, 409, 409, 409]
    assert (await client.get(f"{PRODUCTS}/{product['id']}")).json()["stock"] == 1


async def test_too_much_is_a_409_problem(client: httpx.AsyncClient) -> None:
    product = await create(client, "ANC-1", stock=1)

    response = await client.post(
        f"{PRODUCTS}/{product['id']}/reservations", json={"order_id": "o-1", "quantity": 2}
    )

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == f"only 1 of product {product['id']} in stock, 2 asked"


async def test_missing_product_is_a_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{PRODUCTS}/999")

    assert response.status_code == 404
    assert response.json()["detail"] == "product 999 does not exist"


async def test_invalid_product_is_a_422_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(PRODUCTS, json={"sku": "a b", "name": "x", "price_cents": -1})

    assert response.status_code == 422
    fields = {tuple(error["loc"]) for error in response.json()["errors"]}
    assert fields == {("body", "sku"), ("body", "price_cents"), ("body", "stock")}


async def test_metrics_label_requests_by_route_template(client: httpx.AsyncClient) -> None:
    await client.get(f"{PRODUCTS}/12345")

    metrics = (await client.get("/metrics")).text

    assert 'route="/api/v1/products/{product_id}"' in metrics
