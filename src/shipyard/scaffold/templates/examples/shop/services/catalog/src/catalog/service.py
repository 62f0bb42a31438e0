"""Business logic: it knows the database session and the schemas, never HTTP."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.models import Product, Reservation
from catalog.schemas import ProductCreate, ReservationCreate, ReservationRead


class NotFoundError(LookupError):
    def __init__(self, resource: str, key: object) -> None:
        super().__init__(f"{resource} {key} does not exist")


class ConflictError(ValueError):
    pass


class ProductService:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def create(self, data: ProductCreate) -> Product:
        product = Product(**data.model_dump())
        self._session.add(product)
        try:
            await self._session.commit()
        except IntegrityError:
            await self._session.rollback()
            raise ConflictError(f"a product with SKU {data.sku!r} already exists") from None
        return product

    async def list(self, *, limit: int, offset: int) -> tuple[Sequence[Product], int]:
        total = await self._session.scalar(select(func.count()).select_from(Product))
        page = await self._session.scalars(
            select(Product).order_by(Product.id).limit(limit).offset(offset)
        )
        return page.all(), total or 0

    async def get(self, product_id: int) -> Product:
        product = await self._session.get(Product, product_id)
        if product is None:
            raise NotFoundError("product", product_id)
        return product

    async def reserve(self, product_id: int, data: ReservationCreate) -> ReservationRead:
        """Take `quantity` out of stock for an order. Asking again for the same order returns
        the first reservation instead of taking stock twice (callers retry on timeouts)."""
        earlier = await self._earlier_reservation(product_id, data)
        if earlier is not None:
            return earlier
        # One conditional UPDATE: concurrent orders can't both take the last units.
        taken = await self._session.execute(
            update(Product)
            .where(Product.id == product_id, Product.stock >= data.quantity)
            .values(stock=Product.stock - data.quantity)
        )
        if taken.rowcount == 0:  # type: ignore[attr-defined]
            product = await self.get(product_id)
            raise ConflictError(
                f"only {product.stock} of product {product_id} in stock, {data.quantity} asked"
            )
        self._session.add(Reservation(product_id=product_id, **data.model_dump()))
        try:
            await self._session.commit()
        except IntegrityError:  # the same order reserved concurrently: keep the first one
            await self._session.rollback()
            earlier = await self._earlier_reservation(product_id, data)
            if earlier is None:
                raise
            return earlier
        return await self._read(data.order_id)

    async def _earlier_reservation(
        self, product_id: int, data: ReservationCreate
    ) -> ReservationRead | None:
        try:
            earlier = await self._read(data.order_id)
        except NotFoundError:
            return None
        if (earlier.product_id, earlier.quantity) != (product_id, data.quantity):
            raise ConflictError(f"order {data.order_id} already reserved something else")
        return earlier

    async def _read(self, order_id: str) -> ReservationRead:
        row = (
            await self._session.execute(
                select(Reservation, Product)
                .join(Product, Reservation.product_id == Product.id)
                .where(Reservation.order_id == order_id)
            )
        ).one_or_none()
        if row is None:
            raise NotFoundError("reservation for order", order_id)
        reservation, product = row
        return ReservationRead(
            id=reservation.id,
            order_id=reservation.order_id,
            product_id=product.id,
            product_name=product.name,
            quantity=reservation.quantity,
            unit_price_cents=product.price_cents,
        )
