"""Placing orders, on a real SQLite database, against catalog's HTTP API stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from common.http import ServiceUnavailableError
from common.tasks.contracts.send_order_confirmation import SendOrderConfirmation
from orders.db import create_engine, create_session_factory
from orders.models import Base
from orders.schemas import OrderCreate
from orders.service import ConflictError, NotFoundError, OrderService
from tests.conftest import CatalogStandIn, Published


@pytest.fixture
async def session(sqlite_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(sqlite_url)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    async with create_session_factory(engine)() as session:
        yield session
    await engine.dispose()


@pytest.fixture
def service(session: AsyncSession, catalog: CatalogStandIn, published: Published) -> OrderService:
    return OrderService(session, catalog.client(), published)


async def test_an_order_takes_stock_and_asks_for_a_confirmation(
    service: OrderService, catalog: CatalogStandIn, published: Published
) -> None:
    order = await service.place(OrderCreate(product_id=1, quantity=2))

    assert (order.product_name, order.total_cents) == ("anchor", 2500)
    assert catalog.stock[1] == 3
    assert published == [
        SendOrderConfirmation(
            order_id=order.id, product_name="anchor", quantity=2, total_cents=2500
        )
    ]
    assert await service.get(order.id) == order


async def test_catalog_gets_the_order_id_to_make_retries_safe(
    service: OrderService, catalog: CatalogStandIn
) -> None:
    order = await service.place(OrderCreate(product_id=1, quantity=1))

    [request] = catalog.requests
    assert request.read() == f'{{"order_id":"{order.id}","quantity":1}}'.encode()


async def test_too_much_is_a_conflict_and_records_nothing(
    service: OrderService, published: Published
) -> None:
    with pytest.raises(ConflictError, match="only 5 of product 1 in stock, 6 asked"):
        await service.place(OrderCreate(product_id=1, quantity=6))

    assert (await service.list(limit=10, offset=0))[1] == 0
    assert published == []


async def test_an_unknown_product_is_not_found(service: OrderService) -> None:
    with pytest.raises(NotFoundError, match="product 7 does not exist"):
        await service.place(OrderCreate(product_id=7, quantity=1))


async def test_catalog_down_records_nothing(
    service: OrderService, catalog: CatalogStandIn, published: Published
) -> None:
    catalog.down = True

    with pytest.raises(ServiceUnavailableError):
        await service.place(OrderCreate(product_id=1, quantity=1))

    assert len(catalog.requests) == 2  # retried once: the reservation is idempotent
    assert (await service.list(limit=10, offset=0))[1] == 0
    assert published == []


async def test_a_missing_order_is_not_found(service: OrderService) -> None:
    with pytest.raises(NotFoundError, match="order nope does not exist"):
        await service.get("nope")
