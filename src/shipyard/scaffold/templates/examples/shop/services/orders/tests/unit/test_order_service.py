"""Placing orders, on a real SQLite database, against catalog's HTTP API stand-in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.http import ServiceUnavailableError
from common.tasks.contracts.send_order_confirmation import SendOrderConfirmation
from common.tasks.outbox import Outbox, OutboxMessage
from orders.schemas import OrderCreate
from orders.service import ConflictError, NotFoundError, OrderService
from tests.conftest import CatalogStandIn, Published


@pytest.fixture
def outbox(sessions: async_sessionmaker[AsyncSession], published: Published) -> Outbox:
    return Outbox(sessions, published)


@pytest.fixture
async def service(
    sessions: async_sessionmaker[AsyncSession], catalog: CatalogStandIn, outbox: Outbox
) -> AsyncIterator[OrderService]:
    async with sessions() as session:
        yield OrderService(session, catalog.client(), outbox)


async def pending(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        return await session.scalar(select(func.count()).select_from(OutboxMessage)) or 0


async def test_an_order_takes_stock_and_asks_for_a_confirmation(
    service: OrderService, outbox: Outbox, catalog: CatalogStandIn, published: Published
) -> None:
    order = await service.place(OrderCreate(product_id=1, quantity=2))
    await outbox.relay()

    assert (order.product_name, order.total_cents) == ("anchor", 2500)
    assert catalog.stock[1] == 3
    assert published == [
        SendOrderConfirmation(
            order_id=order.id, product_name="anchor", quantity=2, total_cents=2500
        )
    ]
    assert await service.get(order.id) == order


async def test_a_broker_outage_delays_the_confirmation_instead_of_losing_it(
    service: OrderService,
    outbox: Outbox,
    published: Published,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    published.broker_down = True
    order = await service.place(OrderCreate(product_id=1, quantity=2))
    assert await outbox.relay() == 0

    assert published == []
    assert await pending(sessions) == 1  # committed with the order

    published.broker_down = False
    assert await outbox.relay() == 1

    assert [task.model_dump()["order_id"] for task in published] == [order.id]
    assert await pending(sessions) == 0


async def test_the_relay_sends_oldest_first_and_stops_at_a_failure(
    service: OrderService,
    outbox: Outbox,
    published: Published,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    published.broker_down = True
    first = await service.place(OrderCreate(product_id=1, quantity=1))
    second = await service.place(OrderCreate(product_id=1, quantity=1))
    assert await outbox.relay() == 0

    published.broker_down = False
    assert await outbox.relay() == 2

    sent = [task.model_dump()["order_id"] for task in published]
    assert sent == [first.id, second.id]


async def test_the_running_relay_sends_the_confirmation_once_the_broker_is_back(
    sessions: async_sessionmaker[AsyncSession], catalog: CatalogStandIn, published: Published
) -> None:
    published.broker_down = True
    outbox = Outbox(sessions, published, interval=0.01)
    async with outbox.running(), sessions() as session:
        order = await OrderService(session, catalog.client(), outbox).place(
            OrderCreate(product_id=1, quantity=1)
        )
        await asyncio.sleep(0.1)  # several failed tries
        published.broker_down = False
        for _ in range(1000):  # up to 10 s; the sender runs in a thread, so no Event
            if published:
                break
            await asyncio.sleep(0.01)

    assert [task.model_dump()["order_id"] for task in published] == [order.id]


async def test_catalog_gets_the_order_id_to_make_retries_safe(
    service: OrderService, catalog: CatalogStandIn
) -> None:
    order = await service.place(OrderCreate(product_id=1, quantity=1))

    [request] = catalog.requests
    assert request.read() == f'{{"order_id":"{order.id}","quantity":1}}'.encode()


async def test_too_much_is_a_conflict_and_records_nothing(
    service: OrderService, sessions: async_sessionmaker[AsyncSession]
) -> None:
    with pytest.raises(ConflictError, match="only 5 of product 1 in stock, 6 asked"):
        await service.place(OrderCreate(product_id=1, quantity=6))

    assert (await service.list(limit=10, offset=0))[1] == 0
    assert await pending(sessions) == 0


async def test_an_unknown_product_is_not_found(service: OrderService) -> None:
    with pytest.raises(NotFoundError, match="product 7 does not exist"):
        await service.place(OrderCreate(product_id=7, quantity=1))


async def test_catalog_down_records_nothing(
    service: OrderService, catalog: CatalogStandIn, sessions: async_sessionmaker[AsyncSession]
) -> None:
    catalog.down = True

    with pytest.raises(ServiceUnavailableError):
        await service.place(OrderCreate(product_id=1, quantity=1))

    assert len(catalog.requests) == 2  # retried once: the reservation is idempotent
    assert (await service.list(limit=10, offset=0))[1] == 0
    assert await pending(sessions) == 0


async def test_a_missing_order_is_not_found(service: OrderService) -> None:
    with pytest.raises(NotFoundError, match="order nope does not exist"):
        await service.get("nope")
