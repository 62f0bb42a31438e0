"""The catalog service as orders sees it: typed calls over HTTP, never catalog's code."""

from __future__ import annotations

from pydantic import BaseModel

from common.http import ServiceClient


class Reservation(BaseModel):
    """catalog's ReservationRead: the fields orders relies on."""

    order_id: str
    product_id: int
    product_name: str
    quantity: int
    unit_price_cents: int


class ProductNotFoundError(LookupError):
    pass


class OutOfStockError(ValueError):
    pass


class CatalogClient:
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def reserve(self, product_id: int, quantity: int, order_id: str) -> Reservation:
        """Take stock for an order. catalog keys the reservation on the order id, which makes
        the POST idempotent: retrying after a timeout cannot take the stock twice."""
        response = await self._client.request(
            "POST",
            f"/api/v1/products/{product_id}/reservations",
            json={"order_id": order_id, "quantity": quantity},
            idempotent=True,
        )
        if response.status_code == 404:
            raise ProductNotFoundError(f"product {product_id} does not exist")
        if response.status_code == 409:
            raise OutOfStockError(response.json().get("detail", "not enough stock"))
        response.raise_for_status()
        return Reservation.model_validate(response.json())

    async def aclose(self) -> None:
        await self._client.aclose()
