"""Business logic: it knows the database session, the catalog client and the task contracts,
never HTTP routes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import structlog
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.tasks.contracts.send_order_confirmation import SendOrderConfirmation
from common.tasks.outbox import Outbox
from orders.catalog_client import CatalogClient, OutOfStockError, ProductNotFoundError
from orders.models import Order
from orders.schemas import OrderCreate

log = structlog.get_logger()


class NotFoundError(LookupError):
    def __init__(self, resource: str, key: object) -> None:
        super().__init__(f"{resource} {key} does not exist")


class ConflictError(ValueError):
    pass


class OrderService:
    def __init__(self, session: AsyncSession, catalog: CatalogClient, outbox: Outbox) -> None:
        self._session = session
        self._catalog = catalog
        self._outbox = outbox

    async def place(self, data: OrderCreate) -> Order:
        """Reserve the stock in catalog, then record the order with its confirmation task."""
        order_id = uuid.uuid4().hex
        try:
            reservation = await self._catalog.reserve(data.product_id, data.quantity, order_id)
        except ProductNotFoundError:
            raise NotFoundError("product", data.product_id) from None
        except OutOfStockError as exc:
            raise ConflictError(str(exc)) from None
        order = Order(
            id=order_id,
            product_id=data.product_id,
            product_name=reservation.product_name,
            quantity=data.quantity,
            total_cents=reservation.unit_price_cents * data.quantity,
            callback_url=str(data.callback_url) if data.callback_url else None,
        )
        confirmation = SendOrderConfirmation(
            order_id=order.id,
            product_name=order.product_name,
            quantity=order.quantity,
            total_cents=order.total_cents,
            callback_url=data.callback_url,
        )
        # One transaction: the order and the task announcing it are saved together or not at
        # all; the outbox's relay sends the task once it is committed.
        self._session.add(order)
        self._outbox.add(self._session, confirmation)
        await self._session.commit()
        log.info("order placed", order_id=order.id)
        return order

    async def list(self, *, limit: int, offset: int) -> tuple[Sequence[Order], int]:
        total = await self._session.scalar(select(func.count()).select_from(Order))
        page = await self._session.scalars(
            select(Order).order_by(Order.id).limit(limit).offset(offset)
        )
        return page.all(), total or 0

    async def get(self, order_id: str) -> Order:
        order = await self._session.get(Order, order_id)
        if order is None:
            raise NotFoundError("order", order_id)
        return order
