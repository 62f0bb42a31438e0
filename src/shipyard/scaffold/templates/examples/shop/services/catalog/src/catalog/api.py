"""Every route of the catalog service, and nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.problems import problem
from catalog.schemas import (
    ProductCreate,
    ProductPage,
    ProductRead,
    ReservationCreate,
    ReservationRead,
)
from catalog.service import ProductService

router = APIRouter()
products = APIRouter(prefix="/api/v1/products", tags=["products"])


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.session_factory() as session:
        yield session


def get_product_service(
    session: Annotated[AsyncSession, Depends(get_session)],
) -> ProductService:
    return ProductService(session)


Products = Annotated[ProductService, Depends(get_product_service)]


@router.get("/health", tags=["operations"])
async def health() -> dict[str, str]:
    """Liveness: the process answers. It checks nothing else, so a slow database can't kill it."""
    return {"status": "ok"}


@router.get("/ready", tags=["operations"], response_model=None)
async def ready(request: Request) -> dict[str, str] | Response:
    """Readiness: the database answers a query."""
    try:
        async with request.app.state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "not ready", and the reason is reported
        return problem(503, f"database unavailable: {type(exc).__name__}")
    return {"status": "ready"}


@router.get("/metrics", tags=["operations"], include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@products.post("", status_code=status.HTTP_201_CREATED)
async def create_product(data: ProductCreate, service: Products) -> ProductRead:
    return ProductRead.model_validate(await service.create(data))


@products.get("")
async def list_products(
    service: Products,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> ProductPage:
    page, total = await service.list(limit=limit, offset=offset)
    return ProductPage(
        items=[ProductRead.model_validate(product) for product in page],
        total=total,
        limit=limit,
        offset=offset,
    )


@products.get("/{product_id}")
async def get_product(product_id: int, service: Products) -> ProductRead:
    return ProductRead.model_validate(await service.get(product_id))


@products.post("/{product_id}/reservations", status_code=status.HTTP_201_CREATED)
async def reserve_stock(
    product_id: int, data: ReservationCreate, service: Products
) -> ReservationRead:
    """Take stock for an order: 409 when there is not enough; the same order id again returns
    the first reservation, so a caller may retry safely."""
    return await service.reserve(product_id, data)


router.include_router(products)
