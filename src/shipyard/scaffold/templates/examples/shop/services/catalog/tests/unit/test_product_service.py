"""Stock rules of the catalog, on a real SQLite database (no ORM mocks)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from catalog.schemas import ProductCreate, ReservationCreate
from catalog.service import ConflictError, NotFoundError, ProductService

ANCHOR = ProductCreate(sku="ANC-1", name="anchor", price_cents=1250, stock=5)


@pytest.fixture
async def service(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[ProductService]:
    async with sessions() as session:
        yield ProductService(session)


async def test_reserving_takes_stock(service: ProductService) -> None:
    product = await service.create(ANCHOR)

    reservation = await service.reserve(product.id, ReservationCreate(order_id="o-1", quantity=2))

    assert (reservation.product_name, reservation.unit_price_cents) == ("anchor", 1250)
    assert (await service.get(product.id)).stock == 3


async def test_the_same_order_reserves_once(service: ProductService) -> None:
    product = await service.create(ANCHOR)
    request = ReservationCreate(order_id="o-1", quantity=2)

    first = await service.reserve(product.id, request)
    again = await service.reserve(product.id, request)

    assert again == first
    assert (await service.get(product.id)).stock == 3


async def test_the_same_order_cannot_reserve_something_else(service: ProductService) -> None:
    product = await service.create(ANCHOR)
    await service.reserve(product.id, ReservationCreate(order_id="o-1", quantity=2))

    with pytest.raises(ConflictError, match="already reserved"):
        await service.reserve(product.id, ReservationCreate(order_id="o-1", quantity=3))


async def test_too_much_is_a_conflict_and_takes_nothing(service: ProductService) -> None:
    product = await service.create(ANCHOR)

    with pytest.raises(ConflictError, match="only 5 of product"):
        await service.reserve(product.id, ReservationCreate(order_id="o-1", quantity=6))
    assert (await service.get(product.id)).stock == 5


async def test_an_unknown_product_is_not_found(service: ProductService) -> None:
    with pytest.raises(NotFoundError, match="product 99 does not exist"):
        await service.reserve(99, ReservationCreate(order_id="o-1", quantity=1))


async def test_concurrent_orders_never_oversell(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as session:
        product = await ProductService(session).create(ANCHOR)

    async def order(number: int) -> bool:
        async with sessions() as session:
            request = ReservationCreate(order_id=f"o-{number}", quantity=2)
            try:
                await ProductService(session).reserve(product.id, request)
            except ConflictError:
                return False
            return True

    results = await asyncio.gather(*(order(n) for n in range(5)))

    async with sessions() as session:
        left = (await ProductService(session).get(product.id)).stock
    assert (sum(results), left) == (2, 1)


async def test_a_duplicate_sku_is_a_conflict(service: ProductService) -> None:
    await service.create(ANCHOR)

    with pytest.raises(ConflictError, match="SKU 'ANC-1'"):
        await service.create(ANCHOR)
