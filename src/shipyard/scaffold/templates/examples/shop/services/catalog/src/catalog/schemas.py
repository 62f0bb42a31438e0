"""Request and response models: the public contract of this service's API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from catalog.models import NAME_MAX_LENGTH, ORDER_ID_MAX_LENGTH, SKU_MAX_LENGTH


class ProductCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: str = Field(min_length=1, max_length=SKU_MAX_LENGTH, pattern=r"^[A-Za-z0-9._-]+$")
    name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH)
    price_cents: int = Field(ge=0)
    stock: int = Field(ge=0)


class ProductRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    sku: str
    name: str
    price_cents: int
    stock: int


class ProductPage(BaseModel):
    items: list[ProductRead]
    total: int
    limit: int
    offset: int


class ReservationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_id: str = Field(min_length=1, max_length=ORDER_ID_MAX_LENGTH)
    quantity: int = Field(ge=1)


class ReservationRead(BaseModel):
    id: int
    order_id: str
    product_id: int
    product_name: str
    quantity: int
    unit_price_cents: int
