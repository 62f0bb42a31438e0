"""Request and response models: the public contract of this service's API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

MAX_QUANTITY = 1000


class OrderCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product_id: int = Field(ge=1)
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    # Where to POST an `order.confirmed` event once the confirmation is sent.
    callback_url: HttpUrl | None = None


class OrderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    product_id: int
    product_name: str
    quantity: int
    total_cents: int
    callback_url: str | None


class OrderPage(BaseModel):
    items: list[OrderRead]
    total: int
    limit: int
    offset: int
