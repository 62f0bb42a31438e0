"""Every route of the orders service, and nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from common.http import ServiceUnavailableError
from orders.problems import problem
from orders.schemas import OrderCreate, OrderPage, OrderRead
from orders.service import OrderService

# How long a client should wait before placing the order again when catalog is down.
RETRY_AFTER_SECONDS = 30

router = APIRouter()
orders = APIRouter(prefix="/api/v1/orders", tags=["orders"])


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.session_factory() as session:
        yield session


def get_order_service(
    request: Request, session: Annotated[AsyncSession, Depends(get_session)]
) -> OrderService:
    return OrderService(session, request.app.state.catalog, request.app.state.outbox)


Orders = Annotated[OrderService, Depends(get_order_service)]


@router.get("/health", tags=["operations"])
async def health() -> dict[str, str]:
    """Liveness: the process answers. It checks nothing else, so a slow database can't kill it."""
    return {"status": "ok"}


@router.get("/ready", tags=["operations"], response_model=None)
async def ready(request: Request) -> dict[str, str] | Response:
    """Readiness: the database answers a query. catalog is not checked: orders that can't
    reach it answer 503 themselves, and the rest of the API keeps working."""
    try:
        async with request.app.state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not ready", and the reason is reported
        return problem(503, f"database unavailable: {type(exc).__name__}")
    return {"status": "ready"}


@router.get("/metrics", tags=["operations"], include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@orders.post("", status_code=status.HTTP_201_CREATED, response_model=OrderRead)
async def place_order(data: OrderCreate, service: Orders) -> OrderRead | Response:
    """Place an order: 404 for an unknown product, 409 when catalog lacks the stock, 503 when
    catalog can't be reached (nothing is ordered; try again after Retry-After)."""
    try:
        return OrderRead.model_validate(await service.place(data))
    except ServiceUnavailableError as exc:
        response = problem(503, f"the catalog is unavailable: {exc}")
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


@orders.get("")
async def list_orders(
    service: Orders,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> OrderPage:
    page, total = await service.list(limit=limit, offset=offset)
    return OrderPage(
        items=[OrderRead.model_validate(order) for order in page],
        total=total,
        limit=limit,
        offset=offset,
    )


@orders.get("/{order_id}")
async def get_order(order_id: str, service: Orders) -> OrderRead:
    return OrderRead.model_validate(await service.get(order_id))


router.include_router(orders)
